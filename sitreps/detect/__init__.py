"""Stage 3, detecting: the event mentions of one parsed article.

Entry point: `detect_mentions(article, doc, gazetteer=None) -> list[Mention]`.
Each sentence with a trigger that reports something that happened becomes a draft; drafts
that tell the same incident (same kind of event, no clash of place or day) become one
mention; actors, places, dates, figures and claims are attached to it (stage 4) and its
place resolved (stage 5).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..attach.actors import ActorHit, article_armed_group, assign_roles, find_actors
from ..attach.casualties import Casualty, find_casualties
from ..attach.claims import claims_responsibility, source_of
from ..attach.dates import resolve_date
from ..attach.places import find_toponyms
from ..attach.tolls import reconcile
from ..models import Article, Claim, Evidence, Mention, Place
from ..nlp import doc_text
from ..resolve.gazetteer import Gazetteer, default_gazetteer
from ..resolve.geocode import (article_country, named_countries, place_from, plain_name,
                               resolve_toponyms)
from .triggers import PAST_YEAR, VIOLENT, Trigger, background, draftable, find_triggers

BACKGROUND_DAYS = 31  # an incident dated further back than this is background, not news
# "KABUL, Afghanistan —": where the reporter filed from, which is not where things happened.
DATELINE = re.compile(r"^\s*(?:From )?[A-Z][A-Za-z'.-]*(?:[ -][A-Z][A-Za-z'.-]*)*"
                      r"(?:,\s*[A-Z][A-Za-z ]+)?\s*(?:[—–:(]|-{1,2}\s)")
REMEMBRANCE = re.compile(r"\b(anniversary|commemorat\w*|memorial|remember(?:ed|s|ing)?|"
                         r"mourn(?:ed|s|ing)? .{0,40}years? (?:ago|after|since)|"
                         r"\w+ years? (?:since|after) the)\b", re.I)
# "officials said on Wednesday": the day of the report, not of the incident.
SPEECH_DATE = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|added|stated|tweeted|claimed)"
    r"(?: \w+){0,3}? (?:on |late |early )?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|today|yesterday)\b|\b(?:on )?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|yesterday),? (?:said|told|announced|confirmed)\b", re.I)
# Plural trigger nouns: without a time, a place or a toll they describe, not report.
PLURAL = re.compile(r"(?:strikes|attacks|bombings|raids|clashes|assaults|shellings)$", re.I)
# An attack on one of these is a battle, whoever else was hurt.
MILITARY_TARGET = re.compile(r"\b(check ?points?|outposts?|posts?|bases?|convoys?|garrisons?|"
                             r"(?:provincial|district) (?:capital|cent(?:er|re)|headquarters)|"
                             r"police (?:station|headquarters)|army|barracks)\b", re.I)


@dataclass
class Draft:
    trigger: Trigger
    event_type: str
    sub_event_type: str
    sents: list = field(default_factory=list)
    hits: list[ActorHit] = field(default_factory=list)
    casualties: list[tuple[object, list[Casualty]]] = field(default_factory=list)
    date: tuple | None = None
    place: Place | None = None
    generic: bool = False
    district: str | None = None  # named, but not in the gazetteer


def detect_mentions(article: Article, doc, gazetteer: Gazetteer | None = None) -> list[Mention]:
    if doc is None:
        return []  # the screen found nothing worth parsing
    gazetteer = gazetteer or default_gazetteer()
    # The article's own text, not doc.text: the screen may have blanked parts of what was
    # parsed (offsets are the same), and spaCy rebuilds doc.text on every access.
    full_text, body_start = doc_text(article)
    toponyms = find_toponyms(doc, full_text)
    named = named_countries(full_text)
    country = article_country(named, toponyms, gazetteer)
    dateline = DATELINE.match(article.text)
    after = body_start + (dateline.end() if dateline else 0)
    resolved = [(t, r) for t, r in resolve_toponyms(toponyms, country, gazetteer)
                if t.start >= after or t.end <= body_start]
    group = article_armed_group(full_text)
    headline = article.title.strip()
    # A headline restates the body's lead; it informs place and country but is not an event.
    sents = [s for s in doc.sents if s.end_char > body_start and s.text.strip() != headline
             and not _headline_like(s, full_text)]
    if sents and REMEMBRANCE.search(headline + " " + sents[0].text):
        return []  # an anniversary or a memorial: the incidents it recalls are old news
    drafts: list[Draft] = []
    responsibility: list[tuple[int, object]] = []
    for i, sent in enumerate(sents):
        hits = find_actors(sent.text, sent.start_char)
        casualties = find_casualties(sent.text, sent.start_char)
        if claims_responsibility(sent.text) and any(h.kind in ("rebel", "generic") for h in hits):
            responsibility.append((i, sent))
        found = _drafts(sent, hits, casualties, article.published, resolved, country, named)
        if not found:
            # A toll told in the next sentences belongs to the incident; a statistic does not.
            if casualties and drafts and i - drafts[-1].sents[-1][0] <= 3 and \
                    not background(sent.text):
                drafts[-1].casualties.append((sent, casualties))
                drafts[-1].sents.append((i, sent))
            continue
        for draft in found:
            draft.sents.append((i, sent))
            target = _same_incident(drafts, draft, i)
            if target is None and draft.trigger.definite and not draft.date and not casualties:
                # "the attack" / "the bombing" with nothing new: the incident told just
                # before, or, with none before, an incident the article only refers to
                target = next((d for d in reversed(drafts)
                               if d.event_type != "Strategic developments"
                               and i - d.sents[-1][0] <= 5), None)
                if target is None:
                    continue
            if target is None:
                drafts.append(draft)
            else:
                _absorb(target, draft)
    fallback = _article_place(resolved, country, gazetteer)
    mentions = [_mention(article, doc, d, sents, resolved, fallback, country, group,
                         gazetteer, body_start, responsibility) for d in drafts]
    return [m for m in mentions if m is not None]


def _headline_like(sent, full_text: str) -> bool:
    """A short line near the top with no full stop, ending at a line break: a headline or byline."""
    text = sent.text.strip()
    ends_line = "\n" in full_text[sent.end_char - 1:sent.end_char + 1]
    return sent.start_char < 300 and ends_line and len(text) < 140 and \
        not text.endswith((".", '"', "”", "'"))


def _drafts(sent, hits, casualties, published, resolved, country, named) -> list[Draft]:
    """The incidents a sentence reports: at most one act of violence and one political
    development ("as talks opened in Moscow, the Taliban attacked ...")."""
    triggers = find_triggers(sent)
    if not triggers:
        return []
    date = resolve_date(SPEECH_DATE.sub(" ", sent.text), published)
    if published and date and date[0] < published - dt.timedelta(days=BACKGROUND_DAYS):
        return []
    if published:
        years = [int(y) for y in PAST_YEAR.findall(sent.text)]
        if years and max(years) < published.year and not (date and date[0].year == published.year):
            return []
    political = [t for t in triggers if t.event_type == "Strategic developments"]
    violent = [t for t in triggers if t.event_type != "Strategic developments"]
    drafts = []
    for group, figures in ((violent, casualties), (political, [])):
        if group:
            best = max(group, key=lambda t: t.priority)
            draft = _draft(sent, best, hits, figures, date, resolved, country, named)
            if draft:
                drafts.append(draft)
    return drafts


def _draft(sent, best, hits, casualties, date, resolved, country, named) -> Draft | None:
    event_type, sub = best.event_type, best.sub_event_type
    if not draftable(event_type, best.priority, hits, casualties):
        return None
    generic = event_type == "attack"
    if generic:
        victims = [h for h in hits if h.kind == "civilian"]
        rebels = [h for h in hits if h.kind in ("rebel", "generic")]
        states = [h for h in hits if h.kind in ("state", "external")]
        if victims and not states and (rebels or casualties) and not MILITARY_TARGET.search(sent.text):
            event_type, sub = "Violence against civilians", "Attack"
        else:
            event_type, sub = "Battles", "Armed clash"
    elif event_type == "Strategic developments" and sub == "Arrests" and \
            not any(h.kind == "state" for h in hits):
        return None
    sent_places = [(t, r) for t, r in resolved if sent.start_char <= t.start < sent.end_char]
    if event_type in VIOLENT and PLURAL.search(best.text) and not (date or casualties or
                                                                    sent_places):
        return None  # "caught between air strikes and snipers": no time, place or toll
    abroad = event_type == "Strategic developments"
    place = place_from(sent_places, country, prefer_abroad=abroad, named=named)
    district = next((t.text for t, r in sent_places if r is None and t.hint == "district"), None)
    return Draft(best, event_type, sub, hits=list(hits),
                 casualties=[(sent, casualties)] if casualties else [], date=date, place=place,
                 generic=generic, district=district)


def _compatible_places(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.country != b.country:
        return False
    if a.admin1_code and b.admin1_code and a.admin1_code != b.admin1_code:
        return False
    if a.precision < 3 and b.precision < 3 and a.name and b.name and \
            a.name.lower() != b.name.lower() and (a.admin2 or "") != (b.admin2 or ""):
        return False
    return True


def _same_incident(drafts: list[Draft], new: Draft, index: int) -> Draft | None:
    for old in reversed(drafts):
        # A gunfight or "the attack" right after a bombing is the same complex attack told on.
        follows = new.event_type in VIOLENT and old.event_type in VIOLENT and \
            (new.generic or new.sub_event_type == "Armed clash") and not new.date and \
            index - old.sents[-1][0] <= 3
        same_type = old.event_type == new.event_type or follows
        if not same_type:
            continue
        if not _compatible_places(old.place, new.place):
            continue
        if old.date and new.date and abs((old.date[0] - new.date[0]).days) > 1:
            continue
        return old
    return None


def _absorb(target: Draft, new: Draft) -> None:
    target.sents += new.sents
    target.hits += new.hits
    target.casualties += new.casualties
    if target.place is None or (new.place and new.place.precision < target.place.precision
                                and _compatible_places(target.place, new.place)):
        target.place = new.place if target.place is None else _refine(target.place, new.place)
    target.district = target.district or new.district
    if target.date is None or (new.date and new.date[2] < target.date[2]):
        target.date = new.date
    if not new.generic and (target.generic or new.trigger.priority > target.trigger.priority) \
            and new.event_type == target.event_type:
        target.trigger, target.sub_event_type, target.generic = new.trigger, new.sub_event_type, False


def _refine(old: Place, new: Place) -> Place:
    new.admin1 = new.admin1 or old.admin1
    new.admin1_code = new.admin1_code or old.admin1_code
    return new


def _article_place(resolved, country, gazetteer) -> Place | None:
    """The province an article names most: where its incidents are, when a sentence says not."""
    counts = Counter(r.admin1_code for _, r in resolved
                     if r is not None and r.country == country and r.admin1_code and r.kind != "country")
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    record = gazetteer.admin1(code)
    if record is None:
        return None
    return Place(name=plain_name(record.name), country=record.country, admin1=plain_name(record.admin1),
                 admin1_code=code, latitude=record.latitude, longitude=record.longitude,
                 precision=3)


def _nearby_place(draft: Draft, sents, resolved, country, gazetteer) -> Place | None:
    """A place named in the two sentences before the incident's first sentence."""
    first = draft.sents[0][0]
    for j in range(first - 1, max(-1, first - 3), -1):
        s = sents[j]
        near = [(t, r) for t, r in resolved if s.start_char <= t.start < s.end_char]
        place = place_from(near, country)
        if place:
            return place
    return None


