"""Watching feeds: poll RSS/Atom feeds and ingest the items not seen before.

Entry points: `poll(store, feeds)` (one round) and `watch(store, feeds, every)` (rounds until
stopped). What was seen is kept in the store (`seen_items`), so a restarted watcher neither
re-reads old items nor re-records items that failed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable

from .errors import InputError
from .models import Article, Failure
from .pipeline import IngestSummary, ingest_articles
from .read.web import articles_from_feed, fetch_url
from .store import Store

UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_every(text: str) -> float:
    """'30s', '5m', '1h' or plain seconds, to seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text or "")
    if not m or float(m.group(1)) <= 0:
        raise InputError(f"'{text}' is not a polling interval", "write e.g. 30s, 5m or 1h")
    return float(m.group(1)) * UNITS[m.group(2) or "s"]


def _key(item: Article | Failure) -> str:
    """What identifies a feed item: its article id (from the item's guid, link or text); a
    failed item by its guid, or its place in the feed when it has none."""
    if isinstance(item, Article):
        return item.id
    return item.article_id or item.source


def poll(store: Store, feeds: Iterable[str], fetch: Callable | None = None, nlp=None,
         gazetteer=None, workers: int = 1) -> dict[str, IngestSummary | str]:
    """One round: each feed's new items ingested; a feed that cannot be fetched gives its
    error message instead of a summary, and the round goes on."""
    out: dict[str, IngestSummary | str] = {}
    for feed in feeds:
        try:
            body, _ = (fetch or fetch_url)(feed)
        except InputError as exc:
            out[feed] = str(exc)
            continue
        items = list(articles_from_feed(body, feed))
        new = [i for i in items if not store.seen(feed, _key(i))]
        out[feed] = ingest_articles(new, store, nlp, gazetteer, workers=workers)
        with store.transaction():
            store.mark_seen(feed, [_key(i) for i in new])
    return out


def watch(store: Store, feeds: list[str], every: float, rounds: int | None = None,
          report: Callable[[str], None] = print, **options) -> None:
    """Poll every `every` seconds, `rounds` times (None: until interrupted)."""
    done = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        for feed, result in poll(store, feeds, **options).items():
            if isinstance(result, str):
                report(f"{feed}: {result}")
            elif result.read or result.failed:
                report(f"{feed}: {result.added} new articles, {result.mentions} mentions, "
                       f"{result.failed} failed; {result.events} events in the store")
        done += 1
        if rounds is None or done < rounds:
            time.sleep(max(0.0, every - (time.monotonic() - started)))
