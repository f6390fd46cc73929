"""One stdlib client for `POST {base_url}/chat/completions`, the OpenAI-compatible wire format that Ollama,
vLLM, llama.cpp's server, LM Studio and the hosted APIs all speak.

- retries with exponential backoff and jitter on timeouts, connection errors, malformed responses, 408/409/429
  and 5xx; a 429's `Retry-After` (seconds or an HTTP date, or `retry-after-ms`) is honoured;
- other 4xx errors are not retried: the server's own message is raised (`LLMHTTPError.status` tells the
  structured-output layer when a `response_format` was refused);
- at most `endpoint.concurrency` requests in flight per endpoint, however many threads call;
- identical requests are answered from the cache; every call is recorded in the current trace.

Example::

    client = ChatClient(config.get("ollama"))
    result = client.chat([{"role": "user", "content": "Say hi"}], stage="test")
    print(result.content, result.prompt_tokens, result.latency_ms)
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from factdesk.llm import trace
from factdesk.llm.cache import ResponseCache, request_key
from factdesk.llm.config import Endpoint
from factdesk.llm.errors import LLMError, LLMHTTPError

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_WAIT_S = 60.0  # a Retry-After longer than this is capped: a check should not stall for minutes
USER_AGENT = "factdesk-llm/1"
__all__ = ["ChatClient", "ChatResult", "LLMError", "LLMHTTPError"]


@dataclass(frozen=True)
class ChatResult:
    content: str
    model: str
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: float
    cached: bool
    finish_reason: str | None = None


class _Retry(Exception):
    def __init__(self, reason: str, wait_s: float | None = None) -> None:
        super().__init__(reason)
        self.wait_s = wait_s


_semaphores: dict[tuple[str, str], threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def _semaphore(endpoint: Endpoint) -> threading.BoundedSemaphore:
    key = (endpoint.id, endpoint.base_url)
    with _semaphores_lock:
        if key not in _semaphores:
            _semaphores[key] = threading.BoundedSemaphore(endpoint.concurrency)
        return _semaphores[key]


def retry_after(headers: Any) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (delta-seconds or an HTTP date)."""
    if headers is None:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


def _error_message(status: int, raw: bytes) -> str:
    """The server's own error text: OpenAI's {"error": {"message": ...}}, or the start of the body."""
    text = raw.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
        error = data.get("error", data) if isinstance(data, dict) else data
        message = error.get("message") if isinstance(error, dict) else error
        if message:
            text = str(message)
    except json.JSONDecodeError:
        pass
    return f"HTTP {status}: {' '.join(text.split())[:300] or 'no message'}"


