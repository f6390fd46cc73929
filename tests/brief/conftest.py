"""A hand-built brief that exercises every case a renderer must handle: a supported, a refuted, a
not-enough-info and an abstained claim; evidence with and without URL/date; predictions; and markup
(`<script>`, Markdown link syntax) in the article and in a passage."""

from __future__ import annotations

import datetime as dt

import pytest

from factdesk.models import Article, Brief, Claim, ClaimCheck, Evidence, Label, Passage, Verdict

SCRIPT = "<script>alert('x')</script>"

EIFFEL = Passage(id="p-eiffel", text="The Eiffel Tower, completed in 1889, stands in Paris.", doc_id="wiki:eiffel",
                 title="Eiffel Tower", url="https://en.wikipedia.org/wiki/Eiffel_Tower", date=dt.date(2024, 3, 1))
MOON = Passage(id="p-moon", text="The Moon orbits Earth at an average distance of 384,400 km.", doc_id="wiki:moon",
               title="Moon", url="https://en.wikipedia.org/wiki/Moon", date=None)
MOON_2 = Passage(id="p-moon-2", text="Apollo 11 landed on the Moon in 1969.", doc_id="wiki:moon",
                 title="Moon", url="https://en.wikipedia.org/wiki/Moon", date=None)
HOSTILE = Passage(id="p-hostile", text=f"Budget notes {SCRIPT} and [a link](javascript:alert(1)) appear here.",
                  doc_id="kb:notes-7", title=None, url=None, date=None)
BAD_URL = Passage(id="p-bad", text="Visitors numbered seven million in 2023.", doc_id="kb:visits",
                  title="Visitor figures", url="javascript:alert(1)", date=dt.date(2024, 1, 5))


def _ev(*passages: Passage) -> list[Evidence]:
    return [Evidence(passage=p, score=1.0 - i / 10, rank=i + 1) for i, p in enumerate(passages)]


def _verdict(claim_id: str, label: Label, confidence: float, evidence: list[Evidence], cited: list[str],
             abstained: bool = False) -> Verdict:
    rest = (1.0 - confidence) / 2
    probabilities = {other: rest for other in Label} | {label: confidence}
    return Verdict(claim_id=claim_id, label=label, confidence=confidence, probabilities=probabilities,
                   evidence=evidence, cited=cited, model="verifier.minilm-xenc.v1", abstained=abstained)


def _claim(claim_id: str, text: str, article: str, prediction: bool = False) -> Claim:
    start = article.index(text)
    return Claim(id=claim_id, text=text, start=start, end=start + len(text), checkworthiness=0.9,
                 is_prediction=prediction)


ARTICLE_TEXT = (
    "Paris landmarks draw crowds\n"
    "The Eiffel Tower was completed in 1889. "
    "The Moon is 1,000 km from Earth. "
    f"The city budget {SCRIPT} rose by 4 percent. "
    "Visitors reached seven million last year. "
    "Tourism will double by 2030."
)


def make_brief() -> Brief:
    text = ARTICLE_TEXT
    c1 = _claim("c1", "The Eiffel Tower was completed in 1889.", text)
    c2 = _claim("c2", "The Moon is 1,000 km from Earth.", text)
    c3 = _claim("c3", f"The city budget {SCRIPT} rose by 4 percent.", text)
    c4 = _claim("c4", "Visitors reached seven million last year.", text)
    forecast = _claim("c5", "Tourism will double by 2030.", text, prediction=True)
    results = [
        ClaimCheck(claim=c1, verdict=_verdict("c1", Label.SUPPORTED, 0.91, _ev(EIFFEL, MOON), ["p-eiffel"])),
        ClaimCheck(claim=c2, verdict=_verdict("c2", Label.REFUTED, 0.84, _ev(MOON, MOON_2), ["p-moon", "p-moon-2"])),
        ClaimCheck(claim=c3, verdict=_verdict("c3", Label.NOT_ENOUGH_INFO, 0.62, _ev(HOSTILE, EIFFEL), [])),
        ClaimCheck(claim=c4, verdict=_verdict("c4", Label.SUPPORTED, 0.41, _ev(BAD_URL), ["p-bad"], abstained=True)),
    ]
    return Brief(
        check_id="chk-20261201-0001",
        created_at=dt.datetime(2026, 12, 1, 11, 10, tzinfo=dt.UTC),
        article=Article(text=text, title=f"Paris landmarks {SCRIPT}", source="https://news.example/paris",
                        url="https://news.example/paris", published=dt.date(2026, 11, 30)),
        summary=["The Eiffel Tower was completed in 1889.", f"The city budget {SCRIPT} rose by 4 percent."],
        results=results,
        predictions=[forecast],
        references=[EIFFEL, MOON, MOON_2],
        knowledge_base="demo",
        as_of=dt.date(2026, 11, 30),
        models={"claims": "claims.heuristic.v1", "retriever": "bm25.v1", "verifier": "verifier.minilm-xenc.v1"},
        timings_ms={"verify": 12.5},
    )


@pytest.fixture
def brief() -> Brief:
    return make_brief()


@pytest.fixture
def script_tag() -> str:
    return SCRIPT
