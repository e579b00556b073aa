"""What differs between SQLite and PostgreSQL, in one place: opening, the schema version,
locking, upserts and error messages. Everything else is the same SQLAlchemy Core."""

from __future__ import annotations

import os
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import StoreError

DEFAULT_DB = "sitreps.db"
# One number for every sitreps lock in a PostgreSQL database (pg_advisory_xact_lock).
LOCK_KEY = 0x5173_7265


def default_db() -> str:
    return os.environ.get("SITREPS_DB") or DEFAULT_DB


def url_of(db: str) -> sa.engine.URL:
    """A database given as a file path or as a URL (postgresql://user:pass@host/name)."""
    if "://" not in db:
        return sa.engine.URL.create("sqlite", database=db)
    try:
        url = sa.engine.make_url(db)
    except sa.exc.ArgumentError:
        raise StoreError(f"'{db}' is not a database URL",
                         "give a file path, or postgresql://user:password@host:5432/name"
                         ) from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite":
        return url
    raise StoreError(f"sitreps cannot store in {url.drivername} databases",
                     "use a file path (SQLite) or a postgresql:// URL")


def engine_for(url: sa.engine.URL) -> sa.engine.Engine:
    # how long to wait for another writer, or for the server, before giving up (seconds)
    timeout = float(os.environ.get("SITREPS_DB_TIMEOUT", 30))
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(url, pool_size=5, max_overflow=45, pool_pre_ping=True,
                                connect_args={"connect_timeout": max(1, int(timeout))})
    engine = sa.create_engine(url, pool_size=5, max_overflow=45, connect_args={
        "timeout": timeout, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    return engine


def is_postgres(conn) -> bool:
    return conn.dialect.name == "postgresql"


# The schema version: SQLite keeps it in the file header (user_version), as sitreps always
# did; PostgreSQL in a one-row table.
def version(conn) -> int:
    if not is_postgres(conn):
        return conn.exec_driver_sql("PRAGMA user_version").scalar()
    if not sa.inspect(conn).has_table("sitreps_version"):
        return 0
    return conn.execute(sa.text("SELECT version FROM sitreps_version")).scalar() or 0


def set_version(conn, n: int) -> None:
    if not is_postgres(conn):
        conn.exec_driver_sql(f"PRAGMA user_version = {int(n)}")
        return
    conn.execute(sa.text("CREATE TABLE IF NOT EXISTS sitreps_version (version INTEGER)"))
    conn.execute(sa.text("DELETE FROM sitreps_version"))
    conn.execute(sa.text("INSERT INTO sitreps_version VALUES (:n)"), {"n": n})


def lock(conn) -> None:
    """Hold the database's write lock until the end of this transaction.

    Merging reads the mentions of some days, derives their events and writes them back. Two
    writers doing that at once on overlapping days would each delete the other's events and
    keep their own, so merges are made to take turns. On PostgreSQL this is a transaction-
    level advisory lock rather than SERIALIZABLE isolation: a serialization failure would
    throw away a whole merge to be redone, while waiting for the lock costs only the other
    merge's time, which is short next to extraction; readers are never blocked. On SQLite,
    BEGIN IMMEDIATE takes the file's single write lock at once instead of at the first write,
    so that what the merge reads cannot change before it writes."""
    if is_postgres(conn):
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def insert(conn, table: sa.Table):
    """An INSERT that can say what to do when the row is already there."""
    return (postgresql.insert if is_postgres(conn) else sqlite.insert)(table)


def upsert(conn, table: sa.Table, rows: list[dict]) -> None:
    """Insert rows, replacing those with the same primary key."""
    if not rows:
        return
    stmt = insert(conn, table)
    keys = [c.name for c in table.primary_key]
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={
        c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys})
    conn.execute(stmt, rows)


def after_copy(conn, tables) -> None:
    """Explicit ids were written: move PostgreSQL's id sequences past them."""
    if not is_postgres(conn):
        return
    for table in tables:
        if "id" in table.c and isinstance(table.c.id.type, sa.Integer):
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


HINTS = ((("locked", "busy"), "another process is writing to it: wait, or stop that process"),
         (("readonly", "read-only"), "the file or its folder is read-only: check the "
                                     "permissions, or give another --db"),
         (("disk is full", "no space left"), "the disk is full: free some space; nothing of "
                                             "this batch was written"),
         (("unable to open",), "check that the folder exists and can be written"),
         (("connection refused", "could not translate host", "timeout expired"),
          "is the PostgreSQL server running at that host and port?"),
         (("password authentication failed", "no password supplied"),
          "check the user and password in the URL"),
         (("does not exist",), "create the database first (createdb NAME), or check its "
                               "name in the URL"),
         (("not a database",), "check the path: it is not a sitreps database"))


def store_error(name: str, exc: Exception) -> StoreError:
    """One line that says what went wrong with the database, and what to do."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    low = text.lower()
    hint = next((h for keys, h in HINTS if any(k in low for k in keys)), "check the database")
    return StoreError(f"database {name}: {text}", hint)


@contextmanager
def errors(name: str):
    """Database errors that a user can act on become a StoreError with a hint."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        raise store_error(name, exc) from None
    except sa.exc.DatabaseError as exc:
        if type(exc) is not sa.exc.DatabaseError:  # a bug (bad SQL, broken constraint)
            raise
        raise store_error(name, exc) from None


def binary(conn, column):
    """Text compared byte by byte, as SQLite does; PostgreSQL would follow the database's
    locale, so that the same query could sort differently on the two backends."""
    return column.collate("C") if is_postgres(conn) else column
