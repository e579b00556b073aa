"""Never lose an article, never fall over on one: bad input, kills, locks, concurrency."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from sitreps.store import Store

runner = CliRunner()
PROVINCES = ["Kunduz", "Helmand", "Baghlan", "Ghazni", "Farah", "Balkh", "Kandahar", "Zabul"]
FRENCH = ("Les combattants talibans ont attaqué un poste de police dans la province de Kunduz "
          "lundi soir, tuant cinq policiers, a déclaré un porte-parole provincial. Les "
          "autorités ont envoyé des renforts dans la région pendant la nuit.")


def corpus(n: int, prefix: str = "s") -> list[dict]:
    """Short reports written for these tests, one incident each."""
    out = []
    for i in range(n):
        province = PROVINCES[i % len(PROVINCES)]
        out.append({"id": f"{prefix}-{i}", "outlet": "Test Wire",
                    "published": f"2021-{1 + i % 12:02d}-{1 + i % 27:02d}",
                    "title": f"Attack in {province}",
                    "text": f"Taliban fighters attacked a police checkpoint in {province} province "
                            f"on Monday night, killing {2 + i % 9} policemen, a provincial "
                            f"spokesman said. Report number {i}."})
    return out


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def ingest(*args, env=None, check=True):
    return subprocess.run([sys.executable, "-m", "sitreps.cli", "ingest", *map(str, args)],
                          capture_output=True, text=True, check=check, env=env)


def test_bad_inputs_are_recorded_with_their_reason_and_the_rest_go_in(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    good = corpus(3)
    (folder / "a.jsonl").write_text(json.dumps(good[0]) + "\n{not json\n[1, 2]\n" +
                                    json.dumps({"id": "empty", "text": "   "}) + "\n")
    (folder / "b.csv").write_text("id,text,extra\nrow-1,\"Gunmen attacked a checkpoint in "
                                  "Helmand province on Monday, killing two guards.\",x\n"
                                  "row-2,short,too,many,cells\n")
    (folder / "c.csv").write_text("id,title\nnope,No text column\n")
    (folder / "d.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    (folder / "e.txt").write_bytes("Gunmen attacked a checkpoint in Balkh province on "
                                   "Monday, killing three guards, officials said. Caf\xe9 "
                                   "owners closed early.".encode("cp1252"))
    (folder / "f.json").write_text(json.dumps([good[1], {"id": "fr", "text": FRENCH}]))
    (folder / "g.html").write_text("<html><body><nav>Home</nav></body></html>")
    (folder / "h.txt").write_text("x" * (50 * 1024 * 1024))  # a 50 MB text
    future = dict(good[2], published="2999-01-01")
    clash = dict(good[0], text=good[0]["text"] + " A different text under the same id.")
    write_jsonl(folder / "i.jsonl", [future, clash, dict(good[1], published="not a date")])
    done = ingest(folder, "--db", db)
    assert done.returncode == 0 and "Traceback" not in done.stderr + done.stdout
    store = Store(db)
    reasons = {(f["source"].split("/")[-1], f["reason"]) for f in store.failures()}
    expected = ["not JSON", "not a JSON object", "no text", "more cells than columns",
                "CSV without a 'text' column", "binary file", "language",
                "no article text in the HTML page", "too long",
                "id already used for a different text"]
    for reason in expected:
        assert any(reason in r for _, r in reasons), (reason, reasons)
    ids = set(store.article_ids())
    assert {"s-0", "s-1", "s-2", "row-1"} <= ids and "fr" not in ids
    assert any(a.startswith("a-") for a in ids)  # the cp1252 text, read
    assert store.article("s-2")["published"] is None  # a date in the future is no date
    undated = [e for e in store.events() if e["article_ids"] == ["s-2"]]
    assert undated and undated[0]["date_start"] is None and undated[0]["time_precision"] == 3
    anyway = ingest(folder / "f.json", "--db", db, "--any-language")
    assert "1 new" in anyway.stdout
    store.close()


def test_exit_code_two_only_when_nothing_could_be_read(tmp_path, db):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    out = ingest(bad, "--db", db, check=False)
    assert out.returncode == 2 and "error: no article could be read" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 3


def test_a_locked_database_is_one_line_with_a_hint(tmp_path, db):
    source = write_jsonl(tmp_path / "a.jsonl", corpus(2))
    Store(db).close()
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        out = ingest(source, "--db", db, check=False,
                     env={**os.environ, "SITREPS_DB_TIMEOUT": "0.5"})
    finally:
        holder.rollback()
        holder.close()
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "locked" in out.stderr and "hint:" in out.stderr


def test_killed_ingests_finish_the_corpus_with_nothing_lost_or_doubled(tmp_path, db):
    """SIGKILL a real ingest at random moments (bounded), then let one run to the end."""
    records = corpus(160)
    source = write_jsonl(tmp_path / "corpus.jsonl", records)
    rng = random.Random(int(os.environ.get("SITREPS_KILL_SEED", "11")))
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "sitreps.cli", "ingest", str(source),
                                 "--db", db], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    ingest(source, "--db", db)
    store = Store(db)
    ids = store.article_ids()
    assert sorted(ids) == sorted(r["id"] for r in records)
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_article = {}
    for e in store.events():
        for a in e["article_ids"]:
            per_article[a] = per_article.get(a, 0) + 1
    assert set(per_article) == set(ids) and max(per_article.values()) == 1
    mentions = store.mentions()
    assert (len(mentions), len({m.article_id for m in mentions})) == (160, 160)
    assert store.failures() == []


@contextmanager
def readers(db):
    """A real `sitreps serve` on db, read every 50 ms while the block runs; the answers'
    statuses and the errors met are in the lists it yields."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "sitreps.cli", "serve", "--db", db,
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    errors, answers = [], []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/events?limit=5", timeout=10) as r:
                    answers.append(r.status)
            except OSError as exc:
                if answers:  # before the first answer the server may still be starting
                    errors.append(exc)
            time.sleep(0.05)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        yield errors, answers
    finally:
        stop.set()
        thread.join()
        server.terminate()
        server.wait(10)


