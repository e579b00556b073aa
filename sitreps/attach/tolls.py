"""Tolls from claims: which reported figure an event carries.

Within one article the first credible report leads, and a later "the toll rose to 19"
replaces it. Across articles each source's latest report stands, and the event takes the most
conservative of them (SCHEMA.md). A figure from the side that did it counts only when nobody
else gives one. Every claim is kept either way; this only picks the headline figure.
"""

from __future__ import annotations

import re

from ..models import Claim, Figure, Mention

UPDATE = re.compile(r"\b(?:toll|figure|number)\b[^.]{0,40}\b(?:rose|risen|climbed|increased|"
                    r"jumped|reached|now stands|revised|has grown)\b|\b(?:rose|climbed|risen) to\b",
                    re.IGNORECASE)
KINDS = ("killed", "injured")
FIELD = {"killed": "fatalities", "injured": "injured"}  # claim figure -> mention figure


def is_update(claim: Claim) -> bool:
    return bool(UPDATE.search(claim.text or ""))


def from_perpetrator(claim: Claim, perpetrator: str | None) -> bool:
    if not claim.source:
        return False
    source = claim.source.lower()
    if "insurgent" in source or "militant" in source:
        return True
    return bool(perpetrator) and perpetrator.split(" (")[0].lower() in source


def _credible(claims: list[Claim], kind: str, perpetrator: str | None) -> list[Claim]:
    with_figure = [c for c in claims if getattr(c, kind) is not None]
    neutral = [c for c in with_figure if not from_perpetrator(c, perpetrator)]
    return neutral or with_figure


def reconcile(claims: list[Claim], perpetrator: str | None) -> tuple[Figure | None, Figure | None]:
    """One article's toll: the first credible report, or the last update of it; its floor
    is lowered by lower reports in the same article."""
    result = []
    for kind in KINDS:
        credible = _credible(claims, kind, perpetrator)
        if not credible:
            result.append(None)
            continue
        updates = [c for c in credible if is_update(c)]
        lead = getattr(updates[-1] if updates else credible[0], kind)
        if updates:
            result.append(lead)
            continue
        lows = [f.low if f.low is not None else f.best for f in (getattr(c, kind) for c in credible)]
        low = min([v for v in lows if v is not None], default=lead.low)
        result.append(Figure(low if lead.low is not None else None, lead.best, lead.high))
    return result[0], result[1]


def event_tolls(mentions: list[Mention], perpetrator: str | None) -> tuple[Figure | None, Figure | None]:
    """An event's toll from all its reports: each source's latest figure, then the lowest."""
    if len(mentions) == 1:
        return mentions[0].fatalities, mentions[0].injured
    result = []
    for kind in KINDS:
        latest: dict[str, Figure] = {}
        ordered = sorted(mentions, key=lambda m: (m.published is None, m.published, m.id))
        for m in ordered:
            own = getattr(m, FIELD[kind])
            if own is None:
                continue
            credible = _credible(m.claims, kind, perpetrator)
            sources = {_source_key(c) for c in credible if _source_key(c)}
            key = sorted(sources)[0] if len(sources) == 1 else f"article {m.article_id}"
            latest[key] = own  # a later report from the same source replaces its earlier one
        figures = [f for f in latest.values() if f is not None and f.best is not None]
        result.append(min(figures, key=lambda f: f.best) if figures else None)
    return result[0], result[1]


def _source_key(claim: Claim) -> str | None:
    """'provincial police spokesman Adil Shah' and 'Adil Shah' are one source: the last two
    capitalized words name the speaker when there are any."""
    if not claim.source:
        return None
    names = re.findall(r"\b[A-Z][a-z]+\b", claim.source)
    return " ".join(names[-2:]).lower() if names else claim.source.lower()
