"""Stage 9, serving: a JSON API over the store (FastAPI). Entry point: `create_app(db)`."""

from __future__ import annotations

import datetime as dt

from fastapi import Depends, FastAPI, HTTPException, Query

from .. import __version__
from ..store import Store


def create_app(db: str | None = None) -> FastAPI:
    Store(db).close()  # create or upgrade the schema once, up front
    db = db or None

    def open_store():
        # One connection per request: SQLite connections must not be shared across threads.
        store = Store(db)
        try:
            yield store
        finally:
            store.close()

    app = FastAPI(title="sitreps", version=__version__,
                  description="Conflict events coded from news articles, with their sources.")

    @app.get("/api/events")
    def events(country: str | None = None, type: str | None = None, actor: str | None = None,
               since: dt.date | None = None, until: dt.date | None = None,
               limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0),
               store: Store = Depends(open_store)):
        return {"events": store.events(country=country, since=since, until=until,
                                       event_type=type, actor=actor, limit=limit,
                                       offset=offset),
                "limit": limit, "offset": offset}

    @app.get("/api/events/{event_id}")
    def event(event_id: str, store: Store = Depends(open_store)):
        record = store.event(event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id}")
        meta = store.article_meta()
        record["articles"] = [meta.get(a, {"id": a}) for a in record["article_ids"]]
        return record

    @app.get("/api/articles/{article_id}")
    def article(article_id: str, store: Store = Depends(open_store)):
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @app.get("/api/stats")
    def stats(store: Store = Depends(open_store)):
        by_type, by_country = {}, {}
        for r in store.events():
            by_type[r["event_type"]] = by_type.get(r["event_type"], 0) + 1
            by_country[r["country"]] = by_country.get(r["country"], 0) + 1
        return {"articles": store.count("articles"), "events": store.count("events"),
                "failures": store.count("failures"), "by_type": by_type,
                "by_country": by_country}

    @app.get("/api/failures")
    def failures(store: Store = Depends(open_store)):
        return store.failures()

    return app
