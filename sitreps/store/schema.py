"""The tables as they are now, and the migrations that bring any older database to them.

Step 1 creates the tables of the first release: today's tables without what later steps
added (ADDED_LATER). A step, once released, never changes; the last one must leave the
database in the shape of the tables here (tests/test_store.py checks it on both backends).
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text

meta = MetaData()

articles = Table(
    "articles", meta,
    Column("id", Text, primary_key=True), Column("url", Text), Column("outlet", Text),
    Column("published", Text), Column("title", Text), Column("text", Text, nullable=False),
    Column("text_hash", Text, nullable=False, unique=True), Column("source", Text),
    Column("ingested_at", Text))

mentions = Table(
    "mentions", meta,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id"), nullable=False),
    Column("event_type", Text), Column("sub_event_type", Text), Column("country", Text),
    Column("admin1_code", Text), Column("date_start", Text), Column("data", Text, nullable=False),
    Index("mentions_block", "country", "event_type", "date_start"),
    Index("mentions_article", "article_id"))

claims = Table(
    "claims", meta,
    Column("id", Integer, primary_key=True),
    Column("mention_id", Text, ForeignKey("mentions.id"), nullable=False),
    Column("article_id", Text), Column("source", Text), Column("killed", Text),
    Column("injured", Text), Column("responsibility", Integer), Column("text", Text),
    Index("claims_mention", "mention_id"))

evidence = Table(
    "evidence", meta,
    Column("id", Integer, primary_key=True),
    Column("mention_id", Text, ForeignKey("mentions.id"), nullable=False),
    Column("article_id", Text), Column("start", Integer), Column("end", Integer),
    Column("text", Text),
    Index("evidence_mention", "mention_id"))

events = Table(
    "events", meta,
    Column("id", Text, primary_key=True), Column("event_type", Text),
    Column("sub_event_type", Text), Column("country", Text), Column("admin1_code", Text),
    Column("date_start", Text), Column("date_end", Text), Column("fatalities", Integer),
    Column("actors", Text), Column("record", Text, nullable=False), Column("merge_reasons", Text),
    Column("derived", Text),
    Column("status", Text, nullable=False, server_default="unreviewed"),
    Column("confidence", Float), Column("admin1", Text),
    Index("events_date", "date_start"), Index("events_status", "status", "confidence"))

event_mentions = Table(
    "event_mentions", meta,
    Column("mention_id", Text, primary_key=True), Column("event_id", Text, nullable=False),
    Index("event_mentions_event", "event_id"))

failures = Table(
    "failures", meta,
    Column("id", Integer, primary_key=True), Column("source", Text), Column("article_id", Text),
    Column("stage", Text), Column("reason", Text), Column("at", Text))

# Reviewer decisions are keyed by the mentions the event had when it was reviewed, not by
# its id, so that a re-merge that changes the id keeps them.
reviews = Table(
    "reviews", meta,
    Column("id", Integer, primary_key=True), Column("event_id", Text, nullable=False),
    Column("action", Text, nullable=False), Column("changes", Text, nullable=False),
    Column("note", Text), Column("at", Text, nullable=False))

review_mentions = Table(
    "review_mentions", meta,
    Column("mention_id", Text, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id"), primary_key=True))

# Feed items a watcher has seen, so that a restart does not read them again.
seen_items = Table(
    "seen_items", meta,
    Column("feed", Text, primary_key=True), Column("key", Text, primary_key=True),
    Column("at", Text, nullable=False))

# In the order a copy must write them: every table after those it refers to.
ORDER = [articles, mentions, claims, evidence, events, event_mentions, failures, reviews,
         review_mentions, seen_items]


# What steps after the first added; a step that adds a column or an index names it here.
ADDED_LATER = {"events": {"derived", "status", "confidence", "admin1", "events_status"}}


def _create(conn, *names: str) -> None:
    """Create tables as the first release had them."""
    first = MetaData()
    for name in names:
        table, later = meta.tables[name], ADDED_LATER.get(name, set())
        copy = Table(name, first, *[c._copy() for c in table.columns if c.name not in later])
        for index in table.indexes:
            if index.name not in later:
                Index(index.name, *[copy.c[c.name] for c in index.columns])
        copy.create(conn)


def _index(table: Table, name: str) -> Index:
    return next(i for i in table.indexes if i.name == name)


def _v1(conn) -> None:
    _create(conn, "articles", "mentions", "claims", "evidence", "events", "event_mentions",
            "failures")


def _v2(conn) -> None:
    for column in ("derived TEXT", "status TEXT NOT NULL DEFAULT 'unreviewed'",
                   "confidence DOUBLE PRECISION"):
        conn.execute(sa.text(f"ALTER TABLE events ADD COLUMN {column}"))
    conn.execute(sa.text("UPDATE events SET derived = record"))
    _index(events, "events_status").create(conn)
    reviews.create(conn)
    review_mentions.create(conn)


def _v3(conn) -> None:
    seen_items.create(conn)


def _v4(conn) -> None:
    """The province name gets a column of its own, so that filters and statistics need no
    JSON functions (which differ between backends)."""
    conn.execute(sa.text("ALTER TABLE events ADD COLUMN admin1 TEXT"))
    rows = [{"key": event_id, "name": json.loads(record).get("admin1")}
            for event_id, record in conn.execute(sa.select(events.c.id, events.c.record))]
    if rows:
        conn.execute(events.update().where(events.c.id == sa.bindparam("key"))
                     .values(admin1=sa.bindparam("name")), rows)


MIGRATIONS = [_v1, _v2, _v3, _v4]
