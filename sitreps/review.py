"""Reviewer decisions: confirm, reject or correct an event.

Entry point: `apply_reviews(record, reviews)`. The machine's record is never changed; the
reviewed view is the machine's record with every decision applied in order, so a re-merge
re-derives the machine's part and the decisions are laid over it again.
"""

from __future__ import annotations

import datetime as dt

from .errors import SitrepsError

ACTIONS = ("confirm", "reject", "correct")
STATUS = {"confirm": "confirmed", "reject": "rejected", "correct": "corrected"}
TEXT_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
               "admin1_code", "admin2", "location", "notes")
DATE_FIELDS = ("date_start", "date_end")
NUMBER_FIELDS = {"latitude": (-90, 90), "longitude": (-180, 180)}
COUNT_FIELDS = ("fatalities", "injured")
LEVEL_FIELDS = ("geo_precision", "time_precision")
FIELDS = TEXT_FIELDS + DATE_FIELDS + tuple(NUMBER_FIELDS) + COUNT_FIELDS + LEVEL_FIELDS


class ReviewError(SitrepsError):
    pass


def check(action: str, changes: dict | None) -> dict:
    """Validated changes (values converted to the record's types), or ReviewError."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}", f"use one of {', '.join(ACTIONS)}")
    changes = dict(changes or {})
    if action != "correct":
        if changes:
            raise ReviewError(f"'{action}' takes no changes", "use action 'correct' to edit fields")
        return {}
    if not changes:
        raise ReviewError("a correction needs at least one changed field",
                          f"fields: {', '.join(FIELDS)}")
    out = {}
    for name, value in changes.items():
        if name not in FIELDS:
            raise ReviewError(f"unknown field {name!r}", f"fields: {', '.join(FIELDS)}")
        out[name] = _convert(name, value)
    return out


def _convert(name: str, value):
    if value is None or value == "":
        return None
    try:
        if name in TEXT_FIELDS:
            if not isinstance(value, str) or len(value) > 500:
                raise ValueError("a text of at most 500 characters")
            value = value.strip()
            return value.upper() if name == "country" else value
        if name in DATE_FIELDS:
            return dt.date.fromisoformat(str(value)).isoformat()
        if name in NUMBER_FIELDS:
            low, high = NUMBER_FIELDS[name]
            number = float(value)
            if not low <= number <= high:
                raise ValueError(f"between {low} and {high}")
            return number
        if name in LEVEL_FIELDS:
            level = int(value)
            if level not in (1, 2, 3):
                raise ValueError("1, 2 or 3")
            return level
        count = int(value)
        if count < 0 or count != float(value):
            raise ValueError("a whole number, 0 or more")
        return count
    except (TypeError, ValueError) as exc:
        raise ReviewError(f"bad value for {name}: {value!r}", f"expected {exc}") from None


def apply_reviews(record: dict, reviews: list[dict]) -> dict:
    """The record as the reviewers left it. `reviews` are rows with action, changes (dict),
    note and at, oldest first."""
    out = dict(record)
    status = "unreviewed"
    for r in reviews:
        status = STATUS[r["action"]]
        for name, value in r["changes"].items():
            if name in COUNT_FIELDS:
                value = None if value is None else {"low": value, "best": value, "high": value}
            out[name] = value
    out["review"] = {"status": status,
                     "edits": [{"at": r["at"], "action": r["action"], "changes": r["changes"],
                                "note": r.get("note") or ""} for r in reviews]}
    return out
