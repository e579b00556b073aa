"""Stage 7, storing: SQLite in WAL mode, with a versioned schema.

Entry point: `Store(path)`. Articles keep their text; mentions, claims and evidence are
stored as extracted; events are derived from mentions and can be rebuilt at any time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from ..models import (Actor, Article, Claim, Event, Evidence, Failure, Figure, Mention, Place,
                      to_plain)
from ..read.ids import text_hash

DEFAULT_DB = "sitreps.db"

MIGRATIONS = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, url TEXT, outlet TEXT, published TEXT, title TEXT,
        text TEXT NOT NULL, text_hash TEXT NOT NULL UNIQUE, source TEXT, ingested_at TEXT);
    CREATE TABLE mentions (
        id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
        event_type TEXT, sub_event_type TEXT, country TEXT, admin1_code TEXT, date_start TEXT,
        data TEXT NOT NULL);
    CREATE INDEX mentions_block ON mentions(country, event_type, date_start);
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY, mention_id TEXT NOT NULL REFERENCES mentions(id),
        article_id TEXT, source TEXT, killed TEXT, injured TEXT, responsibility INTEGER,
        text TEXT);
    CREATE INDEX claims_mention ON claims(mention_id);
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY, mention_id TEXT NOT NULL REFERENCES mentions(id),
        article_id TEXT, start INTEGER, end INTEGER, text TEXT);
    CREATE INDEX evidence_mention ON evidence(mention_id);
    CREATE TABLE events (
        id TEXT PRIMARY KEY, event_type TEXT, sub_event_type TEXT, country TEXT,
        admin1_code TEXT, date_start TEXT, date_end TEXT, fatalities INTEGER,
        actors TEXT, record TEXT NOT NULL, merge_reasons TEXT);
    CREATE INDEX events_date ON events(date_start);
    CREATE TABLE event_mentions (
        mention_id TEXT PRIMARY KEY, event_id TEXT NOT NULL);
    CREATE INDEX event_mentions_event ON event_mentions(event_id);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY, source TEXT, article_id TEXT, stage TEXT, reason TEXT,
        at TEXT);
    """,
]


