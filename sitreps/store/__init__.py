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
from ..review import apply_reviews, check

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
    # 2: reviewer decisions. They are keyed by the mentions the event had when it was
    # reviewed, not by its id, so that a re-merge that changes the id keeps them.
    """
    ALTER TABLE events ADD COLUMN derived TEXT;
    ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed';
    ALTER TABLE events ADD COLUMN confidence REAL;
    UPDATE events SET derived = record;
    CREATE INDEX events_status ON events(status, confidence);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY, event_id TEXT NOT NULL, action TEXT NOT NULL,
        changes TEXT NOT NULL, note TEXT, at TEXT NOT NULL);
    CREATE TABLE review_mentions (
        mention_id TEXT NOT NULL, review_id INTEGER NOT NULL REFERENCES reviews(id),
        PRIMARY KEY (mention_id, review_id));
    """,
    # 3: feed items a watcher has seen, so that a restart does not read them again
    """
    CREATE TABLE seen_items (
        feed TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (feed, key));
    """,
]


def default_path() -> str:
    return os.environ.get("SITREPS_DB") or DEFAULT_DB


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = str(path or default_path())
        try:
            # how long to wait for another writer before giving up (seconds)
            timeout = float(os.environ.get("SITREPS_DB_TIMEOUT", 30))
            self.db = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.migrate()
        except sqlite3.OperationalError as exc:
            raise store_error(self.path, exc) from None
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
        except sqlite3.OperationalError as exc:
            self.db.rollback()
            raise store_error(self.path, exc) from None
        except BaseException:
            self.db.rollback()
            raise

    def close(self) -> None:
        self.db.close()

    # articles -------------------------------------------------------------
    def has_article(self, article: Article) -> bool:
        return self.known(article) != "new"

    def known(self, article: Article) -> str:
        """'new'; 'same' when its id or its text is in already; 'conflict' when its id is
        in already with another text."""
        digest = text_hash(article.text)
        row = self.db.execute("SELECT text_hash FROM articles WHERE id = ?",
                              (article.id,)).fetchone()
        if row is not None:
            return "same" if row[0] == digest else "conflict"
        row = self.db.execute("SELECT 1 FROM articles WHERE text_hash = ?", (digest,)).fetchone()
        return "new" if row is None else "same"

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

    # feed items seen by a watcher ---------------------------------------
    def seen(self, feed: str, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen_items WHERE feed = ? AND key = ?",
                               (feed, key)).fetchone() is not None

    def mark_seen(self, feed: str, keys: list[str]) -> None:
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.db.executemany("INSERT OR IGNORE INTO seen_items VALUES (?,?,?)",
                            [(feed, k, at) for k in keys])

    # mentions and events --------------------------------------------------
    def mentions(self, where: str = "1=1", args=()) -> list[Mention]:
        """Stored mentions (all, or those matching a WHERE clause on the mentions table)."""
        rows = self.db.execute(f"SELECT * FROM mentions WHERE {where} ORDER BY id",
                               args).fetchall()
        claims, evidence = self._children([r["id"] for r in rows])
        return [mention_from_row(r, claims.get(r["id"], []), evidence.get(r["id"], []))
                for r in rows]

    def unmerged_mentions(self) -> list[Mention]:
        """Mentions that belong to no event: stored by an ingest that stopped before it
        merged them."""
        return self.mentions("id NOT IN (SELECT mention_id FROM event_mentions)")

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
        """Put new events in place of the ones they were re-derived from; reviewer decisions
        on their mentions are laid over them again."""
        from ..export import event_record

        for chunk in _chunks(sorted(old_ids)):
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"DELETE FROM event_mentions WHERE event_id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM events WHERE id IN ({marks})", chunk)
        reviewed = self.db.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is not None
        for e in events:
            derived = event_record(e)
            mention_ids = [m.id for m in e.mentions]
            reviews = self._reviews_of(mention_ids) if reviewed else []
            self.db.execute(
                "INSERT OR REPLACE INTO events (id, record, derived, merge_reasons) "
                "VALUES (?,?,?,?)",
                (e.event_id, "{}", json.dumps(derived, ensure_ascii=False),
                 json.dumps(e.merge_reasons)))
            self._write_view(e.event_id, apply_reviews(derived, reviews))
            self.db.executemany("INSERT OR REPLACE INTO event_mentions VALUES (?,?)",
                                [(i, e.event_id) for i in mention_ids])

    def _write_view(self, event_id: str, record: dict) -> None:
        """Store the reviewed record and the columns that filters and sorting use."""
        fatalities = (record.get("fatalities") or {}).get("best")
        self.db.execute(
            "UPDATE events SET event_type=?, sub_event_type=?, country=?, admin1_code=?, "
            "date_start=?, date_end=?, fatalities=?, actors=?, record=?, status=?, "
            "confidence=? WHERE id=?",
            (record["event_type"], record["sub_event_type"], record["country"],
             record["admin1_code"], record["date_start"], record["date_end"], fatalities,
             " | ".join(a for a in (record["actor1"], record["actor2"]) if a),
             json.dumps(record, ensure_ascii=False), record["review"]["status"],
             record.get("confidence"), event_id))

    def _reviews_of(self, mention_ids: list[str]) -> list[dict]:
        ids = set()
        for chunk in _chunks(mention_ids):
            ids |= {r[0] for r in self.db.execute(
                f"SELECT review_id FROM review_mentions WHERE mention_id IN "
                f"({','.join('?' * len(chunk))})", chunk)}
        if not ids:
            return []
        rows = self.db.execute(f"SELECT * FROM reviews WHERE id IN ({','.join('?' * len(ids))}) "
                               "ORDER BY id", sorted(ids))
        return [dict(r, changes=json.loads(r["changes"])) for r in rows]

    def review(self, event_id: str, action: str, changes: dict | None = None,
               note: str = "") -> dict | None:
        """Record a reviewer's decision on an event; the reviewed record, or None when there
        is no such event. Raises review.ReviewError for a bad action or field."""
        changes = check(action, changes)
        row = self.db.execute("SELECT derived FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            return None
        mention_ids = self._mention_ids_of({event_id})
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO reviews (event_id, action, changes, note, at) VALUES (?,?,?,?,?)",
                (event_id, action, json.dumps(changes), note or "",
                 dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
            self.db.executemany("INSERT INTO review_mentions VALUES (?,?)",
                                [(i, cur.lastrowid) for i in mention_ids])
            self._write_view(event_id, apply_reviews(json.loads(row["derived"]),
                                                     self._reviews_of(mention_ids)))
        return self.event(event_id)

    def _where(self, country=None, admin1=None, since=None, until=None, event_type=None,
               sub_event_type=None, actor=None, min_fatalities=None, text=None,
               status=None) -> tuple[str, list]:
        """The WHERE clause of the event filters. Rejected events are left out unless asked
        for by status."""
        sql, args = ["1=1"], []

        def add(clause, *values):
            sql.append(clause)
            args.extend(values)

        if country:
            add("country = ?", country.upper())
        if admin1:
            add("(admin1_code = ? OR lower(json_extract(record, '$.admin1')) = lower(?))",
                admin1, admin1)
        if since:
            add("date_start >= ?", str(since))
        if until:
            add("date_start <= ?", str(until))
        if event_type:
            add("(event_type = ? OR sub_event_type = ?)", event_type, event_type)
        if sub_event_type:
            add("sub_event_type = ?", sub_event_type)
        if actor:
            add("actors LIKE ? ESCAPE '\\'", f"%{_like(actor)}%")
        if min_fatalities:
            add("coalesce(fatalities, 0) >= ?", int(min_fatalities))
        if text:
            add("record LIKE ? ESCAPE '\\'", f"%{_like(text)}%")
        if status:
            add("status = ?", status)
        else:
            add("status != 'rejected'")
        return " AND ".join(sql), args

    SORTS = {"date": "date_start IS NULL, date_start DESC, id",
             "-date": "date_start IS NULL, date_start, id",
             "fatalities": "coalesce(fatalities, 0) DESC, date_start DESC, id",
             "confidence": "coalesce(confidence, 0), date_start DESC, id"}

    def events(self, limit=None, offset=0, sort="date", **filters) -> list[dict]:
        """Reviewed event records matching the filters of `_where`."""
        where, args = self._where(**filters)
        sql = (f"SELECT record FROM events WHERE {where} ORDER BY {self.SORTS[sort]} "
               "LIMIT ? OFFSET ?")
        args += [limit if limit is not None else -1, offset]
        return [json.loads(r["record"]) for r in self.db.execute(sql, args)]

    def count_events(self, **filters) -> int:
        where, args = self._where(**filters)
        return self.db.execute(f"SELECT count(*) FROM events WHERE {where}", args).fetchone()[0]

    def stats(self, **filters) -> dict:
        """Events and fatalities by week (weeks start on Monday), province, type and actor."""
        where, args = self._where(**filters)

        def group(key):
            return [dict(r) for r in self.db.execute(
                f"SELECT {key} AS key, count(*) AS events, sum(coalesce(fatalities, 0)) AS "
                f"fatalities FROM events WHERE {where} GROUP BY 1 ORDER BY 1", args)]

        actors: dict[str, dict] = {}
        for r in self.db.execute(f"SELECT actors, fatalities FROM events WHERE {where}", args):
            for name in filter(None, (r["actors"] or "").split(" | ")):
                row = actors.setdefault(name, {"key": name, "events": 0, "fatalities": 0})
                row["events"] += 1
                row["fatalities"] += r["fatalities"] or 0
        return {
            "by_week": group("date(date_start, 'weekday 0', '-6 days')"),
            "by_province": group("country || ' / ' || coalesce(json_extract(record, "
                                 "'$.admin1'), '?')"),
            "by_type": group("event_type"),
            "by_actor": sorted(actors.values(), key=lambda r: (-r["events"], r["key"])),
        }

    def event(self, event_id: str) -> dict | None:
        row = self.db.execute("SELECT record, merge_reasons FROM events WHERE id = ?",
                              (event_id,)).fetchone()
        if row is None:
            return None
        record = json.loads(row["record"])
        record["merge_reasons"] = json.loads(row["merge_reasons"] or "[]")
        return record


HINTS = ((("locked", "busy"), "another process is writing to it: wait, or stop that process"),
         (("readonly", "read-only"), "the file or its folder is read-only: check the "
                                     "permissions, or give another --db"),
         (("disk is full",), "the disk is full: free some space; nothing of this batch was "
                             "written"),
         (("unable to open",), "check that the folder exists and can be written"))


def store_error(path: str, exc: Exception) -> StoreError:
    """One line that says what went wrong with the database, and what to do."""
    text = str(exc)
    hint = next((h for keys, h in HINTS if any(k in text.lower() for k in keys)),
                "check the database file")
    return StoreError(f"database {path}: {text}", hint)


def _chunks(items: list, size: int = 500):
    """SQLite caps the number of parameters in one statement."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _like(text: str) -> str:
    """A LIKE pattern that matches the text literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
