"""Several passages, one verdict, learned: a small multinomial logistic regression over what the cross-encoder
says of the passages joined and one by one, and over the explicit number/date checks (factdesk/verify/signals.py).

It replaces the fixed rules (``concat``, ``max``, ``hybrid``, ``blend``, kept selectable for comparison) where a
model directory ships an ``aggregator.json`` (fitted by factdesk/train/aggregator.py on the calib splits, with
stray passages mixed in, so one "refuting" sentence among five does not decide alone). Run time is numpy only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factdesk.verify import signals

_PROBABILITIES = (
    "joined_S", "joined_R", "joined_N",
    "decisive_S", "decisive_R", "decisive_N",
    "mean_S", "mean_R", "mean_N",
    "max_S", "max_R", "min_N",
)
# log-probabilities beside the probabilities: a linear model over logits can sharpen or soften a confident
# judgement, which one over probabilities cannot (5-fold on v2's calib views: 0.542 accuracy against 0.524)
FEATURES = (
    *_PROBABILITIES,
    *(f"log_{name}" for name in _PROBABILITIES),
    "share_S", "share_R",
    "conflict", "gap", "name_gap", "passages",
)
_FLOOR = 1e-4  # log-probabilities below log(1e-4) carry no more information, only noise
FILE = "aggregator.json"


def most_decisive(per_passage: np.ndarray) -> np.ndarray:
    """The judgement of the passage with the highest SUPPORTED or REFUTED probability (LABELS order: S, R, N)."""
    return per_passage[int(np.argmax(per_passage[:, :2].max(axis=1)))]


def features(joined: np.ndarray, per_passage: np.ndarray, claim: str, evidence: str) -> np.ndarray:
    """The feature vector of one claim (FEATURES order); probabilities are in LABELS order (S, R, N), `evidence`
    is the passages joined as the cross-encoder read them."""
    winners = per_passage.argmax(axis=1)
    probabilities = np.concatenate([
        joined, most_decisive(per_passage), per_passage.mean(axis=0),
        [per_passage[:, 0].max(), per_passage[:, 1].max(), per_passage[:, 2].min()],
    ])
    return np.concatenate([
        probabilities, np.log(np.clip(probabilities, _FLOOR, 1.0)),
        [(winners == 0).mean(), (winners == 1).mean()],
        [float(bool(signals.conflicts(claim, evidence))), float(bool(signals.gaps(claim, evidence))),
         float(bool(signals.missing_names(claim, evidence))), len(per_passage) / 5.0],
    ])


@dataclass(frozen=True)
class LearnedAggregator:
    coef: np.ndarray  # (3, len(FEATURES))
    intercept: np.ndarray  # (3,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities for an (n, len(FEATURES)) feature matrix."""
        z = np.atleast_2d(x) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, directory: Path, extra: dict | None = None) -> None:
        data = {"features": list(FEATURES), "coef": self.coef.round(6).tolist(),
                "intercept": self.intercept.round(6).tolist(), **(extra or {})}
        (directory / FILE).write_text(json.dumps(data, indent=1) + "\n")

    @classmethod
    def load(cls, directory: Path) -> LearnedAggregator | None:
        path = directory / FILE
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES:
            return None  # fitted for another feature set: the fixed rules apply
        return cls(np.array(data["coef"], dtype=float), np.array(data["intercept"], dtype=float))
