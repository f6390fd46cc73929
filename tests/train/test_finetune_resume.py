"""A training run cut short and resumed ends with the same weights as one that ran straight through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from factdesk.train.finetune import base_model_dir, finetune  # noqa: E402

CLAIMS = ["The bridge opened in 1932.", "The firm employs 420 people.", "The river flows north.",
          "She was born in Lyon.", "The museum closes on Mondays.", "The team won the cup twice."]
EVIDENCE = ["The bridge was opened in 1932.", "The company has 420 staff.", "The river runs south to the sea.",
            "She was born in Genoa.", "The museum is shut on Mondays.", "The club has won the cup twice."]


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer BERT with MiniLM's tokenizer: the training loop is under test, not the base model's size."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, num_labels=3)
    out = tmp_path_factory.mktemp("small-bert")
    BertForSequenceClassification(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def _run(out: Path, init: Path, **kwargs: object) -> Path:
    texts = [(c, e) for c in CLAIMS for e in EVIDENCE[:3]]  # 18 pairs, batch 4: 5 steps an epoch
    labels = [i % 3 for i in range(len(texts))]
    return finetune(texts, labels, out, num_labels=3, init_dir=init, epochs=2.0, batch_size=4, max_length=32,
                    seed=3, save_every=100, log=lambda _: None, **kwargs)


def _weights(checkpoint: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(checkpoint / "model.safetensors"))


def test_resume_continues_where_the_run_stopped(tmp_path: Path, small_model: Path) -> None:
    straight = _weights(_run(tmp_path / "straight", small_model))

    cut = tmp_path / "cut"
    _run(cut, small_model, stop_at_step=7)  # in the second epoch, between checkpoints
    progress = json.loads((cut / "progress.json").read_text())
    assert progress["step"] == 7 and progress["stopped_early"] is True
    resumed = _weights(_run(cut, small_model, resume=True))
    assert json.loads((cut / "progress.json").read_text())["stopped_early"] is False

    assert straight.keys() == resumed.keys()
    for name, tensor in straight.items():
        assert torch.allclose(tensor, resumed[name], atol=1e-6), name
    # and the run did learn something: the weights moved away from the base model's
    fresh = _weights(_run(tmp_path / "one-step", small_model, stop_at_step=1))
    assert any(not torch.allclose(straight[n], fresh[n], atol=1e-4) for n in straight)
