#!/usr/bin/env python3
"""Ingest into PostgreSQL against ingest into SQLite, in one run, on the same articles.

    python bench/postgres.py [--n 300] [--repeat 3] [--write]

Starts a throwaway PostgreSQL server (tests/pgserver.py: initdb and pg_ctl in a temporary
folder, default settings, so every commit is flushed to disk) on this machine, and times,
best of --repeat, turns taken in alternation:
  ingest  a whole ingest (screen, parse, extract, store, merge) of N articles of the shared
          event sets into a new database of each kind;
  store   only storing and merging: the same articles with their mentions extracted
          beforehand, BATCH articles per transaction as ingest does, then the merge.
The target is the ratio of the `ingest` lines (PostgreSQL time / SQLite time <= 1.3).
With --write the table goes into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from throughput import corpus_articles  # noqa: E402

from sitreps.nlp import load_nlp  # noqa: E402
from sitreps.pipeline import BATCH, extract_article, ingest_articles, remerge  # noqa: E402
from sitreps.resolve.gazetteer import default_gazetteer  # noqa: E402
from sitreps.store import Store  # noqa: E402
from tests.pgserver import PostgresServer  # noqa: E402

START, END = "<!-- postgres:start -->", "<!-- postgres:end -->"


def store_only(store: Store, extracted) -> None:
    it = iter(extracted)
    while batch := list(islice(it, BATCH)):
        with store.transaction():
            store.add_articles(batch)
    remerge(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()

    articles = corpus_articles("events", args.n)
    nlp, gazetteer = load_nlp(), default_gazetteer()
    extracted = [(a, extract_article(a, nlp, gazetteer)) for a in articles]
    server = PostgresServer()
    best: dict[tuple[str, str], float] = {}
    counts = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for turn in range(args.repeat):
                for what in ("ingest", "store"):
                    for kind in (("sqlite", "postgres") if turn % 2 == 0
                                 else ("postgres", "sqlite")):
                        db = (str(Path(tmp) / f"{what}-{turn}.db") if kind == "sqlite"
                              else server.new_db())
                        store = Store(db)
                        started = time.perf_counter()
                        if what == "ingest":
                            ingest_articles(iter(articles), store, nlp, gazetteer)
                        else:
                            store_only(store, extracted)
                        seconds = time.perf_counter() - started
                        counts[(what, kind)] = (store.count("articles"), store.count("events"))
                        store.close()
                        best[(what, kind)] = min(best.get((what, kind), seconds), seconds)
                        print(f"  turn {turn + 1} {what:6} {kind:8} {seconds:6.2f} s",
                              file=sys.stderr)
    finally:
        server.stop()
    assert counts[("ingest", "sqlite")] == counts[("ingest", "postgres")], counts
    rows = ["| run | SQLite s | PostgreSQL s | articles/s SQLite | articles/s PostgreSQL "
            "| PostgreSQL / SQLite time |", "|---|---|---|---|---|---|"]
    for what in ("ingest", "store"):
        lite, pg = best[(what, "sqlite")], best[(what, "postgres")]
        rows.append(f"| {what} | {lite:.2f} | {pg:.2f} | {args.n / lite:.1f} | "
                    f"{args.n / pg:.1f} | {pg / lite:.2f}x |")
    articles_n, events_n = counts[("ingest", "sqlite")]
    table = "\n".join(rows) + (
        f"\n\n{articles_n} articles, {events_n} events in each database, the same on both. "
        f"Best of {args.repeat}; command: `python bench/postgres.py --n {args.n} "
        f"--repeat {args.repeat} --write`.")
    print(table)
    if args.write:
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text()
        block = f"{START}\n{table}\n{END}"
        if START in text:
            text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
        else:
            text += "\n## PostgreSQL against SQLite\n\n" + block + "\n"
        path.write_text(text)


if __name__ == "__main__":
    main()
