"""The Retriever protocol: find sentence-level passages for claims.

`as_of` drops every passage dated after that day, so a claim is judged with what was known then;
undated passages are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from factdesk.models import Evidence
from factdesk.registry import Registry


@runtime_checkable
class Retriever(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def retrieve(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None) -> list[list[Evidence]]:
        """One ranked list per query, best first."""
        ...


retrievers: Registry[Retriever] = Registry("retriever", "factdesk.evidence.builtins")
