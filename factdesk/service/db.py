"""The service's view of the store: the check store plus public transactions for the service tables.

`ServiceStore` is a `factdesk.store.Store` (same engine, same migrations, same error messages), so the
checks the service records are the ones `factdesk history` lists. The job queue, feeds and tokens
modules run their queries through `tx()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from factdesk.predictions.ledger import Ledger


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything is written in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class ServiceStore(Ledger):
    """A Store (and predictions Ledger) with `tx()`: one transaction (write=True takes the write lock at once on
    SQLite)."""

    @contextmanager
    def tx(self, write: bool = False, action: str = "read") -> Iterator[Connection]:
        with self._errors(action), self._transaction(write=write) as conn:
            yield conn
