"""Stage 8, exporting: events as the SCHEMA.md record, as ACLED-style CSV and as GeoJSON.

Entry points: `event_record(event)` and `write(records, format, out)`.
"""

from __future__ import annotations

import csv
import io
import json

from ..models import Event, to_plain

ACLED_COLUMNS = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
                 "actor1", "actor2", "country", "admin1", "admin2", "location", "latitude",
                 "longitude", "geo_precision", "source", "notes", "fatalities"]
EXTRA_COLUMNS = ["iso_country", "admin1_code", "date_end", "fatalities_low", "fatalities_high",
                 "injured", "article_ids", "urls", "review_status"]
FORMATS = ("jsonl", "csv", "geojson")


def event_record(event: Event) -> dict:
    """The event record of SCHEMA.md."""
    p = event.place
    return {
        "event_id": event.event_id,
        "article_ids": event.article_ids,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else None,
        "actor2": event.actor2.name if event.actor2 else None,
        "country": p.country,
        "admin1_code": p.admin1_code,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "location": p.name,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "geo_precision": p.precision,
        "date_start": to_plain(event.date_start),
        "date_end": to_plain(event.date_end),
        "time_precision": event.time_precision,
        "fatalities": event.fatalities.as_dict() if event.fatalities else None,
        "injured": event.injured.as_dict() if event.injured else None,
        "claims": [{"source": c.source,
                    "killed": c.killed.as_dict() if c.killed else None,
                    "injured": c.injured.as_dict() if c.injured else None,
                    "responsibility": c.responsibility, "article_id": c.article_id,
                    "text": c.text} for c in event.claims],
        "evidence": [to_plain(e) for e in event.evidence],
        "confidence": round(max(m.confidence for m in event.mentions), 2),
    }


def acled_row(record: dict, articles: dict[str, dict] | None = None) -> dict:
    """One CSV row: ACLED's columns first, then ours."""
    from ..data import country_name

    articles = articles or {}
    sources = [articles.get(a, {}) for a in record["article_ids"]]
    fat = record.get("fatalities") or {}
    inj = record.get("injured") or {}
    notes = record.get("notes") or " | ".join(e["text"] for e in record.get("evidence", [])[:2])
    return {
        "event_id_cnty": record["event_id"],
        "event_date": record["date_start"],
        "time_precision": record["time_precision"],
        "event_type": record["event_type"],
        "sub_event_type": record["sub_event_type"],
        "actor1": record["actor1"],
        "actor2": record["actor2"],
        "country": country_name(record["country"]) if record["country"] else None,
        "admin1": record["admin1"],
        "admin2": record["admin2"],
        "location": record["location"],
        "latitude": record["latitude"],
        "longitude": record["longitude"],
        "geo_precision": record["geo_precision"],
        "source": "; ".join(sorted({s.get("outlet") or "" for s in sources} - {""})),
        "notes": notes,
        "fatalities": fat.get("best") if fat else 0,
        "iso_country": record["country"],
        "admin1_code": record["admin1_code"],
        "date_end": record["date_end"],
        "fatalities_low": fat.get("low"),
        "fatalities_high": fat.get("high"),
        "injured": inj.get("best"),
        "article_ids": ";".join(record["article_ids"]),
        "urls": ";".join(s.get("url") or "" for s in sources),
        "review_status": (record.get("review") or {}).get("status", "unreviewed"),
    }


def geojson(records: list[dict]) -> dict:
    features = []
    for r in records:
        if r["latitude"] is None or r["longitude"] is None:
            continue
        props = {k: v for k, v in r.items() if k not in ("latitude", "longitude", "evidence")}
        features.append({"type": "Feature", "id": r["event_id"],
                         "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write(records: list[dict], fmt: str, out, articles: dict[str, dict] | None = None) -> int:
    """Write records to a text stream; returns how many were written."""
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return len(records)
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS)
        writer.writeheader()
        for r in records:
            writer.writerow(acled_row(r, articles))
        return len(records)
    if fmt == "geojson":
        data = geojson(records)
        json.dump(data, out, ensure_ascii=False)
        out.write("\n")
        return len(data["features"])
    raise ValueError(fmt)


def dumps(records: list[dict], fmt: str, articles=None) -> str:
    buf = io.StringIO()
    write(records, fmt, buf, articles)
    return buf.getvalue()
