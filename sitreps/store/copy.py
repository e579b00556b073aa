"""`sitreps db copy`: a whole store from one database to another (SQLite to PostgreSQL and
back), row for row, ids included."""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import StoreError
from . import Store, backend
from .schema import ORDER

ROWS = 2000  # rows read and written at a time: memory stays flat on big stores


def copy(source: Store, target: Store, on_rows=None) -> dict[str, int]:
    """Copy every table of source into target, which must be empty; rows copied per table.
    It is one transaction on the target: an interrupted copy leaves it empty."""
    if any(target.count(t) for t in ("articles", "events", "failures")):
        raise StoreError(f"{target.path} is not empty",
                         "copy into a new database, so that nothing in it is overwritten")
    copied = {}
    with target.transaction(lock=True) as write, source.transaction() as read:
        for table in ORDER:
            rows = read.execution_options(yield_per=ROWS).execute(
                sa.select(table).order_by(*table.primary_key.columns))
            copied[table.name] = 0
            for part in rows.partitions():
                write.execute(table.insert(), [dict(r._mapping) for r in part])
                copied[table.name] += len(part)
                if on_rows:
                    on_rows(len(part))
        backend.after_copy(write, ORDER)
    return copied
