"""`factdesk llm test ID`: one small structured request, uncached, reporting what the server supports."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from factdesk.llm import trace
from factdesk.llm.client import ChatClient
from factdesk.llm.config import get
from factdesk.llm.structured import complete_json


class Probe(BaseModel):
    answer: str


def probe(endpoint_id: str) -> dict[str, Any]:
    endpoint = get(endpoint_id).model_copy(update={"cache": False, "max_retries": 1})
    client = ChatClient(endpoint)
    messages = [{"role": "system", "content": 'Answer with one JSON object: {"answer": "<your answer>"}'},
                {"role": "user", "content": "What is the capital of France? One word."}]
    with trace.tracing() as current:
        result = complete_json(client, messages, Probe, stage="test", max_tokens=60)
    last = next(c for c in reversed(current.calls) if c.error is None)
    fmt = last.request.get("response_format")
    return {
        "endpoint": endpoint.id,
        "model": last.model,
        "json_mode": fmt["type"] if fmt else "text",
        "answer": result.answer,
        "latency_ms": last.latency_ms,
        "prompt_tokens": last.prompt_tokens,
        "completion_tokens": last.completion_tokens,
        "notes": current.notes,
    }
