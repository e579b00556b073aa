"""Event triggers in a sentence, and the tests that tell a reported event from talk about one.

Triggers come from data/triggers.yaml. A trigger is dropped when its sentence is a running
total or statistic, a habitual description, or when its verb is negated, conditional or
about the future (threats, plans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..attach.actors import ARMED
from ..data import compile_patterns, load_yaml


@dataclass
class Trigger:
    event_type: str
    sub_event_type: str
    priority: int
    start: int  # character offsets in the document
    end: int
    text: str
    definite: bool = False  # "the attack", "this bombing": refers back to an incident told before


@lru_cache(maxsize=1)
def trigger_table() -> list[tuple[str, str, int, re.Pattern]]:
    table = []
    for n, entry in enumerate(load_yaml("triggers.yaml"), 1):
        where = f"triggers.yaml entry {n}"
        table.append((entry["type"], entry["sub"], int(entry["priority"]),
                      compile_patterns(entry["patterns"], where)))
    return table


# A running total or statistic, not an incident.
STATISTIC = re.compile(
    r"\b(since (?:(?:early |late |mid-?)?(?:19|20)\d\d|the (?:start|beginning)|january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"so far this year|this year|(?:quarterly|annual|monthly|yearly|mid-year) report|so far in (?:19|20)\d\d|(?:in|during|over) the (?:first|past|last) (?:\w+ )?(?:months|years|quarter|half)|"
    r"(?:over|during) the (?:past|last) (?:\w+ )?(?:years|decades?|months)|"
    r"a total of|on average|per (?:day|week|month|year)|every (?:day|week|month|year)|"
    r"record (?:number|high|levels?)|in recent (?:years|months)|casualt(?:y|ies) (?:figures|report)|"
    r"(?:civilian )?casualties (?:rose|fell|increased|decreased|dropped)|"
    r"(?:UN|United Nations|UNAMA) (?:report|figures|data)|"
    r"over recent (?:years|months)|(?:sharp |steady |steep )?(?:rise|increase|surge|upsurge|spike|uptick) in|"
    r"(?:weeks|months|years) (?:after|before) the|spate of|wave of|string of|(?:long |latest )?series of|lately|over this (?:month|year)|"
    r"(?:war|conflict|insurgency|fighting)(?: [\w-]+){0,8} (?:has|have) (?:left|killed|claimed)|"
    r"(?:years|decades) of (?:war|fighting|conflict|violence|insurgency)|"
    r"(?:for|after) (?:more than |nearly |over |almost |about )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|many) (?:years|decades)|\w+-year(?:-long|-old)? (?:war|conflict|insurgency)|anniversary|commemorat\w*|memorial (?:service|ceremony)|death sentence|sentenced|"
    r"on trial|convicted)\b", re.IGNORECASE)
# A year named in a sentence ("in 2015", "the 2001 invasion"): older than the article's year,
# the sentence recalls background rather than news.
PAST_YEAR = re.compile(r"\b(?:in|since|during|of|the|for) (?:early |late |mid-?)?((?:19|20)\d\d)\b", re.I)
# Habitual or generic descriptions.
HABITUAL = re.compile(
    r"\b(often|usually|frequently|regularly|routinely|near-daily|nearly daily|almost daily|"
    r"typically|tend to|tends to|increasingly|have long|has long|continue to|continues to|"
    r"repeatedly|on a daily basis|persistent)\b", re.IGNORECASE)
MODALS = {"will", "would", "could", "may", "might", "should", "shall", "can", "must", "'ll"}
NOT_HAPPENED = {"plan", "threaten", "threat", "warning", "plot", "aim", "intention", "vow", "warn", "intend", "want", "aim", "prepare",
                "fear", "seek", "hope", "pledge", "promise", "urge", "call", "expect",
                "prevent", "foil", "thwart", "avert", "deny", "condemn"}


VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def needs_sides(event_type: str, priority: int) -> bool:
    """A bare "attack" or a weak violent word ("fighting") is an incident only with someone
    doing it or a toll (see draftable); the other triggers stand on their own."""
    return event_type == "attack" or (event_type in VIOLENT and priority < 60)


def draftable(event_type: str, priority: int, hits, casualties) -> bool:
    """The first test an incident must pass, on the sentence's actor hits and tolls: a bare
    "attack" needs an armed side or a toll; a weak violent word a toll or two sides, else it
    is a figure of speech."""
    if not needs_sides(event_type, priority):
        return True
    if event_type == "attack":
        return bool(casualties) or any(h.kind in ARMED for h in hits)
    return bool(casualties) or len({h.template for h in hits}) >= 2


def background(text: str) -> bool:
    """A statistic, running total or habitual statement: no incident of its own."""
    return bool(STATISTIC.search(text) or HABITUAL.search(text))


def find_triggers(sent) -> list[Trigger]:
    """Triggers in a spaCy sentence span that report something that happened."""
    text = sent.text
    if background(text):
        return []
    found = []
    for event_type, sub, priority, pattern in trigger_table():
        for m in pattern.finditer(text):
            start, end = sent.start_char + m.start(), sent.start_char + m.end()
            if not happened(sent, start):
                continue
            found.append(Trigger(event_type, sub, priority, start, end, m.group(0),
                                 definite(sent, start)))
    return found


def token_at(sent, char: int):
    for token in sent:
        if token.idx <= char < token.idx + len(token.text) + 1:
            return token
    return sent.root


def definite(sent, char: int) -> bool:
    """A trigger noun under 'the', 'this', 'that' or a possessive: an incident named again."""
    token = token_at(sent, char)
    if token.pos_ not in ("NOUN", "PROPN"):
        token = token.head if token.head.pos_ == "NOUN" else token
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
               for c in token.children)


def happened(sent, char: int) -> bool:
    """False when the trigger's verb is negated, modal, future, or only planned or feared."""
    token = token_at(sent, char)
    chain = [token] + [t for t in token.ancestors][:3]
    if any(t.lemma_.lower() in NOT_HAPPENED for t in chain):
        return False  # "a plan to attack", "threatened to strike"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False  # an infinitive: "to attack" is an aim, not an act
    for t in chain:
        if t.pos_ in ("VERB", "AUX"):
            for child in t.children:
                if child.dep_ == "neg":
                    return False
                if child.dep_ == "aux" and child.lower_ in MODALS:
                    return False
            if t.lemma_.lower() in NOT_HAPPENED:
                return False
            break
    return True