class ChatClient:
    """Chat completions against one endpoint; see the module docstring."""

    backoff_s = 0.5  # first retry waits about this long, doubling each time (tests shorten it)

    def __init__(self, endpoint: Endpoint, cache: ResponseCache | None = None) -> None:
        self.endpoint = endpoint
        self.url = f"{endpoint.base_url}/chat/completions"
        self._cache = cache
        self._cache_ready = cache is not None
        self._cache_lock = threading.Lock()

    @property
    def cache(self) -> ResponseCache | None:
        # stages call from several threads at once: a thread must never see "ready" before the cache exists,
        # or its request skips the cache (the cause of re-sent requests on a re-run under load)
        if not self._cache_ready:
            with self._cache_lock:
                if not self._cache_ready:
                    self._cache = ResponseCache() if self.endpoint.cache else None
                    self._cache_ready = True
        return self._cache

    def chat(self, messages: list[dict[str, str]], *, stage: str, response_format: dict[str, Any] | None = None,
             max_tokens: int | None = None, use_cache: bool = True) -> ChatResult:
        body: dict[str, Any] = {
            "model": self.endpoint.model,
            "messages": messages,
            "temperature": self.endpoint.temperature,
            "max_tokens": max_tokens or self.endpoint.max_tokens,
        }
        if response_format is not None:
            body["response_format"] = response_format
        key = request_key(self.url, body)
        cache = self.cache if use_cache else None
        started = time.perf_counter()
        if cache is not None and (hit := cache.get(key)) is not None:
            result = self._result(hit, started, cached=True)
            self._record(stage, body, result, None, started)
            return result
        try:
            data = self._post_with_retries(body)
            result = self._result(data, started, cached=False)
        except LLMError as exc:
            self._record(stage, body, None, str(exc), started)
            raise
        if cache is not None:
            cache.put(key, data)
        self._record(stage, body, result, None, started)
        return result

    # -- wire ----------------------------------------------------------------------------------

    def _post_with_retries(self, body: dict[str, Any]) -> dict[str, Any]:
        attempts = self.endpoint.max_retries + 1
        for attempt in range(attempts):
            try:
                with _semaphore(self.endpoint):
                    return self._post(body)
            except _Retry as retry:
                if attempt == attempts - 1:
                    raise LLMError(f"LLM endpoint '{self.endpoint.id}' failed after {attempts} attempt(s): "
                                   f"{retry}") from None
                wait = retry.wait_s
                if wait is None:
                    # full jitter around an exponential step: many clients retrying do not retry in lockstep
                    wait = self.backoff_s * (2**attempt) * (0.5 + random.random() / 2)
                time.sleep(min(wait, MAX_WAIT_S))
        raise AssertionError("unreachable")

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": USER_AGENT}
        if (key := self.endpoint.api_key()) is not None:
            headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(self.url, data=json.dumps(body).encode("utf-8"), headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.endpoint.timeout_s) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read() if exc.fp is not None else b""
            message = _error_message(exc.code, raw)
            if exc.code >= 500 and "response_format" in message:
                # llama-cpp-python's server answers a response_format it cannot parse with a 500 validation
                # error: a refusal of the request's shape, which no retry changes
                raise LLMHTTPError(exc.code, f"LLM endpoint '{self.endpoint.id}' refused the request: {message}") \
                    from None
            if exc.code in RETRY_STATUSES or exc.code >= 500:
                raise _Retry(message, retry_after(exc.headers) if exc.code in (429, 503) else None) from None
            raise LLMHTTPError(exc.code, f"LLM endpoint '{self.endpoint.id}' refused the request: {message}") from None
        except TimeoutError:  # socket.timeout is an alias of it
            raise _Retry(f"no answer within {self.endpoint.timeout_s:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise _Retry(f"no answer within {self.endpoint.timeout_s:g} s") from None
            raise _Retry(f"cannot reach {self.endpoint.base_url}: {reason}") from None
        except (ConnectionError, OSError) as exc:
            raise _Retry(f"connection to {self.endpoint.base_url} failed: {exc}") from None
        try:
            data = json.loads(raw)
            message = data["choices"][0]["message"]
            if not isinstance(message.get("content"), str):
                refusal = message.get("refusal")
                raise LLMError(f"LLM endpoint '{self.endpoint.id}' gave no content"
                               + (f" (refusal: {refusal})" if refusal else ""))
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, IndexError, TypeError, AttributeError):
            raise _Retry(f"malformed JSON response: {raw[:120]!r}") from None
        return data

    # -- results -------------------------------------------------------------------------------

    def _result(self, data: dict[str, Any], started: float, *, cached: bool) -> ChatResult:
        choice = data["choices"][0]
        usage = data.get("usage") or {}
        return ChatResult(
            content=choice["message"]["content"],
            model=str(data.get("model") or self.endpoint.model),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            cached=cached,
            finish_reason=choice.get("finish_reason"),
        )

    def _record(self, stage: str, body: dict[str, Any], result: ChatResult | None, error: str | None,
                started: float) -> None:
        trace.record(trace.CallRecord(
            stage=stage,
            endpoint=self.endpoint.id,
            model=result.model if result else self.endpoint.model,
            request=body,
            response=result.content if result else None,
            prompt_tokens=result.prompt_tokens if result else None,
            completion_tokens=result.completion_tokens if result else None,
            latency_ms=result.latency_ms if result else round((time.perf_counter() - started) * 1000, 1),
            cached=bool(result and result.cached),
            error=error,
        ))
