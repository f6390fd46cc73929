"""Scores for verdicts and check-worthiness, in plain numpy.

Labels are strings (``"SUPPORTED"``...); probabilities are an (n, 3) array in `LABELS` order.
Undefined ratios (no prediction of a class, no gold example of it) count as 0, as scikit-learn does.

Example::

    >>> accuracy(["SUPPORTED", "REFUTED"], ["SUPPORTED", "SUPPORTED"])
    0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factdesk.eval.datasets import THREE_LABELS

N_BINS = 15


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def _check(gold: Sequence[str], pred: Sequence[str]) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    _check(gold, pred)
    return _ratio(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold))


def per_class(gold: Sequence[str], pred: Sequence[str],
              labels: Sequence[str] = THREE_LABELS) -> dict[str, dict[str, float]]:
    """label -> precision, recall, f1 and support (number of gold examples)."""
    _check(gold, pred)
    out: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        predicted = sum(p == label for p in pred)
        support = sum(g == label for g in gold)
        precision, recall = _ratio(tp, predicted), _ratio(tp, support)
        out[label] = {"precision": precision, "recall": recall, "f1": _f1(precision, recall), "support": support}
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> float:
    """Mean F1 over `labels`; by default the labels seen in gold or predictions (scikit-learn's rule),
    so a two-label file (FEVER) is not dragged down by a class it never contains, unless the verifier
    predicts that class, which then counts as an F1 of 0."""
    if labels is None:
        labels = [label for label in THREE_LABELS if label in set(gold) | set(pred)]
    if not labels:
        return 0.0
    scores = per_class(gold, pred, labels)
    return float(np.mean([scores[label]["f1"] for label in labels]))


def confusion(gold: Sequence[str], pred: Sequence[str],
              labels: Sequence[str] = THREE_LABELS) -> dict[str, dict[str, int]]:
    """gold label -> predicted label -> count."""
    _check(gold, pred)
    out = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        out[g][p] += 1
    return out


def _confidences(probabilities: np.ndarray, pred: Sequence[str]) -> np.ndarray:
    probs = np.asarray(probabilities, dtype=float).reshape(-1, len(THREE_LABELS))
    if len(probs) != len(pred):
        raise ValueError(f"{len(probs)} probability rows but {len(pred)} predictions")
    columns = [THREE_LABELS.index(p) for p in pred]
    return probs[np.arange(len(probs)), columns]


def _bin_index(confidence: np.ndarray, n_bins: int) -> np.ndarray:
    # bins are (lo, hi]; a confidence of exactly 0 goes to the first bin
    return np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)


def reliability(gold: Sequence[str], pred: Sequence[str], probabilities: np.ndarray,
                n_bins: int = N_BINS) -> list[dict[str, float]]:
    """Equal-width bins over the confidence of the predicted label: for each bin its bounds, count,
    mean confidence and accuracy (both 0 for an empty bin)."""
    _check(gold, pred)
    conf = _confidences(probabilities, pred)
    correct = np.array([g == p for g, p in zip(gold, pred, strict=True)], dtype=float)
    index = _bin_index(conf, n_bins)
    bins = []
    for b in range(n_bins):
        member = index == b
        count = int(member.sum())
        bins.append({
            "lo": b / n_bins,
            "hi": (b + 1) / n_bins,
            "count": count,
            "confidence": float(conf[member].mean()) if count else 0.0,
            "accuracy": float(correct[member].mean()) if count else 0.0,
        })
    return bins


def ece(gold: Sequence[str], pred: Sequence[str], probabilities: np.ndarray, n_bins: int = N_BINS) -> float:
    """Expected calibration error: the count-weighted mean |accuracy - confidence| over the bins."""
    bins = reliability(gold, pred, probabilities, n_bins)
    total = sum(b["count"] for b in bins)
    return _ratio(sum(b["count"] * abs(b["accuracy"] - b["confidence"]) for b in bins), total)


def binary(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of the positive class (check-worthy), plus accuracy and the counts."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    tp = sum(bool(g) and bool(p) for g, p in zip(gold, pred, strict=True))
    fp = sum(not g and bool(p) for g, p in zip(gold, pred, strict=True))
    fn = sum(bool(g) and not p for g, p in zip(gold, pred, strict=True))
    tn = len(gold) - tp - fp - fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "accuracy": _ratio(tp + tn, len(gold)), "tp": tp, "fp": fp, "fn": fn, "tn": tn}
