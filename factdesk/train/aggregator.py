"""Fit the learned aggregator (factdesk/verify/aggregate.py) on the calib splits of the visible claims files.

Each calib claim is shown three ways, as retrieval would show it: its gold passages among passages of other
claims of the same file (the label stands), its gold passages alone (the label stands), and other claims'
passages only (NOT_ENOUGH_INFO: the proof was not retrieved). The cross-encoder judges every passage alone and
all of them joined; the regression learns how much each view counts. The calib split is never trained on by the
cross-encoder, so its judgements there are as confident as on new text.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import numpy as np

from factdesk.eval.datasets import THREE_LABELS, Example, read_examples
from factdesk.models import LABELS
from factdesk.train.verifier_data import _TinyBM25
from factdesk.verify.aggregate import FEATURES, LearnedAggregator, features, most_decisive
from factdesk.verify.encoding import evidence_text

AGGREGATOR_FILES = ("fever-gold", "feverous-dev", "covidfact", "sufficient-facts", "healthver-dev", "healthver-train",
                    "averitec-train", "liarplus-train")
LABEL_INDEX = {label.value: i for i, label in enumerate(LABELS)}
Passages = list[tuple[str | None, str]]


def _views(examples: list[Example], rng: random.Random, per_file: int) -> list[tuple[str, Passages, str]]:
    corpus = sorted({(e.title, e.text) for ex in examples for e in ex.evidence}, key=lambda p: (p[0] or "", p[1]))
    index = _TinyBM25([f"{t or ''} {x}" for t, x in corpus])
    rows = [ex for ex in examples if ex.label in THREE_LABELS and ex.evidence]
    rng.shuffle(rows)
    views = []
    for n, ex in enumerate(rows[:per_file]):
        gold = [(e.title, e.text) for e in ex.evidence][:3]
        others = [corpus[i] for i in index.top(ex.claim, 10) if corpus[i] not in gold][:5]
        mixed = gold + others[: 5 - len(gold)]
        rng.shuffle(mixed)
        views.append((ex.claim, mixed, ex.label))
        if n % 3 == 0:
            views.append((ex.claim, gold, ex.label))
        elif n % 3 == 1 and others:
            views.append((ex.claim, others, "NOT_ENOUGH_INFO"))
    return views


def aggregator_data(data_dir: Path, probabilities: Callable[[list[tuple[str, str]]], np.ndarray],
                    per_file: int = 300, seed: int = 13) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature matrix, labels and blend baseline probabilities for every view of every calib claim."""
    rng = random.Random(seed)
    views: list[tuple[str, Passages, str]] = []
    for stem in AGGREGATOR_FILES:
        files = sorted(data_dir.glob(f"{stem}.*.jsonl"))
        if files:
            views.extend(_views(read_examples(files[0], "calib"), rng, per_file))
    joined_pairs = [(claim, evidence_text(passages)) for claim, passages, _ in views]
    single_pairs = [(claim, evidence_text([p])) for claim, passages, _ in views for p in passages]
    joined = probabilities(joined_pairs)
    single = probabilities(single_pairs)
    rows, blend, s = [], [], 0
    for (claim, passages, _), joined_probs, (_, text) in zip(views, joined, joined_pairs, strict=True):
        per_passage = single[s : s + len(passages)]
        s += len(passages)
        rows.append(features(joined_probs, per_passage, claim, text))
        blend.append((joined_probs + most_decisive(per_passage)) / 2)
    return np.array(rows), np.array([LABEL_INDEX[label] for *_, label in views]), np.array(blend)


def fit_aggregator(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> LearnedAggregator:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000).fit(x, y)
    coef = np.zeros((len(LABELS), len(FEATURES)))
    intercept = np.zeros(len(LABELS))
    for row, cls in enumerate(model.classes_):
        coef[int(cls)], intercept[int(cls)] = model.coef_[row], model.intercept_[row]
    return LearnedAggregator(coef, intercept)


def cross_validated_accuracy(x: np.ndarray, y: np.ndarray, folds: int = 5, seed: int = 13) -> float:
    """Accuracy of the aggregator on held-out folds of the calib views (the number that decides whether it ships)."""
    fold = np.random.default_rng(seed).integers(0, folds, len(y))
    correct = 0
    for k in range(folds):
        model = fit_aggregator(x[fold != k], y[fold != k])
        correct += int((model.probabilities(x[fold == k]).argmax(1) == y[fold == k]).sum())
    return correct / len(y)
