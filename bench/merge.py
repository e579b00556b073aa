#!/usr/bin/env python3
"""Merging at scale: synthetic mentions (incidents each reported by 1-4 articles, with day
jitter and missing provinces or districts) merged at two sizes; prints the times, their ratio,
and how well the merge recovers the incidents (pairwise F1 against the generator's truth).

A bigger stream covers more places, not denser ones: the number of countries grows with the
number of mentions (one per 5,000), each with 30 provinces of 12 districts, over five years.

Usage: python bench/merge.py [--sizes 100000 1000000] [--seed 7] [--repeat 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import random
import time

from sitreps.merge import merge_mentions
from sitreps.models import Actor, Mention, Place

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Violence against civilians", "Attack")]
ACTORS = ["Taliban", "Islamic State", "Al Shabaab", "Boko Haram", "Unidentified Armed Group"]
START = dt.date(2015, 1, 1)


def synthetic(n: int, seed: int, days: int = 5 * 365):
    """n mentions and, for each, the id of the incident it reports."""
    rng = random.Random(seed)
    countries = max(1, n // 5000)
    mentions, truth, incident = [], [], 0
    while len(mentions) < n:
        incident += 1
        country = f"C{rng.randrange(countries):03d}"
        admin1 = f"{country}-{rng.randrange(30):02d}"
        admin2 = f"{admin1}-D{rng.randrange(12)}"
        event_type, sub = rng.choice(TYPES)
        day = START + dt.timedelta(days=rng.randrange(days))
        actor = Actor(rng.choice(ACTORS), "rebel")
        for _ in range(min(rng.choice([1, 1, 2, 2, 3, 4]), n - len(mentions))):
            reported = day + dt.timedelta(days=rng.choice([0, 0, 0, 1]))
            place = Place(name=admin2, country=country,
                          admin1_code=admin1 if rng.random() > 0.1 else None,
                          admin2=admin2 if rng.random() > 0.5 else None, precision=2)
            k = len(mentions)
            mentions.append(Mention(article_id=f"a{k}", event_type=event_type,
                                    sub_event_type=sub, actor1=actor, place=place,
                                    date_start=reported, date_end=reported, time_precision=1,
                                    id=f"m{k:08d}"))
            truth.append(incident)
    return mentions, truth


def pairwise_f1(events, truth_of) -> float:
    pred = set()
    for e in events:
        ids = sorted(m.id for m in e.mentions)
        pred |= set(itertools.combinations(ids, 2))
    by_incident = {}
    for mid, inc in truth_of.items():
        by_incident.setdefault(inc, []).append(mid)
    gold = set()
    for ids in by_incident.values():
        gold |= set(itertools.combinations(sorted(ids), 2))
    tp = len(pred & gold)
    p, r = tp / len(pred) if pred else 0, tp / len(gold) if gold else 0
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs per size")
    args = ap.parse_args(argv)
    times = {}
    for n in args.sizes:
        mentions, truth = synthetic(n, args.seed)
        times[n] = float("inf")
        for _ in range(args.repeat):
            events = None
            gc.collect()
            start = time.perf_counter()
            events = merge_mentions(mentions)
            times[n] = min(times[n], time.perf_counter() - start)
        f1 = pairwise_f1(events, {m.id: t for m, t in zip(mentions, truth)})
        print(f"{n:>9,} mentions -> {len(events):>9,} events in {times[n]:7.1f} s, best of "
              f"{args.repeat} "
              f"(pairwise F1 against the generator {f1:.3f})")
        del mentions, truth, events
    if len(args.sizes) == 2:
        small, big = args.sizes
        print(f"time at {big:,} / time at {small:,} = {times[big] / times[small]:.1f}x "
              f"(size ratio {big / small:.0f}x)")


if __name__ == "__main__":
    main()
