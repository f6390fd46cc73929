"""Which model embeds a knowledge base: the `embedder` setting for a new one, the recorded model for an existing one,
and `kb reindex` (real models, real knowledge bases, real interruptions)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from factdesk.errors import InputError, StoreError
from factdesk.evidence import embedders
from factdesk.evidence.kb import DB_FILE, KnowledgeBase, embedding_text
from factdesk.models import Passage


def factdesk(*args: str) -> subprocess.CompletedProcess:
    """The command line as a user runs it (the environment carries FACTDESK_HOME and FACTDESK_EMBEDDER)."""
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)


PARAPHRASE = "a doctor gave the patient medicine against bacteria"
ANSWER = "The physician prescribed antibiotics to treat the infection."


@pytest.fixture
def built_with_minilm(docs_jsonl: Path, monkeypatch: pytest.MonkeyPatch) -> KnowledgeBase:
    """A knowledge base built with the published MiniLM; then the setting moves on to the claims model."""
    monkeypatch.setenv("FACTDESK_EMBEDDER", "minilm")
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    kb.close()
    monkeypatch.setenv("FACTDESK_EMBEDDER", "claims")
    return KnowledgeBase.open("news")


def _stored_vectors(kb: KnowledgeBase) -> np.ndarray:
    return np.concatenate([np.asarray(chunk, dtype=np.float32) for _, chunk in kb._vectors.chunks(0)])  # type: ignore[union-attr]


def _current_model_vectors(kb: KnowledgeBase) -> np.ndarray:
    """Every passage of `kb` embedded afresh by the `embedder` setting's model."""
    rows = kb._db.execute("SELECT id, doc_id, text, title FROM passages ORDER BY row").fetchall()
    passages = [Passage(id=r[0], doc_id=r[1], text=r[2], title=r[3]) for r in rows]
    return embedders.current().embed([embedding_text(p) for p in passages])


def test_the_shipped_embedders_are_different_models() -> None:
    names = {spec: embedders.model_name(embedders.model_dir(spec)) for spec in embedders.SHIPPED}
    assert len(set(names.values())) == len(names)
    a, b = (embedders.named(name) for name in names.values())
    assert a is not None and b is not None
    vectors = [e.embed([ANSWER])[0] for e in (a, b)]
    assert float(vectors[0] @ vectors[1]) < 0.999  # fine-tuning moved the embedding


def test_a_knowledge_base_keeps_searching_with_the_model_it_was_built_with(built_with_minilm: KnowledgeBase) -> None:
    kb = built_with_minilm
    minilm = embedders.model_name(embedders.model_dir("minilm"))
    assert kb.stats()["embedder"] == minilm and kb.embedder.name == minilm
    assert kb.search(PARAPHRASE, 1)[0].passage.text == ANSWER
    kb.add_passages([Passage(id="x1", doc_id="x", text="Ferries cross the strait twice a day in summer.")])
    assert kb.stats()["embedder"] == minilm  # an add to it embeds with its own model too
    assert np.allclose(_stored_vectors(kb)[-1], embedders.named(minilm).embed(  # type: ignore[union-attr]
        ["Ferries cross the strait twice a day in summer."])[0], atol=2e-3)


def test_reindex_embeds_every_passage_with_the_current_model(built_with_minilm: KnowledgeBase) -> None:
    kb = built_with_minilm
    seen: list[int] = []
    report = kb.reindex(progress=seen.append)
    claims = embedders.model_name(embedders.model_dir("claims"))
    assert report["embedder"] == claims and report["passages"] == kb.count("passages") == seen[-1]
    assert report["before"] == embedders.model_name(embedders.model_dir("minilm"))
    assert np.allclose(_stored_vectors(kb), _current_model_vectors(kb), atol=2e-3)
    assert kb.search(PARAPHRASE, 1)[0].passage.text == ANSWER
    kb.close()
    reopened = KnowledgeBase.open("news")
    assert reopened.stats()["embedder"] == claims
    assert sorted(p.name for p in reopened.path.iterdir() if p.name.startswith("dense")) == ["dense"]


def test_a_reindex_interrupted_while_embedding_leaves_the_knowledge_base_as_it_was(
        built_with_minilm: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = built_with_minilm
    before = _stored_vectors(kb)

    def interrupted(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        kb.reindex(progress=interrupted)
    kb.close()
    reopened = KnowledgeBase.open("news")
    assert reopened.stats()["embedder"] == embedders.model_name(embedders.model_dir("minilm"))
    assert np.array_equal(_stored_vectors(reopened), before)
    assert not (reopened.path / "dense.reindex").exists()
    assert reopened.search(PARAPHRASE, 1)[0].passage.text == ANSWER


def test_a_reindex_interrupted_during_the_swap_is_finished_when_the_knowledge_base_is_opened(
        built_with_minilm: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = built_with_minilm
    swap = KnowledgeBase._swap_in_reindexed

    def killed_half_way(self: KnowledgeBase) -> None:
        (self.path / "dense").rename(self.path / "dense.old")  # the first rename happened, the second did not
        raise KeyboardInterrupt

    monkeypatch.setattr(KnowledgeBase, "_swap_in_reindexed", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        kb.reindex()
    kb.close()
    monkeypatch.setattr(KnowledgeBase, "_swap_in_reindexed", swap)
    reopened = KnowledgeBase.open("news")
    assert reopened.stats()["embedder"] == embedders.model_name(embedders.model_dir("claims"))
    assert np.allclose(_stored_vectors(reopened), _current_model_vectors(reopened), atol=2e-3)
    assert sorted(p.name for p in reopened.path.iterdir() if p.name.startswith("dense")) == ["dense"]


def test_a_model_this_factdesk_does_not_have_is_a_clear_error(built_with_minilm: KnowledgeBase) -> None:
    path = built_with_minilm.path
    built_with_minilm.close()
    with sqlite3.connect(path / DB_FILE) as db:
        db.execute("UPDATE meta SET value = 'embedder.retired.v0' WHERE key = 'embedder'")
    with pytest.raises(StoreError, match="embedder.retired.v0.*factdesk kb reindex news"):
        KnowledgeBase.open("news").search(PARAPHRASE)
    result = factdesk("kb", "search", "news", PARAPHRASE)
    assert result.returncode != 0 and result.stderr.count("\n") == 1 and "kb reindex news" in result.stderr
    result = factdesk("kb", "reindex", "news", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["before"] == "embedder.retired.v0"
    assert KnowledgeBase.open("news").search(PARAPHRASE, 1)[0].passage.text == ANSWER


def test_reindex_of_a_knowledge_base_without_vectors_is_refused(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("plain", dense=False)
    kb.add_paths([docs_jsonl])
    with pytest.raises(InputError, match="no vectors"):
        kb.reindex()


def test_an_unknown_embedder_setting_is_a_one_line_error(docs_jsonl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_EMBEDDER", "word2vec")
    result = factdesk("kb", "add", "news", str(docs_jsonl))
    assert result.returncode != 0 and result.stderr.count("\n") == 1 and "unknown embedder 'word2vec'" in result.stderr
