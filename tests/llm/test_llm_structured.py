"""Structured output: json_schema where supported, then json_object, then tolerant text parsing; clear failure."""

from __future__ import annotations

import pytest
from fakeopenai import FakeOpenAI, completion, error
from pydantic import BaseModel

from factdesk.llm.client import ChatClient
from factdesk.llm.config import Endpoint
from factdesk.llm.structured import StructuredOutputError, complete_json, extract_json, strict_schema
from factdesk.llm.trace import tracing
from factdesk.verify.llm import LLMJudgement

ASK = [{"role": "user", "content": "Capital of France? JSON please."}]


class Answer(BaseModel):
    answer: str


@pytest.mark.parametrize(("text", "expected"), [
    ('{"answer": "Paris"}', {"answer": "Paris"}),
    ('```json\n{"answer": "Paris"}\n```', {"answer": "Paris"}),
    ('Sure! {"answer": "Paris"} Hope that helps {.', {"answer": "Paris"}),
    ('Note {not json} then {"answer": {"nested": [1, 2]}}', {"answer": {"nested": [1, 2]}}),
])
def test_extract_json_is_tolerant(text: str, expected: dict) -> None:
    assert extract_json(text) == expected


def test_extract_json_without_an_object_fails() -> None:
    with pytest.raises(ValueError, match="no JSON object"):
        extract_json("I cannot answer that.")


def test_strict_schema_requires_every_property_and_forbids_others() -> None:
    schema = strict_schema(LLMJudgement)
    assert schema["required"] == ["label", "confidence", "rationale", "cited"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["label"]["enum"] == ["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]


def test_json_schema_is_used_where_supported(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    assert complete_json(ChatClient(endpoint), ASK, Answer, stage="test").answer == "Paris"
    [request] = fake.requests
    fmt = request["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["required"] == ["answer"]


def test_json_schema_unsupported_falls_back_to_json_object_and_is_remembered(
        fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.json_schema = False
    client = ChatClient(endpoint)
    with tracing() as trace:
        assert complete_json(client, ASK, Answer, stage="test").answer == "Paris"
        complete_json(client, [{"role": "user", "content": "again, JSON"}], Answer, stage="test")
    assert [r.get("response_format", {}).get("type") for r in fake.requests] == [
        "json_schema", "json_object", "json_object"]
    assert any("refused response_format json_schema" in n and "using json_object" in n for n in trace.notes)


def test_a_server_error_about_response_format_is_a_refusal_not_a_retry(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    # llama-cpp-python 0.3.x: a json_schema response_format fails its request validation with HTTP 500
    fake.push(500, {"detail": [{"type": "literal_error", "loc": ["body", "response_format", "type"],
                                "msg": "Input should be 'text' or 'json_object'", "input": "json_schema"}]})
    assert complete_json(ChatClient(endpoint), ASK, Answer, stage="test").answer == "Paris"
    assert [r.get("response_format", {}).get("type") for r in fake.requests] == ["json_schema", "json_object"]


def test_json_object_unsupported_falls_back_to_text_with_tolerant_parsing(
        fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(400, error("response_format is not supported", param="response_format"))
    fake.push(400, error("response_format is not supported", param="response_format"))
    fake.push(200, completion('Here you go:\n```json\n{"answer": "Paris"}\n```'))
    assert complete_json(ChatClient(endpoint), ASK, Answer, stage="test").answer == "Paris"
    assert "response_format" not in fake.requests[-1]


def test_a_malformed_answer_is_retried_once_in_the_next_mode(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(200, completion('{"wrong": 1}'))
    fake.push(200, completion('{"answer": "Paris"}'))
    assert complete_json(ChatClient(endpoint), ASK, Answer, stage="test").answer == "Paris"
    assert [r["response_format"]["type"] for r in fake.requests] == ["json_schema", "json_object"]


def test_unusable_answers_raise_a_clear_error(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(200, completion("I am a teapot"))
    fake.push(200, completion('{"answer": '))
    with pytest.raises(StructuredOutputError, match="unusable answer from LLM endpoint 'fake'.*json_schema.*json_obj"):
        complete_json(ChatClient(endpoint), ASK, Answer, stage="test")


def test_an_explicit_mode_is_not_downgraded(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.json_schema = False
    with pytest.raises(Exception, match="not supported"):
        complete_json(ChatClient(endpoint.model_copy(update={"json_mode": "json_schema"})), ASK, Answer, stage="t")
    assert len(fake.requests) == 1
