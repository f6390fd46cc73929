"""Temperature scaling on the calib split of every English benchmark file.

The calib set is mixed-domain and capped per file: a temperature fitted on FEVER alone made
calibration worse elsewhere.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from factdesk.eval.datasets import THREE_LABELS, read_examples
from factdesk.models import LABELS
from factdesk.nn import softmax
from factdesk.verify.encoding import evidence_text

CALIB_FILES = ("fever-gold", "feverous-dev", "covidfact", "sufficient-facts", "healthver-dev", "healthver-train",
               "averitec-train", "liarplus-train", "fnc1-train", "sick-train", "scifact-train", "anli-dev",
               "snli-partial")


def calibration_set(data_dir: Path, per_file: int = 300, seed: int = 13) -> tuple[list[tuple[str, str]], np.ndarray]:
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    labels: list[int] = []
    index = {label.value: i for i, label in enumerate(LABELS)}
    for stem in CALIB_FILES:
        files = list(data_dir.glob(f"{stem}.*.jsonl"))
        if not files:
            continue
        rows = [ex for ex in read_examples(files[0], "calib") if ex.label in THREE_LABELS and ex.evidence]
        rng.shuffle(rows)
        for ex in rows[:per_file]:
            pairs.append((ex.claim, evidence_text([(e.title, e.text) for e in ex.evidence])))
            labels.append(index[ex.label])
    return pairs, np.array(labels)


def nll(logits: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    probs = softmax(logits, temperature)
    return float(-np.log(np.clip(probs[np.arange(len(labels)), labels], 1e-12, None)).mean())


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature in [0.3, 5] minimising negative log-likelihood (a grid is robust and fast)."""
    grid = np.round(np.arange(0.3, 5.0, 0.01), 2)
    return float(grid[int(np.argmin([nll(logits, labels, t) for t in grid]))])