def ingests_at_once(db, *sources) -> list[subprocess.CompletedProcess]:
    runs = [subprocess.Popen([sys.executable, "-m", "sitreps.cli", "ingest", str(p),
                              "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for p in sources]
    outs = [r.communicate(timeout=300) for r in runs]
    return [subprocess.CompletedProcess(r.args, r.returncode, *out) for r, out in zip(runs, outs)]


def test_two_ingests_at_once_and_reads_while_writing(tmp_path, db):
    records = corpus(90, "c")
    first = write_jsonl(tmp_path / "one.jsonl", records[:60])
    second = write_jsonl(tmp_path / "two.jsonl", records[30:])  # 30 in both
    Store(db).close()
    with readers(db) as (errors, answers):
        runs = ingests_at_once(db, first, second)
    assert [r.returncode for r in runs] == [0, 0], runs
    assert not errors and answers and set(answers) == {200}
    store = Store(db)
    ids = store.article_ids()
    assert sorted(ids) == sorted(r["id"] for r in records)
    events = store.events()
    assert sorted(a for e in events for a in e["article_ids"]) == sorted(ids)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WORDS = ["Taliban", "attacked", "killed", "at least", "19", "five", "Kunduz", "province",
         "on Monday", "police", "said", "the", "suicide bomber", "airstrike", "wounded",
         "dozens", "since 2015", "\n\n", ",", ".", "—", "Kabul", "KABUL —", "talks", "in Doha",
         "'s", "(", ")", "\"", "district", "ceasefire", "abducted", "civilians", "1,000"]


@pytest.fixture(scope="module")
def tools():
    from sitreps.nlp import load_nlp
    from sitreps.resolve.gazetteer import default_gazetteer

    return load_nlp(), default_gazetteer()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)),
       st.one_of(st.none(), st.dates()))
def test_extraction_never_raises(tools, text, published):
    from sitreps.models import Article
    from sitreps.pipeline import extract_article

    nlp, gazetteer = tools
    article = Article(id="prop", text=text or " ", title="", published=published)
    for screened in (True, False):
        for m in extract_article(article, nlp, gazetteer, screened=screened):
            assert m.event_type and 0 <= m.evidence[0].start <= m.evidence[0].end
