"""Reported numbers of people, with their qualifiers, as SCHEMA.md defines them.

"at least 19" -> low=best=19, high=None; "up to 10" -> best=high=10, low=None;
"dozens" -> low=best=24; "8" -> 8/8/8. Unquantified words give None.
"""

from __future__ import annotations

import re

from ..models import Figure

UNITS = {"zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3,
         "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12,
         "dozen": 12}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities with a conventional floor (SCHEMA.md).
VAGUE = {"several": 3, "a few": 3, "a number of": 3, "dozens": 24, "dozens of": 24,
         "scores": 40, "scores of": 40, "hundreds": 200, "hundreds of": 200,
         "thousands": 2000, "thousands of": 2000, "a couple of": 2, "couple of": 2}

AT_LEAST = ("at least", "more than", "over", "no fewer than", "no less than", "not less than",
            "upwards of", "in excess of", "a minimum of", "some more than", "above")
AT_MOST = ("up to", "nearly", "almost", "as many as", "fewer than", "less than", "under",
           "close to", "just under", "a maximum of", "not more than", "no more than")

# "a", "an" and "no" count only inside a number ("a hundred"), never alone.
NUMBER_WORDS = [w for w in list(UNITS) + list(TENS) + list(SCALES) if w not in ("a", "an", "no", "single")]
WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"\b(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{WORD_NUMBER})(?:[\s-]+(?:{WORD_NUMBER}|and))*)\b",
    re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """'19', '1,200', 'nineteen', 'twenty-five', 'two hundred' -> int; else None."""
    text = text.strip().lower()
    if not text:
        return None
    digits = text.replace(",", "")
    if digits.isdigit():
        return int(digits)
    if text in UNITS:
        return UNITS[text]
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word.replace(",", "").isdigit():
            current += int(word.replace(",", ""))
        else:
            return None
        seen = True
    return total + current if seen else None


def qualify(value: int, qualifier: str | None) -> Figure:
    q = (qualifier or "").lower().strip()
    if q in AT_LEAST:
        return Figure(value, value, None)
    if q in AT_MOST:
        return Figure(None, value, value)
    if q in ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated"):
        return Figure(None, value, None)
    return Figure(value, value, value)


QUALIFIER_RE = re.compile(
    r"(" + "|".join(re.escape(q) for q in sorted(AT_LEAST + AT_MOST + (
        "about", "around", "roughly", "approximately", "some", "an estimated", "estimated"),
        key=len, reverse=True)) + r")\s+$", re.IGNORECASE)
VAGUE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(v) for v in VAGUE), key=len,
                                                reverse=True)) + r")\b", re.IGNORECASE)


def parse_figure(text: str) -> Figure | None:
    """A whole quantity phrase ('at least 19', 'dozens of', 'nearly 10') -> Figure."""
    text = text.strip()
    match = NUMBER_RE.search(text)
    if match:
        value = parse_number(match.group(0))
        if value is None:
            return None
        q = QUALIFIER_RE.search(text[:match.start()])
        return qualify(value, q.group(1) if q else None)
    vague = VAGUE_RE.search(text)
    if vague:
        n = VAGUE[vague.group(1).lower()]
        return Figure(n, n, None)
    return None


def qualifier_before(text: str) -> str | None:
    """The qualifier that ends the given text ('... killed at least ' -> 'at least')."""
    q = QUALIFIER_RE.search(text)
    return q.group(1) if q else None
