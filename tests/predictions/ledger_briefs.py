"""Briefs whose predictions (and only those) matter: each from a given outlet URL, byline and date."""

from __future__ import annotations

import datetime as dt
import uuid

from factdesk.models import Article, Brief, Claim
from factdesk.predictions.forecast import forecasts_of


def prediction_brief(sentences: list[str], url: str | None = "https://www.daily.example/story",
                     published: dt.date | None = dt.date(2025, 1, 10), byline: str | None = None) -> Brief:
    """A brief with `sentences` as its predictions, its forecasts computed as the pipeline does."""
    head = f"By {byline}\n\n" if byline else ""
    text = head + " ".join(sentences)
    predictions = []
    for n, sentence in enumerate(sentences, 1):
        start = text.index(sentence)
        predictions.append(Claim(id=f"p{n}", text=sentence, start=start, end=start + len(sentence),
                                 checkworthiness=0.5, is_prediction=True))
    brief = Brief(
        check_id=uuid.uuid4().hex, created_at=dt.datetime(2025, 1, 11, 9, 0, tzinfo=dt.UTC),
        article=Article(text=text, title="Outlook", source=url or "story.md", url=url, published=published),
        summary=[], results=[], predictions=predictions, references=[], knowledge_base="demo",
        models={"verifier": "verifier.minilm-xenc.v1"},
    )
    return brief.model_copy(update={"forecasts": forecasts_of(brief)})
