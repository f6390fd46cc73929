"""Conformance of the built-in retrievers to the Retriever protocol (any new retriever should pass these too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factdesk.errors import NotFoundError
from factdesk.evidence.base import Retriever, retrievers
from factdesk.evidence.kb import KnowledgeBase
from factdesk.models import Evidence

QUERIES = ["Alectrosaurus fossils were found in 1923", "the bridge closed after a storm", "zzzz qqqq"]


@pytest.fixture
def kb(docs_jsonl: Path) -> KnowledgeBase:
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    return kb


@pytest.mark.parametrize(("name", "versioned"), [("hybrid", "retriever.hybrid-bm25.v1+embedder.minilm-l6-claims.v1"),
                                                 ("bm25", "retriever.bm25.v1")])
def test_retriever_conformance(kb: KnowledgeBase, name: str, versioned: str) -> None:
    retriever = retrievers.create(name, kb=kb)
    assert isinstance(retriever, Retriever)
    assert retriever.name == versioned
    retriever.warm_up()
    results = retriever.retrieve(QUERIES, top_k=2)
    assert len(results) == len(QUERIES)
    for ranked in results:
        assert len(ranked) <= 2
        assert all(isinstance(e, Evidence) for e in ranked)
        assert [e.rank for e in ranked] == list(range(1, len(ranked) + 1))
        assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))
    assert results[0][0].passage.text == "Its first fossils were found in 1923 by George Olsen."
    assert results[1][0].passage.doc_id == "bridge"
    dated = retriever.retrieve(QUERIES[1:2], top_k=10, as_of=dt.date(2024, 1, 1))[0]
    assert all(e.passage.date is None or e.passage.date <= dt.date(2024, 1, 1) for e in dated)
    assert "bridge" not in {e.passage.doc_id for e in dated}
    assert retriever.retrieve([], top_k=3) == []


def test_retriever_opens_knowledge_base_by_name(kb: KnowledgeBase) -> None:
    retriever = retrievers.create("hybrid", kb="news")
    assert retriever.retrieve(["Brahms"], top_k=1)[0][0].passage.doc_id == "music"
    with pytest.raises(NotFoundError, match="unknown knowledge base 'missing'"):
        retrievers.create("bm25", kb="missing").warm_up()


def test_hybrid_over_bm25_only_kb_says_bm25(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("plain", dense=False)
    kb.add_paths([docs_jsonl])
    retriever = retrievers.create("hybrid", kb=kb)
    assert retriever.name == "retriever.bm25.v1"
    assert retriever.retrieve(["Brahms"], top_k=1)[0][0].passage.doc_id == "music"



def test_equal_scores_come_in_row_order_across_index_segments() -> None:
    """Ties are broken by passage row, so the same query always lists the same passages in the same order
    (an LLM verifier's request, and so its cache key, depends on that order)."""
    from factdesk.models import Passage

    kb = KnowledgeBase.create("ties", dense=False)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
    for batch in range(3):  # three adds: three index segments
        kb.add_passages([Passage(id=f"p{n}", doc_id=f"d{n}", text=f"Kestrel harbour report {words[n]}.")
                         for n in range(batch * 3, batch * 3 + 3)])
    raw = kb.bm25.search("Kestrel harbour report", 20, 9)
    assert len(raw) == 9 and len({score for _, score in raw}) == 1  # a nine-way tie
    assert [row for row, _ in raw] == list(range(9))
    assert [h.passage.id for h in kb.search("Kestrel harbour report", top_k=9)] == [f"p{n}" for n in range(9)]


def test_a_knowledge_base_of_the_published_minilm_keeps_its_retriever_name(docs_jsonl: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks stored before the embedder became a choice name the retriever so; a knowledge base built with that
    model still gives that name, whatever the setting says now."""
    monkeypatch.setenv("FACTDESK_EMBEDDER", "minilm")
    kb = KnowledgeBase.create("old")
    kb.add_paths([docs_jsonl])
    monkeypatch.setenv("FACTDESK_EMBEDDER", "claims")
    assert retrievers.create("hybrid", kb=KnowledgeBase.open("old")).name == "retriever.hybrid-bm25-minilm.v1"
