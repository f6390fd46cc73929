"""Is the evidence on the claim's subject at all? The gate between retrieval and the verdict.

The verifier was trained on topical evidence and reads off-topic passages as refutations, so a verdict drawn from
passages off the claim's subject is shown as NOT_ENOUGH_INFO: the knowledge base has nothing on the claim.

Two signals; the `topic_gate` setting picks ('embedder', the default; 'words'; 'off'):
  - `on_topic` of the passages: the knowledge base's embedder's cosine mapped to P(the knowledge base has something
    on the claim) by the line fitted for that model (`factdesk train topic-gate`); nothing on it below 0.5.
  - word overlap: the largest share of the claim's content words found in one passage, below `min_overlap` (a
    setting, default 0.3); also the 'embedder' gate's for passages without `on_topic` (BM25 only, web search, a
    model without a fitted line).
docs/benchmarks.md ("Nothing on this") compares them.
"""

from __future__ import annotations

from collections.abc import Sequence

from factdesk import settings
from factdesk.errors import InputError
from factdesk.models import Evidence, Label, Verdict
from factdesk.text import content_words

ON_TOPIC_LINE = 0.5
GATES = ("embedder", "words", "off")


def gate_setting() -> str:
    """The `topic_gate` setting, checked."""
    gate = settings.get("topic_gate")
    if gate not in GATES:
        raise InputError(f"unknown topic_gate '{gate}' (known: {', '.join(GATES)})")
    return gate


def topical_overlap(claim: str, evidence: Sequence[Evidence]) -> float:
    """The largest share of the claim's content words found in one passage (with its title)."""
    words = content_words(claim)
    if not words:
        return 1.0
    return max((len(words & content_words(f"{e.passage.title or ''} {e.passage.text}")) / len(words)
                for e in evidence), default=0.0)


def topic_strength(claim: str, evidence: Sequence[Evidence], min_overlap: float,
                   gate: str = "embedder") -> tuple[float, bool]:
    """(strength, on): on the claim's subject when a passage the embedder scored reaches 0.5 (`gate` 'embedder'), or
    the passages it did not score (web pages beside a knowledge base's; all of them for 'words') share `min_overlap`
    of the claim's content words. `strength` is the larger of the two measures present."""
    use_scores = gate != "words"  # 'off' gates nothing, but what is said of the passages still uses the better signal
    scored = [e.on_topic for e in evidence if e.on_topic is not None] if use_scores else []
    unscored = [e for e in evidence if e.on_topic is None or not use_scores]
    signals = [(max(scored), ON_TOPIC_LINE)] if scored else []
    if unscored or not scored:
        signals.append((topical_overlap(claim, unscored), min_overlap))
    return max(strength for strength, _ in signals), any(strength >= line for strength, line in signals)


def on_topic(claim: str, evidence: Sequence[Evidence], min_overlap: float, gate: str = "embedder") -> bool:
    return bool(evidence) and topic_strength(claim, evidence, min_overlap, gate)[1]


def off_topic(verdict: Verdict, claim: str, min_overlap: float, gate: str = "embedder") -> Verdict:
    """The verdict, or NOT_ENOUGH_INFO (nothing cited) when `gate` finds its passages off the claim's subject."""
    if gate == "off" or verdict.label is Label.NOT_ENOUGH_INFO:
        return verdict
    strength, on = topic_strength(claim, verdict.evidence, min_overlap, gate)
    if on:
        return verdict
    confidence = max(verdict.probabilities.get(Label.NOT_ENOUGH_INFO, 0.0), 1.0 - strength)
    rest = 1.0 - verdict.probabilities.get(Label.NOT_ENOUGH_INFO, 0.0)
    probabilities = {label: (confidence if label is Label.NOT_ENOUGH_INFO else
                             (1.0 - confidence) * p / rest if rest > 0 else 0.0)
                     for label, p in verdict.probabilities.items()}
    return verdict.model_copy(update={"label": Label.NOT_ENOUGH_INFO, "confidence": confidence,
                                      "probabilities": probabilities, "cited": []})
