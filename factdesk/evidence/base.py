"""The Retriever protocol: find sentence-level passages for claims.

`as_of` drops every passage dated after that day, so a claim is judged with what was known then;
undated passages are kept.

A retriever may also have `languages`, the languages of the passages it can return (`languages_of`); one without
it is taken to return English. A check of an English article searches one that returns Japanese with the claims'
Japanese translation too (docs/japanese.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from factdesk.lang.detect import ENGLISH
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


def languages_of(retriever: Retriever) -> frozenset[str]:
    """The languages of the passages `retriever` can return (its optional `languages`; English without it)."""
    return frozenset(getattr(retriever, "languages", (ENGLISH,)))
