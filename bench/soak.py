#!/usr/bin/env python3
"""Soak: ingest many articles while concurrent readers query the API, then count what broke.

    python bench/soak.py [--articles 10000] [--readers 50] [--postgres] [--write]

Starts a real `sitreps serve` on 127.0.0.1 and a real `sitreps ingest` of N short reports
(written from templates for this benchmark: an incident each, in 8 provinces) into the same
SQLite file (with --postgres: a database on a throwaway PostgreSQL server,
tests/pgserver.py), while R reader threads query /api/events, /api/stats and /api/events/{id}
until the ingest ends (bounded by --max-minutes). Reports reader errors (must be 0), lost
articles (in the input but not in the store afterwards; must be 0) and the readers' p50/p95
latency.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitreps.store import Store  # noqa: E402

PROVINCES = ["Kunduz", "Helmand", "Baghlan", "Ghazni", "Farah", "Balkh", "Kandahar", "Zabul"]
ACTS = ["Taliban fighters attacked a police checkpoint in {p} province on Monday night, "
        "killing {n} policemen, a provincial spokesman said.",
        "A roadside bomb killed {n} civilians in {p} province on Tuesday, officials said.",
        "An airstrike killed {n} insurgents in {p} province on Sunday, the army said."]


def articles(n: int) -> list[dict]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        day = 1 + i % 28
        text = rng.choice(ACTS).format(p=rng.choice(PROVINCES), n=2 + i % 17)
        out.append({"id": f"soak-{i}", "outlet": "Soak Wire", "title": f"Report {i}",
                    "published": f"2020-{1 + (i // 28) % 12:02d}-{day:02d}",
                    "text": f"{text} This is report {i} of the soak run."})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--max-minutes", type=float, default=30)
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db, source = str(tmp / "soak.db"), tmp / "soak.jsonl"
    postgres = None
    if args.postgres:
        from tests.pgserver import PostgresServer

        postgres = PostgresServer()
        db = postgres.new_db()
    records = articles(args.articles)
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    Store(db).close()
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "sitreps.cli", "serve", "--db", db,
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=5)
            break
        except OSError:
            time.sleep(0.2)
    stop = threading.Event()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def reader(k: int) -> None:
        rng = random.Random(k)
        while not stop.is_set():
            path = rng.choice(["/api/events?limit=20", "/api/stats",
                               f"/api/events?admin1={rng.choice(PROVINCES)}&limit=10",
                               "/api/events.geojson?limit=200"])
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as r:
                    body = json.loads(r.read())
                    if path.startswith("/api/events?") and body["events"]:
                        one = body["events"][0]["event_id"]
                        urllib.request.urlopen(f"{base}/api/events/{one}", timeout=30).read()
                ok = True
            except Exception as exc:  # every failure counts, whatever it is
                ok = False
                with lock:
                    errors.append(f"{path}: {type(exc).__name__}: {exc}")
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - started)
            time.sleep(rng.uniform(0.05, 0.2))

    threads = [threading.Thread(target=reader, args=(k,), daemon=True)
               for k in range(args.readers)]
    for t in threads:
        t.start()
    started = time.monotonic()
    ingest = subprocess.Popen([sys.executable, "-m", "sitreps.cli", "ingest", str(source),
                               "--db", db], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        out, err = ingest.communicate(timeout=args.max_minutes * 60)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
        server.terminate()
        server.wait(30)
    minutes = (time.monotonic() - started) / 60
    store = Store(db)
    stored = set(store.article_ids())
    store.close()
    if postgres:
        postgres.stop()
    lost = len({r["id"] for r in records} - stored)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    flag = " --postgres" if args.postgres else ""
    text = (f"`python bench/soak.py --articles {args.articles} --readers {args.readers}{flag}`:"
            f" ingest of {args.articles} articles {'into PostgreSQL ' if flag else ''}took {minutes:.1f} min (exit code "
            f"{ingest.returncode}) while {args.readers} readers made {len(latencies)} API "
            f"requests: reader errors {len(errors)}, lost articles {lost}, latency p50 "
            f"{q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms.")
    print(text)
    for e in errors[:5]:
        print("  error:", e)
    if args.write:
        sys.path.insert(0, str(ROOT / "bench"))
        from throughput import _write

        name = "soak-postgres" if args.postgres else "soak"
        _write(text, f"<!-- {name}:start -->", f"<!-- {name}:end -->", "Soak")


if __name__ == "__main__":
    main()
