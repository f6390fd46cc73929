"""Scores per category, for files whose rows carry a `category` (the contrastive suite,
factdesk/data/suites/contrast.claims.jsonl).

``supported_when_altered`` counts the most dangerous error a fact-checker can make: a claim whose number, amount,
date, name or place differs from the evidence (gold REFUTED in those categories) judged SUPPORTED.

Example::

    >>> categories, gold, pred = ["dates", "dates"], ["REFUTED", "SUPPORTED"], ["SUPPORTED", "SUPPORTED"]
    >>> per_category(categories, gold, pred)["dates"]["accuracy"]
    0.5
    >>> supported_when_altered(categories, gold, pred)
    1
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factdesk.eval import metrics
from factdesk.eval.datasets import THREE_LABELS

#: categories whose altered claims change a value the evidence states (issue 10: never SUPPORTED)
ALTERED_VALUE_CATEGORIES = ("numbers", "units", "dates", "names", "places")


def _counts(labels: Sequence[str]) -> dict[str, int]:
    return {label: sum(x == label for x in labels) for label in THREE_LABELS}


def per_category(categories: Sequence[str | None], gold: Sequence[str],
                 pred: Sequence[str]) -> dict[str, dict[str, Any]]:
    """category -> n, accuracy and the gold and predicted label counts; rows without a category are left out.
    Categories keep the order of their first row."""
    out: dict[str, dict[str, Any]] = {}
    for category in dict.fromkeys(c for c in categories if c):
        rows = [i for i, c in enumerate(categories) if c == category]
        g, p = [gold[i] for i in rows], [pred[i] for i in rows]
        out[category] = {"n": len(rows), "accuracy": metrics.accuracy(g, p), "gold": _counts(g),
                         "predicted": _counts(p)}
    return out


def supported_when_altered(categories: Sequence[str | None], gold: Sequence[str], pred: Sequence[str]) -> int:
    """Rows of `ALTERED_VALUE_CATEGORIES` with gold REFUTED that were predicted SUPPORTED."""
    return sum(c in ALTERED_VALUE_CATEGORIES and g == "REFUTED" and p == "SUPPORTED"
               for c, g, p in zip(categories, gold, pred, strict=True))


def category_report(categories: Sequence[str | None], gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """The report's per-category part: empty when no row has a category."""
    if not any(categories):
        return {}
    return {"per_category": per_category(categories, gold, pred),
            "supported_when_altered": supported_when_altered(categories, gold, pred),
            "altered_value_rows": sum(c in ALTERED_VALUE_CATEGORIES and g == "REFUTED"
                                      for c, g in zip(categories, gold, strict=True))}
