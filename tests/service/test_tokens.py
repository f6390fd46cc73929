"""API tokens: created, listed and revoked by the CLI, stored hashed, required for writes once any exists."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select

from factdesk.cli.main import group
from factdesk.store.schema import tokens as tokens_table

from .conftest import Server, http


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(group, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_tokens_cli_stores_only_a_hash(db_url: str) -> None:
    code, out, err = cli("tokens", "create", "newsroom-bot", "--db", db_url)
    assert code == 0 and "not shown again" in err
    token = out.strip()
    assert token.startswith("fdk_") and len(token) > 40
    engine = create_engine(db_url)
    with engine.connect() as conn:
        stored = conn.execute(select(tokens_table)).one()
    engine.dispose()
    assert stored.name == "newsroom-bot" and token not in stored.hash and len(stored.hash) == 64
    code, listed, _ = cli("tokens", "list", "--db", db_url)
    assert code == 0 and "newsroom-bot" in listed and "active" in listed and token not in listed
    assert cli("tokens", "revoke", "newsroom-bot", "--db", db_url)[:2] == (0, "revoked 1 token(s)\n")
    assert "revoked" in cli("tokens", "list", "--db", db_url)[1]
    with pytest.raises(Exception, match="no active token"):
        cli("tokens", "revoke", "newsroom-bot", "--db", db_url)


def test_writes_need_a_token_once_one_exists(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    from factdesk.service import tokens

    body = {"text": "Rome is the capital city of Italy."}
    assert http("POST", f"{server.url}/v1/checks", body).status == 202  # no token exists yet: open
    info, token = tokens.create(server.store, "editor")
    with caplog.at_level(logging.DEBUG):
        refused = http("POST", f"{server.url}/v1/checks", body)
        assert refused.status == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
        assert http("POST", f"{server.url}/v1/checks", body, {"Authorization": "Bearer fdk_wrong_x"}).status == 401
        assert http("POST", f"{server.url}/v1/kbs/x/documents", {"documents": [{"id": "a", "text": "b"}]}).status == 401
        assert http("POST", f"{server.url}/v1/feeds", {"url": "http://127.0.0.1:9/f"}).status == 401
        accepted = http("POST", f"{server.url}/v1/checks", body, {"Authorization": f"Bearer {token}"})
        assert accepted.status == 202
        # reads stay open
        assert http("GET", f"{server.url}/v1/checks").status == 200
        assert http("GET", f"{server.url}/v1/checks/{accepted.json()['id']}").status == 200
        # the desk's no-JavaScript form needs it too
        form = http("POST", f"{server.url}/checks", raw=b"text=Rome+is+in+Italy.",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert form.status == 401
    assert not any(token in record.getMessage() for record in caplog.records)
    assert tokens.all_tokens(server.store)[0].last_used_at is not None
    tokens.revoke(server.store, info.id)
    assert http("POST", f"{server.url}/v1/checks", body).status == 202  # none active: open again
