"""What a verdict rests on, in one wording that every renderer uses (md, html, the web desk, json `explanation`).

- SUPPORTED / REFUTED: the passages it cites (else the best retrieved one), named by source.
- Abstained: the label the verifier leaned to and its probability, below the abstention threshold.
- NOT ENOUGH INFO with an on-topic passage: the best retrieved passage, which decides nothing.
- No passage on the claim's topic (or none at all): "the knowledge base has nothing on this", and no passage
  is quoted, so an irrelevant "closest passage" is never shown next to a high confidence.

    >>> explain(check).text  # doctest: +SKIP
    'No verdict: the verifier leaned REFUTED at 49%, below the 50% a verdict needs. ...'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdesk import settings
from factdesk.models import ClaimCheck, Label, Passage
from factdesk.translate.english import english_claim, english_verdict
from factdesk.verify.topic import gate_setting, on_topic

NOTHING = "the knowledge base has nothing on this"
_NAME = re.compile(r"\b[A-Z][\w’'-]*[A-Za-z0-9]")
_WORD = re.compile(r"[\w’'-]+")
#: capitalised only because they open the sentence
_OPENERS = {"The", "A", "An", "In", "On", "At", "It", "Its", "This", "That", "These", "Those", "He", "She", "They",
            "We", "I", "Our", "His", "Her", "Their", "There", "From", "With", "For", "By", "After", "Before",
            "During", "According", "As", "When", "While", "If", "But", "And", "Some", "Many", "Most", "All"}


@dataclass(frozen=True)
class Explanation:
    text: str  # the sentence shown under the claim
    detail: str  # shown next to the label: "81% confidence", "abstained, leaned refuted at 49%", ...
    passages: list[Passage]  # the passages to quote, best first
    decisive: bool  # the quoted passages decided the verdict (False: the closest passage only)


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _sources(passages: list[Passage]) -> str:
    names = list(dict.fromkeys(f"“{p.title or p.doc_id}”" for p in passages))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def leaned(check: ClaimCheck) -> tuple[Label, float]:
    """The label the verifier leaned to before it abstained, and its probability."""
    probabilities = check.verdict.probabilities
    label = max((Label.SUPPORTED, Label.REFUTED), key=lambda lab: probabilities.get(lab, 0.0))
    return label, probabilities.get(label, 0.0)


def _names(text: str) -> set[str]:
    words = _NAME.findall(text)
    if words and words[0] in _OPENERS:
        words = words[1:]
    return {word.lower() for word in words}


def _on_topic(check: ClaimCheck) -> bool:
    """The passages pass the pipeline's topic gate (factdesk.verify.topic) and some passage holds at least half of
    the names the claim is about: a passage on Victoria Tower shares "tower" with "The Eiffel Tower is in Rome",
    not its subject."""
    # compared in the English the verifier read: a Japanese claim or passage beside its translation (docs/japanese.md)
    claim, evidence = english_claim(check.claim).text, english_verdict(check.verdict).evidence
    if not on_topic(claim, evidence, settings.number("min_overlap", low=0, high=1), gate_setting()):
        return False
    names = _names(claim)
    if not names:
        return True
    return any(2 * len(names & set(_WORD.findall(f"{e.passage.title or ''} {e.passage.text}".lower()))) >= len(names)
               for e in evidence)


def explain(check: ClaimCheck, known: dict[str, Passage] | None = None) -> Explanation:
    """The explanation of one result (`known`: passages by id, for cited passages not among its evidence)."""
    verdict = check.verdict
    ranked = sorted(verdict.evidence, key=lambda e: e.rank)
    best = [ranked[0].passage] if ranked else []
    if verdict.abstained:
        label, probability = leaned(check)
        threshold = _percent(settings.number("abstain_below", low=0, high=1))
        text = (f"No verdict: the verifier leaned {label.value.replace('_', ' ')} at {_percent(probability)}, "
                f"below the {threshold} a verdict needs.")
        if not _on_topic(check):
            return Explanation(f"{text} No passage found is on this topic: {NOTHING}.",
                               f"abstained, leaned {label.value.lower()} at {_percent(probability)}", [], False)
        return Explanation(f"{text} The best passage found is quoted.",
                           f"abstained, leaned {label.value.lower()} at {_percent(probability)}", best, False)
    if verdict.label is Label.NOT_ENOUGH_INFO:
        if not ranked:
            return Explanation(f"No passage was retrieved: {NOTHING}.", "no evidence", [], False)
        if not _on_topic(check):
            return Explanation(f"No passage found is on this topic: {NOTHING}.", "no evidence", [], False)
        return Explanation("Not enough information: the best passage found, quoted, neither supports nor refutes "
                           f"the claim (not enough info at {_percent(verdict.confidence)}).",
                           f"{_percent(verdict.confidence)} confidence", best, False)
    by_id = dict(known or {}) | {e.passage.id: e.passage for e in verdict.evidence}
    cited = [by_id[pid] for pid in dict.fromkeys(verdict.cited) if pid in by_id] or best
    verb = "supports" if verdict.label is Label.SUPPORTED else "contradicts"
    count = "the passage" if len(cited) == 1 else f"the {len(cited)} passages"
    # several passages: the verifier judged them joined, so "together" is what is known of them
    text = (f"{verdict.label.value.title()} at {_percent(verdict.confidence)}: {count} quoted, from "
            f"{_sources(cited)}, {verb if len(cited) == 1 else 'together ' + verb.removesuffix('s')} the claim.")
    return Explanation(text, f"{_percent(verdict.confidence)} confidence", cited, True)
