"""Stage 1b, screening: what is worth parsing.

Entry point: `screen(text)`. Parsing is most of the cost of extraction, and most sentences
of most articles report nothing: a sentence is kept when it names an act of violence or a
political development (the trigger patterns) that was done, not only threatened, and is not
a statistic, a habit or an earlier year's news; so are
its neighbours (tolls, dates and claims are told a sentence or two away) and the opening
lines (dateline, lede). The rest is blanked with spaces, so every character keeps
its offset and evidence still points into the article. An article with nothing kept is not
parsed at all.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .attach.actors import find_actors
from .attach.casualties import find_casualties
from .detect.triggers import PAST_YEAR, background, draftable, needs_sides, trigger_table

SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"'”’)]*|\n+|$)")
BEFORE, AFTER = 1, 2  # neighbours kept around a relevant sentence
OPENING = 2  # first sentences always kept: headline, dateline, lede


# Just before a trigger: it was aimed at, feared or to come, not done ("vowed to attack").
NOT_DONE = re.compile(r"\b(?:will|would|could|might|may|should|shall|must|to|threaten\w*|"
                      r"vow\w*|plan\w*|warn\w*|not)\s+(?:\w+\s+)?$", re.I)


@lru_cache(maxsize=1)
def _any_trigger() -> re.Pattern:
    """Every trigger pattern in one: most sentences have none, and one search tells."""
    return re.compile("|".join(f"(?:{p.pattern})" for *_, p in trigger_table()), re.I)


def _relevant(sentence: str, year: int | None) -> bool:
    """A sentence that may report an incident: a trigger that was done, and not a statistic,
    a habit or a past year's news. (Tolls and claims count only beside such a sentence.)"""
    if not _any_trigger().search(sentence) or background(sentence):
        return False
    if year and any(int(y) < year for y in PAST_YEAR.findall(sentence)):
        return False
    for event_type, _, priority, pattern in trigger_table():
        for m in pattern.finditer(sentence):
            if NOT_DONE.search(sentence[max(0, m.start() - 40):m.start()]):
                continue
            if not needs_sides(event_type, priority) or draftable(
                    event_type, priority, find_actors(sentence, 0), find_casualties(sentence)):
                return True  # the detector's own first test, on words alone
    return False


def screen(text: str, published: dt.date | None = None) -> str | None:
    """The text with irrelevant sentences blanked (same length, same offsets), or None when
    nothing in it is worth parsing."""
    year = published.year if published else None
    spans = [m.span() for m in SENTENCE.finditer(text) if m.end() > m.start()]
    keep = [_relevant(text[s:e], year) for s, e in spans]
    if not any(keep):
        return None
    wanted = set(range(min(OPENING, len(spans))))
    for i, hit in enumerate(keep):
        if hit:
            wanted.update(range(max(0, i - BEFORE), min(len(spans), i + AFTER + 1)))
    if len(wanted) == len(spans):
        return text
    out = []
    for i, (s, e) in enumerate(spans):
        part = text[s:e]
        out.append(part if i in wanted else re.sub(r"[^\n]", " ", part))
    masked = "".join(out)
    return masked + text[len(masked):]
