"""Stage 1, reading: files, folders, URLs and feeds in; Articles (or Failures) out.

Entry point: `read_sources(sources, published=None)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..models import Article, Failure
from .files import read_file
from .web import is_url, read_url

# What a folder is searched for; a file named on the command line may be any text file.
SUPPORTED = {".txt", ".jsonl", ".ndjson", ".json", ".csv", ".html", ".htm",
             ".xml", ".rss", ".atom"}


def read_sources(sources: Iterable[str], published: dt.date | None = None,
                 fetch=None) -> Iterator[Article | Failure]:
    """Yield every article found in the given files, folders (recursively) and URLs.

    A source that cannot be read at all yields a Failure; reading goes on with the rest.
    """
    for source in sources:
        if is_url(source):
            try:
                yield from read_url(source, published=published, fetch=fetch)
            except InputError as exc:
                yield Failure(source=source, reason=str(exc))
            continue
        path = Path(source)
        if not path.exists():
            yield Failure(source=source, reason="no such file or folder")
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if path.is_dir() and file.suffix.lower() not in SUPPORTED:
                continue  # a folder may hold READMEs, images and the like
            try:
                yield from read_file(file, published=published)
            except InputError as exc:
                yield Failure(source=str(file), reason=str(exc))
