"""Stage 9, serving: the JSON API (FastAPI) and the dashboard. Entry point: `create_app(db)`.

Reads open one store connection per request (SQLite connections must not cross threads).
The write endpoints (ingest, review) take a token whenever one is set; `sitreps serve` sets
one whenever it listens on anything but the loopback address.
"""

from __future__ import annotations

import datetime as dt
import hmac
from enum import Enum
from pathlib import Path
from typing import Any

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .. import __version__
from ..errors import SitrepsError
from ..store import Store

STATIC = Path(__file__).parent / "static"
MAX_BODY = 5 * 1024 * 1024  # bytes; a request body above it gets 413
MAX_ARTICLES = 500  # per POST /api/articles
# The dashboard runs no inline script and loads nothing from elsewhere but optional tiles.
CSP = ("default-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; "
       "style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'")


class Sort(str, Enum):
    date = "date"
    oldest = "-date"
    fatalities = "fatalities"
    confidence = "confidence"


class Status(str, Enum):
    unreviewed = "unreviewed"
    confirmed = "confirmed"
    corrected = "corrected"
    rejected = "rejected"


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


class ArticleIn(BaseModel):
    text: str = Field(min_length=1)
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None


class ReviewIn(BaseModel):
    action: str = Field(description="confirm, reject or correct")
    changes: dict[str, Any] = Field(default_factory=dict,
                                    description="for correct: field -> new value")
    note: str = Field("", max_length=2000)


def event_filters(country: str | None = Query(None, max_length=2, description="ISO alpha-2"),
                  admin1: str | None = Query(None, max_length=100,
                                             description="province name or ISO 3166-2 code"),
                  type: str | None = Query(None, max_length=100,
                                           description="event type or sub-event type"),
                  sub_event_type: str | None = Query(None, max_length=100),
                  actor: str | None = Query(None, max_length=200,
                                            description="part of an actor's name"),
                  since: dt.date | None = None, until: dt.date | None = None,
                  min_fatalities: int | None = Query(None, ge=0),
                  q: str | None = Query(None, max_length=200,
                                        description="text anywhere in the event or evidence"),
                  status: Status | None = None) -> dict:
    return {"country": country, "admin1": admin1, "event_type": type,
            "sub_event_type": sub_event_type, "actor": actor, "since": since, "until": until,
            "min_fatalities": min_fatalities, "text": q,
            "status": status.value if status else None}


