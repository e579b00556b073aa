"""`sitreps watch` against a feed served by a real local HTTP server."""

import http.server
import threading
from email.utils import format_datetime
import datetime as dt

import pytest
from typer.testing import CliRunner

from sitreps.cli import app
from sitreps.store import Store
from sitreps.watch import parse_every, poll


@pytest.fixture
def db(any_db):
    """These tests run on SQLite and on PostgreSQL."""
    return any_db


ITEMS = [
    ("feed-1", "Taliban storm checkpoint in Kunduz",
     "Taliban fighters attacked a police checkpoint in Kunduz province on Monday night, "
     "killing five policemen, a provincial spokesman said."),
    ("feed-2", "Bomb kills three in Helmand",
     "A roadside bomb killed three civilians in Helmand province on Tuesday, officials said."),
]


def rss(items) -> bytes:
    day = format_datetime(dt.datetime(2021, 5, 5, 9, tzinfo=dt.timezone.utc))
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>http://example.org/{guid}"
        f"</link><pubDate>{day}</pubDate><description>{text}</description></item>"
        for guid, title, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"{entries}</channel></rss>").encode()


@pytest.fixture
def feed():
    """A feed on 127.0.0.1 whose items the test can change between polls."""
    state = {"items": ITEMS[:1]}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = rss(state["items"]) if self.path == "/feed.xml" else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/feed.xml", state
    server.shutdown()


def test_only_new_items_are_ingested_across_restarts(feed, db, nlp, gazetteer):
    url, state = feed
    store = Store(db)
    (first,) = poll(store, [url], nlp=nlp, gazetteer=gazetteer).values()
    assert (first.added, first.events) == (1, 1)
    (again,) = poll(store, [url], nlp=nlp, gazetteer=gazetteer).values()
    assert again.read == 0  # seen items are not even handed to the pipeline
    store.close()

    state["items"] = ITEMS  # a new item appears; the watcher restarts
    store = Store(db)
    (second,) = poll(store, [url], nlp=nlp, gazetteer=gazetteer).values()
    assert (second.read, second.added) == (1, 1)
    events = store.events()
    assert {e["admin1"] for e in events} == {"Kunduz", "Helmand"}
    assert store.count("articles") == 2


def test_a_dead_feed_is_reported_and_the_round_goes_on(feed, db, nlp, gazetteer):
    url, _ = feed
    store = Store(db)
    results = poll(store, [url.replace("feed.xml", "gone.xml"), url], nlp=nlp,
                   gazetteer=gazetteer)
    dead, live = results.values()
    assert "HTTP 404" in dead and live.added == 1


def test_watch_command_runs_rounds(feed, db):
    url, _ = feed
    out = CliRunner().invoke(app, ["watch", url, "--every", "1s", "--rounds", "2", "--db", db])
    assert out.exit_code == 0, out.output
    assert "1 new articles" in out.output
    assert Store(db).count("articles") == 1
    bad = CliRunner().invoke(app, ["watch", url, "--every", "soon", "--db", db])
    assert bad.exit_code == 2 and "polling interval" in bad.output


def test_intervals():
    assert parse_every("30s") == 30 and parse_every("5m") == 300 and parse_every("2") == 2
    assert parse_every("1.5h") == 5400
