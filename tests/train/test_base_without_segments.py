"""A base without segment embeddings (MPNet, as in all-mpnet-base-v2) trains, exports and runs like MiniLM: the
trainer and the export pass token_type_ids only to a model whose forward() takes them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from factdesk.nn import OnnxModel  # noqa: E402
from factdesk.train.export import export_onnx  # noqa: E402
from factdesk.train.finetune import base_model_dir, finetune  # noqa: E402

PAIRS = [("The bridge opened in 1932.", "The bridge was opened in 1932 by the mayor."),
         ("The firm employs 420 people.", "The company has 950 staff at two sites."),
         ("The river flows north.", "The museum is shut on Mondays."),
         ("She was born in Lyon.", "She was born in Lyon and studied in Paris.")]


@pytest.fixture(scope="module")
def small_mpnet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer MPNet given MiniLM's WordPiece vocabulary; both tokenizers say whether they make segment ids."""
    from transformers import AutoTokenizer, MPNetConfig, MPNetForSequenceClassification

    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())  # a BERT tokenizer: it does make segment ids
    torch.manual_seed(0)
    config = MPNetConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, num_labels=3, pad_token_id=tokenizer.pad_token_id)
    out = tmp_path_factory.mktemp("small-mpnet")
    MPNetForSequenceClassification(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def test_an_mpnet_base_trains_and_its_export_matches_torch(small_mpnet: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    checkpoint = finetune(PAIRS * 3, [0, 1, 2, 0] * 3, tmp_path / "run", num_labels=3, init_dir=small_mpnet,
                          epochs=1.0, batch_size=4, max_length=32, seed=1, log=lambda _: None)
    before = AutoModelForSequenceClassification.from_pretrained(small_mpnet).state_dict()
    after = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()
    assert any(not torch.equal(before[name], value) for name, value in after.state_dict().items())

    out = tmp_path / "onnx"
    export_onnx(checkpoint, out, kind="classifier", int8=False)
    runtime = OnnxModel(out)
    assert runtime.input_names == {"input_ids", "attention_mask"}
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    encoded = tokenizer([c for c, _ in PAIRS], [e for _, e in PAIRS], return_tensors="pt", padding=True)
    with torch.no_grad():
        expected = after(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).logits.numpy()
    np.testing.assert_allclose(np.stack(runtime.run(PAIRS)), expected, atol=1e-4)
