"""Hypothesis profiles of the fuzz tests: bounded by default (CI), long on request.

    pytest tests/fuzz                                  # "ci": a bounded number of inputs per parser
    FACTDESK_FUZZ_EXAMPLES=100000 pytest tests/fuzz    # the long run recorded in docs/benchmarks.md
    python bench/fuzz_long.py                          # the same, in rounds, counting inputs per parser

Every parser a user's data reaches may only return or raise its documented error (a FactdeskError, which the
CLI prints as one `error:` line and the API turns into a 4xx); anything else is a crash.

Two variables serve bench/fuzz_long.py: FACTDESK_FUZZ_PLAN (JSON {test name: inputs}) gives a test its own
number of inputs for this run, and FACTDESK_FUZZ_COUNTS names a JSON file that receives, per test, the inputs
it actually ran, its seconds and its outcome, so the long run counts what ran rather than what was asked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

_LONG = int(os.environ.get("FACTDESK_FUZZ_EXAMPLES") or "0")
_PLAN: dict[str, int] = json.loads(os.environ.get("FACTDESK_FUZZ_PLAN") or "{}")
_COUNTS_FILE = os.environ.get("FACTDESK_FUZZ_COUNTS")
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_RELAXED, derandomize=True,
                          database=None)
settings.register_profile("long", max_examples=max(_LONG, 1), deadline=None, suppress_health_check=_RELAXED,
                          database=None)
settings.load_profile("long" if _LONG or _PLAN else "ci")

_counts: dict[str, dict[str, Any]] = {}


def _counting(name: str, inner: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        _counts[name]["inputs"] += 1
        return inner(*args, **kwargs)

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        handle = getattr(getattr(item, "obj", None), "hypothesis", None)
        if handle is None:  # not a property test
            continue
        if item.name in _PLAN:
            settings(max_examples=max(_PLAN[item.name], 1))(item.obj)
        if _COUNTS_FILE:
            _counts[item.name] = {"nodeid": item.nodeid, "inputs": 0, "seconds": 0.0, "outcome": "not run"}
            # inner_test is Hypothesis's documented hook for wrapping what runs once per input
            handle.inner_test = _counting(item.name, handle.inner_test)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    name = report.nodeid.rsplit("::", 1)[-1]
    if not _COUNTS_FILE or name not in _counts or report.when != "call":
        return
    _counts[name].update(seconds=round(report.duration, 3), outcome=report.outcome,
                         failure=str(report.longrepr)[-4000:] if report.failed else None)
    # written after every test, so a run stopped part-way keeps what finished
    path = Path(_COUNTS_FILE)
    path.with_suffix(".tmp").write_text(json.dumps(_counts, indent=1))
    path.with_suffix(".tmp").replace(path)
