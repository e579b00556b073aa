"""Stage 6, merging: mentions from many articles into events.

Entry point: `merge_mentions(mentions) -> list[Event]`. Mentions are blocked by country and
event type, sorted by day, and two mentions from different articles join when their days are
at most two apart and their provinces, districts and actors do not clash. Every join records
why, and events are derived from the stored mentions, so a merge can always be redone.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from contextlib import contextmanager
from collections import Counter, defaultdict
from functools import lru_cache

from ..attach.tolls import event_tolls
from ..models import Event, Mention, Place

DAY_WINDOW = 2  # reports lag the incident by a day or two
CLASH_FAMILY = {"Armed clash", "Non-state actor overtakes territory", "Government regains territory",
                "Attack"}
EXPLOSION_FAMILY = {"Suicide bomb", "Remote explosive/landmine/IED"}


def block_key(m: Mention) -> tuple[str, str]:
    return (m.place.country or "", m.event_type)


def merge_mentions(mentions: list[Mention]) -> list[Event]:
    blocks = defaultdict(list)
    for m in mentions:
        blocks[block_key(m)].append(m)
    events = []
    with no_cyclic_gc():
        for key in sorted(blocks):
            events += merge_block(blocks[key])
    return events


@contextmanager
def no_cyclic_gc():
    """Merging builds millions of small objects and no cycles; left on, the cyclic collector
    would rescan every live mention again and again, which makes big merges quadratic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Clusters:
    """Union-find over mentions, where a join must fit the whole cluster, not one pair:
    no two mentions of one article (an article's mentions are distinct incidents), at most
    one district, and all days within DAY_WINDOW. So reports never chain into one event
    across a province's week."""

    def __init__(self, mentions: list[Mention]):
        self.parent = list(range(len(mentions)))
        self.articles = [{m.article_id} for m in mentions]
        self.districts = [{_norm(m.place.admin2)} if m.place.admin2 else set() for m in mentions]
        self.days = [(m.date_start, m.date_start) for m in mentions]
        self.reasons: dict[int, list[str]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, why: str) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.articles[ri] & self.articles[rj]:
            return
        districts = self.districts[ri] | self.districts[rj]
        first = min(self.days[ri][0], self.days[rj][0])
        last = max(self.days[ri][1], self.days[rj][1])
        if len(districts) > 1 or (last - first).days > DAY_WINDOW:
            return
        if len(self.articles[ri]) < len(self.articles[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.articles[ri] |= self.articles[rj]
        self.districts[ri], self.days[ri] = districts, (first, last)
        self.reasons[ri] = self.reasons.get(ri, []) + self.reasons.pop(rj, []) + [why]


def merge_block(mentions: list[Mention]) -> list[Event]:
    """Mentions of one country and event type to events.

    Sorted by day, each mention is compared only with those at most DAY_WINDOW days later in
    its own province, and with those that name no province: n log n for the sort, and a
    window that stays small however long the period.
    """
    mentions = sorted(mentions, key=lambda m: (m.date_start or dt.date.max, m.id))
    clusters = Clusters(mentions)
    by_province = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.date_start is not None:  # an undated report cannot be placed beside others
            by_province[m.place.admin1_code].append(i)
    unplaced = by_province.pop(None, [])
    _compare_window(mentions, unplaced, clusters)
    for indices in by_province.values():
        _compare_window(mentions, sorted(indices + unplaced), clusters,
                        skip=set(unplaced) if unplaced else None)
    groups = defaultdict(list)
    for i in range(len(mentions)):
        groups[clusters.find(i)].append(mentions[i])
    return [build_event(ms, clusters.reasons.get(root, [])) for root, ms in groups.items()]


def _compare_window(mentions, indices, clusters, skip=None) -> None:
    """Join mentions of the same incident among `indices` (sorted by day); pairs that both lie
    in `skip` were compared elsewhere."""
    for pos, i in enumerate(indices):
        a = mentions[i]
        for k in range(pos + 1, len(indices)):
            j = indices[k]
            b = mentions[j]
            if (b.date_start - a.date_start).days > DAY_WINDOW:
                break
            if skip and i in skip and j in skip:
                continue
            why = same_incident(a, b)
            if why:
                clusters.join(i, j, f"{a.article_id} + {b.article_id}: {why}")


def same_incident(a: Mention, b: Mention) -> str | None:
    """Why two mentions report one incident, or None when something clashes."""
    if a.article_id == b.article_id or a.event_type != b.event_type:
        return None
    if a.place.country != b.place.country:
        return None
    if a.date_start and b.date_start and abs((a.date_start - b.date_start).days) > DAY_WINDOW:
        return None
    same_district = bool(a.place.admin2 and b.place.admin2 and
                         _norm(a.place.admin2) == _norm(b.place.admin2))
    if not _subs_fit(a.sub_event_type, b.sub_event_type) and not same_district:
        return None
    why = [f"{a.event_type} in {a.place.country}"]
    if a.place.admin1_code and b.place.admin1_code:
        if a.place.admin1_code != b.place.admin1_code:
            return None
        why.append(f"province {a.place.admin1_code}")
    elif a.sub_event_type != b.sub_event_type or not (a.actor1 and b.actor1 and
                                                      a.actor1.name == b.actor1.name):
        return None  # one names no province: join only the same kind of event by the same side
    if a.place.admin2 and b.place.admin2 and _norm(a.place.admin2) != _norm(b.place.admin2):
        return None
    if a.place.admin2 and b.place.admin2:
        why.append(f"district {a.place.admin2}")
    if a.actor1 and b.actor1 and a.actor1.kind == b.actor1.kind == "rebel" and \
            a.actor1.name != b.actor1.name and not a.actor1.name.startswith("Unidentified") \
            and not b.actor1.name.startswith("Unidentified"):
        return None  # two named armed groups: two incidents
    if a.actor1 and b.actor1:
        why.append(f"actor {a.actor1.name}")
    days = abs((a.date_start - b.date_start).days) if a.date_start and b.date_start else None
    why.append(f"{days} days apart" if days is not None else "undated")
    return ", ".join(why)


def _subs_fit(x: str, y: str) -> bool:
    return x == y or {x, y} <= CLASH_FAMILY or {x, y} <= EXPLOSION_FAMILY


@lru_cache(maxsize=None)  # district names are few, and compared again and again
def _norm(name: str) -> str:
    return "".join(c for c in name.lower().replace("district", "") if c.isalnum())


def _most_common(values):
    values = [v for v in values if v is not None]
    return Counter(values).most_common(1)[0][0] if values else None


def build_event(mentions: list[Mention], reasons: list[str]) -> Event:
    """One event from its mentions: the most specific place, the commonest labels, and the
    toll of attach.tolls.event_tolls."""
    first = min(mentions, key=lambda m: m.id)
    place = min((m.place for m in mentions),
                key=lambda p: (p.admin1_code is None, p.precision, p.latitude is None))
    place = Place(**place.__dict__)
    by_name = {m.actor1.name: m.actor1 for m in mentions if m.actor1}
    by_name.update({m.actor2.name: m.actor2 for m in mentions if m.actor2})
    actor1 = by_name.get(_most_common([m.actor1.name for m in mentions if m.actor1]))
    actor2 = by_name.get(_most_common([m.actor2.name for m in mentions if m.actor2 and
                                       (not actor1 or m.actor2.name != actor1.name)]))
    dated = sorted((m for m in mentions if m.date_start), key=lambda m: (m.time_precision,
                                                                          m.date_start))
    lead = dated[0] if dated else first
    tolls = event_tolls(mentions, actor1.name if actor1 else None)
    return Event(
        event_id="ev-" + hashlib.sha1(first.id.encode()).hexdigest()[:16],
        mentions=sorted(mentions, key=lambda m: (m.article_id, m.id)),
        event_type=first.event_type,
        sub_event_type=_most_common([m.sub_event_type for m in mentions]),
        actor1=actor1, actor2=actor2, place=place,
        date_start=lead.date_start, date_end=max((m.date_end for m in dated if m.date_end),
                                                 default=lead.date_end),
        time_precision=lead.time_precision,
        fatalities=tolls[0], injured=tolls[1],
        merge_reasons=reasons,
    )
