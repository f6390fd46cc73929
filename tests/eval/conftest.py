"""A small genuine verifier backend for the runner tests: softmax regression over word-overlap features,
fitted on a handful of rows when the test session starts, registered as `test-overlap`.

It is a real implementation of the Verifier protocol (the trained cross-encoder is not available to
tests), so the runner is exercised end to end through the registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from factdesk.models import LABELS, Evidence, Label, Verdict
from factdesk.verify.base import Verifier, verifiers

NEGATIONS = {"not", "never", "no", "nothing", "none"}
STOP = {"the", "a", "an", "of", "is", "are", "in", "on", "at", "to", "was", "does", "did"}
S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"

TRAIN = [
    ("London is the capital of England.", "London is the capital city of England.", S),
    ("Rome is in Italy.", "Rome is a city in Italy.", S),
    ("Dogs are mammals.", "Dogs are domesticated mammals.", S),
    ("London is not the capital of England.", "London is the capital city of England.", R),
    ("Rome is not in Italy.", "Rome is a city in Italy.", R),
    ("Dogs are never mammals.", "Dogs are domesticated mammals.", R),
    ("Cats can fly over oceans.", "London is the capital city of England.", N),
    ("Berlin hosts a famous opera.", "Rome is a city in Italy.", N),
    ("Fish never sleep during winter.", "Dogs are domesticated mammals.", N),
]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def features(claim: str, evidence: str) -> np.ndarray:
    content = _words(claim) - STOP - NEGATIONS
    overlap = len(content & _words(evidence)) / max(1, len(content))
    mismatch = float(bool(_words(claim) & NEGATIONS) != bool(_words(evidence) & NEGATIONS))
    return np.array([1.0, overlap, overlap * mismatch, overlap * (1 - mismatch)])


class OverlapVerifier:
    name = "verifier.test-overlap.v1"

    def __init__(self, weights: np.ndarray, aggregation: str | None = None) -> None:
        self.weights = weights
        self.aggregation = aggregation or "concat"

    def warm_up(self) -> None:
        pass

    def probabilities(self, claim: str, evidence: str) -> np.ndarray:
        z = self.weights @ features(claim, evidence)
        e = np.exp(z - z.max())
        return e / e.sum()

    def verify(self, claims: Sequence[tuple[str, str]], evidence: Sequence[Sequence[Evidence]]) -> list[Verdict]:
        out = []
        for (claim_id, text), ev in zip(claims, evidence, strict=True):
            probs = self.probabilities(text, " ".join(e.passage.text for e in ev))
            best = int(probs.argmax())
            out.append(Verdict(claim_id=claim_id, label=LABELS[best], confidence=float(probs[best]),
                               probabilities={label: float(p) for label, p in zip(LABELS, probs, strict=True)},
                               evidence=list(ev), model=self.name))
        return out


def fit(rows: list[tuple[str, str, str]], steps: int = 3000, rate: float = 1.0) -> np.ndarray:
    x = np.stack([features(c, e) for c, e, _ in rows])
    y = np.eye(len(LABELS))[[LABELS.index(Label(label)) for _, _, label in rows]]
    w = np.zeros((len(LABELS), x.shape[1]))
    for _ in range(steps):
        z = x @ w.T
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        w -= rate * ((p - y).T @ x / len(x) + 1e-3 * w)
    return w


@pytest.fixture(scope="session")
def overlap_verifier() -> OverlapVerifier:
    weights = fit(TRAIN)

    @verifiers.register("test-overlap")
    def _make(aggregation: str | None = None, **_: object) -> Verifier:
        return OverlapVerifier(weights, aggregation)

    return OverlapVerifier(weights)


# (claim, label, evidence texts); two rows carry labels outside the three
CLAIMS = [
    ("Paris is the capital of France.", S, ["Paris is the capital and largest city of France."]),
    ("Paris is not the capital of France.", R, ["Paris is the capital and largest city of France."]),
    ("The Nile flows through Egypt.", S, ["The Nile flows north through Sudan and Egypt."]),
    ("Tokyo hosts the largest zoo in Europe.", "DISPUTED", ["Tokyo is the capital of Japan."]),
    ("The Nile does not flow through Egypt.", R, ["The Nile flows north through Sudan and Egypt."]),
    ("Mount Everest is the highest mountain on Earth.", S,
     ["Mount Everest is Earth's highest mountain above sea level."]),
    ("Bananas are grown on the Moon.", N, ["The Moon is Earth's only natural satellite."]),
    ("Shakespeare wrote Hamlet.", S, ["Hamlet is a tragedy written by William Shakespeare."]),
    ("Shakespeare never wrote Hamlet.", R, ["Hamlet is a tragedy written by William Shakespeare."]),
    ("The Eiffel Tower is painted green every spring.", "CONFLICTING", ["The Eiffel Tower is in Paris."]),
    ("Marie Curie won two Nobel Prizes.", S, ["Marie Curie was the first person to win two Nobel Prizes."]),
    ("Jupiter is not the largest planet in the Solar System.", R,
     ["Jupiter is the largest planet in the Solar System."]),
    ("Water boils at 100 degrees Celsius at sea level.", N, ["Mercury is the smallest planet."]),
    ("The Amazon river is in South America.", S, ["The Amazon river flows through South America."]),
    ("Hamlet's author was the Bard of Avon.", S, ["Hamlet is a tragedy written by William Shakespeare."]),  # missed
]


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    path = tmp_path / "toy.claims.jsonl"
    with path.open("w") as handle:
        for i, (claim, label, evidence) in enumerate(CLAIMS):
            row = {"id": f"toy:{i}", "claim": claim, "label": label, "source": "toy",
                   "evidence": [{"text": t, "title": None, "stance": None} for t in evidence]}
            handle.write(json.dumps(row) + "\n")
    return path
