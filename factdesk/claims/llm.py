"""`llm:ID`: claim decomposition and decontextualisation by a chat model (docs/llm.md).

The article's statements (the same `is_statement` filter as the offline detector) are sent in numbered
batches, with the start of the article as context. The model splits each sentence into atomic claims that
stand alone: pronouns and phrases such as "the company" are replaced by the names the article gives them.
Every claim keeps the offsets of its source sentence (`start`/`end`), so a reader can find where it came
from; its text is the model's rewrite. Statements about the future are predictions (the model's flag or
the offline rule). A batch whose answer is unusable falls back to the offline detector, and the brief's
notes say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field, field_validator

from factdesk.claims.base import ClaimDetector, Span, detectors
from factdesk.claims.detect import is_statement
from factdesk.claims.predict import is_prediction
from factdesk.llm import trace
from factdesk.llm.client import ChatClient, LLMError
from factdesk.llm.config import Endpoint
from factdesk.llm.structured import complete_json
from factdesk.models import Article, Claim

BATCH = 12  # sentences per request: small enough for a small model's context, few enough requests
MAX_PER_SENTENCE = 5

SYSTEM = """You extract checkable factual claims from a news article.
For each numbered SENTENCE, write the atomic claims it makes: one fact per claim, each a complete sentence \
that can be understood without the article. Replace pronouns and phrases like "the company", "the minister" or \
"it" with the names the ARTICLE gives them. Skip opinions, questions, quotes without a checkable fact, and \
sentences with nothing to check. Mark statements about the future as predictions.
Answer with one JSON object and nothing else:
{"claims": [{"sentence": <number>, "text": "<self-contained claim>", "prediction": <true|false>, \
"checkworthiness": <0 to 1>}]}"""


class AtomicClaim(BaseModel):
    sentence: int
    text: str
    prediction: bool
    checkworthiness: float = Field(ge=0, le=1)

    @field_validator("checkworthiness", mode="before")
    @classmethod
    def _clamp(cls, value: object) -> object:
        return min(1.0, max(0.0, float(value))) if isinstance(value, (int, float)) else value


class Decomposition(BaseModel):
    claims: list[AtomicClaim]


def _context(article: Article, limit: int) -> str:
    text = article.text if len(article.text) <= limit else article.text[:limit] + " …"
    return (f"TITLE: {article.title}\n" if article.title else "") + text


def _prompt(article: Article, batch: Sequence[tuple[int, Span]], limit: int) -> str:
    lines = ["ARTICLE:", _context(article, limit), "", "SENTENCES:"]
    lines += [f"[{number}] {' '.join(span.text.split())}" for number, span in batch]
    return "\n".join(lines)


class LLMClaimDetector:
    """Atomic, self-contained claims from a chat model; see the module docstring."""

    def __init__(self, endpoint: Endpoint, client: ChatClient | None = None,
                 fallback: ClaimDetector | None = None) -> None:
        self.endpoint = endpoint
        self.client = client or ChatClient(endpoint)
        self.name = f"claims.llm-atomic.v1:{endpoint.id}/{endpoint.model}"
        self._fallback = fallback

    @property
    def fallback(self) -> ClaimDetector:
        if self._fallback is None:
            self._fallback = detectors.create("minilm-lr")
        return self._fallback

    def warm_up(self) -> None:
        pass

    def detect(self, article: Article, sentences: Sequence[Span]) -> tuple[list[Claim], list[Claim]]:
        numbered = list(enumerate([s for s in sentences if is_statement(s.text)], 1))
        batches = [numbered[i : i + BATCH] for i in range(0, len(numbered), BATCH)]
        found = trace.parallel_map(lambda batch: self._batch(article, batch), batches, self.endpoint.concurrency)
        claims: list[Claim] = []
        predictions: list[Claim] = []
        for span, text, future, score in (item for batch in found for item in batch):
            bucket = predictions if future else claims
            bucket.append(Claim(id=f"{'p' if future else 'c'}{len(bucket) + 1}", text=text, start=span.start,
                                end=span.end, checkworthiness=round(score, 4), is_prediction=future))
        return claims, predictions

    def _batch(self, article: Article, batch: list[tuple[int, Span]]) -> list[tuple[Span, str, bool, float]]:
        messages = [{"role": "system", "content": SYSTEM},
                    {"role": "user", "content": _prompt(article, batch, self.endpoint.context_chars)}]
        try:
            answer = complete_json(self.client, messages, Decomposition, stage="claims")
        except LLMError as exc:
            return self._fall_back(article, batch, str(exc))
        by_number = dict(batch)
        out: list[tuple[Span, str, bool, float]] = []
        per_sentence: dict[int, int] = {}
        unknown: set[int] = set()
        for item in answer.claims:
            span = by_number.get(item.sentence)
            text = " ".join(item.text.split())
            if span is None:
                unknown.add(item.sentence)
                continue
            if not text or per_sentence.get(item.sentence, 0) >= MAX_PER_SENTENCE:
                continue
            per_sentence[item.sentence] = per_sentence.get(item.sentence, 0) + 1
            future = item.prediction or is_prediction(text, today=article.published)
            out.append((span, text, future, item.checkworthiness))
        if unknown:
            trace.note(f"the LLM claim extractor named sentence(s) {sorted(unknown)} that were not given; ignored")
        # keep article order, whatever order the model answered in
        return sorted(out, key=lambda item: item[0].start)

    def _fall_back(self, article: Article, batch: list[tuple[int, Span]],
                   reason: str) -> list[tuple[Span, str, bool, float]]:
        first, last = batch[0][0], batch[-1][0]
        trace.note(f"LLM claim extraction failed for sentences {first}-{last} ({reason}); "
                   "the offline detector found their claims instead")
        claims, predictions = self.fallback.detect(article, [span for _, span in batch])
        by_start = {span.start: span for _, span in batch}
        return sorted(((by_start[c.start], c.text, c.is_prediction, c.checkworthiness) for c in claims + predictions),
                      key=lambda item: item[0].start)
