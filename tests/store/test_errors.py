"""An unusable database is one clear StoreError line, with any password masked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from factdesk.errors import StoreError
from factdesk.store import Store
from factdesk.store.urls import mask, parse


def open_error(url: str) -> str:
    with pytest.raises(StoreError) as info:
        Store(url)
    message = str(info.value)
    assert "\n" not in message and message
    return message


def test_postgresql_urls_use_psycopg_3() -> None:
    assert parse("postgresql://u:pw@h/db").drivername == "postgresql+psycopg"
    assert parse("postgres://u:pw@h/db").drivername == "postgresql+psycopg"
    assert parse("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert parse("sqlite:///x.db").drivername == "sqlite"
    assert mask("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db"


def test_missing_folder(tmp_path: Path) -> None:
    message = open_error(f"sqlite:///{tmp_path / 'nope' / 'factdesk.db'}")
    assert (
        message == f"cannot open the check store at sqlite:///{tmp_path}/nope/factdesk.db: folder "
        f"{tmp_path / 'nope'} does not exist"
    )
    assert not (tmp_path / "nope").exists()


def test_parent_is_a_file_and_path_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert "is not a folder" in open_error(f"sqlite:///{tmp_path / 'file' / 'factdesk.db'}")
    assert "is a folder, not a file" in open_error(f"sqlite:///{tmp_path}")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is plainly not SQLite " * 100)
    assert open_error(f"sqlite:///{path}").endswith("file is not a database")


def test_a_read_only_database_cannot_be_migrated(tmp_path: Path) -> None:
    # mode=ro makes SQLite itself refuse writes, which holds even for root (unlike file permissions).
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    message = open_error(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert "readonly database" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert "unable to open database file" in open_error(f"sqlite:///{folder / 'factdesk.db'}")
    finally:
        folder.chmod(stat.S_IRWXU)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "not a database URL (e.g. sqlite:///"),
        ("nosuchdb://user:hunter2@host/db", "unknown database type 'nosuchdb' in nosuchdb://user:***@host/db"),
        ("mysql+nosuchdriver://user:hunter2@host/db", "unknown database type 'mysql+nosuchdriver'"),
    ],
)
def test_bad_urls(url: str, expected: str) -> None:
    message = open_error(url)
    assert expected in message
    assert "hunter2" not in message


def test_unreachable_postgresql_masks_the_password() -> None:
    # Port 1 on localhost refuses connections: no server is needed for this test.
    message = open_error("postgresql://factdesk:hunter2@127.0.0.1:1/factdesk")
    assert message.startswith("cannot open the check store at postgresql+psycopg://factdesk:***@127.0.0.1:1/factdesk: ")
    assert "hunter2" not in message


def test_wrong_postgresql_password_masks_both_passwords(pg_url: str) -> None:
    url = parse(pg_url).set(password="wrong-hunter2")
    message = open_error(url.render_as_string(hide_password=False))
    assert "password authentication failed" in message
    assert "hunter2" not in message and str(parse(pg_url).password) not in message


def test_the_default_url_comes_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    with Store() as store:
        assert store.count() == 0
    assert (tmp_path / "factdesk.db").is_file()
