"""The store on both backends: schema and migrations, articles, copies between databases,
the same export from SQLite and PostgreSQL, and two writers at once on PostgreSQL."""

import datetime as dt
import json
import re
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from sitreps.models import Failure
from sitreps.pipeline import ingest
from sitreps.store import Store
from sitreps.store.copy import copy
from sitreps.store.schema import MIGRATIONS, ORDER, events, meta

from .conftest import HERE, make_article
from .test_robust import ingests_at_once, readers, write_jsonl

TEXTS = str(HERE / "texts")


def cli(*args, check=True):
    return subprocess.run([sys.executable, "-m", "sitreps.cli", *map(str, args)],
                          capture_output=True, text=True, check=check)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    with store.transaction() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
            sa.select(t).order_by(*t.primary_key.columns))] for t in ORDER}


def test_migrations_give_the_tables_of_the_code(any_db):
    store = Store(any_db)
    assert store.version == len(MIGRATIONS) and store.upgraded == (0, len(MIGRATIONS))
    found = sa.inspect(store.engine)
    for table in meta.sorted_tables:
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.c.keys())
        assert {i.name for i in table.indexes} <= {i["name"] for i in
                                                   found.get_indexes(table.name)}
    assert Store(any_db).upgraded == (len(MIGRATIONS), len(MIGRATIONS))  # nothing to do


def test_an_old_database_is_upgraded_in_place_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    old = Store(path, upgrade=False)
    with old.transaction() as conn:
        for step in MIGRATIONS[:3]:
            step(conn)
        conn.exec_driver_sql("PRAGMA user_version = 3")
        conn.execute(sa.text("INSERT INTO events (id, record, derived) VALUES "
                             "('e1', :r, :r)"), {"r": json.dumps({"admin1": "Kunduz"})})
    old.close()
    store = Store(path)
    assert store.upgraded == (3, len(MIGRATIONS))
    with store.transaction() as conn:
        assert conn.execute(sa.select(events.c.id, events.c.admin1)).all() == [("e1", "Kunduz")]
    newer = Store(path, upgrade=False)
    with newer.transaction() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(Exception, match="newer than this sitreps"):
        Store(path)


def test_articles_are_stored_once_whatever_their_id(any_db):
    store = Store(any_db)
    text = "Gunmen attacked a police post in Kunduz province on Monday, killing two guards."
    first = make_article(text, id="a")
    with store.transaction():
        assert store.known(first) == "new" and store.add_article(first, [])
    assert store.known(first) == "same"
    assert store.known(make_article(text, id="b")) == "same"  # same text under a new id
    assert store.known(make_article(text + " More.", id="a")) == "conflict"
    assert not store.add_article(make_article(text, id="b"), [])
    assert store.article_ids() == ["a"] and store.article("a")["text"] == text


@pytest.mark.postgres
def test_copy_to_postgresql_and_back_loses_nothing(tmp_path, postgres):
    source = Store(tmp_path / "a.db")
    ingest([TEXTS], source)
    first = source.events()[0]
    source.review(first["event_id"], "correct", {"fatalities": 12}, "checked")
    source.review(source.events()[1]["event_id"], "reject")
    with source.transaction():
        source.add_failure(Failure(source="x.jsonl", reason="not JSON", stage="read"))
        source.mark_seen("http://feed", ["k1", "k2"])
    middle, back = Store(postgres.new_db()), Store(tmp_path / "b.db")
    copied = copy(source, middle)
    assert copied["articles"] == source.count("articles") and copied["reviews"] == 2
    copy(middle, back)
    assert dump(back) == dump(source)
    assert middle.events(status="rejected") == source.events(status="rejected")
    # ids go on after the copied ones
    with middle.transaction():
        middle.add_failure(Failure(source="y", reason="r", stage="read"))
    assert [f["id"] for f in middle.failures()] == [1, 2]
    with pytest.raises(Exception, match="not empty"):
        copy(source, middle)


