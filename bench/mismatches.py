#!/usr/bin/env python3
"""Where extraction goes wrong on a shared set: for every article, the gold events and the
predictions that score.py matched with the fields they disagree on, the gold events missed
and the predictions matched to nothing.

Usage: python bench/mismatches.py SET [--field fatalities] [--benchmarks ../shared/benchmarks]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOW = ("event_type", "sub_event_type", "actor1", "actor2", "admin1_code", "admin2",
        "date_start", "fatalities", "injured")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set")
    ap.add_argument("--field", help="show only matched pairs wrong on this field")
    ap.add_argument("--benchmarks", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    args = ap.parse_args()
    folder = args.benchmarks / args.set
    sys.path.insert(0, str(args.benchmarks))
    import score

    with tempfile.TemporaryDirectory() as keep:
        subprocess.run([sys.executable, "-m", "sitreps.cli", "eval", "--articles",
                        str(folder / "articles.jsonl"), "--gold", str(folder / "gold.jsonl"),
                        "--keep", keep, "--json"], check=True, capture_output=True, cwd=ROOT)
        pred = score.load_jsonl(str(Path(keep) / "events.jsonl"))
    gold = score.load_jsonl(str(folder / "gold.jsonl"))
    by_key = {}
    for g in gold:
        by_key.setdefault(g.get("event_key"), []).append(g)
    for g in gold:
        g["_siblings"] = by_key.get(g.get("event_key")) if g.get("event_key") else [g]
    articles = [a["id"] for a in score.load_jsonl(str(folder / "articles.jsonl"))]
    value = lambda row, f: score.best(row.get(f)) if f in ("fatalities", "injured") else row.get(f)
    for article in articles:
        golds = [g for g in gold if g["article_id"] == article]
        preds = [p for p in pred if article in (p.get("article_ids") or [])]
        pairs, leftover = score.match_article(golds, preds)
        lines = []
        for g, p in pairs:
            wrong = [f for f in score.CORE_FIELDS if not score.field_right(f, g, p)]
            if args.field and args.field not in wrong:
                continue
            if wrong:
                lines.append("  matched, wrong: " + "; ".join(
                    f"{f} gold={value(g, f)!r} pred={value(p, f)!r}" for f in wrong))
        if not args.field:
            matched = [g for g, _ in pairs]
            for g in golds:
                if g not in matched and not g.get("optional"):
                    lines.append("  missed: " + ", ".join(f"{f}={value(g, f)!r}" for f in SHOW))
            for p in leftover:
                lines.append("  extra:  " + ", ".join(f"{f}={value(p, f)!r}" for f in SHOW))
        if lines:
            print(article)
            print("\n".join(lines))


if __name__ == "__main__":
    main()
