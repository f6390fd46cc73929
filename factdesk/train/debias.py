"""A claim-only model, and training weights against it (example reweighting, Schuster et al. 2019).

A claim-only classifier sees the claim and never the evidence. Where it is confident and right, the pair
teaches the verifier a shortcut ("claims with 'only' are false"), so the verifier's loss on that pair is
down-weighted: weight = max(floor, 1 - p_claim_only(true label)), normalised to a mean of 1. The claim-only
probabilities are cross-fitted (each fold predicted by a model that did not see it), else every claim would
look predictable. The same model reports claim-only accuracy beside the verifier's (bench/claim_only.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from factdesk.eval.datasets import THREE_LABELS


def _pipeline():  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline

    # SGD: seconds on 45k claims where lbfgs over 2^18 features took minutes on 2 cores
    return make_pipeline(
        HashingVectorizer(ngram_range=(1, 2), n_features=2**18, alternate_sign=False, norm="l2"),
        SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=20, tol=None, random_state=13),
    )


class ClaimOnlyModel:
    """Word uni- and bigrams of the claim -> label, by logistic regression (scikit-learn, the train extra)."""

    def __init__(self) -> None:
        self._model = _pipeline()

    def fit(self, claims: Sequence[str], labels: Sequence[str]) -> ClaimOnlyModel:
        self._model.fit(list(claims), list(labels))
        return self

    def probabilities(self, claims: Sequence[str]) -> np.ndarray:
        """(n, 3) probabilities in THREE_LABELS order (0 for a label the training data lacked)."""
        raw = self._model.predict_proba(list(claims))
        out = np.zeros((len(claims), len(THREE_LABELS)))
        for j, name in enumerate(self._model.classes_):
            out[:, THREE_LABELS.index(name)] = raw[:, j]
        return out

    def predict(self, claims: Sequence[str]) -> list[str]:
        return [THREE_LABELS[i] for i in self.probabilities(claims).argmax(1)]


def cross_fitted(claims: Sequence[str], labels: Sequence[str], folds: int = 2, seed: int = 13) -> np.ndarray:
    """Claim-only probabilities of the true label, each predicted by a model trained on the other folds.
    Repeated claims (one claim, several evidence texts) stay in one fold."""
    unique = sorted(set(claims))
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(unique, rng.integers(0, folds, len(unique)), strict=True))
    fold = np.array([fold_of[c] for c in claims])
    out = np.zeros(len(claims))
    label_index = np.array([THREE_LABELS.index(label) for label in labels])
    for k in range(folds):
        train, held = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = ClaimOnlyModel().fit([claims[i] for i in train], [labels[i] for i in train])
        probs = model.probabilities([claims[i] for i in held])
        out[held] = probs[np.arange(len(held)), label_index[held]]
    return out


def debias_weights(claims: Sequence[str], labels: Sequence[str], floor: float = 0.25) -> np.ndarray:
    """Per-pair loss weights, mean 1: pairs the claim alone gives away count less."""
    p_true = cross_fitted(claims, labels)
    weights = np.maximum(floor, 1.0 - p_true)
    return weights / weights.mean()
