"""Does violence rise when talks advance? An event study around rounds of talks.

For every round of talks or agreement (Strategic developments / Negotiations, Agreement) the
violent events and their fatalities are counted in the WINDOW days before it and the WINDOW
days after it (the day itself belongs to neither), overall and by actor. The mean change
after - before gets a bootstrap 95% interval over the rounds; the baseline is what a window
of that length holds on average over the whole period of the store.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from ..detect.triggers import VIOLENT
from . import killed, span

TALKS = ("Negotiations", "Agreement")
RESAMPLES = 2000


def is_talks(record: dict) -> bool:
    return record["event_type"] == "Strategic developments" and record["sub_event_type"] in TALKS


def bootstrap(values: list[float], seed: int = 7) -> dict:
    """Mean and 95% percentile interval of the mean. Seeded, so a report is reproducible."""
    if not values:
        return {"mean": None, "low": None, "high": None}
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(RESAMPLES))
    return {"mean": round(sum(values) / n, 2), "low": round(means[int(0.025 * RESAMPLES)], 2),
            "high": round(means[int(0.975 * RESAMPLES) - 1], 2)}


def study(records: list[dict], window: int = 14, country: str | None = None,
          top_actors: int = 6) -> dict:
    """The event study as plain data; `message` says why it is empty when it is."""
    if window < 1:
        raise ValueError("the window must be at least one day")
    violent = [r for r in records if r["event_type"] in VIOLENT and r.get("date_start")
               and (not country or r["country"] == country.upper())]
    rounds = sorted((r for r in records if is_talks(r) and r.get("date_start")),
                    key=lambda r: (r["date_start"], r["event_id"]))
    out = {"window": window, "country": country, "rounds": len(rounds),
           "violent_events": len(violent), "rows": [], "by_actor": [], "message": ""}
    if not records:
        out["message"] = "The store has no events yet: ingest articles first."
        return out
    if not rounds:
        out["message"] = ("No rounds of talks or agreements in the store, so there is "
                          "nothing to compare violence with.")
        return out
    first, last = span(violent + rounds)
    days = (last - first).days + 1
    out["period"] = {"first": first.isoformat(), "last": last.isoformat(), "days": days}
    out["baseline"] = {"events": round(len(violent) * window / days, 2),
                       "fatalities": round(sum(map(killed, violent)) * window / days, 2)}
    by_day = {}
    for r in violent:
        by_day.setdefault(dt.date.fromisoformat(r["date_start"]), []).append(r)
    actors = Counter(r["actor1"] or "unknown actor" for r in violent)
    top = [a for a, _ in actors.most_common(top_actors)]
    actor_rows = {a: {"actor": a, "before": 0, "after": 0, "fatalities_before": 0,
                      "fatalities_after": 0} for a in top}
    profile = {k: [0, 0] for k in range(-window, window + 1)}
    for talk in rounds:
        day = dt.date.fromisoformat(talk["date_start"])
        for k, cell in profile.items():
            found = by_day.get(day + dt.timedelta(days=k), [])
            cell[0] += len(found)
            cell[1] += sum(map(killed, found))
        sides = {}
        for side, offsets in (("before", range(-window, 0)), ("after", range(1, window + 1))):
            found = [r for k in offsets for r in by_day.get(day + dt.timedelta(days=k), [])]
            sides[side] = found
            for r in found:
                row = actor_rows.get(r["actor1"] or "unknown actor")
                if row:
                    row[side] += 1
                    row["fatalities_" + side] += killed(r)
        out["rows"].append({
            "event_id": talk["event_id"], "date": talk["date_start"],
            "what": talk["sub_event_type"],
            "where": ", ".join(x for x in (talk["location"], talk["country"]) if x),
            "actors": " / ".join(a for a in (talk["actor1"], talk["actor2"]) if a),
            "events_before": len(sides["before"]), "events_after": len(sides["after"]),
            "fatalities_before": sum(map(killed, sides["before"])),
            "fatalities_after": sum(map(killed, sides["after"]))})
    rows = out["rows"]
    out["change"] = {
        "events": bootstrap([r["events_after"] - r["events_before"] for r in rows]),
        "fatalities": bootstrap([r["fatalities_after"] - r["fatalities_before"] for r in rows])}
    out["after_vs_baseline"] = {
        "events": bootstrap([r["events_after"] - out["baseline"]["events"] for r in rows]),
        "fatalities": bootstrap([r["fatalities_after"] - out["baseline"]["fatalities"]
                                 for r in rows])}
    out["by_actor"] = list(actor_rows.values())
    out["profile"] = [{"offset": k, "events": round(e / len(rounds), 3),
                       "fatalities": round(f / len(rounds), 3)} for k, (e, f) in profile.items()]
    out["summary"] = summary(out)
    return out


def summary(result: dict) -> str:
    ev, fat = result["change"]["events"], result["change"]["fatalities"]
    where = f" in {result['country'].upper()}" if result["country"] else ""
    rounds = f"{result['rounds']} round" + ("s" if result["rounds"] != 1 else "")
    return (f"Over {rounds} of talks or agreements, violent events{where} in "
            f"the {result['window']} days after a round minus the {result['window']} days "
            f"before: {ev['mean']:+} (95% CI {ev['low']:+} to {ev['high']:+}); fatalities "
            f"{fat['mean']:+} (95% CI {fat['low']:+} to {fat['high']:+}). A window of that "
            f"length holds {result['baseline']['events']} events and "
            f"{result['baseline']['fatalities']} fatalities on average over "
            f"{result['period']['first']} to {result['period']['last']}." +
            (" Too few rounds for the interval to mean much." if result["rounds"] < 5 else ""))
