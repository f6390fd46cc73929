"""Open mode: the file's evidence passages become one cached knowledge base; claims retrieve, then are judged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.eval.datasets import read_examples
from factdesk.eval.opencorpus import READY, cache_dir, corpus_passages, normalise
from factdesk.eval.runner import evaluate

from .conftest import OverlapVerifier


def test_corpus_is_deduplicated_by_normalised_text(claims_file: Path) -> None:
    passages = corpus_passages(read_examples(claims_file))
    assert len(passages) == 11  # 15 rows, four of them share their evidence with another row
    assert normalise("  Paris  is\nTHE capital ") == "paris is the capital"
    assert len({p.id for p in passages}) == len(passages)


def test_open_mode_retrieves_then_judges(claims_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         overlap_verifier: OverlapVerifier) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    report = evaluate(claims_file, verifier="test-overlap", mode="open", top_k=3)
    assert report["mode"] == "open" and report["n"] == 13 and report["top_k"] == 3
    assert report["kb_passages"] == 11 and report["recall_n"] == 13
    recall = report["recall_at"]
    assert set(recall) == {"1", "5", "10"}
    assert recall["1"] <= recall["5"] <= recall["10"] <= 1.0
    assert recall["1"] >= 0.75  # every claim shares its key words with its own evidence
    assert report["accuracy"] >= 0.6 and report["retriever"].startswith("retriever.")
    assert json.loads(json.dumps(report)) == report

    cache = cache_dir(claims_file)
    assert cache.parent == tmp_path / "home" / "eval-cache" and (cache / READY).exists()
    built = (cache / READY).stat().st_mtime_ns
    again = evaluate(claims_file, verifier="test-overlap", mode="open", top_k=3, limit=4)
    assert (cache / READY).stat().st_mtime_ns == built  # reused, not rebuilt
    assert again["kb_passages"] == 11 and again["n"] == 3  # the corpus is the whole file whatever the limit
