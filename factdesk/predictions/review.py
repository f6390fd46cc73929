"""Proposed resolutions for due predictions, from the knowledge base (and the web where configured) as of today.

Each due prediction is judged like a claim, restated as its outcome ("X is expected to open in 2027" becomes
"X did open in 2027": the verifier reads hedged future statements as undecidable), against evidence dated no earlier
than the day it was made (a passage written before the prediction cannot tell how it turned out) and no later than
`today`. SUPPORTED proposes `true`, REFUTED `false`; anything else proposes nothing. A proposal quotes the passages
that decided it; a person accepts it or not (`factdesk predictions review --ask`): nothing resolves itself.

    >>> proposals = propose(ledger.entries(due_by=today), pipeline_for(kb="newsroom"), today)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factdesk.models import Evidence, Label, Passage
from factdesk.pipeline import Pipeline, abstain
from factdesk.predictions.ledger import LedgerEntry
from factdesk.verify.topic import off_topic

_PROPOSED = {Label.SUPPORTED: "true", Label.REFUTED: "false"}

_NEGATED = re.compile(r"\b(?:won't|will\s+not|shall\s+not|is\s+not\s+going\s+to)\b", re.IGNORECASE)
_FORECAST = re.compile(
    r"\b(?:(?:is|are|was|were|'s|'re)\s+(?:also\s+|now\s+|widely\s+|still\s+)?(?:very\s+|highly\s+)?"
    r"(?:expected|likely|unlikely|set|poised|projected|predicted|forecast|slated|scheduled|due|bound|going|certain|"
    r"sure|on\s+track)\s+to|(?:will|shall|could|may|might|should|would)(?:\s+(?:likely|probably|almost\s+"
    r"certainly|also|soon|eventually))?|'ll|(?:plans?|aims?|intends?|vows?|vowed|pledged?|promised?)\s+to)\b",
    re.IGNORECASE)
_RELATIVE_TIME = re.compile(r"\s*\b(?:next\s+(?:year|month|week|decade|spring|summer|autumn|fall|winter)|"
                            r"(?:in|within|over)\s+the\s+(?:coming|next)\s+(?:\w+\s+)?(?:days|weeks|months|years)|"
                            r"later\s+this\s+year|this\s+year|soon)\b", re.IGNORECASE)


def as_outcome(prediction: str) -> str:
    """The prediction restated as what happened if it came true: the estimative words give the plain past
    ("opened", "built"; "did not" when negated) and relative times ("next year") are dropped, as they no longer
    mean the same day."""
    text, negated = _NEGATED.subn("did not", prediction, count=1)
    if not negated:
        text = _FORECAST.sub("did", text, count=1)
    text = re.sub(r"\bdid( not)? be\b", r"was\1", text)  # "will be repainted" -> "was repainted"
    # "did open" -> "opened": plain past tense reads as news does, and the verifier judges it far more surely
    text = re.sub(r"\bdid (?!not\b)(\w+)\b", lambda m: _past(m.group(1)), text)
    return " ".join(_RELATIVE_TIME.sub("", text).split()).replace(" .", ".")


_IRREGULAR = {"build": "built", "make": "made", "take": "took", "win": "won", "rise": "rose", "fall": "fell",
              "grow": "grew", "become": "became", "begin": "began", "go": "went", "have": "had", "hit": "hit",
              "cut": "cut", "sell": "sold", "buy": "bought", "bring": "brought", "lead": "led", "run": "ran",
              "pay": "paid", "spend": "spent", "hold": "held", "meet": "met", "leave": "left", "lose": "lost",
              "keep": "kept", "put": "put", "set": "set", "shut": "shut", "give": "gave", "get": "got",
              "come": "came", "send": "sent", "find": "found", "see": "saw", "say": "said", "tell": "told"}


def _past(verb: str) -> str:
    lower = verb.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("e"):
        return verb + "d"
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


@dataclass(frozen=True)
class Proposal:
    entry: LedgerEntry
    judged: str  # the prediction restated as its outcome, as the verifier judged it
    outcome: str | None  # "true", "false", or None: the evidence settles nothing
    confidence: float
    quotes: list[Passage]  # the passages that decided it (the closest one when nothing did)
    reason: str

    def as_dict(self) -> dict:
        return {"id": self.entry.id, "text": self.entry.text, "judged": self.judged, "proposed": self.outcome,
                "confidence": round(self.confidence, 4), "reason": self.reason,
                "evidence": [p.model_dump(mode="json") for p in self.quotes]}


def _after_made(evidence: list[Evidence], made_on: dt.date) -> list[Evidence]:
    """Passages dated before the prediction was made cannot resolve it; undated ones are kept."""
    return [e for e in evidence if e.passage.date is None or e.passage.date >= made_on]


def _judge(pipeline: Pipeline):  # type: ignore[no-untyped-def]
    """The pipeline's verifier, judging each passage alone where it can (`max`): one dated report that the thing
    happened settles a prediction, and joined with unrelated news it would read as undecided."""
    if getattr(pipeline.verifier, "aggregation", None) is None:
        return pipeline.verifier  # an LLM verifier reads the passages its own way
    from factdesk.verify.base import verifiers

    return verifiers.create(pipeline.config.verifier, aggregation="max")


def propose(entries: list[LedgerEntry], pipeline: Pipeline, today: dt.date) -> list[Proposal]:
    """One proposal per entry, judged with the pipeline's retriever and verifier and its abstention policy."""
    if not entries:
        return []
    config = pipeline.config
    outcomes = [as_outcome(e.text) for e in entries]
    found = pipeline.retriever.retrieve(outcomes, config.top_k * 2, as_of=today)
    evidence = [_after_made(list(ev), e.made_on)[: config.top_k] for ev, e in zip(found, entries, strict=True)]
    verdicts = _judge(pipeline).verify([(str(e.id), text) for e, text in zip(entries, outcomes, strict=True)],
                                       evidence)
    proposals = []
    for entry, outcome_text, verdict in zip(entries, outcomes, verdicts, strict=True):
        verdict = abstain(off_topic(verdict, outcome_text, config.min_overlap, config.topic_gate), config.abstain_below)
        by_id = {ev.passage.id: ev.passage for ev in verdict.evidence}
        quotes = [by_id[pid] for pid in verdict.cited if pid in by_id]
        outcome = _PROPOSED.get(verdict.label)
        if outcome is None:
            closest = min(verdict.evidence, key=lambda ev: ev.rank).passage if verdict.evidence else None
            quotes = [closest] if closest else []
            reason = ("no evidence dated after the prediction was made" if not verdict.evidence
                      else "the evidence neither supports nor contradicts it")
        else:
            reason = f"the evidence {'supports' if outcome == 'true' else 'contradicts'} it"
        proposals.append(Proposal(entry, outcome_text, outcome, verdict.confidence, quotes, reason))
    return proposals
