"""Readers for URLs: an article page or an RSS/Atom feed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import httpx

from ..errors import NetworkError
from ..models import Article, Failure
from .files import article_from_record, read_html

USER_AGENT = "sitreps/0.1 (+conflict event coding)"


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch_url(url: str, timeout: float = 20.0) -> tuple[bytes, str]:
    """The body and content type of a URL; one clear error when it cannot be had."""
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True,
                             headers={"User-Agent": USER_AGENT})
        response.raise_for_status()
    except httpx.HTTPStatusError as exc:
        raise NetworkError(f"{url}: HTTP {exc.response.status_code}",
                           "check the address") from None
    except httpx.HTTPError as exc:
        raise NetworkError(f"{url}: cannot fetch ({type(exc).__name__})",
                           "check the address and that this machine is online") from None
    return response.content, response.headers.get("content-type", "")


def looks_like_feed(body: bytes, content_type: str) -> bool:
    head = body[:1024].lstrip().lower()
    return ("rss" in content_type or "atom" in content_type
            or head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in body[:2048].lower()))


def read_url(url: str, published: dt.date | None = None,
             fetch: Callable[[str], tuple[bytes, str]] | None = None) -> Iterator[Article | Failure]:
    body, content_type = (fetch or fetch_url)(url)
    if looks_like_feed(body, content_type):
        yield from articles_from_feed(body, url, published)
        return
    for item in read_html(body.decode("utf-8", errors="replace"), url, published):
        if isinstance(item, Article) and not item.url:
            item.url = url
        yield item


def _strip_html(html: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def articles_from_feed(body: bytes, source: str,
                       published: dt.date | None = None) -> Iterator[Article | Failure]:
    """Each feed item becomes an article; its text is the item's content or summary."""
    import feedparser

    feed = feedparser.parse(body)
    if not feed.entries:
        yield Failure(source=source, reason="a feed with no items, or not a feed")
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        content = entry.get("content") or []
        html = content[0].get("value") if content else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield article_from_record({
            "id": entry.get("id") or None,
            "url": entry.get("link"),
            "outlet": outlet,
            "title": entry.get("title"),
            "published": dt.date(*stamp[:3]) if stamp else None,
            "text": _strip_html(html or ""),
        }, f"{source}#{n}", published)
