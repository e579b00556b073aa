import datetime as dt

import pytest

from fastapi.testclient import TestClient

from sitreps.pipeline import ingest
from sitreps.serve import create_app
from sitreps.store import Store

from .conftest import HERE


@pytest.fixture
def db(any_db):
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_db


def client(db):
    store = Store(db)
    ingest([str(HERE / "texts")], store)
    store.close()
    return TestClient(create_app(db))


def test_events_filters_detail_and_articles(db):
    api = client(db)
    events = api.get("/api/events").json()["events"]
    assert len(events) >= 5
    nigeria = api.get("/api/events", params={"country": "NG"}).json()["events"]
    assert nigeria and all(e["country"] == "NG" for e in nigeria)
    detail = api.get(f"/api/events/{nigeria[0]['event_id']}").json()
    assert detail["evidence"] and detail["articles"][0]["outlet"] == "Test Wire"
    article = api.get(f"/api/articles/{detail['article_ids'][0]}").json()
    assert detail["evidence"][0]["text"] in article["text"]
    assert api.get("/api/events/nope").status_code == 404
    assert api.get("/api/events", params={"since": "not-a-date"}).status_code == 422
    stats = api.get("/api/stats").json()
    assert stats["articles"] == 7 and stats["events"] == len(events)


def test_filters_sorting_pagination_and_geojson(db):
    api = client(db)
    everything = api.get("/api/events", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["events"])
    page = api.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["events"] == everything["events"][1:3] and page["total"] == everything["total"]
    deadly = api.get("/api/events", params={"min_fatalities": 5, "sort": "fatalities"}).json()
    tolls = [e["fatalities"]["best"] for e in deadly["events"]]
    assert tolls and min(tolls) >= 5 and tolls == sorted(tolls, reverse=True)
    kunduz = api.get("/api/events", params={"admin1": "Kunduz"}).json()["events"]
    assert kunduz and all(e["admin1"] == "Kunduz" for e in kunduz)
    assert api.get("/api/events", params={"admin1": "AF-KDZ"}).json()["events"] == kunduz
    found = api.get("/api/events", params={"q": "Chahar Dara"}).json()["events"]
    assert found and all("Chahar Dara" in str(e) for e in found)
    assert api.get("/api/events", params={"q": "100%_"}).json()["total"] == 0
    taliban = api.get("/api/events", params={"actor": "Taliban"}).json()["events"]
    assert taliban and all("Taliban" in (e["actor1"] or "") + (e["actor2"] or "") for e in taliban)
    geo = api.get("/api/events.geojson", params={"country": "AF"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    assert all(f["properties"]["country"] == "AF" for f in geo["features"])
    for bad in ({"sort": "nope"}, {"limit": 0}, {"min_fatalities": -1}, {"status": "x"},
                {"country": "AFG"}):
        assert api.get("/api/events", params=bad).status_code == 422, bad


def test_stats_by_week_province_type_and_actor(db):
    api = client(db)
    stats = api.get("/api/stats").json()
    assert sum(w["events"] for w in stats["by_week"]) == stats["events"]
    weeks = [w["key"] for w in stats["by_week"] if w["key"]]
    assert all(dt.date.fromisoformat(w).weekday() == 0 for w in weeks)
    assert sum(t["events"] for t in stats["by_type"]) == stats["events"]
    assert any(p["key"] == "AF / Kunduz" for p in stats["by_province"])
    assert stats["by_actor"][0]["events"] >= stats["by_actor"][-1]["events"]
    only = api.get("/api/stats", params={"country": "NG"}).json()
    assert only["events"] < stats["events"]


def test_review_confirm_reject_correct_and_survive_a_remerge(db):
    api = client(db)
    queue = api.get("/api/events", params={"status": "unreviewed", "sort": "confidence"}).json()
    confidences = [e["confidence"] for e in queue["events"]]
    assert confidences == sorted(confidences)
    first, second = queue["events"][:2]
    fixed = api.patch(f"/api/events/{first['event_id']}", json={
        "action": "correct", "changes": {"fatalities": 42, "admin2": "Imam Sahib"},
        "note": "toll from the provincial hospital"}).json()
    assert fixed["fatalities"]["best"] == 42 and fixed["review"]["status"] == "corrected"
    assert fixed["review"]["edits"][0]["note"] == "toll from the provincial hospital"
    assert dt.datetime.fromisoformat(fixed["review"]["edits"][0]["at"])
    api.patch(f"/api/events/{second['event_id']}", json={"action": "reject"})
    listed = {e["event_id"] for e in api.get("/api/events").json()["events"]}
    assert second["event_id"] not in listed and first["event_id"] in listed
    assert api.get("/api/events", params={"status": "rejected"}).json()["total"] == 1
    assert api.get("/api/events", params={"min_fatalities": 42}).json()["events"][0][
        "event_id"] == first["event_id"]
    csv_text = api.get("/api/export", params={"format": "csv"}).text
    assert "corrected" in csv_text and second["event_id"] not in csv_text
    for bad in ({"action": "approve"}, {"action": "correct", "changes": {"nope": 1}},
                {"action": "correct", "changes": {"fatalities": -3}},
                {"action": "correct", "changes": {"date_start": "yesterday"}},
                {"action": "confirm", "changes": {"fatalities": 1}}):
        assert api.patch(f"/api/events/{first['event_id']}", json=bad).status_code == 422, bad
    assert api.patch("/api/events/nope", json={"action": "confirm"}).status_code == 404

    # Re-merge everything from the stored mentions: the decisions are laid over again.
    from sitreps.pipeline import remerge

    store = Store(db)
    remerge(store, store.mentions())
    store.close()
    again = api.get(f"/api/events/{first['event_id']}").json()
    assert again["fatalities"]["best"] == 42 and again["admin2"] == "Imam Sahib"
    assert api.get("/api/events", params={"status": "rejected"}).json()["total"] == 1


def test_ingest_over_the_api_with_token_and_size_limits(db):
    Store(db).close()
    api = TestClient(create_app(db, token="s3cret"))
    article = {"id": "api-1", "title": "Gunmen kill three at a checkpoint",
               "published": "2021-05-04", "outlet": "Test Wire",
               "text": "Taliban fighters attacked a police checkpoint in Kunduz province on "
                       "Monday night, killing three policemen, a provincial spokesman said."}
    assert api.post("/api/articles", json=[article]).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    assert api.post("/api/articles", json=[article], headers={"Authorization": "Bearer no"}
                    ).status_code == 401
    done = api.post("/api/articles", json=[article], headers=auth).json()
    assert done["added"] == 1 and done["events"] >= 1
    assert api.post("/api/articles", json=[article], headers=auth).json()["duplicates"] == 1
    event = api.get("/api/events").json()["events"][0]
    assert event["admin1"] == "Kunduz" and event["fatalities"]["best"] == 3
    assert api.patch(f"/api/events/{event['event_id']}", json={"action": "confirm"}
                     ).status_code == 401
    big = [dict(article, id="big", text="x" * (6 * 1024 * 1024))]
    assert api.post("/api/articles", json=big, headers=auth).status_code == 413
    assert api.post("/api/articles", json=[{"text": ""}], headers=auth).status_code == 422
    assert api.get("/api/events").status_code == 200  # reads need no token


def test_export_and_dashboard_pages(db):
    api = client(db)
    lines = api.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == api.get("/api/events").json()["total"]
    assert api.get("/api/export", params={"format": "geojson"}).json()["features"]
    assert api.get("/api/export", params={"format": "xml"}).status_code == 422
    for path in ("/", "/review", "/event/whatever"):
        page = api.get(path)
        assert page.status_code == 200 and "<html" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
    assert api.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    assert api.get("/static/vendor/countries-110m.geojson").json()["features"]
    assert api.get("/docs").status_code == 200