def default_path() -> str:
    return os.environ.get("SITREPS_DB") or DEFAULT_DB


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = str(path or default_path())
        try:
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}",
                             "check the path, its permissions and that it is a sitreps database"
                             ) from None

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema version {current}, newer than this sitreps",
                             "upgrade sitreps")
        for n, script in enumerate(MIGRATIONS[current:], current + 1):
            with self.transaction():
                self.db.executescript("BEGIN;" + script + f"; PRAGMA user_version = {n};")

    @contextmanager
    def transaction(self):
        try:
            yield self.db
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    def close(self) -> None:
        self.db.close()

    # articles -------------------------------------------------------------
    def has_article(self, article: Article) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ? OR text_hash = ?",
                              (article.id, text_hash(article.text))).fetchone()
        return row is not None

    def add_article(self, article: Article, mentions: list[Mention]) -> bool:
        """Store an article with its mentions; False when it (or its text) is already in."""
        if self.has_article(article):
            return False
        self.db.execute(
            "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
            (article.id, article.url, article.outlet, to_plain(article.published),
             article.title, article.text, text_hash(article.text), article.source,
             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
        for m in mentions:
            self._add_mention(m)
        return True

    def _add_mention(self, m: Mention) -> None:
        data = to_plain(m)
        for key in ("claims", "evidence"):
            data.pop(key)
        self.db.execute("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?)",
                        (m.id, m.article_id, m.event_type, m.sub_event_type, m.place.country,
                         m.place.admin1_code, to_plain(m.date_start), json.dumps(data)))
        for c in m.claims:
            self.db.execute(
                "INSERT INTO claims (mention_id, article_id, source, killed, injured, "
                "responsibility, text) VALUES (?,?,?,?,?,?,?)",
                (m.id, c.article_id, c.source, _json(c.killed), _json(c.injured),
                 int(c.responsibility), c.text))
        for e in m.evidence:
            self.db.execute("INSERT INTO evidence (mention_id, article_id, start, end, text) "
                            "VALUES (?,?,?,?,?)", (m.id, e.article_id, e.start, e.end, e.text))

    def article(self, article_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return dict(row) if row else None

    def article_meta(self) -> dict[str, dict]:
        return {r["id"]: dict(r) for r in
                self.db.execute("SELECT id, url, outlet, published, title FROM articles")}

    def count(self, table: str) -> int:
        if table not in ("articles", "mentions", "events", "failures", "claims", "evidence"):
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # failures -------------------------------------------------------------
    def add_failure(self, failure: Failure) -> None:
        self.db.execute(
            "INSERT INTO failures (source, article_id, stage, reason, at) VALUES (?,?,?,?,?)",
            (failure.source, failure.article_id, failure.stage, failure.reason,
             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))

    def failures(self) -> list[dict]:
        return [dict(r) for r in self.db.execute("SELECT * FROM failures ORDER BY id")]

    # mentions and events --------------------------------------------------
    def mentions(self, where: str = "1=1", args=()) -> list[Mention]:
        """Stored mentions (all, or those matching a WHERE clause on the mentions table)."""
        rows = self.db.execute(f"SELECT * FROM mentions WHERE {where} ORDER BY id",
                               args).fetchall()
        claims, evidence = self._children([r["id"] for r in rows])
        return [mention_from_row(r, claims.get(r["id"], []), evidence.get(r["id"], []))
                for r in rows]

    def mentions_near(self, country: str, event_type: str, first: str, last: str) -> list[Mention]:
        """Mentions of one block dated between two days, with every other mention of the
        events they belong to: what a re-merge of those days has to look at."""
        found = self.mentions(
            "coalesce(country, '') = ? AND event_type = ? AND date_start BETWEEN ? AND ?",
            (country, event_type, first, last))
        events = self.events_of([m.id for m in found])
        have = {m.id for m in found}
        more = [i for i in self._mention_ids_of(events) if i not in have]
        return found + (self.mentions_by_id(more) if more else [])

    def mentions_by_id(self, ids: list[str]) -> list[Mention]:
        out = []
        for chunk in _chunks(ids):
            out += self.mentions(f"id IN ({','.join('?' * len(chunk))})", chunk)
        return out

    def events_of(self, mention_ids: list[str]) -> set[str]:
        out = set()
        for chunk in _chunks(mention_ids):
            out |= {r[0] for r in self.db.execute(
                f"SELECT event_id FROM event_mentions WHERE mention_id IN "
                f"({','.join('?' * len(chunk))})", chunk)}
        return out

    def _mention_ids_of(self, event_ids: set[str]) -> list[str]:
        out = []
        for chunk in _chunks(sorted(event_ids)):
            out += [r[0] for r in self.db.execute(
                f"SELECT mention_id FROM event_mentions WHERE event_id IN "
                f"({','.join('?' * len(chunk))})", chunk)]
        return out

    def _children(self, ids: list[str]):
        claims, evidence = {}, {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT * FROM claims WHERE mention_id IN ({marks}) "
                                     "ORDER BY id", chunk):
                claims.setdefault(r["mention_id"], []).append(Claim(
                    source=r["source"], article_id=r["article_id"],
                    killed=Figure.from_dict(_load(r["killed"])),
                    injured=Figure.from_dict(_load(r["injured"])),
                    responsibility=bool(r["responsibility"]), text=r["text"] or ""))
            for r in self.db.execute(f"SELECT * FROM evidence WHERE mention_id IN ({marks}) "
                                     "ORDER BY id", chunk):
                evidence.setdefault(r["mention_id"], []).append(
                    Evidence(r["article_id"], r["start"], r["end"], r["text"]))
        return claims, evidence

    def replace_events(self, old_ids: set[str], events: list[Event]) -> None:
        """Put new events in place of the ones they were re-derived from."""
        from ..export import event_record

        for chunk in _chunks(sorted(old_ids)):
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"DELETE FROM event_mentions WHERE event_id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM events WHERE id IN ({marks})", chunk)
        for e in events:
            record = event_record(e)
            self.db.execute(
                "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (e.event_id, e.event_type, e.sub_event_type, e.place.country,
                 e.place.admin1_code, record["date_start"], record["date_end"],
                 e.fatalities.best if e.fatalities else None,
                 " | ".join(a.name for a in (e.actor1, e.actor2) if a),
                 json.dumps(record, ensure_ascii=False), json.dumps(e.merge_reasons)))
            self.db.executemany("INSERT OR REPLACE INTO event_mentions VALUES (?,?)",
                                [(m.id, e.event_id) for m in e.mentions])

    def events(self, country=None, since=None, until=None, event_type=None, actor=None,
               limit=None, offset=0) -> list[dict]:
        sql, args = "SELECT record FROM events WHERE 1=1", []
        if country:
            sql += " AND country = ?"
            args.append(country.upper())
        if since:
            sql += " AND date_start >= ?"
            args.append(str(since))
        if until:
            sql += " AND date_start <= ?"
            args.append(str(until))
        if event_type:
            sql += " AND (event_type = ? OR sub_event_type = ?)"
            args += [event_type, event_type]
        if actor:
            sql += " AND actors LIKE ?"
            args.append(f"%{actor}%")
        sql += " ORDER BY date_start DESC, id LIMIT ? OFFSET ?"
        args += [limit if limit is not None else -1, offset]
        return [json.loads(r["record"]) for r in self.db.execute(sql, args)]

    def event(self, event_id: str) -> dict | None:
        row = self.db.execute("SELECT record, merge_reasons FROM events WHERE id = ?",
                              (event_id,)).fetchone()
        if row is None:
            return None
        record = json.loads(row["record"])
        record["merge_reasons"] = json.loads(row["merge_reasons"] or "[]")
        return record


def _chunks(items: list, size: int = 500):
    """SQLite caps the number of parameters in one statement."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _json(figure: Figure | None) -> str | None:
    return json.dumps(figure.as_dict()) if figure else None


def _load(text):
    return json.loads(text) if text else None


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def mention_from_row(row, claims: list[Claim], evidence: list[Evidence]) -> Mention:
    d = json.loads(row["data"])
    return Mention(
        id=d["id"], article_id=d["article_id"], event_type=d["event_type"],
        sub_event_type=d["sub_event_type"],
        actor1=Actor(**d["actor1"]) if d.get("actor1") else None,
        actor2=Actor(**d["actor2"]) if d.get("actor2") else None,
        place=Place(**d["place"]), date_start=_date(d.get("date_start")),
        date_end=_date(d.get("date_end")), time_precision=d["time_precision"],
        fatalities=Figure.from_dict(d.get("fatalities")),
        injured=Figure.from_dict(d.get("injured")), claims=claims, evidence=evidence,
        trigger=d.get("trigger", ""), confidence=d.get("confidence", 0.5),
        published=_date(d.get("published")))
