"""How the renderers describe each prediction: its horizon, stated likelihood and its source's track record.

    >>> prediction_details(brief)[0][1]
    'due 2027-12-31 (“in 2027”) · stated likelihood 68% (“expects”) · this outlet (news.example): 14 resolved
    predictions, Brier 0.21'
"""

from __future__ import annotations

from factdesk.models import Brief, Forecast, TrackRecord


def horizon_words(forecast: Forecast) -> str:
    return f"due {forecast.due.isoformat()} (“{forecast.horizon}”)" if forecast.due else "open-ended (no horizon given)"


def likelihood_words(forecast: Forecast) -> str:
    if forecast.likelihood is None:
        return "no stated likelihood"
    return f"stated likelihood {forecast.likelihood:.0%} (“{forecast.likelihood_word}”)"


def record_words(record: TrackRecord) -> str:
    count = f"{record.resolved} resolved prediction{'s' if record.resolved != 1 else ''}"
    brier = f", Brier {record.brier:.2f}" if record.brier is not None else ""
    return f"this {record.scope} ({record.name}): {count}{brier}"


def prediction_details(brief: Brief) -> list[tuple[str, str]]:
    """(prediction text, details) for each prediction; details are empty for a brief without forecasts (1.1)."""
    forecasts = {f.claim_id: f for f in brief.forecasts}
    out = []
    for prediction in brief.predictions:
        forecast = forecasts.get(prediction.id)
        parts = [horizon_words(forecast), likelihood_words(forecast)] if forecast else []
        if prediction.translation:  # an article in another language (docs/japanese.md)
            parts.insert(0, f"English: “{' '.join(prediction.translation.split())}”")
        if forecast and forecast.track_record:
            parts.append(record_words(forecast.track_record))
        out.append((" ".join(prediction.text.split()), " · ".join(parts)))
    return out
