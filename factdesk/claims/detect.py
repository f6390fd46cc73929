"""The claim detector: check-worthy declarative sentences become Claims, statements about the
future become predictions (set apart, not judged).

The check-worthiness head was trained on political debates, where most sentences with a name are talk; in a news
article the plain third-person statements about named things or figures are the story's facts, and the head
scores many of them low ("Kostenets is a town in Sofia Province, Bulgaria" scores 0.07). Such an anchored
statement is a claim from `ANCHORED_THRESHOLD` up (chosen on the article-style test and checkthat2024-en-dev:
docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdesk.claims.base import Span
from factdesk.claims.checkworthy import CheckworthyClassifier
from factdesk.claims.predict import is_prediction
from factdesk.models import Article, Claim

MIN_WORDS = 5
#: sentence openings that make a request, a call to action or a courtesy, not a statement
_NOT_STATEMENT = re.compile(r"^[\"'“‘(]*(let me|let us|let's|let’s|please|thank you|thanks|imagine|listen|look,"
                            r"|sign up|subscribe|follow us|join us|join our|click|tap|download|share this|register"
                            r"|don't miss|don’t miss|read more|watch|get your|order now|buy now|call us)\b",
                            re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
ANCHORED_THRESHOLD = 0.05
_DIGIT = re.compile(r"\d")
_NAME = re.compile(r"(?<!^)(?<![.!?:] )(?<![\"“‘'(] )\b(?:[A-Z][a-z]+|[A-Z]{2,})\b")
_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|me|my|we|we're|we've|our|us|you|you're|your)\b",
                                     re.IGNORECASE)


def is_anchored(sentence: str) -> bool:
    """A third-person statement about a named thing or a figure: what a news story's facts look like."""
    stripped = sentence.lstrip("\"'“‘(«")
    if _FIRST_OR_SECOND_PERSON.search(stripped):
        return False
    return bool(_DIGIT.search(stripped) or _NAME.search(stripped))


def is_statement(sentence: str) -> bool:
    """A declarative sentence with some content: not a question, a request or a short fragment."""
    stripped = sentence.strip().rstrip("\"'”’)»]")
    if stripped.endswith("?") or _NOT_STATEMENT.match(stripped):
        return False
    return len(_WORD.findall(stripped)) >= MIN_WORDS


class CheckworthyDetector:
    """Score every sentence with the check-worthiness head; keep statements at or above the threshold.

        >>> detector = CheckworthyDetector()
        >>> claims, predictions = detector.detect(article, PysbdSegmenter().segment(article.text))  # doctest: +SKIP
    """

    name = "claims.checkworthy.minilm-lr.v1"

    def __init__(self, classifier: CheckworthyClassifier | None = None, threshold: float | None = None) -> None:
        self.classifier = classifier or CheckworthyClassifier()
        self._threshold = threshold

    @property
    def threshold(self) -> float:
        return self.classifier.threshold if self._threshold is None else self._threshold

    def warm_up(self) -> None:
        self.classifier.warm_up()

    def detect(self, article: Article, sentences: Sequence[Span]) -> tuple[list[Claim], list[Claim]]:
        candidates = [span for span in sentences if is_statement(span.text)]
        scores = self.classifier.score([span.text for span in candidates])
        claims: list[Claim] = []
        predictions: list[Claim] = []
        for span, score in zip(candidates, scores, strict=True):
            future = is_prediction(span.text, today=article.published)
            # every forecast the article makes is listed; only factual claims must be check-worthy
            if not future and score < self.threshold and not (score >= ANCHORED_THRESHOLD and is_anchored(span.text)):
                continue
            bucket = predictions if future else claims
            bucket.append(Claim(
                id=f"{'p' if future else 'c'}{len(bucket) + 1}",
                text=span.text,
                start=span.start,
                end=span.end,
                checkworthiness=round(min(1.0, max(0.0, score)), 4),
                is_prediction=future,
            ))
        return claims, predictions
