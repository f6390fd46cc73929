"""The reranker's training path on a tiny real run: mine hard negatives from a real open corpus, train a 2-layer
cross-encoder listwise (a sitting stopped by --max-minutes, then resumed), export int8 ONNX, calibrate on the
calib split, rerank through the retriever registry and the rerank setting.
Needs the train extra (torch)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from toy_claims import CITIES, PEOPLE, rows, train_in_two_sittings, write_claims_file

pytest.importorskip("torch")
pytest.importorskip("transformers")

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    write_claims_file(data)
    return data


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


# 80 toy steps are enough for the mean-pooled head to prefer a claim's own passage (a [CLS] head had left the running
# loss at 1.31, chance 1.39: a 2-layer cut's [CLS] state is the same for every pair). What a trained model gains on
# the real sets is measured by bench/retrieval_recall.py.
STEPS = 80
OPTIONS = ["--layers", "2", "--negatives", "3", "--claims-per-batch", "4", "--steps", str(STEPS),
           "--learning-rate", "2e-4", "--max-length", "64", "--per-file", "1000"]


@pytest.fixture(scope="module")
def trained(data_dir: Path, home: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """`factdesk train reranker` as a user runs it: a sitting stopped by --max-minutes after its first step, then
    --resume to the end, the int8 export and the calibration (WORK/onnx)."""
    from factdesk.train.reranker import Group

    work = tmp_path_factory.mktemp("work")
    command = ["train", "reranker", "--data", str(data_dir), "--work-dir", str(work), *OPTIONS]
    _, output = train_in_two_sittings(command, work, home, STEPS)
    assert "calibration:" in output
    groups = [Group(**json.loads(line)) for line in (work / "groups.jsonl").read_text().splitlines()]
    return work, groups


def test_mined_groups_hold_gold_positives_and_train_only_negatives(trained: tuple[Path, list]) -> None:
    from factdesk.eval.datasets import split_of

    _, groups = trained
    assert groups and all(split_of(g.claim) == "train" for g in groups)
    train_passages = {r["evidence"][0]["text"] for r in rows() if split_of(r["claim"]) == "train"}
    for group in groups:
        person = next(p for p in PEOPLE if p in group.claim)
        assert all(person in text for text in group.positives)
        assert group.negatives and all(person not in text for text in group.negatives)
        assert set(group.negatives) <= train_passages


def test_resume_continues_from_the_saved_step(trained: tuple[Path, list]) -> None:
    from factdesk.train.reranker import train_reranker

    work, groups = trained
    progress = json.loads((work / "progress.json").read_text())
    assert progress["step"] == STEPS and progress["stopped_early"] is False
    messages: list[str] = []
    train_reranker(groups, work, layers=2, negatives=3, claims_per_batch=4, steps=STEPS, max_length=64,
                   resume=True, log=messages.append)
    assert messages == [f"resuming at step {STEPS}/{STEPS}"]  # nothing left to do: no step was run again


def test_exported_model_reranks(trained: tuple[Path, list], data_dir: Path, home: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.opencorpus import open_corpus
    from factdesk.evidence.base import retrievers
    from factdesk.evidence.rerank import DEPTH, combined, nothing_on, passage_text, rerankers

    monkeypatch.setenv("FACTDESK_HOME", str(home))
    work, groups = trained
    model_dir = work / "onnx"
    meta = json.loads((model_dir / "factdesk.json").read_text())

    reranker = rerankers.create(f"onnx:{model_dir}")
    right = [(g.claim, g.positives[0]) for g in groups]
    wrong = [(g.claim, g.negatives[0]) for g in groups]
    scores_right, scores_wrong = reranker.score(right), reranker.score(wrong)
    assert all(0.0 <= s <= 1.0 for s in scores_right + scores_wrong)
    assert sum(scores_right) / len(right) > sum(scores_wrong) / len(wrong) + 0.2
    long_claim = " ".join(f"{person} worked in {city}." for person, city in zip(PEOPLE, CITIES * 2, strict=True))
    assert 0.0 <= reranker.score([(long_claim, groups[0].positives[0])])[0] <= 1.0  # over max_length: cut, scored
    assert meta["name"] == "reranker.minilm-l2.v1" and meta["calib_pairs"] > 0 and "scale" in meta and "bias" in meta

    path = data_dir / "fever-gold.claims.jsonl"
    kb, _ = open_corpus(path, read_examples(path))
    plain = retrievers.create("hybrid", kb=kb, rerank="off")
    reranked = retrievers.create("bm25", kb=kb, rerank=f"onnx:{model_dir}")
    assert reranked.name == "retriever.bm25.v1+reranker.minilm-l2.v1"
    assert plain.name == "retriever.hybrid-bm25.v1+embedder.minilm-l6-claims.v1"
    claims = [g.claim for g in groups[:6]]
    fused = retrievers.create("bm25", kb=kb, rerank="off").retrieve(claims, top_k=DEPTH)
    for claim, found, candidates in zip(claims, reranked.retrieve(claims, top_k=3), fused, strict=True):
        assert [e.rank for e in found] == [1, 2, 3]
        probabilities = reranker.score([(claim, passage_text(e)) for e in candidates])
        by_combined = sorted(zip(probabilities, candidates, strict=True), key=lambda pe: -combined(*pe))
        assert [e.passage.id for e in found] == [e.passage.id for _, e in by_combined[:3]]
        assert [e.score for e in found] == pytest.approx([p for p, _ in by_combined[:3]])
        assert all(0.0 <= e.score <= 1.0 for e in found)

    monkeypatch.setenv("FACTDESK_RERANK", f"onnx:{model_dir}")  # the setting, as check and eval read it
    by_setting = retrievers.create("hybrid", kb=kb)
    assert by_setting.name == "retriever.hybrid-bm25.v1+embedder.minilm-l6-claims.v1+reranker.minilm-l2.v1"
    on, off = by_setting.retrieve([groups[0].claim, "The central bank raised interest rates to curb inflation."],
                                  top_k=5)
    assert len(on) == 5 and nothing_on(off)


def test_a_negative_that_holds_the_evidence_is_no_negative() -> None:
    from factdesk.train.reranker import Group, _without_overlaps

    evidence = "Brick is a 2005 American neo-noir mystery film written and directed by Rian Johnson."
    group = _without_overlaps(Group("Brick is an American film.", [evidence],
                                    [f"Rian Johnson (born 1973) is an American director. {evidence}",
                                     "brick is a 2005 american neo-noir mystery film",
                                     "Looper is a 2012 science fiction film."], "fever-gold"))
    assert group.negatives == ["Looper is a 2012 science fiction film."]


def test_the_exported_graph_pools_as_training_did(trained: tuple[Path, list]) -> None:
    """The ONNX model's logit is the mean-pooled head's, not a [CLS] head's (the graph must compute what was
    trained); fp32 against torch, int8 within quantisation error."""
    import numpy as np
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from factdesk.nn import load_model
    from factdesk.train.export import mean_pooled_logits

    work, groups = trained
    checkpoint = work / "checkpoint"
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()
    assert model.config.pooling == "mean"
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    pairs = [(g.claim, g.positives[0]) for g in groups[:4]] + [(g.claim, g.negatives[0]) for g in groups[:4]]
    with torch.no_grad():
        expected = [float(mean_pooled_logits(model, **tokenizer([a], [b], return_tensors="pt"))[0, 0])
                    for a, b in pairs]
        cls_head = [float(model(**tokenizer([a], [b], return_tensors="pt")).logits[0, 0]) for a, b in pairs]
    got = [float(np.ravel(row)[0]) for row in load_model(str(work / "onnx")).run(pairs, batch_size=1)]
    assert np.abs(np.subtract(got, expected)).max() < 0.4 and np.corrcoef(got, expected)[0, 1] > 0.98
    assert np.abs(np.subtract(got, cls_head)).max() > 0.5
