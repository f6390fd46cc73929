"""The analysis written without an LLM: every sentence from the brief's own verdicts, passages and forecasts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from factdesk.brief.base import render
from factdesk.brief.offline_analysis import offline_analysis
from factdesk.models import (
    Article,
    Brief,
    Claim,
    ClaimCheck,
    Evidence,
    Forecast,
    Label,
    Passage,
    TrackRecord,
    Verdict,
)
from factdesk.pipeline import Pipeline, PipelineConfig

TOWER = Passage(id="wiki:eiffel#0", text="The Eiffel Tower stands in Paris and was completed in 1889.",
                doc_id="wiki:eiffel", title="Eiffel Tower", url="https://en.wikipedia.org/wiki/Eiffel_Tower",
                date=dt.date(2024, 3, 1))
ROME = Passage(id="wiki:rome#0", text="The Colosseum, not the Eiffel Tower, stands in Rome.", doc_id="wiki:rome",
               title="Rome")
BRIDGE = Passage(id="kb:bridge#0", text="The Golden Gate Bridge opened in 1937 in San Francisco.", doc_id="kb:bridge",
                 title="Golden Gate Bridge")
ROADS = Passage(id="kb:roads#0", text="NC 3's southern terminus is in Concord.", doc_id="kb:roads", title="NC 3")


def _check(claim_id: str, text: str, label: Label, confidence: float, passages: Sequence[Passage],
           cited: Sequence[Passage] = (), abstained: bool = False) -> ClaimCheck:
    rest = (1 - confidence) / 2
    verdict = Verdict(claim_id=claim_id, label=label, confidence=confidence,
                      probabilities={lab: confidence if lab is label else rest for lab in Label},
                      evidence=[Evidence(passage=p, score=1.0, rank=n) for n, p in enumerate(passages, 1)],
                      cited=[p.id for p in cited], model="m", abstained=abstained)
    return ClaimCheck(claim=Claim(id=claim_id, text=text, start=0, end=len(text), checkworthiness=0.9),
                      verdict=verdict)


def _brief(results: list[ClaimCheck], predictions: list[Claim] | None = None,
           forecasts: list[Forecast] | None = None) -> Brief:
    return Brief(check_id="c" * 32, created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                 article=Article(text="x", title="T", source="t.md"), summary=[], results=results,
                 predictions=predictions or [], references=[], models={}, forecasts=forecasts or [])


KNOWN = [
    _check("c1", "The Eiffel Tower was completed in 1889.", Label.SUPPORTED, 0.9, [TOWER], [TOWER]),
    _check("c2", "The Eiffel Tower stands in Rome.", Label.REFUTED, 0.85, [TOWER, ROME], [TOWER]),
    _check("c3", "The Golden Gate Bridge opened in 1937.", Label.NOT_ENOUGH_INFO, 0.4, [BRIDGE], abstained=True),
    _check("c4", "Unemployment in Japan fell to 2.4% in October.", Label.NOT_ENOUGH_INFO, 0.9, [ROADS]),
    _check("c5", "The mayor of Springfield owns three cats.", Label.NOT_ENOUGH_INFO, 0.7, []),
    _check("c6", "The Golden Gate Bridge is painted International Orange.", Label.NOT_ENOUGH_INFO, 0.6, [BRIDGE]),
]


def test_counts_contradictions_with_their_sources_and_reasons_for_the_rest() -> None:
    points = offline_analysis(_brief(KNOWN))
    assert [(p.text, p.cites) for p in points] == [
        ("Of 6 checked claims, 1 held against the evidence, 1 was contradicted and 4 could not be checked.",
         ["c1", "c2", "c3", "c4", "c5", "c6"]),
        ("“The Eiffel Tower stands in Rome.” is contradicted by Eiffel Tower (2024-03-01).", ["c2", TOWER.id]),
        ("“The Eiffel Tower was completed in 1889.” is supported by Eiffel Tower (2024-03-01).", ["c1", TOWER.id]),
        ("Not checked, no passage found in the knowledge base: “The mayor of Springfield owns three cats.”.", ["c5"]),
        ("Not checked, the knowledge base has nothing on it (only passages off its subject were found): "
         "“Unemployment in Japan fell to 2.4% in October.”.", ["c4"]),
        ("Not checked, the verifier's confidence fell below the abstention threshold: “The Golden Gate Bridge opened "
         "in 1937.”.", ["c3"]),
        ("Not checked, the passages found neither support nor contradict the claim: “The Golden Gate Bridge is "
         "painted International Orange.”.", ["c6"]),
    ]


def test_every_citation_is_a_claim_or_passage_of_the_brief() -> None:
    brief = _brief(KNOWN)
    known = {r.claim.id for r in brief.results} | {e.passage.id for r in brief.results for e in r.verdict.evidence}
    assert all(set(p.cites) <= known and p.cites for p in offline_analysis(brief))


def test_predictions_with_horizon_likelihood_and_track_record() -> None:
    prediction = Claim(id="p1", text="Fares will rise next year.", start=0, end=26, checkworthiness=0.5,
                       is_prediction=True)
    record = TrackRecord(scope="outlet", name="daily.example", resolved=14, brier=0.2134)
    forecast = Forecast(claim_id="p1", made_on=dt.date(2026, 12, 1), horizon="next year", due=dt.date(2027, 12, 31),
                        likelihood=0.97, likelihood_word="will", outlet="daily.example", track_record=record)
    brief = _brief(KNOWN[:1], [prediction], [forecast])
    texts = [p.text for p in offline_analysis(brief)]
    assert texts[0] == "Of 1 checked claim, 1 held against the evidence, none were contradicted and every one could " \
                       "be checked."
    assert texts[-2:] == [
        "1 prediction is on record, to be scored when due: “Fares will rise next year.” (due 2027-12-31, stated "
        "likelihood 97% (“will”)).",
        "Track record of this outlet (daily.example): 14 resolved predictions, Brier 0.21.",
    ]
    md = render(brief.model_copy(update={"analysis": offline_analysis(brief)}), "md")
    assert "this outlet (daily.example): 14 resolved predictions, Brier 0.21" in md.split("## Analysis")[0]
    assert "## Analysis" in md and "(prediction 1)" in md


def test_an_empty_brief_still_has_an_analysis() -> None:
    (point,) = offline_analysis(_brief([]))
    assert point.text == "No check-worthy claim or prediction was found in the article." and point.cites == []


class _FixedRetriever:
    """Every query gets the same two passages: one on topic for the tower claims, one off topic."""

    name = "retriever.fixed.v1"

    def warm_up(self) -> None: ...

    def retrieve(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None) -> list[list[Evidence]]:
        return [[Evidence(passage=TOWER, score=2.0, rank=1), Evidence(passage=ROADS, score=1.0, rank=2)]
                for _ in queries]


def test_the_pipeline_writes_the_offline_analysis_into_every_brief() -> None:
    pipeline = Pipeline(PipelineConfig(kb="none"), retriever=_FixedRetriever(), kb_name="fixed")
    article = Article(text="The Eiffel Tower in Paris was completed in 1889. Tickets will cost more next year.",
                      source="t.md", published=dt.date(2026, 11, 30))
    brief = pipeline.run(article)
    assert brief.analysis and brief.analysis[0].text.startswith("Of 1 checked claim")
    assert brief.models["analysis"] == "analysis.offline.v1"
    assert [(f.horizon, f.due, f.likelihood_word) for f in brief.forecasts] == [
        ("next year", dt.date(2027, 12, 31), "will")]
    assert brief.analysis[-1].cites == [brief.predictions[0].id]