def create_app(db: str | None = None, token: str | None = None) -> FastAPI:
    # One store for every request: it creates or upgrades the schema once, up front, and
    # keeps a pool of connections (each thread gets its own).
    shared = Store(db or None)
    nlp_cache: list = []

    def open_store():
        return shared

    def writer(authorization: str | None = Header(None),
               x_sitreps_token: str | None = Header(None)):
        if token is None:
            return
        given = x_sitreps_token or (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "this endpoint needs the server's token "
                                     "(header 'Authorization: Bearer TOKEN')")

    app = FastAPI(title="sitreps", version=__version__,
                  description="Conflict events coded from news articles, with their sources.")
    app.state.db = shared.path

    @app.middleware("http")
    async def guard(request: Request, call_next):
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY):
            return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, 413)
        if size is None and request.method in ("POST", "PATCH", "PUT"):
            body = await request.body()  # chunked: read it once, bounded by the check below
            if len(body) > MAX_BODY:
                return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, 413)
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not request.url.path.startswith("/docs"):
            response.headers["Content-Security-Policy"] = CSP
        return response

    # events ------------------------------------------------------------------
    @app.get("/api/events")
    def events(filters: dict = Depends(event_filters), sort: Sort = Sort.date,
               limit: int = Query(100, ge=1, le=5000), offset: int = Query(0, ge=0),
               store: Store = Depends(open_store)):
        return {"events": store.events(limit=limit, offset=offset, sort=sort.value, **filters),
                "total": store.count_events(**filters), "limit": limit, "offset": offset}

    @app.get("/api/events.geojson")
    def events_geojson(filters: dict = Depends(event_filters),
                       limit: int = Query(5000, ge=1, le=50000),
                       store: Store = Depends(open_store)):
        from ..export import geojson

        return geojson(store.events(limit=limit, **filters))

    @app.get("/api/events/{event_id}")
    def event(event_id: str, store: Store = Depends(open_store)):
        record = store.event(event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id}")
        meta = store.article_meta()
        record["articles"] = [meta.get(a, {"id": a}) for a in record["article_ids"]]
        return record

    @app.patch("/api/events/{event_id}", dependencies=[Depends(writer)])
    def review(event_id: str, body: ReviewIn, store: Store = Depends(open_store)):
        from ..review import ReviewError

        try:
            record = store.review(event_id, body.action, body.changes, body.note)
        except ReviewError as exc:
            raise HTTPException(422, str(exc)) from None
        if record is None:
            raise HTTPException(404, f"no event {event_id}")
        return record

    # articles ----------------------------------------------------------------
    @app.get("/api/articles/{article_id}")
    def article(article_id: str, store: Store = Depends(open_store)):
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @app.post("/api/articles", dependencies=[Depends(writer)])
    def ingest(articles: list[ArticleIn] = Body(..., max_length=MAX_ARTICLES),
               store: Store = Depends(open_store)):
        from ..nlp import load_nlp
        from ..pipeline import ingest_articles
        from ..read.files import article_from_record

        if not nlp_cache:
            nlp_cache.append(load_nlp())
        items = [article_from_record(a.model_dump(exclude_none=True, mode="json"), "api", None)
                 for a in articles]
        try:
            summary = ingest_articles(items, store, nlp_cache[0])
        except SitrepsError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"read": summary.read, "added": summary.added,
                "duplicates": summary.duplicates, "failed": summary.failed,
                "reasons": summary.reasons, "mentions": summary.mentions,
                "events": summary.events}

    # summaries and exports ---------------------------------------------------
    @app.get("/api/stats")
    def stats(filters: dict = Depends(event_filters), store: Store = Depends(open_store)):
        return {"articles": store.count("articles"), "events": store.count_events(**filters),
                "failures": store.count("failures"), **store.stats(**filters)}

    @app.get("/api/failures")
    def failures(store: Store = Depends(open_store)):
        return store.failures()

    @app.get("/api/export")
    def export(format: Format = Format.jsonl, filters: dict = Depends(event_filters),
               store: Store = Depends(open_store)):
        from ..export import dumps

        media = {"csv": "text/csv", "jsonl": "application/x-ndjson",
                 "geojson": "application/geo+json"}[format.value]
        body = dumps(store.events(**filters), format.value, store.article_meta())
        return Response(body, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="sitreps-events.{format.value}"'})

    @app.get("/api/talks")
    def talks(window: int = Query(14, ge=1, le=365),
              country: str | None = Query(None, max_length=2,
                                          description="count violence in this country only"),
              store: Store = Depends(open_store)):
        """Violence before and after each round of talks or agreement (issue: does
        violence rise when talks advance?), with bootstrap intervals."""
        from urllib.parse import urlencode

        from ..trends.talks import study

        result = study(store.events(), window, country)
        if result["rounds"]:
            query = urlencode({k: v for k, v in (("window", window), ("country", country)) if v})
            result["chart"] = "/api/talks.png?" + query
        return result

    @app.get("/api/talks.png", response_class=Response)
    def talks_png(window: int = Query(14, ge=1, le=365),
                  country: str | None = Query(None, max_length=2),
                  store: Store = Depends(open_store)):
        from ..trends.charts import talks_chart
        from ..trends.talks import study

        result = study(store.events(), window, country)
        if not result["rounds"]:
            raise HTTPException(404, result["message"])
        return Response(talks_chart(result), media_type="image/png")

    # the dashboard -------------------------------------------------------------
    def page(name: str):
        return lambda: FileResponse(STATIC / name, media_type="text/html")

    app.get("/", include_in_schema=False)(page("index.html"))
    app.get("/review", include_in_schema=False)(page("review.html"))
    app.get("/event/{event_id}", include_in_schema=False)(page("event.html"))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
