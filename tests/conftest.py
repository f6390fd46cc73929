"""Shared database fixtures.

`db_url` gives every test a fresh, empty database, once on SQLite and once on PostgreSQL, so that one
test suite runs against both backends. PostgreSQL comes from FACTDESK_TEST_PG_URL (start one with
`eval "$(.ci/postgres.sh)"`); without it those cases are skipped, or fail when FACTDESK_REQUIRE_PG=1.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "FACTDESK_TEST_PG_URL"


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL server URL for tests (psycopg 3 driver), or skip / fail when there is none."""
    url = os.environ.get(PG_ENV, "")
    if not url:
        reason = f'PostgreSQL tests need {PG_ENV} (start a server with: eval "$(.ci/postgres.sh)")'
        if os.environ.get("FACTDESK_REQUIRE_PG") == "1":
            pytest.fail(f"FACTDESK_REQUIRE_PG=1 but {reason}")
        pytest.skip(reason)
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """A URL whose connections see only a fresh schema of the test server, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    # libpq's `options` makes every connection of the store start in the test's own schema.
    url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL of a new SQLite file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'factdesk.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL, for each backend in turn."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_schema_url"
    return request.getfixturevalue(name)
