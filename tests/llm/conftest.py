from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeopenai import FakeOpenAI, desk_responder

from factdesk.llm import structured
from factdesk.llm.client import ChatClient
from factdesk.llm.config import Endpoint


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(desk_responder)
    yield server
    server.close()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own FACTDESK_HOME (llm.json, the response cache) and fresh structured-mode memory."""
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(structured, "_modes", {})
    monkeypatch.setattr(ChatClient, "backoff_s", 0.01)
    return tmp_path / "home"


@pytest.fixture
def endpoint(fake: FakeOpenAI) -> Endpoint:
    return Endpoint(id="fake", base_url=fake.base_url, model="fake-model", timeout_s=5, max_retries=2,
                    fallback="nei")
