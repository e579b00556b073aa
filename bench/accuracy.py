#!/usr/bin/env python3
"""Accuracy on every shared benchmark set: runs `sitreps eval` on each set alone and on all
sets together, and writes the table into BENCHMARKS.md between its accuracy markers.

Usage: python bench/accuracy.py [--benchmarks ../shared/benchmarks] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"
FIELDS = ("sub_event_type", "actor1", "actor2", "admin2", "date_start", "fatalities", "injured")


def run_eval(articles: Path, gold: Path, scorer: Path) -> dict:
    with tempfile.TemporaryDirectory() as keep:
        result = _eval(articles, gold, scorer, keep)
        result["country_accuracy"] = country_accuracy(gold, Path(keep) / "events.jsonl", scorer)
    with tempfile.TemporaryDirectory() as keep:
        result["unmerged_event_f1"] = _eval(articles, gold, scorer, keep, "--no-merge")["event_f1"]
    return result


def _eval(articles: Path, gold: Path, scorer: Path, keep: str, *flags: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "sitreps.cli", "eval", "--articles", str(articles), "--gold",
         str(gold), "--scorer", str(scorer), "--keep", keep, "--json", *flags],
        capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def country_accuracy(gold_path: Path, pred_path: Path, scorer: Path) -> float | None:
    """Match events as score.py does but blind to country and province; then the share of
    matched gold events whose prediction names the right country."""
    sys.path.insert(0, str(scorer.parent))
    import score  # the benchmark's own matcher

    gold, pred = score.load_jsonl(str(gold_path)), score.load_jsonl(str(pred_path))
    blind = lambda row: {**row, "country": "", "admin1_code": None,
                         "_country": row.get("country")}
    gold_by, pred_by = {}, {}
    for g in gold:
        if not g.get("optional"):
            gold_by.setdefault(g["article_id"], []).append(blind(g))
    for p in pred:
        for a in p.get("article_ids") or []:
            pred_by.setdefault(a, []).append(blind(p))
    right = total = 0
    for article, golds in gold_by.items():
        pairs, _ = score.match_article(golds, pred_by.get(article, []), check_admin1=False)
        for g, p in pairs:
            total += 1
            right += (g["_country"] or "").upper() == (p["_country"] or "").upper()
    return right / total if total else None


def combined(sets: list[Path], folder: Path) -> tuple[Path, Path]:
    """All sets in one: their articles and gold, concatenated."""
    articles, gold = folder / "articles.jsonl", folder / "gold.jsonl"
    with open(articles, "w") as fa, open(gold, "w") as fg:
        for s in sets:
            fa.write((s / "articles.jsonl").read_text())
            fg.write((s / "gold.jsonl").read_text())
    return articles, gold


def fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def table(results: dict[str, dict]) -> str:
    head = ["set", "articles", "gold", "pred", "P", "R", "F1", "strict F1", *FIELDS,
            "province", "country", "false/100 art.", "dedup F1", "F1 unmerged"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, r in results.items():
        row = [name, str(r["articles"]), str(r["gold_events"]), str(r["pred_events"]),
               fmt(r["event_precision"]), fmt(r["event_recall"]), fmt(r["event_f1"]),
               fmt(r["strict_f1"])]
        row += [fmt(r["field_accuracy"][f]) if r["matched"] else "n/a" for f in FIELDS]
        row += [fmt(r["admin1_accuracy"]), fmt(r["country_accuracy"]),
                f"{r['false_events_per_100_articles']:.1f}",
                fmt(r["dedup_f1"]), fmt(r["unmerged_event_f1"])]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchmarks", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = ap.parse_args(argv)
    scorer = args.benchmarks / "score.py"
    sets = sorted(p for p in args.benchmarks.iterdir()
                  if (p / "articles.jsonl").exists() and (p / "gold.jsonl").exists())
    results = {}
    for s in sets:
        print(f"scoring {s.name} ...", file=sys.stderr)
        results[s.name] = run_eval(s / "articles.jsonl", s / "gold.jsonl", scorer)
    with tempfile.TemporaryDirectory() as tmp:
        print("scoring all sets together ...", file=sys.stderr)
        results["all sets"] = run_eval(*combined(sets, Path(tmp)), scorer)
    text = table(results)
    print(text)
    if args.no_write:
        return
    bench = ROOT / "BENCHMARKS.md"
    body = bench.read_text()
    block = (f"{START}\nCommand: `.venv/bin/python bench/accuracy.py` (each set ingested whole into "
             f"a fresh database, exported, scored by `../shared/benchmarks/score.py`).\n\n"
             f"{text}\n{END}")
    before, _, rest = body.partition(START)
    _, _, after = rest.partition(END)
    bench.write_text(before + block + after if START in body else body + "\n" + block + "\n")


if __name__ == "__main__":
    main()
