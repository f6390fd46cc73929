"""Database URLs: normalising the driver and masking secrets before a URL is shown anywhere."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from factdesk.errors import StoreError

_EXAMPLES = "e.g. sqlite:///path/to/factdesk.db or postgresql://user:password@host:5432/dbname"


def parse(url: str) -> URL:
    """Parse `url`, rewriting `postgresql://` (and `postgres://`) to the psycopg 3 driver.

    >>> parse("postgresql://u:pw@localhost/db").drivername
    'postgresql+psycopg'
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        # The raw string may hold a password, so it is not echoed back.
        raise StoreError(f"not a database URL ({_EXAMPLES})") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def mask(url: URL | str) -> str:
    """The URL as it may be shown in messages and logs: the password replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return "<unparsable URL>"
    return url.render_as_string(hide_password=True)


def scrub(message: str, url: URL) -> str:
    """`message` with the URL's password removed, in case a driver echoes its connection string."""
    if url.password:
        message = message.replace(str(url.password), "***")
    return message


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL, or None for in-memory and `file:` URI databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.query.get("uri") in ("true", "1") or url.database.startswith("file:"):
        return None
    return Path(url.database)
