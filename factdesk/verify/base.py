"""The Verifier protocol: judge claims against their evidence.

Contract (shared by every stage): the constructor is cheap; heavy models load on first use
(`warm_up()` loads them eagerly); `verify()` computes and never writes anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from factdesk.models import Evidence, Verdict
from factdesk.registry import Registry


@runtime_checkable
class Verifier(Protocol):
    name: str  # versioned, recorded with every verdict, e.g. "verifier.minilm-xenc.v1"

    def warm_up(self) -> None: ...

    def verify(self, claims: Sequence[tuple[str, str]], evidence: Sequence[Sequence[Evidence]]) -> list[Verdict]:
        """One verdict per (claim_id, claim_text), judged against the evidence list at the same index."""
        ...


verifiers: Registry[Verifier] = Registry("verifier", "factdesk.verify.builtins")
DEFAULT_VERIFIER = "minilm-xenc"
