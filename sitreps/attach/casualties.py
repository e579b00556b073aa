"""Killed and injured figures in a sentence: '17 policemen were killed', 'killing at least 15',
'the death toll rose to 19', 'two more officers suffered wounds'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Figure
from .numbers import NUMBER_RE, VAGUE_RE, parse_figure, qualifier_before

KILLED = re.compile(r"\b(killed|killing|kills|dead|died|die|deaths?|death toll|toll|lives|"
                    r"bodies|fatalities|slain|shot dead|massacred|executed|beheaded|perished|"
                    r"lost their lives|martyred|dying)\b", re.IGNORECASE)
INJURED = re.compile(r"\b(wounded|wounding|wounds|injured|injuring|injuries|hurt|"
                     r"injury|casualties)\b", re.IGNORECASE)
# Numbers that count something other than people.
NOT_PEOPLE = re.compile(
    r"^\s*(?:-|\s)?(?:years?|yrs|year-old|km|kilometers?|kilometres?|miles?|meters?|metres?|"
    r"hours?|minutes?|days?|weeks?|months?|percent|per cent|%|am|pm|a\.m\.|p\.m\.|o'clock|"
    r"tanks?|vehicles?|weapons?|rounds?|provinces?|districts?|villages?|times|cases?|"
    r"houses?|homes?|buildings?|rockets?|mortars?|bombs?|dollars?|million|billion|"
    r"checkpoints?|posts?|outposts?|bases?|attacks?|incidents?|cars?|trucks?|"
    r"kg|kilograms?|tons?|tonnes?|feet|ft|grams?|acres?|points?|goals?|seats?|votes?|"
    r"members of parliament|mps|rounds?|steps?|floors?)\b", re.IGNORECASE)


COMBINED = re.compile(r"^\W*(?:\w+\s+){0,3}?(?:killed|dead|deaths)\s+(?:or|and)\s+"
                      r"(?:wounded|injured|hurt)\b", re.IGNORECASE)
OBJECT_NUMBER = re.compile(r"^\s+(?:at least |more than |over |nearly |some |about |up to |"
                           r"no fewer than |as many as )?(?:\d|(?:one|two|three|four|five|six|"
                           r"seven|eight|nine|ten|eleven|twelve|dozens|scores|hundreds)\b)",
                           re.IGNORECASE)
# After 'and', a new figure or a verb of its own: a second clause, not more of the counted.
AND_GOES_ON = re.compile(r"\s*(?:\d|at least|more than|over|some|about|up to|one|two|three|four|"
                         r"five|six|seven|eight|nine|ten|dozens|scores|hundreds|the\b|"
                         r"killed|killing|wounded|wounding|injured|injuring|\w+ed\b)",
                         re.IGNORECASE)
AMONG = re.compile(r"^[^.;]{0,60}?\b(?:were|are|was|is) among (?:the )?(?:\w+ )?(?:dead|killed|"
                   r"victims|casualties|wounded|injured)", re.IGNORECASE)
# "seven women and two children were killed": one toll in parts.
PART_AND = re.compile(r"^\s+(?:\w+\s+){1,3}and\s+$", re.IGNORECASE)


@dataclass
class Casualty:
    kind: str  # killed | injured
    figure: Figure
    start: int  # offsets in the document of the number
    end: int
    part: bool = False  # the first part of a sum: "seven women and two children"


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text))


def find_casualties(text: str, offset: int = 0) -> list[Casualty]:
    """Each number of people killed or injured in `text` (one sentence)."""
    found = []
    quantities = [(m.start(), m.end(), m.group(0)) for m in NUMBER_RE.finditer(text)]
    quantities += [(m.start(), m.end(), m.group(0)) for m in VAGUE_RE.finditer(text)]
    for start, end, number in sorted(quantities):
        if _is_year(number) or NOT_PEOPLE.match(text[end:end + 25]):
            continue
        if re.search(r"(aged?|ages|\$|No\.|number|at|on|of the|page)\s*$", text[max(0, start - 8):start],
                     re.IGNORECASE) and not re.search(r"(at least|of the)\s*$", text[:start]):
            continue
        if re.match(r"\s*(?:st|nd|rd|th)\b|[:.]\d", text[end:end + 4]):
            continue  # "21st", "3:00"
        kind = _kind_after(text[end:end + 70]) or _kind_before(text[max(0, start - 45):start])
        part = False
        if kind is None:
            later = [q for q in quantities if q[0] > end]
            if later and PART_AND.match(text[end:later[0][0]]):
                kind = _kind_after(text[later[0][1]:later[0][1] + 70])
                part = kind is not None
        if kind is None:
            continue
        qualifier = qualifier_before(text[max(0, start - 25):start])
        figure = parse_figure(f"{qualifier or ''} {number}")
        if figure is None:
            continue
        found.append(Casualty(kind, figure, offset + start, offset + end, part))
    return _dedupe(found)


def _kind_after(after: str) -> str | None:
    """'17 policemen were killed', '15 dead', 'two more officers suffered wounds'."""
    if COMBINED.match(after):
        return None  # "dozens of dead and wounded": one figure for both (SCHEMA.md)
    if AMONG.match(after):
        return None  # "seven women and two children were among the dead": some, not all
    stops = r"[;:]|\b(?:and|but|while|after|when|as|including|said)\b|,"
    stop = re.search(stops, after)
    if stop and stop.group(0) == "and" and not AND_GOES_ON.match(after[stop.end():]):
        # "five police and militiamen dead": the 'and' joins the counted, not two clauses
        stop = re.compile(stops.replace("and|", "")).search(after, stop.end())
    window = after[:stop.start()] if stop else after
    words = window.split()
    if len(words) > 7:
        window = " ".join(words[:7])
    k, i = KILLED.search(window), INJURED.search(window)
    if k and i:
        # "12 killed or wounded": a combined figure gives neither (SCHEMA.md)
        between = window[min(k.end(), i.end()):max(k.start(), i.start())]
        if re.fullmatch(r"\s*(?:or|and)\s*", between):
            return None
        return "killed" if k.start() < i.start() else "injured"
    if k and not OBJECT_NUMBER.match(window[k.end():] + after[len(window):]):
        return "killed"
    if k:
        return None  # "two bombers killed 32 people": the number after the verb is the toll
    if i:
        if i.group(1).lower() == "casualties":
            return None  # casualties counts dead and wounded together
        return "injured"
    return None


def _kind_before(before: str) -> str | None:
    """'killed at least 15', 'killing two', 'the death toll rose to 19', 'wounding 3'."""
    m = re.search(r"\b(killed|killing|kill|kills|martyred|martyring|death toll(?: \w+){0,3} (?:to|at|of)|"
                  r"toll (?:\w+ ){0,3}(?:to|at|of)|wounded|wounding|injured|injuring|"
                  r"wounds to|leaving|left)\s+(?:at least |more than |over |nearly |up to |"
                  r"some |about |around |as many as |no fewer than |another |a further )?$",
                  before, re.IGNORECASE)
    if not m:
        return None
    word = m.group(1).lower()
    if word in ("leaving", "left"):
        return None  # decided by what follows: "leaving 15 dead"
    return "injured" if word.startswith(("wound", "injur")) else "killed"


def _dedupe(found: list[Casualty]) -> list[Casualty]:
    """A vague word inside a number ('a dozen') is not a second figure; parts of a sum
    become one figure ('seven women and two children' killed: 9)."""
    kept = []
    for c in found:
        if any(k.start <= c.start < k.end or c.start <= k.start < c.end for k in kept):
            continue
        if kept and kept[-1].part and kept[-1].kind == c.kind:
            p = kept.pop()
            add = lambda x, y: None if x is None or y is None else x + y
            c = Casualty(c.kind, Figure(add(p.figure.low, c.figure.low), p.figure.best + c.figure.best,
                                        add(p.figure.high, c.figure.high)), p.start, c.end, c.part)
        kept.append(c)
    return kept