def _mention(article, doc, d: Draft, sents, resolved, fallback, country, group, gazetteer,
             body_start, responsibility) -> Mention | None:
    place = d.place or _nearby_place(d, sents, resolved, country, gazetteer) or fallback \
        or Place(country=country)
    if place.admin1_code is None and fallback and fallback.country == place.country:
        place.admin1, place.admin1_code = fallback.admin1, fallback.admin1_code
    if d.district and place.precision == 3 and place.admin1_code:
        place = Place(**{**place.__dict__, "name": d.district, "admin2": d.district,
                         "precision": 2})
    event_country = place.country or country
    actor1, actor2 = assign_roles(doc, d.hits, d.event_type, d.sub_event_type, event_country,
                                  group, trigger_at=d.trigger.start)
    if d.date:
        start, end, precision = d.date
    elif article.published:
        start = end = article.published
        precision = 2
    else:
        start = end = None
        precision = 3
    claims = _claims(article.id, d, actor1)
    last = d.sents[-1][0]
    for i, sent in responsibility:
        if d.sents[0][0] <= i <= last + 4 and d.event_type in VIOLENT:
            claims.append(Claim(source=(actor1.name if actor1 else source_of(sent)),
                                article_id=article.id, responsibility=True,
                                text=sent.text.strip()[:300]))
    fatalities, injured = reconcile(claims, actor1.name if actor1 else None)
    sent_list = sorted({i: s for i, s in d.sents}.items())
    evidence = [Evidence(article.id, s.start_char - body_start, s.end_char - body_start,
                         s.text.strip()) for _, s in sent_list]
    mention = Mention(
        article_id=article.id, event_type=d.event_type, sub_event_type=d.sub_event_type,
        actor1=actor1, actor2=actor2, place=place, date_start=start, date_end=end,
        time_precision=precision, fatalities=fatalities, injured=injured, claims=claims,
        evidence=evidence, trigger=d.trigger.text, published=article.published,
        confidence=round(min(1.0, 0.3 + d.trigger.priority / 200 + 0.1 * bool(actor1)
                             + 0.1 * bool(place.admin1_code) + 0.1 * bool(claims)), 2))
    mention.id = mention_id(article.id, d.trigger.start, d.event_type)
    return mention


def mention_id(article_id: str, start: int, event_type: str) -> str:
    return "m-" + hashlib.sha1(f"{article_id}|{start}|{event_type}".encode()).hexdigest()[:16]


def _claims(article_id: str, d: Draft, actor1) -> list[Claim]:
    claims = []
    for sent, casualties in d.casualties:
        killed = next((c.figure for c in casualties if c.kind == "killed"), None)
        injured = next((c.figure for c in casualties if c.kind == "injured"), None)
        if killed is None and injured is None:
            continue
        claims.append(Claim(source=source_of(sent), article_id=article_id, killed=killed,
                            injured=injured, text=sent.text.strip()[:300]))
    return claims
