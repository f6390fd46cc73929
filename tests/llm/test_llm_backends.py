"""The LLM backends behind the stage protocols, against the local OpenAI-wire server."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fakeopenai import FakeOpenAI, completion

from factdesk.brief.analysis import write_analysis
from factdesk.claims.base import detectors
from factdesk.claims.llm import LLMClaimDetector
from factdesk.claims.segment import PysbdSegmenter
from factdesk.llm.client import ChatClient
from factdesk.llm.config import Endpoint, upsert
from factdesk.llm.trace import tracing
from factdesk.models import Article, Brief, ClaimCheck, Evidence, Label, Passage
from factdesk.verify.base import verifiers
from factdesk.verify.llm import LLMVerifier

ARTICLE = Article(
    title="Acme opens a factory in Lyon",
    source="<text>",
    text="Acme opens a factory in Lyon\n\nAcme Corp opened a battery factory in Lyon in 2023. "
         "The company employs 1,200 people there. Is that a lot? It will double its output next year.",
)


def passages(*texts: str) -> list[Evidence]:
    return [Evidence(passage=Passage(id=f"doc{i}#0", text=t, doc_id=f"doc{i}", title=f"Doc {i}"), score=1.0,
                     rank=i + 1) for i, t in enumerate(texts)]


# -- verifier ---------------------------------------------------------------------------------------------


def test_verifier_judges_with_rationale_and_cites_given_passages(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    evidence = passages("Lyon is a city in France.", "Acme Corp opened a battery factory in Lyon in 2023.")
    [verdict] = LLMVerifier(endpoint).verify([("c1", "Acme Corp opened a battery factory in Lyon.")], [evidence])
    assert verdict.label is Label.SUPPORTED and verdict.confidence == 0.9
    assert verdict.cited == ["doc1#0"] and verdict.rationale == "Passage 2 says so."
    assert verdict.model == "verifier.llm.v1:fake/fake-model" and verdict.evidence == evidence
    assert pytest.approx(sum(verdict.probabilities.values())) == 1.0
    prompt = fake.requests[0]["messages"][1]["content"]
    assert "[1] (Doc 0) Lyon is a city in France." in prompt and "[2] (Doc 1) Acme" in prompt


def test_a_cited_passage_that_was_not_given_is_rejected(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(200, completion(json.dumps({"label": "REFUTED", "confidence": 0.8, "rationale": "r", "cited": [1, 7]})))
    fake.push(200, completion(json.dumps({"label": "SUPPORTED", "confidence": 0.9, "rationale": "r", "cited": [4]})))
    verifier = LLMVerifier(endpoint.model_copy(update={"concurrency": 1}))
    with tracing() as trace:
        first, second = verifier.verify([("c1", "A claim."), ("c2", "Another.")],
                                        [passages("One.", "Two."), passages("Three.")])
    assert first.label is Label.REFUTED and first.cited == ["doc0#0"]
    # nothing valid left to rest on: not grounded, so not a verdict
    assert second.label is Label.NOT_ENOUGH_INFO and second.cited == []
    assert any("c1" in n and "[7]" in n and "rejected" in n for n in trace.notes)
    assert any("c2" in n and "without citing a given passage" in n for n in trace.notes)


def test_no_evidence_is_not_enough_info_without_a_request(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    [verdict] = LLMVerifier(endpoint).verify([("c1", "Anything.")], [[]])
    assert verdict.label is Label.NOT_ENOUGH_INFO and fake.requests == []


def test_a_failing_server_degrades_to_nei_with_the_reason_noted(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    for _ in range(3):
        fake.push(500, {"error": {"message": "boom", "type": "server_error", "param": None, "code": None}})
    with tracing() as trace:
        [verdict] = LLMVerifier(endpoint).verify([("c1", "A claim.")], [passages("One.")])
    assert verdict.label is Label.NOT_ENOUGH_INFO and verdict.model.endswith("+fallback:nei")
    assert any("c1: LLM verifier failed" in n and "HTTP 500: boom" in n for n in trace.notes)


def test_nonsense_answers_degrade_to_the_fallback_verifier(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(200, completion("I think it is true."))
    fake.push(200, completion('{"label": "MAYBE"}'))
    offline = verifiers.create("minilm-xenc")
    try:
        offline.warm_up()
    except Exception:  # the offline verifier's weights are not in this checkout
        pytest.skip("offline verifier weights not installed")
    with tracing() as trace:
        [verdict] = LLMVerifier(endpoint, fallback=offline).verify([("c1", "Lyon is in France.")],
                                                                  [passages("Lyon is a city in France.")])
    assert verdict.model.startswith("verifier.minilm-xenc")
    assert any("judged by the offline verifier" in n for n in trace.notes)


def test_registered_as_llm_colon_id(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    upsert(endpoint)
    assert isinstance(verifiers.create("llm:fake"), LLMVerifier)
    assert isinstance(detectors.create("llm:fake"), LLMClaimDetector)


# -- claims ------------------------------------------------------------------------------------------------


def test_decomposition_resolves_references_and_keeps_source_offsets(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    sentences = PysbdSegmenter().segment(ARTICLE.text)
    claims, predictions = LLMClaimDetector(endpoint).detect(ARTICLE, sentences)
    texts = [c.text for c in claims]
    assert "Acme employs 1,200 people there." in texts  # "The company" resolved from the article
    assert [p.text for p in predictions] == ["Acme will double its output next year."]
    for claim in claims + predictions:
        source = ARTICLE.text[claim.start : claim.end]
        assert source in {s.text for s in sentences}  # offsets of the source sentence
    employs = next(c for c in claims if "employs" in c.text)
    assert ARTICLE.text[employs.start : employs.end] == "The company employs 1,200 people there."
    assert [c.id for c in claims] == [f"c{i}" for i in range(1, len(claims) + 1)] and predictions[0].id == "p1"
    # the question was never sent: only statements are
    assert "Is that a lot?" not in fake.requests[0]["messages"][1]["content"].split("SENTENCES:")[1]


def test_unknown_sentence_numbers_are_ignored_and_noted(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    fake.push(200, completion(json.dumps({"claims": [
        {"sentence": 1, "text": "Acme Corp opened a battery factory in Lyon in 2023.", "prediction": False,
         "checkworthiness": 0.9},
        {"sentence": 42, "text": "Invented.", "prediction": False, "checkworthiness": 0.9}]})))
    with tracing() as trace:
        claims, _ = LLMClaimDetector(endpoint).detect(ARTICLE, PysbdSegmenter().segment(ARTICLE.text))
    assert [c.text for c in claims] == ["Acme Corp opened a battery factory in Lyon in 2023."]
    assert any("[42]" in n for n in trace.notes)


def test_failed_extraction_falls_back_to_the_offline_detector(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    for _ in range(3):
        fake.push(503, b"upstream unavailable")
    sentences = PysbdSegmenter().segment(ARTICLE.text)
    offline_claims, offline_predictions = detectors.create("minilm-lr").detect(ARTICLE, sentences)
    with tracing() as trace:
        claims, predictions = LLMClaimDetector(endpoint).detect(ARTICLE, sentences)
    assert [c.text for c in claims] == [c.text for c in offline_claims]
    assert [p.text for p in predictions] == [p.text for p in offline_predictions]
    assert any("offline detector" in n and "HTTP 503" in n for n in trace.notes)


# -- analysis and outlook ----------------------------------------------------------------------------------


def brief_with_results(endpoint: Endpoint) -> Brief:
    sentences = PysbdSegmenter().segment(ARTICLE.text)
    claims, predictions = LLMClaimDetector(endpoint).detect(ARTICLE, sentences)
    evidence = passages("Acme Corp opened a battery factory in Lyon in 2023.")
    verdicts = LLMVerifier(endpoint).verify([(c.id, c.text) for c in claims], [evidence] * len(claims))
    return Brief(check_id="x", created_at=dt.datetime.now(dt.UTC), article=ARTICLE, summary=["Acme opened."],
                 results=[ClaimCheck(claim=c, verdict=v) for c, v in zip(claims, verdicts, strict=True)],
                 predictions=predictions, references=[], models={})


def test_analysis_and_outlook_cite_only_the_check(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    brief = brief_with_results(endpoint)
    with tracing() as trace:
        analysis, outlook = write_analysis(ChatClient(endpoint), brief)
    claim_ids = {r.claim.id for r in brief.results}
    assert analysis and all(set(p.cites) <= claim_ids for p in analysis)
    assert "An invented point." not in [p.text for p in analysis]  # it cited c99 only: dropped
    assert [p.cites for p in outlook] == [["p1"]]
    assert any("c99" in n for n in trace.notes) and any("ungrounded" in n for n in trace.notes)
    prompt = fake.requests[-1]["messages"][1]["content"]
    assert "e1: (Doc 0) Acme Corp opened" in prompt  # the cited evidence is shown under a short id


def test_passage_citations_map_back_to_passage_ids(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    brief = brief_with_results(endpoint)
    fake.push(200, completion(json.dumps({"analysis": [{"text": "The factory exists.", "cites": ["c1", "E1"]}],
                                          "outlook": []})))
    analysis, outlook = write_analysis(ChatClient(endpoint), brief)
    assert [p.cites for p in analysis] == [["c1", "doc0#0"]] and outlook == []


def test_analysis_failure_leaves_the_sections_empty_with_a_note(fake: FakeOpenAI, endpoint: Endpoint) -> None:
    brief = brief_with_results(endpoint)
    fake.push(200, completion("no"))
    fake.push(200, completion("still no"))
    with tracing() as trace:
        assert write_analysis(ChatClient(endpoint), brief) == ([], [])
    assert any(n.startswith("analysis and outlook not written") for n in trace.notes)
