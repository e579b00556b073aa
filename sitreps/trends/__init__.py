"""Stage 10, analysing: series of events and fatalities over time, and the event study of
violence around rounds of talks (talks.py). Entry points: `series(records, ...)` and
`talks.study(records, ...)`; both take the reviewed event records of the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

BY = {
    None: lambda r: ["all events"],
    "province": lambda r: [f"{r['admin1'] or 'unknown province'} ({r['country'] or '?'})"],
    "type": lambda r: [r["event_type"]],
    "actor": lambda r: [a for a in (r["actor1"], r["actor2"]) if a] or ["unknown actor"],
    "country": lambda r: [r["country"] or "unknown country"],
}
FREQS = ("week", "month")


def period(day: dt.date, freq: str) -> dt.date:
    """The first day of the day's week (Monday) or month."""
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: dt.date, freq: str) -> dt.date:
    if freq == "week":
        return start + dt.timedelta(days=7)
    return (start + dt.timedelta(days=32)).replace(day=1)


def killed(record: dict) -> int:
    return (record.get("fatalities") or {}).get("best") or 0


def series(records: list[dict], by: str | None = None, freq: str = "week") -> dict[str, list[dict]]:
    """{group: [{period, events, fatalities}, ...]}, every period from the first dated event
    to the last (empty periods as zeros), groups ordered by their number of events.
    An event with two actors counts once for each."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(k for k in BY if k)}")
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}")
    counts: dict[str, dict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    days = []
    for r in records:
        if not r.get("date_start"):
            continue
        day = dt.date.fromisoformat(r["date_start"])
        days.append(day)
        for group in BY[by](r):
            cell = counts[group][period(day, freq)]
            cell[0] += 1
            cell[1] += killed(r)
    if not days:
        return {}
    periods, at = [], period(min(days), freq)
    while at <= max(days):
        periods.append(at)
        at = _next(at, freq)
    ordered = sorted(counts, key=lambda g: (-sum(c[0] for c in counts[g].values()), g))
    return {g: [{"period": p.isoformat(), "events": counts[g][p][0] if p in counts[g] else 0,
                 "fatalities": counts[g][p][1] if p in counts[g] else 0} for p in periods]
            for g in ordered}


def span(records: list[dict]) -> tuple[dt.date, dt.date] | None:
    days = [dt.date.fromisoformat(r["date_start"]) for r in records if r.get("date_start")]
    return (min(days), max(days)) if days else None
