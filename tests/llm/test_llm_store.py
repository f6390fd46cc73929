"""LLM calls are stored with their check, in the same transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from factdesk.errors import StoreError
from factdesk.llm.trace import CallRecord
from factdesk.models import Article, Brief
from factdesk.store import Store


def brief(check_id: str) -> Brief:
    return Brief(check_id=check_id, created_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
                 article=Article(text="Acme opened a factory.", source="<text>"), summary=[], results=[],
                 predictions=[], references=[], models={})


CALLS = [
    CallRecord(stage="claims", endpoint="e", model="m", request={"model": "m", "messages": [{"role": "user",
               "content": "ARTICLE: Acme … ünïcode"}]}, response='{"claims": []}', prompt_tokens=120,
               completion_tokens=9, latency_ms=431.5, cached=False),
    CallRecord(stage="verify", endpoint="e", model="m", request={"model": "m"}, response=None, prompt_tokens=None,
               completion_tokens=None, latency_ms=2.0, cached=False, error="HTTP 500: boom"),
]


def test_calls_round_trip_in_order(db_url: str) -> None:
    with Store(db_url) as store:
        store.save(brief("abc"), llm_calls=CALLS)
        store.save(brief("def"))
        rows = store.llm_calls("abc")
        assert store.llm_calls("def") == []
    assert [(r["position"], r["stage"], r["prompt_tokens"], r["cached"], r["error"]) for r in rows] == [
        (0, "claims", 120, False, None), (1, "verify", None, False, "HTTP 500: boom")]
    assert rows[0]["request"]["messages"][0]["content"].endswith("ünïcode") and rows[0]["latency_ms"] == 431.5


def test_a_call_that_cannot_be_written_leaves_no_check_behind(db_url: str) -> None:
    broken = CallRecord(stage=None, endpoint="e", model="m", request={}, response=None,  # type: ignore[arg-type]
                        prompt_tokens=None, completion_tokens=None, latency_ms=1.0, cached=False)
    with Store(db_url) as store:
        with pytest.raises(StoreError):
            store.save(brief("abc"), llm_calls=[CALLS[0], broken])
        assert store.count() == 0 and store.llm_calls("abc") == []
