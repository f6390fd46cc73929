"""The "web" and "kb+web" retrievers end to end: search, safe fetching, extraction, ranking, as_of."""

from __future__ import annotations

import datetime as dt

import pytest

from factdesk.errors import FactdeskError
from factdesk.evidence.base import Retriever, retrievers
from factdesk.evidence.kb import KnowledgeBase
from factdesk.evidence.web import WebRetriever, bm25_scores
from factdesk.web.config import WebConfig

CLAIM = "The Eiffel Tower opened in 1889."


@pytest.fixture
def config(web_server: str) -> WebConfig:
    return WebConfig(searxng_url=f"{web_server}/searxng", results=4, timeout_s=5, allow_networks=["127.0.0.1/32"])


def test_web_retriever_finds_the_sentence_in_the_fetched_page(config: WebConfig, web_server: str) -> None:
    retriever = retrievers.create("web", config=config)
    assert isinstance(retriever, Retriever)
    [ranked] = retriever.retrieve([CLAIM], top_k=3)
    best = ranked[0].passage
    assert best.text == "The tower opened to the public in 1889 as the entrance arch of the World's Fair."
    assert best.url == f"{web_server}/pages/eiffel.html" and best.title == "Eiffel Tower facts"
    assert best.date == dt.date(2019, 3, 31) and best.doc_id.startswith("web:")
    assert [e.rank for e in ranked] == [1, 2, 3] and ranked[0].score >= ranked[1].score >= ranked[2].score
    assert retriever.name == "retriever.web-bm25-minilm.v1[web.searxng.v1]"
    # the page behind a redirect to 10.20.30.40 was refused: only the search engine's snippet is there
    [snippet] = retriever.pages_for([f"{web_server}/redirect-private"])
    assert snippet.source == "snippet" and "10.20.30.40" in (snippet.error or "")
    page = retriever.pages_for([best.url])[0]
    assert page.source == "page" and "Champ de Mars" in page.text


def test_without_the_opt_in_loopback_pages_are_refused(config: WebConfig, web_server: str) -> None:
    retriever = WebRetriever(config.model_copy(update={"allow_networks": []}))
    [ranked] = retriever.retrieve([CLAIM], top_k=5)
    # the search API (configured by the user) is called, but no page on 127.0.0.1 is fetched: snippets only
    assert ranked and all(e.passage.id.endswith("#0") for e in ranked)
    pages = retriever.pages_for([f"{web_server}/pages/eiffel.html"])
    assert pages[0].source == "snippet" and "private or reserved" in (pages[0].error or "")


def test_as_of_drops_results_dated_after_the_day(config: WebConfig) -> None:
    retriever = WebRetriever(config)
    claim = "The Eiffel Tower was repainted gold."
    [now] = retriever.retrieve([claim], top_k=10)
    assert any("gold" in e.passage.text for e in now)
    [then] = retriever.retrieve([claim], top_k=10, as_of=dt.date(2020, 1, 1))
    assert then and not any("gold" in e.passage.text for e in then)
    assert all(e.passage.date is None or e.passage.date <= dt.date(2020, 1, 1) for e in then)
    [before_all] = retriever.retrieve([claim], top_k=10, as_of=dt.date(2000, 1, 1))
    assert {e.passage.title for e in before_all} <= {"The Colosseum", "Moved"}  # only undated pages remain


def test_kb_plus_web_fuses_both(config: WebConfig, tmp_path: object, web_server: str) -> None:
    from factdesk.models import Passage

    kb = KnowledgeBase.from_passages(f"{tmp_path}/kb", [
        Passage(id="e#0", doc_id="e", title="Eiffel Tower", text="The Eiffel Tower was completed in March 1889."),
        Passage(id="r#0", doc_id="r", title="Rome", text="Rome is the capital city of Italy."),
    ], dense=False)
    retriever = retrievers.create("kb+web", kb=kb, config=config)
    [ranked] = retriever.retrieve([CLAIM], top_k=4)
    sources = {e.passage.doc_id for e in ranked}
    assert "e" in sources and any(s.startswith("web:") for s in sources)
    assert [e.rank for e in ranked] == [1, 2, 3, 4]
    assert retriever.name == "retriever.bm25.v1+retriever.web-bm25-minilm.v1[web.searxng.v1]"
    assert retriever.pages_for([f"{web_server}/pages/eiffel.html"])[0].title == "Eiffel Tower facts"


def test_no_provider_configured_says_how() -> None:
    with pytest.raises(FactdeskError, match="FACTDESK_SEARXNG_URL"):
        WebRetriever(WebConfig()).retrieve([CLAIM])


def test_bm25_prefers_matching_sentences() -> None:
    scores = bm25_scores("tower opened 1889", ["The tower opened in 1889.", "Bakeries sell pastries.", ""])
    assert scores[0] > 0 and scores[1] == 0 and scores[2] == 0
