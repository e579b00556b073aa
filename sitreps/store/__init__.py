"""Stage 7, storing: SQLite (the default, one file in WAL mode) or PostgreSQL (a shared
server), through SQLAlchemy Core, with a versioned schema.

Entry point: `Store(db)`, where db is a file path or a postgresql:// URL. Articles keep
their text; mentions, claims and evidence are stored as extracted; events are derived from
mentions and can be rebuilt at any time. What differs between the backends is in backend.py.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import func, or_, select

from ..errors import StoreError
from ..models import (Actor, Article, Claim, Event, Evidence, Failure, Figure, Mention, Place,
                      to_plain)
from ..read.ids import text_hash
from ..review import apply_reviews, check
from . import backend
from .backend import default_db, errors
from .schema import (MIGRATIONS, articles, claims, event_mentions, events, evidence, failures,
                     mentions, review_mentions, reviews, seen_items)

TABLES = {"articles": articles, "mentions": mentions, "events": events, "failures": failures,
          "claims": claims, "evidence": evidence}


class Store:
    def __init__(self, db: str | Path | None = None, upgrade: bool = True):
        db = str(db or default_db())
        self.url = backend.url_of(db)
        # what to call it in messages: the path, or the URL without its password
        self.path = (sa.engine.make_url(db).render_as_string(hide_password=True)
                     if "://" in db else db)
        self.engine = backend.engine_for(self.url)
        self._local = threading.local()
        self.upgraded = self.upgrade() if upgrade else (self.version,) * 2

    @property
    def version(self) -> int:
        with self._conn() as conn:
            return backend.version(conn)

    def upgrade(self) -> tuple[int, int]:
        """Bring the schema up to date, in one transaction; (version before, version now)."""
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path} has schema version {current}, newer than this sitreps",
                             "upgrade sitreps")
        if current < len(MIGRATIONS):
            with self.transaction(lock=True) as conn:
                current = backend.version(conn)  # another process may have done it meanwhile
                for n, step in enumerate(MIGRATIONS[current:], current + 1):
                    step(conn)
                    backend.set_version(conn, n)
        return current, len(MIGRATIONS)

    @contextmanager
    def transaction(self, lock: bool = False):
        """Everything the store does in this block, in this thread, is one transaction.
        lock=True first takes the database's write lock (backend.lock says why); it only
        counts on the outermost block."""
        if getattr(self._local, "conn", None) is not None:
            yield self._local.conn
            return
        with errors(self.path):
            conn = self.engine.connect()
        self._local.conn = conn
        try:
            with errors(self.path):
                if lock:
                    backend.lock(conn)
                yield conn
                conn.commit()
        except BaseException:
            try:
                conn.rollback()
            except sa.exc.SQLAlchemyError:
                pass  # the connection is gone; so is its transaction
            raise
        finally:
            self._local.conn = None
            conn.close()

    def _conn(self):
        """The transaction of the enclosing block, or one of its own."""
        return self.transaction()

    def close(self) -> None:
        self.engine.dispose()

    # articles -------------------------------------------------------------
    def known(self, article: Article) -> str:
        """'new'; 'same' when its id or its text is in already; 'conflict' when its id is
        in already with another text."""
        return self.known_many([article])[0]

    def known_many(self, batch: list[Article]) -> list[str]:
        """`known` for each article of a batch, in one query per 250 articles."""
        digests = [text_hash(a.text) for a in batch]
        by_id, hashes = {}, set()
        with self._conn() as conn:
            for chunk in _chunks(range(len(batch)), 250):
                rows = conn.execute(select(articles.c.id, articles.c.text_hash).where(or_(
                    articles.c.id.in_([batch[i].id for i in chunk]),
                    articles.c.text_hash.in_([digests[i] for i in chunk]))))
                for row in rows:
                    by_id[row.id] = row.text_hash
                    hashes.add(row.text_hash)
        return [("same" if by_id[a.id] == digest else "conflict") if a.id in by_id
                else "same" if digest in hashes else "new" for a, digest in zip(batch, digests)]

    def add_article(self, article: Article, mentions: list[Mention]) -> bool:
        """Store an article with its mentions; False when it (or its text) is already in."""
        return bool(self.add_articles([(article, mentions)]))

    def add_articles(self, batch: list[tuple[Article, list[Mention]]]) -> set[str]:
        """Store articles with their mentions, a few statements for the whole batch; the ids
        of those added. An article already in (by id or text) is left out, also when
        another writer adds it at the same moment: the second insert does nothing."""
        if not batch:
            return set()
        now = _now()
        rows = [dict(id=a.id, url=a.url, outlet=a.outlet, published=to_plain(a.published),
                     title=a.title, text=a.text, text_hash=text_hash(a.text), source=a.source,
                     ingested_at=now) for a, _ in batch]
        with self._conn() as conn:
            added = set(conn.execute(backend.insert(conn, articles).on_conflict_do_nothing()
                                     .returning(articles.c.id), rows).scalars())
            self._add_mentions(conn, [m for a, found in batch if a.id in added for m in found])
        return added

    def _add_mentions(self, conn, found: list[Mention]) -> None:
        rows, claim_rows, evidence_rows = [], [], []
        for m in found:
            data = to_plain(m)
            for key in ("claims", "evidence"):
                data.pop(key)
            rows.append(dict(id=m.id, article_id=m.article_id, event_type=m.event_type,
                             sub_event_type=m.sub_event_type, country=m.place.country,
                             admin1_code=m.place.admin1_code,
                             date_start=to_plain(m.date_start), data=json.dumps(data)))
            claim_rows += [dict(mention_id=m.id, article_id=c.article_id, source=c.source,
                                killed=_json(c.killed), injured=_json(c.injured),
                                responsibility=int(c.responsibility), text=c.text)
                           for c in m.claims]
            evidence_rows += [dict(mention_id=m.id, article_id=e.article_id, start=e.start,
                                   end=e.end, text=e.text) for e in m.evidence]
        backend.upsert(conn, mentions, rows)
        for table, children in ((claims, claim_rows), (evidence, evidence_rows)):
            if children:
                conn.execute(table.insert(), children)

    def article(self, article_id: str) -> dict | None:
        with self._conn() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        return dict(row._mapping) if row else None

    def article_ids(self) -> list[str]:
        with self._conn() as conn:
            return list(conn.execute(select(articles.c.id)
                                     .order_by(backend.binary(conn, articles.c.id))).scalars())

    def article_meta(self) -> dict[str, dict]:
        cols = [articles.c[k] for k in ("id", "url", "outlet", "published", "title")]
        with self._conn() as conn:
            return {r.id: dict(r._mapping) for r in conn.execute(select(*cols))}

    def count(self, table: str) -> int:
        with self._conn() as conn:
            return conn.execute(select(func.count()).select_from(TABLES[table])).scalar()

    # failures -------------------------------------------------------------
    def add_failure(self, failure: Failure) -> None:
        with self._conn() as conn:
            conn.execute(failures.insert().values(
                source=failure.source, article_id=failure.article_id, stage=failure.stage,
                reason=failure.reason, at=_now()))

    def failures(self) -> list[dict]:
        with self._conn() as conn:
            return [dict(r._mapping) for r in conn.execute(select(failures)
                                                           .order_by(failures.c.id))]

    # feed items seen by a watcher ---------------------------------------
    def seen(self, feed: str, key: str) -> bool:
        with self._conn() as conn:
            return conn.execute(select(seen_items.c.key).where(
                seen_items.c.feed == feed, seen_items.c.key == key)).first() is not None

    def mark_seen(self, feed: str, keys: list[str]) -> None:
        if not keys:
            return
        at = _now()
        with self._conn() as conn:
            conn.execute(backend.insert(conn, seen_items).on_conflict_do_nothing(),
                         [dict(feed=feed, key=k, at=at) for k in keys])

    # mentions and events --------------------------------------------------
    def mentions(self, *where) -> list[Mention]:
        """Stored mentions (all, or those matching conditions on the mentions table), in
        the order of their ids."""
        with self._conn() as conn:
            rows = conn.execute(select(mentions.c.id, mentions.c.data).where(*where)
                                .order_by(backend.binary(conn, mentions.c.id))).all()
            found_claims, found_evidence = self._children(conn, [r.id for r in rows])
        return [mention_from_data(r.data, found_claims.get(r.id, []),
                                  found_evidence.get(r.id, [])) for r in rows]

    def unmerged_mentions(self) -> list[Mention]:
        """Mentions that belong to no event: stored by an ingest that has not merged yet,
        or that stopped before it merged them."""
        return self.mentions(mentions.c.id.not_in(select(event_mentions.c.mention_id)))

    def mentions_near(self, country: str, event_type: str, first: str, last: str) -> list[Mention]:
        """Mentions of one block dated between two days, with every other mention of the
        events they belong to: what a re-merge of those days has to look at."""
        found = self.mentions(func.coalesce(mentions.c.country, "") == country,
                              mentions.c.event_type == event_type,
                              mentions.c.date_start.between(first, last))
        have = {m.id for m in found}
        more = [i for i in self._mention_ids_of(self.events_of(have)) if i not in have]
        return found + (self.mentions_by_id(more) if more else [])

    def mentions_by_id(self, ids: list[str]) -> list[Mention]:
        out = []
        for chunk in _chunks(ids):
            out += self.mentions(mentions.c.id.in_(chunk))
        return out

    def events_of(self, mention_ids) -> set[str]:
        with self._conn() as conn:
            return set(_lookup(conn, event_mentions.c.event_id, event_mentions.c.mention_id,
                               mention_ids))

    def _mention_ids_of(self, event_ids: set[str]) -> list[str]:
        with self._conn() as conn:
            return _lookup(conn, event_mentions.c.mention_id, event_mentions.c.event_id,
                           sorted(event_ids))

    def _children(self, conn, ids: list[str]):
        found_claims, found_evidence = defaultdict(list), defaultdict(list)
        for chunk in _chunks(ids):
            for r in conn.execute(select(claims).where(claims.c.mention_id.in_(chunk))
                                  .order_by(claims.c.id)):
                found_claims[r.mention_id].append(Claim(
                    source=r.source, article_id=r.article_id,
                    killed=Figure.from_dict(_load(r.killed)),
                    injured=Figure.from_dict(_load(r.injured)),
                    responsibility=bool(r.responsibility), text=r.text or ""))
            for r in conn.execute(select(evidence).where(evidence.c.mention_id.in_(chunk))
                                  .order_by(evidence.c.id)):
                found_evidence[r.mention_id].append(
                    Evidence(r.article_id, r.start, r.end, r.text))
        return found_claims, found_evidence

    def replace_events(self, old_ids: set[str], new: list[Event]) -> None:
        """Put new events in place of the ones they were re-derived from; reviewer decisions
        on their mentions are laid over them again."""
        from ..export import event_record

        with self._conn() as conn:
            for chunk in _chunks(sorted(old_ids)):
                conn.execute(event_mentions.delete().where(event_mentions.c.event_id.in_(chunk)))
                conn.execute(events.delete().where(events.c.id.in_(chunk)))
            reviewed = conn.execute(select(reviews.c.id).limit(1)).first() is not None
            rows, links = [], []
            for e in new:
                derived = event_record(e)
                mention_ids = [m.id for m in e.mentions]
                record = apply_reviews(derived, self._reviews_of(conn, mention_ids)
                                       if reviewed else [])
                rows.append(dict(id=e.event_id, derived=json.dumps(derived, ensure_ascii=False),
                                 merge_reasons=json.dumps(e.merge_reasons), **_view(record)))
                links += [dict(mention_id=i, event_id=e.event_id) for i in mention_ids]
            backend.upsert(conn, events, rows)
            backend.upsert(conn, event_mentions, links)

    def _reviews_of(self, conn, mention_ids: list[str]) -> list[dict]:
        ids = set(_lookup(conn, review_mentions.c.review_id, review_mentions.c.mention_id,
                          mention_ids))
        if not ids:
            return []
        rows = conn.execute(select(reviews).where(reviews.c.id.in_(sorted(ids)))
                            .order_by(reviews.c.id))
        return [dict(r._mapping, changes=json.loads(r.changes)) for r in rows]

    def review(self, event_id: str, action: str, changes: dict | None = None,
               note: str = "") -> dict | None:
        """Record a reviewer's decision on an event; the reviewed record, or None when there
        is no such event. Raises review.ReviewError for a bad action or field."""
        changes = check(action, changes)
        with self.transaction() as conn:
            derived = conn.execute(select(events.c.derived)
                                   .where(events.c.id == event_id)).scalar()
            if derived is None:
                return None
            mention_ids = self._mention_ids_of({event_id})
            review_id = conn.execute(reviews.insert().values(
                event_id=event_id, action=action, changes=json.dumps(changes),
                note=note or "", at=_now())).inserted_primary_key[0]
            conn.execute(review_mentions.insert(),
                         [dict(mention_id=i, review_id=review_id) for i in mention_ids])
            record = apply_reviews(json.loads(derived), self._reviews_of(conn, mention_ids))
            conn.execute(events.update().where(events.c.id == event_id).values(**_view(record)))
        return self.event(event_id)

    @staticmethod
    def _where(country=None, admin1=None, since=None, until=None, event_type=None,
               sub_event_type=None, actor=None, min_fatalities=None, text=None,
               status=None) -> list:
        """The conditions of the event filters. Rejected events are left out unless asked
        for by status."""
        c = events.c
        where = [c.status == status if status else c.status != "rejected"]
        if country:
            where.append(c.country == country.upper())
        if admin1:
            where.append(or_(c.admin1_code == admin1, func.lower(c.admin1) == admin1.lower()))
        if since:
            where.append(c.date_start >= str(since))
        if until:
            where.append(c.date_start <= str(until))
        if event_type:
            where.append(or_(c.event_type == event_type, c.sub_event_type == event_type))
        if sub_event_type:
            where.append(c.sub_event_type == sub_event_type)
        if actor:
            where.append(c.actors.icontains(actor, autoescape=True))
        if min_fatalities:
            where.append(func.coalesce(c.fatalities, 0) >= int(min_fatalities))
        if text:
            where.append(c.record.icontains(text, autoescape=True))
        return where

    SORTS = ("date", "-date", "fatalities", "confidence")

    @staticmethod
    def _order(conn, sort: str) -> list:
        """Undated events last, then the same order on both backends (text compared byte by
        byte, as SQLite does)."""
        c = events.c
        day, key = backend.binary(conn, c.date_start), backend.binary(conn, c.id)
        return {"date": [c.date_start.is_(None), day.desc(), key],
                "-date": [c.date_start.is_(None), day, key],
                "fatalities": [func.coalesce(c.fatalities, 0).desc(), c.date_start.is_(None),
                               day.desc(), key],
                "confidence": [func.coalesce(c.confidence, 0), c.date_start.is_(None),
                               day.desc(), key]}[sort]

    def events(self, limit=None, offset=0, sort="date", **filters) -> list[dict]:
        """Reviewed event records matching the filters of `_where`."""
        with self._conn() as conn:
            rows = conn.execute(select(events.c.record).where(*self._where(**filters))
                                .order_by(*self._order(conn, sort))
                                .limit(limit).offset(offset or None)).scalars()
            return [json.loads(r) for r in rows]

    def count_events(self, **filters) -> int:
        with self._conn() as conn:
            return conn.execute(select(func.count()).select_from(events)
                                .where(*self._where(**filters))).scalar()

    def stats(self, **filters) -> dict:
        """Events and fatalities by week (weeks start on Monday), province, type and actor.
        The database groups; what needs Python (weeks, names) folds the groups after."""
        from ..trends import period

        c, where = events.c, self._where(**filters)

        def fold(columns, keys, order=lambda r: (r["key"] is not None, r["key"] or "")):
            totals = defaultdict(lambda: [0, 0])
            with self._conn() as conn:
                rows = conn.execute(select(*columns, func.count(),
                                           func.sum(func.coalesce(c.fatalities, 0)))
                                    .where(*where).group_by(*columns))
                for *values, n, killed in rows:
                    for key in keys(*values):
                        totals[key][0] += n
                        totals[key][1] += int(killed or 0)
            return sorted(({"key": k, "events": n, "fatalities": f}
                           for k, (n, f) in totals.items()), key=order)

        return {
            "by_week": fold([c.date_start], lambda day: [
                str(period(dt.date.fromisoformat(day), "week")) if day else None]),
            "by_province": fold([c.country, c.admin1], lambda country, admin1: [
                f"{country} / {admin1 or '?'}" if country else None]),
            "by_type": fold([c.event_type], lambda kind: [kind]),
            "by_actor": fold([c.actors], lambda actors: set(filter(None, (actors or "")
                                                                   .split(" | "))),
                             order=lambda r: (-r["events"], r["key"])),
        }

    def event(self, event_id: str) -> dict | None:
        with self._conn() as conn:
            row = conn.execute(select(events.c.record, events.c.merge_reasons)
                               .where(events.c.id == event_id)).first()
        if row is None:
            return None
        record = json.loads(row.record)
        record["merge_reasons"] = json.loads(row.merge_reasons or "[]")
        return record


def _view(record: dict) -> dict:
    """The reviewed record, and the columns that filters and sorting use."""
    return dict(
        event_type=record["event_type"], sub_event_type=record["sub_event_type"],
        country=record["country"], admin1_code=record["admin1_code"],
        admin1=record.get("admin1"), date_start=record["date_start"],
        date_end=record["date_end"], fatalities=(record.get("fatalities") or {}).get("best"),
        actors=" | ".join(a for a in (record["actor1"], record["actor2"]) if a),
        record=json.dumps(record, ensure_ascii=False), status=record["review"]["status"],
        confidence=record.get("confidence"))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _chunks(items, size: int = 500):
    """SQLite caps the number of parameters in one statement."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _lookup(conn, wanted, key, values) -> list:
    """The `wanted` column of the rows whose `key` is one of values (a link table read one
    way or the other), a chunk of values per query."""
    out = []
    for chunk in _chunks(values):
        out += conn.execute(select(wanted).where(key.in_(chunk))).scalars()
    return out


def _json(figure: Figure | None) -> str | None:
    return json.dumps(figure.as_dict()) if figure else None


def _load(text):
    return json.loads(text) if text else None


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def mention_from_data(data: str, claims: list[Claim], evidence: list[Evidence]) -> Mention:
    d = json.loads(data)
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
