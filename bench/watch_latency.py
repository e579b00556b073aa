#!/usr/bin/env python3
"""From an item appearing in a feed to its event being queryable, with `sitreps watch`.

    python bench/watch_latency.py [--every 10] [--items 3] [--write]

Serves an RSS feed from a local HTTP server, starts a real `sitreps watch` process on it,
then adds one new item at a time (short reports written for this benchmark) and times how
long until the event can be read from the database. The expected figure is about half the
polling interval (an item waits for the next poll) plus the extraction of one article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitreps.store import Store  # noqa: E402

PROVINCES = ["Kunduz", "Helmand", "Baghlan", "Ghazni", "Farah", "Balkh"]


def item(n: int) -> str:
    province = PROVINCES[n % len(PROVINCES)]
    return (f"<item><guid>bench-{n}</guid><title>Attack in {province}</title>"
            f"<pubDate>{dt.datetime.now(dt.timezone.utc):%a, %d %b %Y %H:%M:%S +0000}</pubDate>"
            f"<description>Taliban fighters attacked a police checkpoint in {province} province "
            f"on Monday, killing {n + 2} policemen, officials said.</description></item>")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=float, default=10.0, help="polling interval, seconds")
    ap.add_argument("--items", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    items = [item(0)]

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>'
                    + "".join(items) + "</channel></rss>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/feed.xml"
    db = str(Path(tempfile.mkdtemp()) / "watch.db")
    Store(db).close()
    watcher = subprocess.Popen([sys.executable, "-m", "sitreps.cli", "watch", url, "--every",
                                f"{args.every}s", "--db", db], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_for(events: int, limit: float) -> float:
        start = time.monotonic()
        while time.monotonic() - start < limit:
            store = Store(db)
            n = store.count_events()
            store.close()
            if n >= events:
                return time.monotonic() - start
            time.sleep(0.1)
        raise SystemExit(f"no event after {limit} s")

    latencies = []
    try:
        wait_for(1, 120)  # the first poll, with the model loading
        for n in range(1, args.items + 1):
            time.sleep(args.every * 0.37 * n % args.every)  # land at different points of the cycle
            items.append(item(n))
            latencies.append(wait_for(n + 1, args.every * 3 + 60))
    finally:
        watcher.terminate()
        server.shutdown()
    text = (f"`python bench/watch_latency.py --every {args.every:g} --items {args.items}`: "
            f"from an item appearing in the feed to its event being queryable, mean "
            f"{statistics.mean(latencies):.1f} s, max {max(latencies):.1f} s, with polling every "
            f"{args.every:g} s (so about half the interval is waiting for the next poll).")
    print(text)
    if args.write:
        sys.path.insert(0, str(ROOT / "bench"))
        from throughput import _write

        _write(text, "<!-- watch:start -->", "<!-- watch:end -->", "Feed to event latency")


if __name__ == "__main__":
    main()
