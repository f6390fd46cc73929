"""The brief's analysis without an LLM: sentences made from the brief's own data, each citing what it rests on.

It says how many claims held, which were contradicted and by which source, which could not be checked and why
(no evidence in the knowledge base, off-topic evidence, low confidence, evidence that decides nothing), and which
predictions are on record. Nothing is inferred beyond the verdicts and their passages.

    >>> [p.text for p in offline_analysis(brief)][0]
    'Of 2 checked claims, 1 held against the evidence, 1 was contradicted and every one could be checked.'
"""

from __future__ import annotations

from factdesk.brief.view import quoted_passages, shown_label, source_name
from factdesk.models import Brief, ClaimCheck, Forecast, GroundedPoint, Label, Passage

OFFLINE_ANALYSIS = "analysis.offline.v1"  # the versioned name recorded in `Brief.models`
_SHORT = 90  # characters of a claim quoted in a sentence

#: Why a claim could not be checked, in the order they are reported.
REASONS = {
    "no-evidence": "no passage found in the knowledge base",
    "off-topic": "the knowledge base has nothing on it (only passages off its subject were found)",
    "low-confidence": "the verifier's confidence fell below the abstention threshold",
    "undecided": "the passages found neither support nor contradict the claim",
}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= _SHORT else f"“{text[:_SHORT].rsplit(' ', 1)[0]}…”"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one}" if n == 1 else f"{'none' if n == 0 else n} {many}"


def _passage_words(passage: Passage) -> str:
    return source_name(passage) + (f" ({passage.date.isoformat()})" if passage.date else "")


def unchecked_reason(check: ClaimCheck, min_overlap: float) -> str:
    """Which of `REASONS` kept a claim at NOT ENOUGH INFO."""
    from factdesk.verify.topic import gate_setting, on_topic  # the gate the pipeline applied (late: no cycle)

    verdict = check.verdict
    if not verdict.evidence:
        return "no-evidence"
    if not on_topic(check.claim.text, verdict.evidence, min_overlap, gate_setting()):
        return "off-topic"
    return "low-confidence" if verdict.abstained else "undecided"


def _decided(checks: list[ClaimCheck], label: Label, verb: str) -> list[GroundedPoint]:
    points = []
    for check in checks:
        if shown_label(check) is not label:
            continue
        passages = quoted_passages(check)
        sources = ", ".join(dict.fromkeys(_passage_words(p) for p in passages)) or "its evidence"
        points.append(GroundedPoint(text=f"{_short(check.claim.text)} is {verb} by {sources}.",
                                    cites=[check.claim.id, *(p.id for p in passages)]))
    return points


def _unchecked(checks: list[ClaimCheck], min_overlap: float) -> list[GroundedPoint]:
    by_reason: dict[str, list[ClaimCheck]] = {}
    for check in checks:
        if shown_label(check) is Label.NOT_ENOUGH_INFO:
            by_reason.setdefault(unchecked_reason(check, min_overlap), []).append(check)
    points = []
    for reason, words in REASONS.items():
        group = by_reason.get(reason, [])
        if group:
            claims = "; ".join(_short(c.claim.text) for c in group)
            points.append(GroundedPoint(text=f"Not checked, {words}: {claims}.", cites=[c.claim.id for c in group]))
    return points


def _forecast_words(forecast: Forecast) -> str:
    due = f"due {forecast.due.isoformat()}" if forecast.due else "open-ended"
    stated = (f", stated likelihood {forecast.likelihood:.0%} (“{forecast.likelihood_word}”)"
              if forecast.likelihood is not None else "")
    return due + stated


def _predictions(brief: Brief) -> list[GroundedPoint]:
    if not brief.predictions:
        return []
    forecasts = {f.claim_id: f for f in brief.forecasts}
    parts = [f"{_short(p.text)} ({_forecast_words(forecasts[p.id])})" if p.id in forecasts else _short(p.text)
             for p in brief.predictions]
    lead = _count(len(brief.predictions), "prediction is", "predictions are")
    points = [GroundedPoint(text=f"{lead[0].upper()}{lead[1:]} on record, to be scored when due: {'; '.join(parts)}.",
                            cites=[p.id for p in brief.predictions])]
    records = {(f.track_record.scope, f.track_record.name): (f.track_record, f.claim_id)
               for f in brief.forecasts if f.track_record}
    for (scope, name), (record, claim_id) in records.items():
        brier = f", Brier {record.brier:.2f}" if record.brier is not None else ""
        points.append(GroundedPoint(text=f"Track record of this {scope} ({name}): "
                                         f"{_count(record.resolved, 'resolved prediction', 'resolved predictions')}"
                                         f"{brier}.", cites=[claim_id]))
    return points


def offline_analysis(brief: Brief, min_overlap: float = 0.3) -> list[GroundedPoint]:
    """The analysis points of `brief`, built from its verdicts, passages and forecasts alone."""
    checks = brief.results
    labels = [shown_label(c) for c in checks]
    points: list[GroundedPoint] = []
    if checks:
        held, refuted = labels.count(Label.SUPPORTED), labels.count(Label.REFUTED)
        unchecked = labels.count(Label.NOT_ENOUGH_INFO)
        rest = f"{unchecked} could not be checked" if unchecked else "every one could be checked"
        points.append(GroundedPoint(
            text=f"Of {_count(len(checks), 'checked claim', 'checked claims')}, {held or 'none'} held against the "
                 f"evidence, {_count(refuted, 'was', 'were')} contradicted and {rest}.",
            cites=[c.claim.id for c in checks]))
    points += _decided(checks, Label.REFUTED, "contradicted")
    points += _decided(checks, Label.SUPPORTED, "supported")
    points += _unchecked(checks, min_overlap)
    points += _predictions(brief)
    return points or [GroundedPoint(text="No check-worthy claim or prediction was found in the article.", cites=[])]
