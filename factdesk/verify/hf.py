"""`hf:PATH`: any Hugging Face sequence-classification NLI model directory, with its own label mapping.

The directory needs `config.json` (its `id2label` names entailment/contradiction/neutral or our
three labels) and either `model.onnx` + `tokenizer.json` (run with onnxruntime, no torch) or
PyTorch weights (run with transformers + torch, the `train` extra). Logits are reordered to
factdesk's LABELS so the rest of the pipeline is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factdesk.errors import NotFoundError
from factdesk.models import LABELS, Label
from factdesk.nn import softmax
from factdesk.verify.crossencoder import CrossEncoderVerifier

_ALIASES = {
    "entailment": Label.SUPPORTED, "supported": Label.SUPPORTED, "supports": Label.SUPPORTED,
    "entails": Label.SUPPORTED,
    "contradiction": Label.REFUTED, "refuted": Label.REFUTED, "refutes": Label.REFUTED,
    "contradicts": Label.REFUTED,
    "neutral": Label.NOT_ENOUGH_INFO, "not_enough_info": Label.NOT_ENOUGH_INFO, "nei": Label.NOT_ENOUGH_INFO,
    "not enough info": Label.NOT_ENOUGH_INFO,
}


def label_order(config: dict) -> list[int]:
    """Index of each factdesk label (LABELS order) among the model's outputs."""
    id2label = {int(k): str(v).lower() for k, v in (config.get("id2label") or {}).items()}
    mapping = {_ALIASES.get(name): i for i, name in id2label.items()}
    missing = [label.value for label in LABELS if label not in mapping]
    if missing:
        raise NotFoundError(f"model labels {sorted(id2label.values())} do not map to {', '.join(missing)}")
    return [mapping[label] for label in LABELS]


class HFVerifier(CrossEncoderVerifier):
    def __init__(self, path: str, aggregation: str | None = None) -> None:
        directory = Path(path).expanduser()
        if not (directory / "config.json").exists():
            raise NotFoundError(f"no Hugging Face model at {directory} (config.json missing)")
        super().__init__(directory, aggregation or "concat")
        self.config = json.loads((directory / "config.json").read_text())
        self.order = label_order(self.config)
        self._torch = None if (directory / "model.onnx").exists() else self._load_torch(directory)

    @staticmethod
    def _load_torch(directory: Path) -> tuple:
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError:
            raise NotFoundError(f"{directory} has no model.onnx; PyTorch weights need the 'train' extra") from None
        return AutoTokenizer.from_pretrained(directory), AutoModelForSequenceClassification.from_pretrained(directory)

    @property
    def name(self) -> str:
        return f"hf:{self._directory}"

    @property
    def temperature(self) -> float:
        return 1.0

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(LABELS)))
        if self._torch is None:
            logits = np.stack(self.model.run(list(pairs)))
        else:
            import torch

            tokenizer, model = self._torch
            with torch.no_grad():
                enc = tokenizer([a for a, _ in pairs], [b for _, b in pairs], truncation=True, padding=True,
                                return_tensors="pt")
                logits = model(**enc).logits.numpy()
        return softmax(logits[:, self.order])
