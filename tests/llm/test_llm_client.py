"""The client against a local server speaking the OpenAI wire format: success, errors, retries, limits, cache."""

from __future__ import annotations

import threading
import time

import pytest
from fakeopenai import FakeOpenAI, completion, error

from factdesk.llm.cache import ResponseCache
from factdesk.llm.client import ChatClient, LLMError, LLMHTTPError
from factdesk.llm.config import Endpoint
from factdesk.llm.trace import tracing

HELLO = [{"role": "user", "content": "Say hi"}]


def test_success_sends_the_documented_request_and_reads_content_and_usage(
        fake: FakeOpenAI, endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_KEY", "sk-test-123")
    fake.push(200, completion("Hi there", prompt_tokens=5, completion_tokens=2))
    client = ChatClient(endpoint.model_copy(update={"key_env": "FAKE_KEY"}))
    with tracing() as trace:
        result = client.chat(HELLO, stage="test")
    assert (result.content, result.prompt_tokens, result.completion_tokens, result.cached) == ("Hi there", 5, 2, False)
    [request] = fake.requests
    assert request["model"] == "fake-model" and request["messages"] == HELLO and request["temperature"] == 0
    assert fake.headers[0]["Authorization"] == "Bearer sk-test-123"
    [call] = trace.calls
    assert call.stage == "test" and call.response == "Hi there" and call.prompt_tokens == 5 and not call.cached
    assert "sk-test-123" not in str(call.request)  # the key is never recorded


def test_missing_key_variable_is_a_clear_error_before_any_request(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    client = ChatClient(endpoint.model_copy(update={"key_env": "FACTDESK_NO_SUCH_KEY"}))
    with pytest.raises(LLMError, match="set the environment variable FACTDESK_NO_SUCH_KEY"):
        client.chat(HELLO, stage="test")
    assert fake.requests == []


def test_400_is_not_retried_and_carries_the_servers_message(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(400, error("Invalid value for 'temperature'", param="temperature"))
    with pytest.raises(LLMHTTPError, match="Invalid value for 'temperature'") as info:
        ChatClient(endpoint).chat(HELLO, stage="test")
    assert info.value.status == 400 and len(fake.requests) == 1


def test_500_is_retried_then_succeeds(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(500, error("The server had an error while processing your request.", type_="server_error"))
    fake.push(503, b"<html>Service Unavailable</html>")
    fake.push(200, completion("recovered"))
    assert ChatClient(endpoint).chat(HELLO, stage="test").content == "recovered"
    assert len(fake.requests) == 3


def test_persistent_500_fails_after_the_retries_with_the_last_reason(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    for _ in range(3):
        fake.push(500, error("overloaded", type_="server_error"))
    with tracing() as trace, pytest.raises(LLMError, match=r"failed after 3 attempt\(s\): HTTP 500: overloaded"):
        ChatClient(endpoint).chat(HELLO, stage="test")
    assert len(fake.requests) == 3
    assert trace.calls[0].error and trace.calls[0].response is None


def test_429_waits_for_retry_after(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(429, error("Rate limit reached for requests", type_="requests", code="rate_limit_exceeded"),
              {"Retry-After": "1"})
    fake.push(200, completion("after the wait"))
    started = time.perf_counter()
    assert ChatClient(endpoint).chat(HELLO, stage="test").content == "after the wait"
    assert time.perf_counter() - started >= 0.95  # the backoff alone would be ~0.01 s in tests


def test_429_retry_after_ms_is_honoured_too(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(429, error("Rate limit reached", type_="requests"), {"retry-after-ms": "300"})
    fake.push(200, completion("ok"))
    started = time.perf_counter()
    ChatClient(endpoint).chat(HELLO, stage="test")
    assert 0.28 <= time.perf_counter() - started < 0.9


def test_malformed_json_is_retried_then_reported(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(200, b'{"choices": [ {"message": ')
    fake.push(200, {"object": "chat.completion", "choices": []})
    fake.push(200, b"not json at all")
    with pytest.raises(LLMError, match="malformed JSON response"):
        ChatClient(endpoint).chat(HELLO, stage="test")
    fake.push(200, b"{oops")
    fake.push(200, completion("fine"))
    assert ChatClient(endpoint).chat([{"role": "user", "content": "again"}], stage="test").content == "fine"


def test_timeout_is_retried_and_reported(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.delay_s = 0.6
    client = ChatClient(endpoint.model_copy(update={"timeout_s": 0.2, "max_retries": 1}))
    with pytest.raises(LLMError, match=r"no answer within 0.2 s"):
        client.chat(HELLO, stage="test")
    assert len(fake.requests) == 2


def test_unreachable_server_is_a_clear_error(endpoint: Endpoint) -> None:
    client = ChatClient(endpoint.model_copy(update={"base_url": "http://127.0.0.1:9/v1", "max_retries": 1}))
    with pytest.raises(LLMError, match="cannot reach http://127.0.0.1:9/v1"):
        client.chat(HELLO, stage="test")


def test_concurrency_limit_holds_across_threads(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.delay_s = 0.3
    client = ChatClient(endpoint.model_copy(update={"id": "limited", "concurrency": 2, "cache": False}))
    threads = [threading.Thread(target=client.chat, args=([{"role": "user", "content": str(i)}],),
                                kwargs={"stage": "test"}) for i in range(6)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # six 0.3 s requests, two at a time, take at least three rounds
    assert len(fake.requests) == 6 and fake.max_in_flight <= 2 and time.perf_counter() - started >= 0.85


def test_identical_requests_are_served_from_the_cache(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    client = ChatClient(endpoint)
    first = client.chat(HELLO, stage="test")
    with tracing() as trace:
        again = ChatClient(endpoint).chat(HELLO, stage="test")  # a new client, the same on-disk cache
    assert len(fake.requests) == 1
    assert again.cached and again.content == first.content and again.prompt_tokens == first.prompt_tokens
    assert trace.calls[0].cached
    client.chat([{"role": "user", "content": "Say bye"}], stage="test")  # a different request is sent
    assert len(fake.requests) == 2 and len(ResponseCache()) == 2


def test_errors_are_not_cached(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(400, error("bad"))
    with pytest.raises(LLMHTTPError):
        ChatClient(endpoint).chat(HELLO, stage="test")
    assert ChatClient(endpoint).chat(HELLO, stage="test").content
    assert len(fake.requests) == 2


def test_threads_that_call_first_all_use_the_cache(fake: FakeOpenAI, endpoint: Endpoint,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The cause of the flaky end-to-end replay: the cache was marked ready before it existed, so a thread
    that asked meanwhile skipped it, and its answer was never cached. Opening the cache is slowed here."""
    import factdesk.llm.client as client_module

    class SlowCache(ResponseCache):
        def __init__(self) -> None:
            time.sleep(0.3)  # a loaded machine: opening SQLite and creating the table takes a while
            super().__init__()

    monkeypatch.setattr(client_module, "ResponseCache", SlowCache)
    client = ChatClient(endpoint)
    barrier = threading.Barrier(4)
    seen: list[ResponseCache | None] = []

    def ask() -> None:
        barrier.wait()
        seen.append(client.cache)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and all(cache is not None and cache is seen[0] for cache in seen)
