"""Dates of events, resolved against the article's published date.

`resolve_date(text, published)` returns (start, end, time_precision) for the first date
expression in the text, or None. Weekdays point back to the last such day on or before
publication ("on Monday" in a Tuesday paper is yesterday).
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
              "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTH_RE = "|".join(sorted(list(MONTHS) + list(MONTH_ABBR), key=len, reverse=True))

PATTERNS = [
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\.?,?(?:\s+(\d{{4}}))?\b", re.I)),
    ("mdy", re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)),
    ("weekday", re.compile(r"\b(last|this|on|late|early)?\s*(?:on\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("relative", re.compile(r"\b(yesterday|today|tonight|this morning|this afternoon|this evening|"
                            r"last night|overnight|during the night|in the night|earlier today|on the night of|"
                            r"the day before|a day earlier|the previous day)\b", re.I)),
    ("days_ago", re.compile(r"\b(\w+)\s+days?\s+ago\b", re.I)),
    ("week", re.compile(r"\b(last week|this week|earlier this week|past week|a week ago)\b", re.I)),
    ("month", re.compile(rf"\b(last month|this month|earlier this month|(in|last|this past) "
                         rf"({MONTH_RE})(?:\s+(\d{{4}}))?)\b", re.I)),
]


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return MONTHS.get(name) or MONTH_ABBR.get(name[:4]) or MONTH_ABBR[name[:3]]


def _year_for(month: int, day: int, published: dt.date) -> int:
    """A day and month without a year: the latest such date not after publication."""
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=1):
            year -= 1
    except ValueError:
        pass
    return year


def resolve_date(text: str, published: dt.date | None):
    """The first date expression in `text` as (start, end, precision), or None."""
    found = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            result = _resolve(kind, m, published)
            if result:
                found.append((m.start(), result))
    if not found:
        return None
    return min(found, key=lambda f: f[0])[1]


def _resolve(kind, m, published):
    if kind in ("dmy", "mdy") and "may" in (m.group(1), m.group(2)):
        return None  # lower-case "may" is the verb, not the month
    try:
        if kind == "dmy":
            day, month, year = int(m.group(1)), _month(m.group(2)), m.group(3)
            if year is None and published is None:
                return None
            d = dt.date(int(year) if year else _year_for(month, day, published), month, day)
            return d, d, 1
        if kind == "mdy":
            month, day, year = _month(m.group(1)), int(m.group(2)), m.group(3)
            if m.group(1).lower() == "may" and not year and day > 31:
                return None
            if year is None and published is None:
                return None
            d = dt.date(int(year) if year else _year_for(month, day, published), month, day)
            return d, d, 1
    except (ValueError, KeyError):
        return None
    if published is None:
        return None
    if kind == "weekday":
        target = WEEKDAYS.index(m.group(2).lower())
        back = (published.weekday() - target) % 7
        d = published - dt.timedelta(days=back)
        return d, d, 1
    if kind == "relative":
        word = m.group(1).lower()
        back = 1 if word in ("yesterday", "last night", "the day before", "a day earlier",
                             "the previous day") else 0
        if word in ("overnight", "during the night", "in the night"):
            back = 1  # the night before the report
        d = published - dt.timedelta(days=back)
        return d, d, 1
    if kind == "days_ago":
        from .numbers import parse_number
        n = parse_number(m.group(1))
        if n is None or n > 60:
            return None
        d = published - dt.timedelta(days=n)
        return d, d, 1
    if kind == "week":
        word = m.group(1).lower()
        end = published if word != "last week" else published - dt.timedelta(days=published.weekday() + 1)
        return end - dt.timedelta(days=6), end, 2
    if kind == "month":
        word = m.group(1).lower()
        if m.group(2):
            if m.group(3) == "may":
                return None  # "the last may be": the verb
            month = _month(m.group(3))
            if m.group(4):
                year = int(m.group(4))
            elif m.group(2).lower() == "in":
                year = _year_for(month, 1, published)
            else:  # "last May": the latest May before this month
                year = published.year - (month >= published.month)
        elif word == "last month":
            first = published.replace(day=1) - dt.timedelta(days=1)
            month, year = first.month, first.year
        else:
            month, year = published.month, published.year
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return start, min(nxt - dt.timedelta(days=1), max(published, start)), 3
    return None
