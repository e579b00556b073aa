"""Who said it: the source of a sentence's figures, and claims of responsibility."""

from __future__ import annotations

import re

SAY_LEMMAS = {"say", "tell", "confirm", "report", "add", "state", "announce", "claim",
              "put", "quote", "according", "note", "insist", "acknowledge", "estimate",
              "cite", "describe"}
RESPONSIBILITY = re.compile(
    r"\b(claimed (?:responsibility|credit)|claimed (?:the|that|it|an) (?:\w+ )?(?:attack|bombing|"
    r"assault|raid|strike)|took responsibility|was behind|were behind|carried out the|"
    r"claimed to have|said (?:it|they) (?:had )?carried out)\b", re.IGNORECASE)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'")
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)[:160]


def source_of(sent) -> str | None:
    """The speaker a sentence attributes itself to ('according to X', 'X said')."""
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) \
                and token.nbor().lower_ == "to":
            objects = [t for t in token.nbor().children if t.dep_ == "pobj"]
            if objects:
                sub = objects[0]
                return _clean(token.doc[sub.left_edge.i:sub.right_edge.i + 1].text)
    for token in sent:
        if token.lemma_.lower() in SAY_LEMMAS and token.pos_ in ("VERB", "AUX"):
            subjects = [t for t in token.children if t.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                sub = subjects[0]
                if sub.lower_ in ("it", "they", "he", "she", "this", "which", "who"):
                    continue
                return _clean(token.doc[sub.left_edge.i:sub.right_edge.i + 1].text)
    return None


def claims_responsibility(text: str) -> bool:
    return bool(RESPONSIBILITY.search(text))
