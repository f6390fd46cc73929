"""The training path end to end on a tiny real run: fine-tune, export int8 ONNX, calibrate, load the
result through every verifier backend. Needs the train extra (torch)."""

import json
from pathlib import Path

import numpy as np
import pytest

from factdesk.models import LABELS, Evidence, Label, Passage

pytest.importorskip("torch")
pytest.importorskip("transformers")

PAIRS = [
    ("Paris is the capital of France.", "Paris is the capital and largest city of France.", "SUPPORTED"),
    ("Paris is the capital of Italy.", "Paris is the capital and largest city of France.", "REFUTED"),
    ("Paris has a famous zoo.", "Paris is the capital and largest city of France.", "NOT_ENOUGH_INFO"),
    ("The Nile flows through Egypt.", "The Nile flows north through Egypt to the sea.", "SUPPORTED"),
    ("The Nile flows through Chile.", "The Nile flows north through Egypt to the sea.", "REFUTED"),
    ("The Nile is full of gold.", "The Nile flows north through Egypt to the sea.", "NOT_ENOUGH_INFO"),
] * 4


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from factdesk.train.finetune import finetune
    from factdesk.train.verifier import LABEL_INDEX

    work = tmp_path_factory.mktemp("train")
    finetune([(a, b) for a, b, _ in PAIRS], [LABEL_INDEX[c] for _, _, c in PAIRS], work, num_labels=3,
             epochs=5, batch_size=8, learning_rate=1e-4, save_every=1000, log=lambda _: None)
    return work


def _data_dir(tmp: Path) -> Path:
    data = tmp / "data"
    data.mkdir()
    rows = [{"id": f"x{i}", "claim": f"{a} ({i})", "label": c, "evidence": [{"text": b, "title": None, "stance": None}],
             "source": "t"} for i, (a, b, c) in enumerate(PAIRS * 20)]
    (data / "fever-gold.claims.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return data


def test_checkpoint_learned_the_toy_task(trained: Path) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(trained / "checkpoint")
    model = AutoModelForSequenceClassification.from_pretrained(trained / "checkpoint").eval()
    with torch.no_grad():
        enc = tok([a for a, _, _ in PAIRS[:6]], [b for _, b, _ in PAIRS[:6]], return_tensors="pt", padding=True)
        predicted = model(**enc).logits.argmax(-1).tolist()
    assert predicted == [0, 1, 2, 0, 1, 2]


def test_export_calibrate_and_every_backend_agrees(trained: Path, tmp_path: Path) -> None:
    from factdesk.train.verifier import finish_verifier
    from factdesk.verify.base import verifiers

    out = tmp_path / "onnx"
    meta = finish_verifier(trained / "checkpoint", out, _data_dir(tmp_path), log=lambda _: None)
    assert 0.3 <= meta["temperature"] <= 5.0
    assert meta["labels"] == [label.value for label in LABELS]
    assert meta["calib"]["n"] > 0

    evidence = [[Evidence(passage=Passage(id="p1", text=PAIRS[0][1], doc_id="d1"), score=1.0, rank=1)]] * 3
    claims = [("c1", PAIRS[0][0]), ("c2", PAIRS[1][0]), ("c3", PAIRS[2][0])]
    via_onnx = verifiers.create(f"onnx:{out}", aggregation="concat").verify(claims, evidence)
    via_hf_onnx = verifiers.create(f"hf:{out}").verify(claims, evidence)
    via_hf_torch = verifiers.create(f"hf:{trained / 'checkpoint'}").verify(claims, evidence)
    assert [v.label for v in via_onnx] == [Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_INFO]
    assert [v.label for v in via_hf_onnx] == [v.label for v in via_onnx]
    assert [v.label for v in via_hf_torch] == [v.label for v in via_onnx]
    # int8 ONNX stays close to the float torch model
    p_onnx = np.array([[v.probabilities[label] for label in LABELS] for v in via_hf_onnx])
    p_torch = np.array([[v.probabilities[label] for label in LABELS] for v in via_hf_torch])
    assert np.abs(p_onnx - p_torch).max() < 0.15
