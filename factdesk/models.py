"""The data model shared by every stage, the CLI, the store and the evaluation harness.

Data flows one way: Article -> Claim -> Evidence (Passages) -> Verdict -> Brief.
Every object is a pydantic model so that JSON in and out is validated and stable
(see docs/formats.md; the brief's JSON Schema is generated from `Brief`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.4"


class Label(StrEnum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_INFO = "NOT_ENOUGH_INFO"

    @property
    def display(self) -> str:
        return {"SUPPORTED": "✅ SUPPORTED", "REFUTED": "❌ REFUTED", "NOT_ENOUGH_INFO": "⚠️ NOT ENOUGH INFO"}[
            self.value
        ]


#: Order of the verifier's output logits; every verifier backend uses it.
LABELS: tuple[Label, ...] = (Label.SUPPORTED, Label.REFUTED, Label.NOT_ENOUGH_INFO)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(_Model):
    """A piece of text to check: what was fed in, after extraction."""

    text: str
    title: str | None = None
    source: str = Field(description="file path, URL or '<stdin>' / '<text>'")
    url: str | None = None
    published: dt.date | None = None
    language: str | None = Field(None, description="ISO 639-1 code of the article's language, detected at check "
                                 "time (docs/japanese.md)")


class Claim(_Model):
    """A check-worthy sentence of the article, with exact character offsets into `Article.text`."""

    id: str
    text: str
    start: int
    end: int
    checkworthiness: float = Field(ge=0.0, le=1.0)
    is_prediction: bool = False
    is_opinion: bool = Field(False, description="opinion or analysis by the writer: shown, not judged")
    translation: str | None = Field(None, description="the English the claim was judged in, for an article in "
                                    "another language (`text` is then the original sentence)")


#: why a sentence of the article was not checked (opinions and predictions have lists of their own)
SkipReason = Literal["not a claim", "heading", "page furniture", "duplicate"]


class SkippedSentence(_Model):
    """A sentence of the article that was not checked, and why; with the claims, predictions and opinions
    these account for every sentence."""

    text: str
    start: int
    end: int
    reason: SkipReason


class Document(_Model):
    """A unit of a knowledge base as ingested (a JSONL line, a file, a wiki page); split into Passages."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None


class Passage(_Model):
    """A sentence-level unit of a knowledge base (or of a fetched web page)."""

    id: str
    text: str
    doc_id: str
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    translation: str | None = Field(None, description="the English the passage was judged in, when `text` is in "
                                    "another language")


class Evidence(_Model):
    """A passage retrieved for one claim, with the retriever's score and rank."""

    passage: Passage
    score: float
    rank: int
    on_topic: float | None = Field(None, description="probability that the passage is on the claim's subject: the "
                                   "knowledge base's embedder's cosine, mapped by the line fitted for that model "
                                   "(null without one: BM25 only, web search, an unfitted model)")


class Verdict(_Model):
    """The judgement of one claim against its evidence."""

    claim_id: str
    label: Label
    confidence: float = Field(ge=0.0, le=1.0, description="calibrated probability of `label`")
    probabilities: dict[Label, float]
    evidence: list[Evidence] = Field(description="the passages shown to the verifier, best first")
    cited: list[str] = Field(default_factory=list, description="ids of the passages that decided the verdict")
    model: str = Field(description="versioned name of the verifier, e.g. verifier.minilm-xenc.v1")
    abstained: bool = Field(False, description="true when the confidence fell below the abstention threshold")
    rationale: str | None = Field(None, description="the verifier's reasoning, when it gives one (LLM verifiers)")


class GroundedPoint(_Model):
    """One point of the brief's analysis or outlook, resting only on claims and evidence of the check."""

    text: str
    cites: list[str] = Field(description="ids of the claims (c1), predictions (p1) and passages it rests on")


class TrackRecord(_Model):
    """How a prediction's source has fared in the ledger so far (docs/predictions.md)."""

    scope: str = Field(description="'outlet' or 'author'")
    name: str
    resolved: int = Field(description="predictions of this source resolved true or false")
    brier: float | None = Field(None, description="mean Brier score of those that had a stated likelihood")


class Forecast(_Model):
    """What the ledger records of one prediction: its horizon, stated likelihood and source (docs/predictions.md)."""

    claim_id: str = Field(description="id of the prediction in `Brief.predictions`")
    made_on: dt.date = Field(description="the article's date, else the check's")
    horizon: str | None = Field(None, description="the words that set the due date; none: open-ended")
    due: dt.date | None = None
    likelihood: float | None = Field(None, ge=0.0, le=1.0, description="stated probability of the forecast event")
    likelihood_word: str | None = Field(None, description="the estimative words that decided `likelihood`")
    outlet: str | None = None
    author: str | None = None
    track_record: TrackRecord | None = None


class ClaimCheck(_Model):
    """A claim and its verdict, the unit of the brief's fact-check results."""

    claim: Claim
    verdict: Verdict
    explanation: str | None = Field(None, description="what the verdict rests on, in the words every renderer "
                                    "uses (filled by the json renderer)")


class Brief(_Model):
    """The product: everything a reader needs about one article."""

    schema_version: str = SCHEMA_VERSION
    check_id: str
    created_at: dt.datetime
    article: Article
    summary: list[str]
    results: list[ClaimCheck]
    predictions: list[Claim]
    opinions: list[Claim] = Field(default_factory=list, description="opinion and analysis: listed, not judged")
    not_checked: list[SkippedSentence] = Field(default_factory=list, description="every other sentence, with why "
                                               "it was not checked")
    references: list[Passage]
    knowledge_base: str | None = None
    as_of: dt.date | None = None
    models: dict[str, str] = Field(description="stage -> versioned backend name")
    timings_ms: dict[str, float] = Field(default_factory=dict)
    analysis: list[GroundedPoint] = Field(default_factory=list, description="what the checked claims add up to "
                                          "(written by an LLM backend, grounded in the check; without one, made "
                                          "from the verdicts and evidence alone)")
    outlook: list[GroundedPoint] = Field(default_factory=list, description="what to expect, from the predictions "
                                         "and verified claims (LLM backend, grounded; empty otherwise)")
    notes: list[str] = Field(default_factory=list, description="what degraded during the check and why "
                             "(an LLM fallback, a rejected citation)")
    forecasts: list[Forecast] = Field(default_factory=list, description="horizon, stated likelihood, source and "
                                      "track record of each prediction, as recorded in the ledger")

    def counts(self) -> dict[str, int]:
        out = {label.value: 0 for label in LABELS}
        for result in self.results:
            out[result.verdict.label.value] += 1
        return out
