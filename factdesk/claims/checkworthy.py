"""The check-worthiness classifier: a small numpy head (logistic regression or a one-hidden-layer MLP)
over the shared MiniLM sentence embeddings.

The head lives in factdesk/weights/checkworthy-head (`head.npz` + `factdesk.json` with the decision
threshold chosen on the calibration split); `factdesk train checkworthy` rebuilds it.

    >>> clf = CheckworthyClassifier()
    >>> clf.score(["Unemployment fell to 3.5 percent in 2019.", "Thank you all."])  # doctest: +SKIP
    [0.93, 0.02]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from factdesk.errors import NotFoundError
from factdesk.nn import Embedder

HEAD_NAME = "checkworthy-head"
_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"%|\bper ?cent\b", re.IGNORECASE)
_CAPITAL = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+")


def surface_features(texts: Sequence[str]) -> np.ndarray:
    """A few cues the embedding blurs (numbers, percentages, names, length); scaled to about [0, 1]."""
    rows = []
    for text in texts:
        words = text.split()
        rows.append(
            [
                1.0 if _NUMBER.search(text) else 0.0,
                1.0 if _PERCENT.search(text) else 0.0,
                min(len(_CAPITAL.findall(text)), 5) / 5,
                min(len(words), 60) / 60,
                1.0 if text.rstrip().endswith("?") else 0.0,
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), 5)


def features(embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    return np.concatenate([embeddings, surface_features(texts)], axis=1)


def forward(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """Probabilities of the positive class. Inputs are standardised with `mu`/`sigma`, then layers
    `w0, b0, w1, b1, ...` with ReLU between them."""
    n_layers = sum(1 for key in params if key.startswith("w"))
    h = (x - params["mu"]) / params["sigma"]
    for i in range(n_layers):
        h = h @ params[f"w{i}"] + params[f"b{i}"]
        if i < n_layers - 1:
            h = np.maximum(h, 0.0)
    return 1.0 / (1.0 + np.exp(-np.clip(h[:, 0], -30, 30)))


def head_dir() -> Path:
    path = Path(str(resources.files("factdesk") / "weights" / HEAD_NAME))
    if not (path / "head.npz").exists():
        raise NotFoundError(f"check-worthiness head missing in {path}: run 'factdesk train checkworthy'")
    return path


class CheckworthyClassifier:
    """`score(texts)` -> probability that each sentence is a check-worthy factual claim; `threshold`
    is the decision threshold (max F1 on the calibration split)."""

    def __init__(self, directory: Path | None = None, embedder: Embedder | None = None) -> None:
        self._directory = directory
        self._embedder = embedder or Embedder()
        self._params: dict[str, np.ndarray] | None = None
        self._meta: dict[str, Any] | None = None

    def warm_up(self) -> None:
        if self._params is None:
            directory = self._directory or head_dir()
            with np.load(directory / "head.npz") as data:
                self._params = {key: data[key] for key in data.files}
            self._meta = json.loads((directory / "factdesk.json").read_text())
            self._embedder.embed(["warm up"])

    @property
    def meta(self) -> dict[str, Any]:
        self.warm_up()
        assert self._meta is not None
        return self._meta

    @property
    def name(self) -> str:
        return str(self.meta["name"])

    @property
    def threshold(self) -> float:
        return float(self.meta["threshold"])

    def score_embeddings(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        self.warm_up()
        assert self._params is not None
        return forward(self._params, features(embeddings, texts))

    def score(self, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(p) for p in self.score_embeddings(self._embedder.embed(texts), texts)]
