"""The whole road: read -> parse -> detect (with attach and resolve) -> store -> merge.

`ingest` and `extract` are what the CLI and the API call; neither holds logic of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from .detect import detect_mentions
from .export import event_record
from .merge import DAY_WINDOW, block_key, build_event, merge_mentions
from .models import Article, Failure, Mention
from .nlp import load_nlp, parse
from .parallel import extract_batches
from .read import read_sources
from .read.checks import check
from .read.ids import text_hash
from .store import Store

BATCH = 32  # articles per transaction: a crash loses at most one batch, never half of one


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def extract_article(article: Article, nlp=None, gazetteer=None,
                    screened: bool = True) -> list[Mention]:
    """The mentions of one article, without a database."""
    nlp = nlp or load_nlp()
    (_, doc), = parse(nlp, [article], screened=screened)
    return detect_mentions(article, doc, gazetteer)


def extract_events(article: Article, nlp=None, gazetteer=None) -> list[dict]:
    """One article's events as SCHEMA.md records."""
    return [event_record(e) for e in merge_mentions(extract_article(article, nlp, gazetteer))]


def ingest_articles(items: Iterable[Article | Failure], store: Store, nlp=None, gazetteer=None,
                    on_article: Callable[[], None] | None = None,
                    merge: bool = True, screened: bool = True, workers: int = 1,
                    dask: str | None = None, any_language: bool = False) -> IngestSummary:
    """Store new articles with their mentions, record failures, then re-merge what changed.

    Items are read as a stream, BATCH at a time; extraction runs here, in `workers`
    processes, or on a Dask cluster (parallel.py), while storing and merging stay here.
    merge=False makes every mention an event of its own (to measure what merging brings);
    screened=False parses every sentence (to measure what the screen costs in recall).
    """
    summary = IngestSummary()
    if workers <= 1 and not dask:
        nlp = nlp or load_nlp()
    tick = on_article or (lambda: None)

    def failed(failure: Failure) -> None:
        summary.failed += 1
        summary.reasons[failure.reason] = summary.reasons.get(failure.reason, 0) + 1
        store.add_failure(failure)

    def batches():
        """New articles, BATCH at a time; failures and known articles are dealt with here,
        before anything is sent off to be parsed."""
        hashes: dict[str, str] = {}  # id -> text hash of the new articles met so far
        stream = iter(items)
        while batch := list(islice(stream, BATCH)):
            fresh = []
            with store.transaction():
                known = iter(store.known_many([a for a in batch if isinstance(a, Article)]))
                for item in batch:
                    if isinstance(item, Failure):
                        failed(item)
                        tick()
                        continue
                    summary.read += 1
                    status = next(known)
                    reason = check(item, any_language)
                    if reason is None:
                        digest = text_hash(item.text)
                        if item.id in hashes:  # met earlier in this stream
                            status = "same" if hashes[item.id] == digest else "conflict"
                    if reason or status == "conflict":
                        failed(Failure(source=item.source or item.id, stage="read",
                                       article_id=item.id, reason=reason or
                                       "id already used for a different text"))
                    elif status == "same":
                        summary.duplicates += 1
                    else:
                        hashes[item.id] = digest
                        fresh.append(item)
                        continue
                    tick()
            if fresh:
                yield fresh

    for result in extract_batches(batches(), screened, nlp, gazetteer, workers, dask):
        with store.transaction():  # one batch, one transaction: a crash loses no half batch
            extracted = []
            for article, mentions in result:
                if isinstance(mentions, str):
                    failed(Failure(source=article.source or article.id, reason=mentions,
                                   stage="extract", article_id=article.id))
                else:
                    extracted.append((article, mentions))
            added = store.add_articles(extracted)
            for article, mentions in extracted:
                if article.id in added:
                    summary.added += 1
                    summary.mentions += len(mentions)
                else:
                    summary.duplicates += 1
            for _ in result:
                tick()
    # What this run stored, and what a run killed before its merge left unmerged; read
    # under the write lock, so that two ingests at once never merge the same mention twice.
    if merge:
        remerge(store)
    else:
        with store.transaction(lock=True):
            store.replace_events(set(), [build_event([m], [])
                                         for m in store.unmerged_mentions()])
    summary.events = store.count_events()
    return summary


def remerge(store: Store, new: list[Mention] | None = None) -> None:
    """Merge new mentions (by default, every mention not in an event yet) into the stored
    events: only the days around them, in their own country and event type, are re-derived;
    the rest of the store is not touched."""
    with store.transaction(lock=True):
        if new is None:
            new = store.unmerged_mentions()
        spans = defaultdict(list)
        undated = []
        for m in new:
            if m.date_start is None:
                undated.append(m)
            else:
                spans[block_key(m)].append(m.date_start)
        for (country, event_type), days in sorted(spans.items()):
            for first, last in _day_ranges(sorted(days)):
                mentions = store.mentions_near(country, event_type, str(first), str(last))
                store.replace_events(store.events_of([m.id for m in mentions]),
                                     merge_mentions(mentions))
        if undated:
            store.replace_events(set(), merge_mentions(undated))


def _day_ranges(days: list[dt.date]):
    """Runs of days, each widened by the merge window: what a new report can join."""
    pad = dt.timedelta(days=2 * DAY_WINDOW)
    first = last = days[0]
    for day in days[1:]:
        if day - last > pad:
            yield first - pad, last + pad
            first = day
        last = day
    yield first - pad, last + pad


def ingest(sources: Iterable[str], store: Store, published: dt.date | None = None, nlp=None,
           gazetteer=None, on_article=None, merge: bool = True, screened: bool = True,
           workers: int = 1, dask: str | None = None,
           any_language: bool = False) -> IngestSummary:
    return ingest_articles(read_sources(sources, published=published), store, nlp, gazetteer,
                           on_article, merge, screened, workers, dask, any_language)
