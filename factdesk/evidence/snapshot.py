"""The "snapshot" retriever: the exact evidence a stored check had, per claim, for `factdesk check --replay`.

    retriever = retrievers.create("snapshot:3f2a")          # from the check store (a unique id prefix)
    retriever = SnapshotRetriever(stored_brief)             # or from a Brief in hand

No network and no knowledge base: each query (a claim's text) gets the passages the verifier saw for
that claim when the check was made, in the same order with the same scores; `top_k` and `as_of` are
ignored because the stored lists already obeyed them. A query the stored check did not have (a claim the
detector now finds, or a claim's translation searched beside it: docs/japanese.md) gets no evidence and is listed
in `missing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from factdesk.evidence.base import retrievers
from factdesk.lang.detect import ENGLISH, JAPANESE, has_japanese
from factdesk.models import Brief, Evidence


class SnapshotRetriever:
    def __init__(self, brief: Brief) -> None:
        self.check_id = brief.check_id
        self._by_claim = {r.claim.text: list(r.verdict.evidence) for r in brief.results}
        self.missing: list[str] = []

    @property
    def name(self) -> str:
        return f"retriever.snapshot.v1[{self.check_id}]"

    @property
    def languages(self) -> frozenset[str]:
        # a replayed check of an English article whose evidence was Japanese is read through a translator again
        return frozenset(JAPANESE if has_japanese(e.passage.text) else ENGLISH
                         for ranked in self._by_claim.values() for e in ranked) or frozenset({ENGLISH})

    def warm_up(self) -> None:
        pass

    def retrieve(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None) -> list[list[Evidence]]:
        out = []
        for query in queries:
            if query not in self._by_claim:
                self.missing.append(query)
            out.append([e.model_copy() for e in self._by_claim.get(query, [])])
        return out


@retrievers.register("snapshot")
def make_snapshot(arg: str | None = None, brief: Brief | None = None, db: str | None = None,
                  **_: object) -> SnapshotRetriever:
    if brief is None:
        from factdesk.errors import InputError
        from factdesk.store import Store

        if not arg:
            raise InputError("the snapshot retriever needs a check id: snapshot:CHECK_ID")
        with Store(db) as store:
            brief = store.get(arg)
    return SnapshotRetriever(brief)


def differences(stored: Brief, replayed: Brief, tolerance: float = 1e-6) -> list[str]:
    """One line per claim whose verdict (label or confidence) differs between two briefs of one article."""
    new = {r.claim.text: r.verdict for r in replayed.results}
    out = []
    for result in stored.results:
        before, after = result.verdict, new.get(result.claim.text)
        if after is None:
            out.append(f"{result.claim.id} is no longer detected as a claim: {result.claim.text!r}")
        elif after.label != before.label or abs(after.confidence - before.confidence) > tolerance:
            out.append(f"{result.claim.id} {before.label.value} {before.confidence:.3f} -> "
                       f"{after.label.value} {after.confidence:.3f}")
    old = {r.claim.text for r in stored.results}
    out += [f"{r.claim.id} is a new claim: {r.claim.text!r}" for r in replayed.results if r.claim.text not in old]
    return out
