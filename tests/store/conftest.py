"""Briefs built by hand, in the shape the pipeline produces (see factdesk/models.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from factdesk.models import LABELS, Article, Brief, Claim, ClaimCheck, Evidence, Label, Passage, Verdict

ARTICLE = (
    "The city council approved a 4% budget increase on Monday. "
    "Unemployment fell to 3.9% in March, the statistics office said. "
    "The mayor expects the new bridge to open in 2027."
)


def make_brief(
    title: str = "Council passes budget",
    source: str = "https://news.example/budget",
    created_at: dt.datetime | None = None,
    check_id: str | None = None,
    claims: list[tuple[str, str, Label]] | None = None,
) -> Brief:
    """A complete brief: checked claims with verdicts and evidence, a prediction, references."""
    claims = claims or [
        ("c1", "The city council approved a 4% budget increase on Monday.", Label.SUPPORTED),
        ("c2", "Unemployment fell to 3.9% in March, the statistics office said.", Label.REFUTED),
    ]
    results: list[ClaimCheck] = []
    references: list[Passage] = []
    for n, (claim_id, text, label) in enumerate(claims):
        start = max(ARTICLE.find(text), 0)
        claim = Claim(id=claim_id, text=text, start=start, end=start + len(text), checkworthiness=0.25 + 0.1 * n)
        passages = [
            Passage(
                id=f"doc{n}#p{k}",
                text=f"Passage {k} about {text.lower()} — with ünïcode and 'quotes'.",
                doc_id=f"doc{n}",
                title=f"Document {n}" if k else None,
                url=f"https://kb.example/doc{n}" if k else None,
                date=dt.date(2024, 3, 1 + k) if k else None,
            )
            for k in range(3)
        ]
        probabilities = {lab: (0.8 if lab == label else 0.1) for lab in LABELS}
        verdict = Verdict(
            claim_id=claim_id,
            label=label,
            confidence=0.8,
            probabilities=probabilities,
            evidence=[Evidence(passage=p, score=12.5 - k * 1.25, rank=k + 1) for k, p in enumerate(passages)],
            cited=[passages[0].id],
            model="verifier.minilm-xenc.v1",
            abstained=label == Label.NOT_ENOUGH_INFO,
        )
        results.append(ClaimCheck(claim=claim, verdict=verdict))
        references.append(passages[0])
    prediction_text = "The mayor expects the new bridge to open in 2027."
    start = ARTICLE.find(prediction_text)
    prediction = Claim(
        id="p1",
        text=prediction_text,
        start=start,
        end=start + len(prediction_text),
        checkworthiness=0.5,
        is_prediction=True,
    )
    return Brief(
        check_id=check_id or uuid.uuid4().hex,
        created_at=created_at or dt.datetime(2025, 5, 1, 12, 30, 15, 123456, tzinfo=dt.UTC),
        article=Article(text=ARTICLE, title=title, source=source, url=source, published=dt.date(2025, 4, 30)),
        summary=["The budget increase is supported.", "The unemployment figure is refuted."],
        results=results,
        predictions=[prediction],
        references=references,
        knowledge_base="demo",
        as_of=dt.date(2025, 4, 1),
        models={"claims": "claims.heuristic.v1", "verifier": "verifier.minilm-xenc.v1"},
        timings_ms={"claims": 12.5, "verify": 230.25},
    )


@pytest.fixture
def brief_factory() -> Callable[..., Brief]:
    return make_brief
