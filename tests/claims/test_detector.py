"""The shipped check-worthiness head and the detector, on the real MiniLM embeddings."""

from __future__ import annotations

import re

import pytest

from factdesk.claims.base import ClaimDetector, Segmenter, detectors, segmenters
from factdesk.claims.checkworthy import CheckworthyClassifier
from factdesk.claims.detect import is_statement
from factdesk.models import Article

NEWS = """City approves $4.2 million park budget

The city council voted 7-2 on Tuesday to approve a $4.2 million budget for new parks, officials said.
Mayor Jane Smith said the project will be finished by 2029.
Let me help the governor.
What does this mean for residents?
Unemployment in the county fell to 3.1 percent in March, according to the Bureau of Labor Statistics.
The park is expected to attract 200,000 visitors a year.
Thank you all for coming.
"""


@pytest.fixture(scope="module")
def detected() -> tuple[list, list]:
    article = Article(text=NEWS, source="<text>")
    return detectors.create("minilm-lr").detect(article, segmenters.create("pysbd").segment(NEWS))


def test_news_claims_are_sensible(detected: tuple[list, list]) -> None:
    claims, predictions = detected
    texts = [c.text for c in claims]
    assert any("voted 7-2 on Tuesday" in t for t in texts)
    assert any("3.1 percent in March" in t for t in texts)
    assert not any("governor" in t or "?" in t or "Thank you" in t for t in texts)
    assert {p.text for p in predictions} >= {"Mayor Jane Smith said the project will be finished by 2029."}
    assert not any("will" in t for t in texts)


def test_claim_ids_offsets_and_flags(detected: tuple[list, list]) -> None:
    claims, predictions = detected
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)]
    assert [p.id for p in predictions] == [f"p{i}" for i in range(1, len(predictions) + 1)]
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for claim in claims + predictions:
        assert NEWS[claim.start : claim.end] == claim.text
        assert claim.is_prediction == claim.id.startswith("p")
        assert 0.0 <= claim.checkworthiness <= 1.0


def test_classifier_scores_and_threshold() -> None:
    clf = CheckworthyClassifier()
    assert 0.05 <= clf.threshold <= 0.95
    assert clf.name == "claims.checkworthy.minilm-lr.v1"
    assert clf.score([]) == []
    factual, chatter = clf.score(["We have lost 700,000 manufacturing jobs since 2001.", "I'd like to thank you all."])
    assert factual > clf.threshold > chatter


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council voted 7-2 on Tuesday.", True),
        ("What does this mean for residents?", False),
        ('"Is that true?" she asked.', True),  # a statement that reports a question
        ("Let me help the governor.", False),
        ("Thank you all for coming tonight.", False),
        ("Yes, indeed.", False),
        ("Sign up today and get 20 percent off your first order.", False),  # a call to action
        ("Click here to read the full report on the budget.", False),
        ("Watchdogs reported 40 violations at the plant in 2023.", True),
    ],
)
def test_is_statement(sentence: str, expected: bool) -> None:
    assert is_statement(sentence) is expected


# -- conformance: every registered backend, one suite ------------------------------------------


@pytest.mark.parametrize("name", segmenters.names())
def test_segmenters_conform(name: str) -> None:
    segmenter = segmenters.create(name)
    assert isinstance(segmenter, Segmenter)
    assert re.fullmatch(r"[\w.-]+\.v\d+", segmenter.name)
    assert segmenter.segment("") == []
    for span in segmenter.segment(NEWS):
        assert NEWS[span.start : span.end] == span.text


@pytest.mark.parametrize("name", [n for n in detectors.names() if not detectors.needs_argument(n)])
def test_detectors_conform(name: str) -> None:
    detector = detectors.create(name)
    assert isinstance(detector, ClaimDetector)
    assert re.fullmatch(r"[\w.-]+\.v\d+", detector.name)
    detector.warm_up()
    article = Article(text=NEWS, source="<text>")
    assert detector.detect(article, []) == ([], [])
    claims, predictions = detector.detect(article, segmenters.create("pysbd").segment(NEWS))
    assert claims and all(not c.is_prediction for c in claims)
    assert all(p.is_prediction for p in predictions)
