"""Stage 1b, screening: what is worth parsing.

Entry point: `screen(text)`. Parsing is most of the cost of extraction, and most sentences
of most articles report nothing: a sentence is kept when it names an act of violence or a
political development (the trigger patterns) and is not a statistic or a habit, and so are
its neighbours (tolls, dates and claims are told a sentence or two away) and the opening
lines (dateline, lede). The rest is blanked with spaces, so every character keeps
its offset and evidence still points into the article. An article with nothing kept is not
parsed at all.
"""

from __future__ import annotations

import re

from .detect.triggers import background, trigger_table

SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"'”’)]*|\n+|$)")
BEFORE, AFTER = 1, 2  # neighbours kept around a relevant sentence
OPENING = 2  # first sentences always kept: headline, dateline, lede


def _relevant(sentence: str) -> bool:
    """A sentence that may report an incident: a trigger, and not a statistic or habit.
    (Tolls and claims of responsibility count only beside such a sentence.)"""
    return any(p.search(sentence) for _, _, _, p in trigger_table()) and not background(sentence)


def screen(text: str) -> str | None:
    """The text with irrelevant sentences blanked (same length, same offsets), or None when
    nothing in it is worth parsing."""
    spans = [m.span() for m in SENTENCE.finditer(text) if m.end() > m.start()]
    keep = [_relevant(text[s:e]) for s, e in spans]
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
