"""Metrics against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from factdesk.eval import metrics

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"
GOLD = [S, S, R, N]
PRED = [S, R, R, S]


def test_accuracy_and_per_class() -> None:
    assert metrics.accuracy(GOLD, PRED) == 0.5
    scores = metrics.per_class(GOLD, PRED)
    assert scores[S] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert scores[R]["precision"] == 0.5 and scores[R]["recall"] == 1.0
    assert scores[R]["f1"] == pytest.approx(2 / 3)
    assert scores[N] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_macro_f1_over_labels_seen() -> None:
    assert metrics.macro_f1(GOLD, PRED) == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    # a two-label file judged perfectly is not penalised for the absent third class ...
    assert metrics.macro_f1([S, R], [S, R]) == 1.0
    # ... but predicting that class counts as an F1 of 0 for it
    assert metrics.macro_f1([S, R], [S, N]) == pytest.approx((1.0 + 0.0 + 0.0) / 3)


def test_confusion_rows_are_gold() -> None:
    table = metrics.confusion(GOLD, PRED)
    assert table[S] == {S: 1, R: 1, N: 0}
    assert table[R] == {S: 0, R: 1, N: 0}
    assert table[N] == {S: 1, R: 0, N: 0}
    assert sum(sum(row.values()) for row in table.values()) == len(GOLD)


def _rows(confidence: float, n: int, correct: int) -> tuple[list[str], list[str], list[list[float]]]:
    rest = (1 - confidence) / 2
    gold = [S] * correct + [R] * (n - correct)
    return gold, [S] * n, [[confidence, rest, rest]] * n


def test_ece_of_a_perfectly_calibrated_toy_is_zero() -> None:
    g1, p1, q1 = _rows(0.8, 10, 8)
    g2, p2, q2 = _rows(0.5, 4, 2)
    probs = np.array(q1 + q2)
    assert metrics.ece(g1 + g2, p1 + p2, probs) == pytest.approx(0.0)
    bins = metrics.reliability(g1 + g2, p1 + p2, probs)
    assert len(bins) == 15 and sum(b["count"] for b in bins) == 14
    full = [b for b in bins if b["count"]]
    assert [(b["count"], b["accuracy"]) for b in full] == [(4, 0.5), (10, 0.8)]
    assert all(b["lo"] < b["confidence"] <= b["hi"] for b in full)


def test_ece_of_an_over_confident_toy() -> None:
    g1, p1, q1 = _rows(0.9, 10, 6)  # says 90 %, right 60 %: gap 0.3
    g2, p2, q2 = _rows(0.6, 10, 6)  # calibrated: gap 0
    assert metrics.ece(g1, p1, np.array(q1)) == pytest.approx(0.3)
    assert metrics.ece(g1 + g2, p1 + p2, np.array(q1 + q2)) == pytest.approx(0.15)


def test_confidence_is_that_of_the_predicted_label() -> None:
    # predicted REFUTED at 0.2 (not the 0.7 maximum) and wrong: gap 0.2
    assert metrics.ece([S], [R], np.array([[0.7, 0.2, 0.1]])) == pytest.approx(0.2)
    bins = metrics.reliability([S], [R], np.array([[0.7, 0.2, 0.1]]))
    assert [b["count"] for b in bins].index(1) == 2  # 0.2 lies in (2/15, 3/15]


def test_bin_edges_hold_zero_and_one() -> None:
    bins = metrics.reliability([S, S], [S, S], np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]]))
    assert bins[14]["count"] == 1 and bins[0]["count"] == 1


def test_binary_positive_class() -> None:
    scores = metrics.binary([True, True, False, False, True], [True, False, True, False, True])
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["f1"] == pytest.approx(2 / 3)
    assert scores["accuracy"] == pytest.approx(3 / 5)
    assert (scores["tp"], scores["fp"], scores["fn"], scores["tn"]) == (2, 1, 1, 1)
    assert metrics.binary([False, False], [False, False])["f1"] == 0.0


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        metrics.accuracy([S], [S, R])
    with pytest.raises(ValueError):
        metrics.ece([S, S], [S, S], np.array([[1.0, 0.0, 0.0]]))