@pytest.mark.postgres
def test_the_same_articles_give_the_same_export_on_both_backends(tmp_path, postgres):
    url = postgres.new_db()
    outputs = []
    for db in (tmp_path / "a.db", url):
        cli("ingest", TEXTS, "--db", db)
        cli("review", Store(db).events()[0]["event_id"], "--set", "fatalities=3", "--db", db)
        outputs.append([re.sub(r'"at": "[^"]+"', "", cli("export", "--format", f, "--db", db)
                                .stdout) for f in ("jsonl", "csv", "geojson")])  # review time
        outputs[-1].append(json.dumps(Store(db).stats(), sort_keys=True))
    assert outputs[0] == outputs[1] and outputs[0][0].count("\n") >= 4


def pair(i: int) -> tuple[dict, dict]:
    """Two outlets' reports of one attack, in other words."""
    province = ["Kunduz", "Helmand", "Baghlan", "Ghazni", "Farah", "Balkh"][i % 6]
    day = (dt.date(2021, 1, 4) + dt.timedelta(days=10 * i)).isoformat()
    killed = 2 + i % 7
    one = {"id": f"one-{i}", "outlet": "Wire One", "published": day,
           "text": f"Taliban fighters attacked a police checkpoint in {province} province on "
                   f"Monday night, killing {killed} policemen, a provincial spokesman said."}
    two = {"id": f"two-{i}", "outlet": "Wire Two", "published": day,
           "text": f"{killed} policemen were killed when Taliban insurgents stormed a "
                   f"checkpoint in {province} province late on Monday, officials said."}
    return one, two


@pytest.mark.postgres
def test_two_ingests_and_a_server_at_once_on_postgresql(tmp_path, postgres):
    """Each attack is reported to both writers at the same moment, and a third of the
    articles are given to both: one article each, one event per attack, nothing lost."""
    url = postgres.new_db()
    pairs = [pair(i) for i in range(24)]
    shared = [one for one, _ in pairs[:8]]
    first = write_jsonl(tmp_path / "first.jsonl", [one for one, _ in pairs] +
                        [two for _, two in pairs[:8]])
    second = write_jsonl(tmp_path / "second.jsonl", [two for _, two in pairs] + shared)
    Store(url).close()
    with readers(url) as (errors, answers):
        runs = ingests_at_once(url, first, second)
    assert [r.returncode for r in runs] == [0, 0], runs
    assert not errors and answers and set(answers) == {200}
    store = Store(url)
    expected = sorted(a["id"] for p in pairs for a in p)
    assert store.article_ids() == expected and store.failures() == []
    found = sorted(tuple(e["article_ids"]) for e in store.events())
    assert found == sorted((one["id"], two["id"]) for one, two in pairs)
    assert store.unmerged_mentions() == []


def test_two_writers_merging_one_attack_at_the_same_moment(any_db, nlp, gazetteer):
    """The second report of an attack is stored and merged while the first writer's merge,
    which read the store before it, has not written yet. Without the merge lock the first
    writer would then write an event of the first report alone, beside the merged one."""
    from sitreps.pipeline import extract_article, remerge
    from sitreps.read.files import article_from_record

    rounds = [[article_from_record(r, "test", None) for r in pair(i)] for i in range(3)]
    slow, fast = Store(any_db), Store(any_db)
    inside = threading.Event()
    real = slow.replace_events

    def replace_events(old, new):  # the slow writer has read the store; it writes later
        inside.set()
        time.sleep(0.4)
        real(old, new)

    slow.replace_events = replace_events
    for first, second in rounds:
        inside.clear()
        with slow.transaction():
            slow.add_article(first, extract_article(first, nlp, gazetteer))
        thread = threading.Thread(target=remerge, args=(slow,))
        thread.start()
        assert inside.wait(30)
        with fast.transaction():
            fast.add_article(second, extract_article(second, nlp, gazetteer))
        remerge(fast)
        thread.join()
    found = sorted(tuple(e["article_ids"]) for e in fast.events())
    assert found == sorted((a.id, b.id) for a, b in rounds)
    assert fast.count("events") == len(rounds)


def test_db_commands(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    cli("ingest", TEXTS, "--db", a)
    assert "up to date" in cli("db", "upgrade", "--db", a).stdout
    assert "articles" in cli("db", "copy", a, b).stdout
    again = cli("db", "copy", a, b, check=False)
    assert again.returncode == 2 and "not empty" in again.stderr and "hint:" in again.stderr
    assert cli("export", "--db", b).stdout == cli("export", "--db", a).stdout
    wrong = cli("events", "--db", "mysql://x/y", check=False)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
