"""The spoken brief: what the voice reads, in order. Title, summary, then each claim with its verdict and the one
evidence sentence that decided it, then the predictions with their horizon and stated likelihood. Written for the
ear (short sentences, no citations or URLs), then passed through `speakable` so numbers and dates are read right.

    >>> print("\\n".join(spoken_script(brief)))   # what `factdesk listen CHECK_ID --script` prints
"""

from __future__ import annotations

from factdesk.audio.normalise import speakable
from factdesk.brief.view import quoted_passages, shown_label, source_name
from factdesk.lang.detect import japanese_share
from factdesk.models import Brief, ClaimCheck, Label
from factdesk.translate.english import english_view

_VERDICT = {Label.SUPPORTED: "supported by the evidence", Label.REFUTED: "contradicted by the evidence",
            Label.NOT_ENOUGH_INFO: "not settled: there is not enough information"}


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _claim(number: int, check: ClaimCheck) -> str:
    label, verdict = shown_label(check), check.verdict
    parts = [f"Claim {number}: {_sentence(check.claim.text)}"]
    confidence = "" if label is Label.NOT_ENOUGH_INFO else f", with {round(verdict.confidence * 100)}% confidence"
    parts.append(f"Verdict: {_VERDICT[label]}{confidence}.")
    quoted = quoted_passages(check)
    if quoted and label is not Label.NOT_ENOUGH_INFO:
        passage = quoted[0]
        source = source_name(passage)
        if passage.translation and japanese_share(source) > 0:  # a voice reading English cannot say its name
            source = "a source in Japanese"
        parts.append(f"The deciding evidence, from {source}"
                     f"{f', {passage.date.isoformat()}' if passage.date else ''}: {_sentence(passage.text)}")
    return " ".join(parts)


def _predictions(brief: Brief) -> list[str]:
    if not brief.predictions:
        return []
    forecasts = {f.claim_id: f for f in brief.forecasts}
    count = len(brief.predictions)
    lines = [f"The article makes {count} prediction{'s' if count != 1 else ''}, on record to be checked when due."]
    for number, prediction in enumerate(brief.predictions, 1):
        line = f"Prediction {number}: {_sentence(prediction.text)}"
        forecast = forecasts.get(prediction.id)
        if forecast:
            line += f" Due {forecast.due.isoformat()}." if forecast.due else " No date is given."
            if forecast.likelihood is not None:
                line += f" Stated likelihood: {round(forecast.likelihood * 100)}%."
            if forecast.track_record and forecast.track_record.brier is not None:
                record = forecast.track_record
                line += (f" This {record.scope} has {record.resolved} resolved predictions, with a Brier score of "
                         f"{record.brier:.2f}.")
        lines.append(line)
    return lines


def spoken_script(brief: Brief) -> list[str]:
    """The paragraphs the voice reads (already in speakable words)."""
    brief = english_view(brief)  # an English voice reads the English of a translated claim or passage
    paragraphs = [_sentence(brief.article.title or "A fact-check brief")]
    if brief.summary:
        paragraphs.append("Summary. " + " ".join(_sentence(s) for s in brief.summary))
    checks = brief.results
    if checks:
        counts = [shown_label(c) for c in checks]
        paragraphs.append(f"{len(checks)} claim{'s were' if len(checks) != 1 else ' was'} checked: "
                          f"{counts.count(Label.SUPPORTED)} supported, {counts.count(Label.REFUTED)} contradicted, "
                          f"{counts.count(Label.NOT_ENOUGH_INFO)} not settled.")
    else:
        paragraphs.append("No check-worthy claim was found.")
    paragraphs += [_claim(n, check) for n, check in enumerate(checks, 1)]
    paragraphs += _predictions(brief)
    return [speakable(p) for p in paragraphs]
