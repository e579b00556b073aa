"""Checks every article passes before it is parsed, whatever reader it came from.

Entry point: `check(article, any_language=False)` gives the reason to skip it, or None.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import Article

MAX_CHARS = 2_000_000  # about 300,000 words: longer is a dump, not an article
# The commonest English words; in English news they are about a third of all words.
COMMON = frozenset("""the of and to in a is was for on that with said by as at from his
her it an were are which be has have had not this their they but its after who been
also more than when two one about over into killed police people government officials
""".split())
MIN_SHARE, MIN_WORDS = 0.12, 12


def english(text: str) -> bool:
    """True unless the text is clearly not English (too few of the commonest words)."""
    words = re.findall(r"[^\W\d_]+", text[:20000].lower())
    if len(words) < MIN_WORDS:
        return True  # too short to tell: let it through
    return sum(w in COMMON for w in words) / len(words) >= MIN_SHARE


def check(article: Article, any_language: bool = False) -> str | None:
    if len(article.text) > MAX_CHARS:
        return f"too long ({len(article.text):,} characters; the limit is {MAX_CHARS:,})"
    if not any_language and not english(article.text):
        return "language"
    if article.published and article.published > dt.date.today() + dt.timedelta(days=1):
        article.published = None  # a date in the future is a wrong date: treat it as unknown
    return None
