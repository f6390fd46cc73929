"""`llm:ID`: an LLM judges each claim against its numbered passages, through endpoint ID (docs/llm.md).

The model answers `{"label", "confidence", "rationale", "cited"}`. A cited number that was not among the
passages shown is rejected (and noted); a SUPPORTED/REFUTED answer left without any valid citation is not
grounded and becomes NOT_ENOUGH_INFO. When the endpoint fails or answers nonsense, the claim falls back to the
offline verifier (or NOT_ENOUGH_INFO, per the endpoint's `fallback`), and the brief's notes say so.

Example::

    verifier = verifiers.create("llm:ollama")
    [verdict] = verifier.verify([("c1", "Paris is in France.")], [[evidence]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from factdesk.llm import trace
from factdesk.llm.client import ChatClient, LLMError
from factdesk.llm.config import Endpoint
from factdesk.llm.structured import complete_json
from factdesk.models import LABELS, Evidence, Label, Verdict
from factdesk.verify.base import DEFAULT_VERIFIER, Verifier, verifiers

SYSTEM = """You are a careful fact-checker. Judge the CLAIM using only the numbered PASSAGES, never your own \
knowledge.
- SUPPORTED: the passages confirm the claim.
- REFUTED: the passages contradict the claim.
- NOT_ENOUGH_INFO: the passages neither confirm nor contradict it.
Answer with one JSON object and nothing else:
{"label": "SUPPORTED" | "REFUTED" | "NOT_ENOUGH_INFO", "confidence": <0 to 1>, \
"rationale": "<one or two sentences>", "cited": [<numbers of the passages that decide the label>]}
Cite only numbers from the list; cite nothing for NOT_ENOUGH_INFO."""


class LLMJudgement(BaseModel):
    label: Literal["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
    confidence: float = Field(ge=0, le=1)
    rationale: str
    cited: list[int]

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: object) -> object:
        # small models write "supported", "Not enough info", "NEI"
        if isinstance(value, str):
            key = value.strip().upper().replace(" ", "_")
            return {"NEI": "NOT_ENOUGH_INFO", "SUPPORTS": "SUPPORTED", "REFUTES": "REFUTED"}.get(key, key)
        return value

    @field_validator("cited", mode="before")
    @classmethod
    def _cited(cls, value: object) -> object:
        # "[2]" or "2" instead of 2
        if isinstance(value, list):
            return [int(str(v).strip("[] ")) if str(v).strip("[] ").isdigit() else v for v in value]
        return value


def passages_prompt(claim: str, evidence: Sequence[Evidence]) -> str:
    lines = [f"CLAIM: {claim}", "", "PASSAGES:"]
    for number, item in enumerate(evidence, 1):
        title = f"({item.passage.title}) " if item.passage.title else ""
        lines.append(f"[{number}] {title}{' '.join(item.passage.text.split())}")
    return "\n".join(lines)


def _probabilities(label: Label, confidence: float) -> dict[Label, float]:
    rest = (1.0 - confidence) / (len(LABELS) - 1)
    return {other: (confidence if other is label else rest) for other in LABELS}


class LLMVerifier:
    """Judges claims with a chat model; see the module docstring."""

    def __init__(self, endpoint: Endpoint, client: ChatClient | None = None, max_passages: int = 5,
                 fallback: Verifier | None = None) -> None:
        self.endpoint = endpoint
        self.client = client or ChatClient(endpoint)
        self.max_passages = max_passages
        self.name = f"verifier.llm.v1:{endpoint.id}/{endpoint.model}"
        self._fallback = fallback

    @property
    def fallback(self) -> Verifier | None:
        if self._fallback is None and self.endpoint.fallback == "offline":
            self._fallback = verifiers.create(DEFAULT_VERIFIER)
        return self._fallback

    def warm_up(self) -> None:
        pass  # nothing to load; the server is asked on first use

    def verify(self, claims: Sequence[tuple[str, str]], evidence: Sequence[Sequence[Evidence]]) -> list[Verdict]:
        jobs = [(cid, text, list(ev)[: self.max_passages]) for (cid, text), ev in zip(claims, evidence, strict=True)]
        return trace.parallel_map(self._judge, jobs, self.endpoint.concurrency)

    def _judge(self, job: tuple[str, str, list[Evidence]]) -> Verdict:
        claim_id, text, shown = job
        if not shown:
            return Verdict(claim_id=claim_id, label=Label.NOT_ENOUGH_INFO, confidence=1.0,
                           probabilities=_probabilities(Label.NOT_ENOUGH_INFO, 1.0), evidence=[], model=self.name)
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": passages_prompt(text, shown)}]
        try:
            answer = complete_json(self.client, messages, LLMJudgement, stage="verify", max_tokens=400)
        except LLMError as exc:
            return self._fall_back(claim_id, text, shown, str(exc))
        valid = [n for n in dict.fromkeys(answer.cited) if 1 <= n <= len(shown)]
        if rejected := [n for n in answer.cited if not 1 <= n <= len(shown)]:
            trace.note(f"{claim_id}: the LLM verifier cited passage(s) {rejected} that were not given "
                       f"(1-{len(shown)}); citation rejected")
        label = Label(answer.label)
        confidence = answer.confidence
        if label is not Label.NOT_ENOUGH_INFO and not valid:
            trace.note(f"{claim_id}: the LLM verifier said {label.value} without citing a given passage; "
                       "shown as NOT_ENOUGH_INFO")
            label, confidence = Label.NOT_ENOUGH_INFO, 0.5  # its judgement is unknown, not its opposite
        return Verdict(
            claim_id=claim_id,
            label=label,
            confidence=confidence,
            probabilities=_probabilities(label, confidence),
            evidence=shown,
            cited=[] if label is Label.NOT_ENOUGH_INFO else [shown[n - 1].passage.id for n in valid],
            model=self.name,
            rationale=answer.rationale.strip() or None,
        )

    def _fall_back(self, claim_id: str, text: str, shown: list[Evidence], reason: str) -> Verdict:
        fallback = self.fallback
        if fallback is None:
            trace.note(f"{claim_id}: LLM verifier failed ({reason}); shown as NOT_ENOUGH_INFO")
            return Verdict(claim_id=claim_id, label=Label.NOT_ENOUGH_INFO, confidence=1.0,
                           probabilities=_probabilities(Label.NOT_ENOUGH_INFO, 1.0), evidence=shown,
                           model=f"{self.name}+fallback:nei")
        trace.note(f"{claim_id}: LLM verifier failed ({reason}); judged by the offline verifier instead")
        [verdict] = fallback.verify([(claim_id, text)], [shown])
        return verdict
