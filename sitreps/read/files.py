"""Readers for files on disk: plain text, JSON Lines, JSON, CSV, HTML and feed files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..errors import InputError
from ..models import Article, Failure
from .ids import article_id, parse_published

FIELDS = ("id", "url", "outlet", "published", "title", "text")
MIN_HTML_WORDS = 20  # fewer is a menu, a cookie notice or an error page, not an article


def read_file(path: Path, published: dt.date | None = None) -> Iterator[Article | Failure]:
    suffix = path.suffix.lower()
    if suffix in (".xml", ".rss", ".atom"):
        from .web import articles_from_feed
        yield from articles_from_feed(path.read_bytes(), str(path), published)
        return
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: binary file", "give text, JSON Lines, CSV, HTML or a feed")
    text = decode(raw)
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(text, str(path), published)
    elif suffix == ".json":
        yield from read_json(text, str(path), published)
    elif suffix == ".csv":
        yield from read_csv(text, str(path), published)
    elif suffix in (".html", ".htm"):
        yield from read_html(text, str(path), published)
    else:
        yield read_text(text, str(path), published)


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def article_from_record(record: dict, source: str, published: dt.date | None) -> Article | Failure:
    """One JSON or CSV record to an Article; a record without text is a Failure."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failure(source=source, reason="no text", article_id=_str(record.get("id")))
    url = _str(record.get("url"))
    return Article(
        id=article_id(_str(record.get("id")), url, text),
        text=text,
        title=_str(record.get("title")) or "",
        url=url,
        outlet=_str(record.get("outlet")),
        published=parse_published(record.get("published")) or published,
        source=source,
    )


def _str(value) -> str | None:
    return None if value is None else str(value)


def read_jsonl(text: str, source: str, published) -> Iterator[Article | Failure]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(source=where, reason=f"not JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield Failure(source=where, reason="not a JSON object")
            continue
        yield article_from_record(record, where, published)


def read_json(text: str, source: str, published) -> Iterator[Article | Failure]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not JSON ({exc.msg}, line {exc.lineno})",
                         "give one article object or a list of them") from None
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, 1):
        if isinstance(record, dict):
            yield article_from_record(record, f"{source}[{n}]", published)
        else:
            yield Failure(source=f"{source}[{n}]", reason="not a JSON object")


def read_csv(text: str, source: str, published) -> Iterator[Article | Failure]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        if not reader.fieldnames or "text" not in reader.fieldnames:
            raise InputError(f"{source}: CSV without a 'text' column",
                             f"the header should name some of {', '.join(FIELDS)}")
        for n, row in enumerate(reader, 2):
            if None in row:  # more cells than the header names
                yield Failure(source=f"{source}:{n}", reason="more cells than columns")
                continue
            yield article_from_record(row, f"{source}:{n}", published)
    except csv.Error as exc:
        raise InputError(f"{source}: not readable as CSV ({exc})",
                         "save it as UTF-8 CSV with a header row") from None


def split_front_matter(text: str) -> tuple[dict, str]:
    """A '---' YAML block at the top of a text file gives its fields."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[end + 4:].lstrip("\n")


def read_text(text: str, source: str, published) -> Article | Failure:
    meta, body = split_front_matter(text)
    meta = {k.lower(): v for k, v in meta.items()}
    if "title" not in meta:
        first, _, rest = body.strip().partition("\n")
        if rest.strip() and len(first) < 200:  # a short first line is the headline
            meta["title"], body = first.strip(), rest.strip()
    meta["text"] = body
    return article_from_record(meta, source, published)


def read_html(html: str, source: str, published) -> Iterator[Article | Failure]:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True)
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    if not doc or len((doc.get("text") or "").split()) < MIN_HTML_WORDS:
        yield Failure(source=source, reason="no article text in the HTML page")
        return
    yield article_from_record({"url": doc.get("url"), "title": doc.get("title"),
                               "outlet": doc.get("sitename"), "published": doc.get("date"),
                               "text": doc["text"]}, source, published)
