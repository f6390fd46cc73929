"""The reranker's plumbing without a trained model: the setting, its errors, the calibrated gate and what the
model reads of a passage. A trained model reranking real retrievals: tests/train/test_reranker.py."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from factdesk.errors import NotFoundError
from factdesk.evidence.base import retrievers
from factdesk.evidence.kb import KnowledgeBase
from factdesk.evidence.rerank import NOTHING_BELOW, nothing_on, passage_text, rerankers
from factdesk.models import Evidence, Passage

SHIPPED = Path(str(resources.files("factdesk") / "weights" / "reranker-minilm"))


@pytest.fixture
def kb(docs_jsonl: Path) -> KnowledgeBase:
    kb = KnowledgeBase.create("plain", dense=False)  # BM25 only: no embedder to run
    kb.add_paths([docs_jsonl])
    return kb


def _evidence(text: str, score: float, title: str | None = None, rank: int = 1) -> Evidence:
    return Evidence(passage=Passage(id=text[:8], text=text, doc_id="d", title=title), score=score, rank=rank)


def test_off_by_default_and_by_name(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTDESK_RERANK", raising=False)
    default = retrievers.create("hybrid", kb=kb)
    assert default.reranker is None and default.name == "retriever.bm25.v1"
    monkeypatch.setenv("FACTDESK_RERANK", "nope")  # an explicit "off" wins over the setting
    explicit = retrievers.create("bm25", kb=kb, rerank="off")
    assert explicit.reranker is None
    found = explicit.retrieve(["Alectrosaurus fossils were first found in 1923."], top_k=2)[0]
    assert found[0].passage.doc_id == "alectro"


def test_unknown_reranker_is_one_clear_error(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(NotFoundError, match="unknown reranker 'nope'"):
        retrievers.create("hybrid", kb=kb, rerank="nope")
    monkeypatch.setenv("FACTDESK_RERANK", "nope")
    with pytest.raises(NotFoundError, match="unknown reranker 'nope'"):
        retrievers.create("hybrid", kb=kb)


def test_missing_model_is_told_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=f"no reranker model in {tmp_path}.*factdesk train reranker"):
        rerankers.create(f"onnx:{tmp_path}")


def test_the_shipped_reranker_prefers_the_evidence() -> None:
    reranker = rerankers.create("minilm")
    assert reranker.name == "reranker.minilm-l3.v1" and (SHIPPED / "MODEL_CARD.md").exists()
    claim = "The Nile flows through Egypt."
    evidence = "The Nile runs north through Sudan and Egypt before it reaches the Mediterranean Sea."
    same_words = "Egypt's football team plays its home games in Cairo."
    first, second = reranker.score([(claim, evidence), (claim, same_words)])
    assert 0.0 <= second < first <= 1.0


def test_nothing_on_reads_the_best_probability() -> None:
    assert nothing_on([])  # no candidate at all
    assert nothing_on([_evidence("a", 0.2), _evidence("b", NOTHING_BELOW - 0.01)])
    assert not nothing_on([_evidence("a", 0.2), _evidence("b", NOTHING_BELOW)])
    assert not nothing_on([_evidence("a", 0.4)], below=0.3)


def test_passage_text_names_the_title_once() -> None:
    titled = _evidence("It lived in Mongolia.", 0, "Alectrosaurus")
    assert passage_text(titled) == "Alectrosaurus. It lived in Mongolia."
    named = _evidence("Alectrosaurus lived in Mongolia.", 0, "Alectrosaurus")
    assert passage_text(named) == "Alectrosaurus lived in Mongolia."
    assert passage_text(_evidence("It lived in Mongolia.", 0)) == "It lived in Mongolia."


def test_a_far_likelier_passage_beats_a_better_fused_rank_and_a_tie_does_not() -> None:
    from factdesk.evidence.rerank import combined

    first, fifth = _evidence("a", 0, rank=1), _evidence("b", 0, rank=5)
    assert combined(0.6, first) > combined(0.6, fifth)  # the same probability: the fused order stands
    assert combined(0.6, first) > combined(0.8, fifth)  # a little likelier is not enough five places down
    assert combined(0.95, fifth) > combined(0.6, first)
    assert combined(1.0, first) > combined(0.0, first)  # certain probabilities stay finite and ordered
