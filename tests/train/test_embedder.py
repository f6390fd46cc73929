"""The retrieval embedder's training path on a tiny real run: `factdesk train embedder` stopped by --max-minutes and
resumed, the int8 export read by factdesk.nn.Embedder, and a knowledge base searched with it through the `embedder`
setting. Needs the train extra (torch)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from toy_claims import PEOPLE, train_in_two_sittings, write_claims_file

pytest.importorskip("torch")
pytest.importorskip("transformers")

STEPS = 20
OPTIONS = ["--steps", str(STEPS), "--claims-per-batch", "8", "--hard-negatives", "1", "--learning-rate", "1e-4",
           "--per-file", "1000"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """(work dir, home, the loss of the first step) after `factdesk train embedder` as a user runs it: a first
    sitting cut after one step, then --resume to the end and the export."""
    data, home, work = (tmp_path_factory.mktemp(name) for name in ("data", "home", "work"))
    write_claims_file(data)
    command = ["train", "embedder", "--data", str(data), "--work-dir", str(work), *OPTIONS]
    first_sitting, _ = train_in_two_sittings(command, work, home, STEPS)
    return work, home, first_sitting["loss"]


def test_a_batch_masks_the_passages_that_are_evidence_for_a_claim_too() -> None:
    from factdesk.train.embedder import batch_of
    from factdesk.train.reranker import Group

    shared = "Ada Lovelace was a computer scientist who worked in London."
    groups = [Group("Ada Lovelace worked in London.", [shared], ["Alan Turing worked in Paris."], "toy"),
              Group("Ada Lovelace was a computer scientist.", [shared, "Ada wrote programs."],
                    ["Grace Hopper worked in Oslo."], "toy")]
    claims, passages, mask = batch_of(groups, step=0, claims_per_batch=2, hard_negatives=1, seed=1)
    assert len(passages) == 4 and sorted(claims) == sorted(g.claim for g in groups)
    for i, claim in enumerate(claims):
        assert not mask[i][i]  # its own positive is the target
        for j, passage in enumerate(passages):
            evidence = next(g for g in groups if g.claim == claim).positives
            assert mask[i][j] == (j != i and passage in evidence)


def test_the_loss_fell_and_the_export_embeds_as_torch_does(trained: tuple[Path, Path, float]) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    from factdesk.nn import Embedder

    work, _, first_loss = trained
    progress = json.loads((work / "progress.json").read_text())
    assert progress["step"] == STEPS and progress["stopped_early"] is False
    assert progress["loss"] < first_loss  # the running loss fell: the toy claims learned their passages
    meta = json.loads((work / "onnx" / "factdesk.json").read_text())
    assert meta["name"] == "embedder.minilm-l6-claims.v1" and meta["pooling"] == "mean" and meta["normalize"]
    texts = [f"{person} worked in a city." for person in PEOPLE[:4]]
    onnx = Embedder(work / "onnx").embed(texts)
    tokenizer = AutoTokenizer.from_pretrained(work / "checkpoint")
    model = AutoModel.from_pretrained(work / "checkpoint").eval()
    enc = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    reference = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    assert np.all(np.sum(onnx * reference, axis=1) > 0.98)  # int8 moves a vector a little, not away


def test_a_knowledge_base_built_with_the_trained_embedder_records_and_uses_it(
        trained: tuple[Path, Path, float], monkeypatch: pytest.MonkeyPatch) -> None:
    from factdesk.evidence.builtins import KnowledgeBaseRetriever
    from factdesk.evidence.kb import KnowledgeBase
    from factdesk.models import Passage

    work, home, _ = trained
    monkeypatch.setenv("FACTDESK_HOME", str(home))
    monkeypatch.setenv("FACTDESK_EMBEDDER", f"onnx:{work / 'onnx'}")
    kb = KnowledgeBase.from_passages(home / "toy-kb", [
        Passage(id=f"p{i}", doc_id=f"d{i}", text=f"{person} was a computer scientist.")
        for i, person in enumerate(PEOPLE)])
    assert kb.stats()["embedder"] == "embedder.minilm-l6-claims.v1"
    assert kb.search("Grace Hopper was a computer scientist", 1)[0].passage.text.startswith("Grace Hopper")
    assert KnowledgeBaseRetriever(kb).name == "retriever.hybrid-bm25.v1+embedder.minilm-l6-claims.v1"
