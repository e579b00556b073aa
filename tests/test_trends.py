"""Trends and the talks event study on synthetic stores where the answer is known by
construction, and on an empty store."""

import csv
import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sitreps.cli import app
from sitreps.merge import build_event
from sitreps.models import Actor, Figure, Mention, Place
from sitreps.serve import create_app
from sitreps.store import Store
from sitreps.trends import series
from sitreps.trends.talks import bootstrap, study


@pytest.fixture
def db(any_db):
    """These tests run on SQLite and on PostgreSQL."""
    return any_db


START = dt.date(2020, 1, 6)  # a Monday
TALKS_DAYS = (100, 200, 300)  # days after START
WINDOW = 14


def event(n, day, event_type="Battles", sub="Armed clash", killed=0, actor="Taliban",
          province="Kunduz"):
    m = Mention(id=f"m{n}", article_id=f"a{n}", event_type=event_type, sub_event_type=sub,
                actor1=Actor(actor, "rebel"), place=Place(province, "AF", province),
                date_start=day, date_end=day, time_precision=1,
                fatalities=Figure(killed, killed, killed) if killed else None)
    return build_event([m], [])


def synthetic_store(db) -> Store:
    """One clash every 5 days all year (1 killed each), three rounds of talks, and 3 more
    Islamic State bombings a day (2 killed each) in the 14 days after each round."""
    events, n = [], 0
    for offset in range(0, 365, 5):
        n += 1
        events.append(event(n, START + dt.timedelta(days=offset), killed=1))
    for t in TALKS_DAYS:
        n += 1
        events.append(event(n, START + dt.timedelta(days=t), "Strategic developments",
                            "Negotiations", actor="Taliban", province="Doha"))
        for k in range(1, WINDOW + 1):
            for _ in range(3):
                n += 1
                events.append(event(n, START + dt.timedelta(days=t + k),
                                    "Explosions/Remote violence", "Suicide bomb", killed=2,
                                    actor="Islamic State (Afghanistan)", province="Kabul"))
    store = Store(db)
    with store.transaction():
        store.replace_events(set(), events)
    return store


def clashes_between(first: int, last: int) -> int:
    """Background clashes on days first..last after START (both included)."""
    return sum(1 for d in range(0, 365, 5) if first <= d <= last)


def test_violence_after_talks_is_found_where_it_was_put(db):
    store = synthetic_store(db)
    result = study(store.events(), WINDOW)
    assert result["rounds"] == 3 and not result["message"]
    for row, t in zip(result["rows"], TALKS_DAYS):
        before = clashes_between(t - WINDOW, t - 1)
        after = clashes_between(t + 1, t + WINDOW)
        assert (row["events_before"], row["events_after"]) == (before, after + 3 * WINDOW)
        assert row["fatalities_after"] == after + 6 * WINDOW
    change = result["change"]["events"]
    assert change["low"] > 0 and change["low"] <= change["mean"] <= change["high"]
    expected = sum(3 * WINDOW + clashes_between(t + 1, t + WINDOW) -
                   clashes_between(t - WINDOW, t - 1) for t in TALKS_DAYS) / 3
    assert change["mean"] == pytest.approx(expected)
    by_actor = {a["actor"]: a for a in result["by_actor"]}
    assert by_actor["Islamic State (Afghanistan)"]["before"] == 0
    assert by_actor["Islamic State (Afghanistan)"]["after"] == 3 * 3 * WINDOW
    violent = 73 + 3 * 3 * WINDOW
    assert result["violent_events"] == violent
    days = result["period"]["days"]
    assert result["baseline"]["events"] == pytest.approx(round(violent * WINDOW / days, 2))
    profile = {p["offset"]: p["events"] for p in result["profile"]}
    assert all(profile[k] >= 3 for k in range(1, WINDOW + 1))
    assert all(profile[k] <= 1 for k in range(-WINDOW, 1))  # background only
    assert "95% CI" in result["summary"]


def test_no_talks_and_empty_store_give_a_message(db):
    assert study([], 14)["message"].startswith("The store has no events")
    clashes = [dict(r) for r in synthetic_store(db).events() if r["event_type"] == "Battles"]
    assert "No rounds of talks" in study(clashes, 14)["message"]
    with pytest.raises(ValueError):
        study(clashes, 0)


def test_bootstrap_interval_holds_the_mean():
    assert bootstrap([3.0, 3.0, 3.0]) == {"mean": 3.0, "low": 3.0, "high": 3.0}
    spread = bootstrap([0, 10, 20, 30])
    assert spread["low"] < spread["mean"] < spread["high"]
    assert bootstrap([]) == {"mean": None, "low": None, "high": None}


def test_series_fills_empty_periods_and_groups(db):
    records = synthetic_store(db).events()
    weekly = series(records, "type", "week")
    assert list(weekly)[0] == "Explosions/Remote violence"  # the largest group first
    weeks = [p["period"] for p in weekly["Battles"]]
    assert weeks[0] == START.isoformat() and all(
        dt.date.fromisoformat(w).weekday() == 0 for w in weeks)
    assert len(weeks) == len(set(weeks)) == (dt.date.fromisoformat(weeks[-1]) - START).days // 7 + 1
    assert sum(p["events"] for p in weekly["Battles"]) == 73
    monthly = series(records, None, "month")["all events"]
    assert [p["period"][8:] for p in monthly] == ["01"] * len(monthly)
    assert sum(p["fatalities"] for p in monthly) == 73 + 3 * 3 * WINDOW * 2
    by_province = series(records, "province")
    assert set(by_province) == {"Kunduz (AF)", "Kabul (AF)", "Doha (AF)"}
    assert series([], "actor") == {}
    with pytest.raises(ValueError):
        series(records, "planet")


def test_cli_and_api(db, tmp_path):
    synthetic_store(db).close()
    runner = CliRunner()
    table = runner.invoke(app, ["trends", "--db", db, "--by", "type", "--freq", "month"])
    assert table.exit_code == 0 and "Battles" in table.output
    out = tmp_path / "t.csv"
    done = runner.invoke(app, ["trends", "--db", db, "--by", "actor", "-f", "csv", "-o", str(out)])
    assert done.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert sum(int(r["events"]) for r in rows if r["actor"] == "Taliban") == 73 + 3
    png = tmp_path / "t.png"
    assert runner.invoke(app, ["trends", "--db", db, "-f", "png", "-o", str(png)]).exit_code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert runner.invoke(app, ["trends", "--db", db, "--by", "planet"]).exit_code == 2
    chart = tmp_path / "talks.png"
    talks = runner.invoke(app, ["talks", "--db", db, "--chart", str(chart)])
    assert talks.exit_code == 0 and "3 rounds" in talks.output
    assert chart.read_bytes()[:4] == b"\x89PNG"

    api = TestClient(create_app(db))
    result = api.get("/api/talks", params={"window": 7}).json()
    assert result["rounds"] == 3 and result["window"] == 7 and result["change"]["events"]["mean"] > 0
    image = api.get(result["chart"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert api.get("/api/talks", params={"window": 0}).status_code == 422


def test_empty_store_is_a_message_not_an_error(tmp_path):
    db = str(tmp_path / "empty.db")
    runner = CliRunner()
    for args in (["talks"], ["trends"], ["trends", "-f", "png"]):
        done = runner.invoke(app, args + ["--db", db])
        assert done.exit_code == 0 and ("ingest articles first" in done.output), args
    api = TestClient(create_app(db))
    assert api.get("/api/talks").json()["message"].startswith("The store has no events")
    assert api.get("/api/talks.png").status_code == 404
