"""Hypothesis profiles of the fuzz tests: bounded by default (CI), long on request.

    pytest tests/fuzz                                  # "ci": a bounded number of inputs per parser
    FACTDESK_FUZZ_EXAMPLES=100000 pytest tests/fuzz    # the long run recorded in docs/benchmarks.md

Every parser a user's data reaches may only return or raise its documented error (a FactdeskError, which the
CLI prints as one `error:` line and the API turns into a 4xx); anything else is a crash.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_LONG = int(os.environ.get("FACTDESK_FUZZ_EXAMPLES", "0"))
_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_RELAXED, derandomize=True,
                          database=None)
settings.register_profile("long", max_examples=max(_LONG, 1), deadline=None, suppress_health_check=_RELAXED,
                          database=None)
settings.load_profile("long" if _LONG else "ci")
