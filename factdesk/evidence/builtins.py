"""Built-in retrievers over a knowledge base, registered as a plugin would register its own.

    retriever = retrievers.create("hybrid", kb="demo")   # BM25 + MiniLM, fused by reciprocal rank
    retriever = retrievers.create("bm25", kb=kb)         # BM25 only
    retriever = retrievers.create("hybrid", kb=kb, rerank="off")   # without the reranker (FACTDESK_RERANK)
    retriever.retrieve(["claim one", "claim two"], top_k=5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from factdesk import settings
from factdesk.evidence.base import retrievers
from factdesk.evidence.kb import KnowledgeBase
from factdesk.evidence.rerank import DEPTH, Reranker, rerank, rerankers
from factdesk.models import Evidence


class KnowledgeBaseRetriever:
    """Retrieves passages from a KnowledgeBase; `dense=False` (or a BM25-only knowledge base) means BM25 only.

    `rerank` names a reranker (factdesk/evidence/rerank.py) that reorders the `DEPTH` best fused candidates;
    "off" keeps the fused order; None takes the `rerank` setting."""

    def __init__(self, kb: KnowledgeBase | str | None = None, dense: bool = True, rerank: str | None = None) -> None:
        self._kb_ref = kb
        self._kb: KnowledgeBase | None = kb if isinstance(kb, KnowledgeBase) else None
        self._dense = dense
        choice = rerank or settings.get("rerank")
        self._reranker: Reranker | None = None if choice == "off" else rerankers.create(choice)

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:  # opened on first use so that constructing a retriever stays cheap
            self._kb = KnowledgeBase.open(str(self._kb_ref or settings.get("kb")))
        return self._kb

    @property
    def dense(self) -> bool:
        return self._dense and self.kb.dense

    @property
    def reranker(self) -> Reranker | None:
        return self._reranker

    @property
    def name(self) -> str:
        """The retriever and the models under it, as stored with every check. Knowledge bases of the published
        MiniLM keep the name they had before the embedder became a choice."""
        base = "retriever.bm25.v1"
        if self.dense:
            model = self.kb.embedder.name
            base = "retriever.hybrid-bm25-minilm.v1" if model == "embedder.minilm-l6.v1" else \
                f"retriever.hybrid-bm25.v1+{model}"
        return f"{base}+{self._reranker.name}" if self._reranker else base

    @property
    def languages(self) -> frozenset[str]:
        return self.kb.languages

    def warm_up(self) -> None:
        self.kb.warm_up()
        if self._reranker:
            self._reranker.warm_up()

    def retrieve(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None) -> list[list[Evidence]]:
        queries = list(queries)
        if self._reranker is None:
            return self.kb.search_many(queries, top_k, as_of, dense=self.dense)
        candidates = self.kb.search_many(queries, max(top_k, DEPTH), as_of, dense=self.dense)
        return rerank(self._reranker, queries, candidates, top_k)


@retrievers.register("hybrid")
def make_hybrid(kb: KnowledgeBase | str | None = None, rerank: str | None = None,
                **_: object) -> KnowledgeBaseRetriever:
    return KnowledgeBaseRetriever(kb, dense=True, rerank=rerank)


@retrievers.register("bm25")
def make_bm25(kb: KnowledgeBase | str | None = None, rerank: str | None = None,
              **_: object) -> KnowledgeBaseRetriever:
    return KnowledgeBaseRetriever(kb, dense=False, rerank=rerank)


from factdesk.evidence import snapshot, web  # noqa: E402, F401 - web search ("web", "kb+web") and replay ("snapshot")
