from fastapi.testclient import TestClient

from sitreps.pipeline import ingest
from sitreps.serve import create_app
from sitreps.store import Store

from .conftest import HERE


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
