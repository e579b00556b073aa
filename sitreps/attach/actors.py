"""Actors: who is named in a sentence, normalized to ACLED-style names, and who did what.

Names come from data/actors.yaml. "Afghan police" gives "Police Forces of Afghanistan";
bare "police" takes the event's country. Generic words ("insurgents", "gunmen") become the
armed group the article names most, else an unidentified armed group of the country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..data import compile_patterns, country_name, country_word_codes, country_words_re, load_yaml
from ..models import Actor

ARMED = {"rebel", "state", "generic", "external"}


@dataclass
class ActorHit:
    template: str
    kind: str
    start: int  # character offsets in the document
    end: int
    text: str
    country: str | None  # from an adjective before the noun ("Afghan police")

    def actor(self, event_country: str | None, article_group: str | None) -> Actor:
        if self.kind == "generic":
            return Actor(armed_group_name(article_group, event_country), "rebel", self.text)
        code = self.country or event_country
        name = self.template.format(country=country_name(code),
                                    of_country=country_name(code, with_the=True))
        kind = "external" if self.country and event_country and self.country != event_country \
            and self.kind == "state" else self.kind
        return Actor(name, kind, self.text)


@lru_cache(maxsize=1)
def actor_table() -> list[tuple[str, str, re.Pattern]]:
    data = load_yaml("actors.yaml")
    table = []
    for section in ("named", "groups"):
        for n, entry in enumerate(data[section], 1):
            table.append((entry["name"], entry["kind"],
                          compile_patterns(entry["patterns"], f"actors.yaml {section} {n}")))
    return table


def _adjective_country(text: str, start: int) -> str | None:
    """A country word just before a noun: 'Afghan security forces', 'U.S.-led troops'."""
    before = text[max(0, start - 40):start]
    for m in country_words_re().finditer(before):
        tail = before[m.end():]
        if re.fullmatch(r"(?:-led|-backed|'s)?\s*(?:and\s+\S+\s+)?(?:\w+\s+){0,1}", tail):
            return country_word_codes()[m.group(0)]
    return None


def find_actors(text: str, offset: int = 0) -> list[ActorHit]:
    """Actor mentions in a text, longest first where they overlap, in text order."""
    hits = []
    for template, kind, pattern in actor_table():
        for m in pattern.finditer(text):
            hits.append(ActorHit(template, kind, offset + m.start(), offset + m.end(), m.group(0),
                                 None))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept, last_end = [], -1
    for h in hits:
        if h.start >= last_end:
            if h.kind in ("state", "political", "civilian"):
                h.country = _adjective_country(text, h.start - offset)
            kept.append(h)
            last_end = h.end
    return kept


def armed_group_name(article_group: str | None, country: str | None) -> str:
    """What an unnamed 'insurgents' stands for: the article's armed group, else unidentified."""
    if article_group:
        return article_group.format(country=country_name(country))
    return f"Unidentified Armed Group ({country_name(country)})"


def article_armed_group(text: str) -> str | None:
    """The non-state armed group an article names most: what its 'insurgents' are."""
    counts = Counter(h.template for h in find_actors(text) if h.kind == "rebel")
    return counts.most_common(1)[0][0] if counts else None


PATIENT_DEPS = {"nsubjpass", "dobj", "pobj", "attr", "appos", "conj"}


# Verbs whose subject is the one who suffered: "13 police officers died".
SUFFERED = {"die", "perish", "drown", "succumb", "suffer"}


def role_of(doc, hit: ActorHit) -> str:
    """'agent' when the actor is the doer (subject, 'by' phrase, 'Taliban attack')."""
    span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
    if span is None:
        return "unknown"
    head = span.root
    noun = head
    while noun.dep_ in ("compound", "amod") and noun.head is not noun:
        noun = noun.head  # "police" in "police officers died": judge by "officers"
    if noun.dep_ == "nsubjpass" or (noun.dep_ == "nsubj" and noun.head.lemma_ in SUFFERED):
        return "patient"
    if head.dep_ in ("nsubj", "poss", "compound", "amod", "nmod"):
        return "agent"
    if head.dep_ == "pobj" and head.head.lower_ == "by":
        return "agent"
    if head.dep_ in PATIENT_DEPS:
        return "patient"
    return "unknown"


STRIKERS = ("Air/drone strike", "Shelling/artillery/missile attack")
# Bombs and attacks on civilians are an armed group's unless the text names who.
NON_STATE_ACTS = ("Suicide bomb", "Remote explosive/landmine/IED", "Attack",
                  "Abduction/forced disappearance")


def assign_roles(doc, hits: list[ActorHit], event_type: str, sub: str, country: str | None,
                 article_group: str | None, trigger_at: int | None = None
                 ) -> tuple[Actor | None, Actor | None]:
    """actor1 (the side that acted) and actor2 (the side acted upon)."""
    if sub in STRIKERS and trigger_at is not None:
        # "a Turkish drone", "U.S. airstrike": the striker is named at the trigger itself
        own = [h for h in hits if h.kind in ("state", "external") and
               h.start - 3 <= trigger_at <= h.end + 3]
        if own:
            hits = own + [h for h in hits if h not in own]
    actors = []
    for h in hits:
        a = h.actor(country, article_group)
        if h.kind == "political" and event_type != "Strategic developments":
            continue  # "officials said" names a source, not a side
        actors.append((a, role_of(doc, h)))
    names = []
    for a, role in actors:
        if a.name not in [n.name for n, _ in names]:
            names.append((a, role))
    armed = [(a, r) for a, r in names if a.kind in ARMED]
    actor1 = actor2 = None
    if sub == "Air/drone strike":  # only states fly: with none named, the country's own
        state = [a for a, _ in armed if a.kind in ("state", "external")]
        actor1 = state[0] if state else Actor(
            f"Military Forces of {country_name(country, with_the=True)}", "state")
    elif event_type == "Battles" and sub == "Government regains territory":
        state = [a for a, _ in armed if a.kind in ("state", "external")]
        actor1 = state[0] if state else None
    elif event_type in ("Explosions/Remote violence", "Violence against civilians") or \
            sub == "Non-state actor overtakes territory":
        rebels = [a for a, _ in armed if a.kind == "rebel"]
        actor1 = rebels[0] if rebels else None
        if actor1 is None and sub in NON_STATE_ACTS and not [a for a, r in armed if r == "agent"]:
            actor1 = Actor(armed_group_name(article_group, country), "rebel")
    if actor1 is None:
        agents = [a for a, r in armed if r == "agent"]
        actor1 = agents[0] if agents else (armed[0][0] if armed else None)
    if actor1 is None and event_type in ("Explosions/Remote violence",
                                         "Violence against civilians"):
        actor1 = Actor(armed_group_name(article_group, country), "rebel")
    others = [a for a, _ in names if actor1 is None or a.name != actor1.name]
    if actor1 is not None and actor1.kind in ("state", "external"):
        others = [a for a in others if a.kind not in ("state", "external")] or others
    patients = [a for a in others if a.kind != "political" or event_type == "Strategic developments"]
    actor2 = patients[0] if patients else None
    return actor1, actor2
