"""What one check's LLM calls were, and what degraded: collected while the pipeline runs, recorded by the store.

The pipeline computes and records nothing, so the calls cannot be written as they happen. Instead a `Trace`
is made current for the run (a context variable, so concurrent checks in one process never mix) and every
call and every fallback is appended to it; `factdesk.api.check` hands the calls to `Store.save`, and the
pipeline copies the notes into `Brief.notes`.

Example::

    with tracing() as trace:
        brief = pipeline.run(article)
    store.save(brief, llm_calls=trace.calls)
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class CallRecord:
    """One chat-completions request and what came back (or the error), as stored in `llm_calls`."""

    stage: str
    endpoint: str
    model: str
    request: dict[str, Any]
    response: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_ms: float
    cached: bool
    error: str | None = None


@dataclass
class Trace:
    calls: list[CallRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_call(self, record: CallRecord) -> None:
        with self._lock:
            self.calls.append(record)

    def add_note(self, text: str) -> None:
        with self._lock:
            if text not in self.notes:
                self.notes.append(text)


_current: contextvars.ContextVar[Trace | None] = contextvars.ContextVar("factdesk_llm_trace", default=None)


@contextmanager
def tracing() -> Iterator[Trace]:
    """Make a trace current; inside an outer `tracing()` the outer trace is reused."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    trace = Trace()
    token = _current.set(trace)
    try:
        yield trace
    finally:
        _current.reset(token)


def current() -> Trace | None:
    return _current.get()


def note(text: str) -> None:
    """Record a degradation (a fallback, a rejected citation) for the brief's notes."""
    trace = _current.get()
    if trace is not None:
        trace.add_note(text)


def record(call: CallRecord) -> None:
    trace = _current.get()
    if trace is not None:
        trace.add_call(call)


def llm_summary(trace: Trace) -> dict[str, Any]:
    """Totals of a trace for reports: calls, cached calls, tokens, errors, notes."""
    return {
        "calls": len(trace.calls),
        "cached": sum(c.cached for c in trace.calls),
        "errors": sum(c.error is not None for c in trace.calls),
        "tokens": sum((c.prompt_tokens or 0) + (c.completion_tokens or 0) for c in trace.calls),
        "latency_ms": round(sum(c.latency_ms for c in trace.calls), 1),
        "notes": list(trace.notes),
    }


def parallel_map(func: Callable[[T], R], items: list[T], workers: int) -> list[R]:
    """`[func(x) for x in items]` on up to `workers` threads, each seeing the caller's trace."""
    if workers <= 1 or len(items) <= 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        # one copied context per task: a Context cannot be entered by two threads at once
        futures = [pool.submit(contextvars.copy_context().run, func, item) for item in items]
        return [f.result() for f in futures]
