"""Stable article ids and published dates, shared by every reader."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from dateutil import parser as dateparser


def article_id(given: str | None, url: str | None, text: str) -> str:
    """The given id, or a hash of url and text, so re-reading gives the same id."""
    if given is not None and str(given).strip():
        return str(given).strip()
    digest = hashlib.sha1(f"{url or ''}\n{text}".encode("utf-8")).hexdigest()
    return f"a-{digest[:16]}"


def text_hash(text: str) -> str:
    """Hash of the text with whitespace folded: the same story re-read is the same story."""
    return hashlib.sha1(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()


def parse_published(value) -> dt.date | None:
    """A date from ISO or ordinary date strings; None when absent or unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    value = str(value).strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(value, default=dt.datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
