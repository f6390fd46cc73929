"""The shipped demo content: the knowledge base builds, and each fact of the demo article that is meant to be
supported or refuted by it retrieves the passage that decides it."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from factdesk.evidence.demo import DEMO_NEWS, STORY_TITLES, data_path, demo_article_path, ensure_demo_kb
from factdesk.evidence.kb import KnowledgeBase

# article sentence -> (intended label, a fragment of the deciding passage)
FACTS = {
    "a short road named in honour of NASCAR driver Dale Earnhardt": ("SUPPORTED", "numbered after Dale Earnhardt"),
    "Earnhardt died at the 1998 Daytona 500.": ("REFUTED", "2001 Daytona 500"),
    "The highway begins in Concord and runs north through Kannapolis to Mooresville.": (
        "SUPPORTED", "through Kannapolis"),
    "a two-story brick plantation house in the Greek Revival style built around 1840.": (
        "SUPPORTED", "It was built about 1840"),
    "It was the home of Alfred Dockery, a congressman who was also a brigadier general": (
        "SUPPORTED", "home of Congressman"),
    "The house was restored in 1971.": ("REFUTED", "restored in 1951"),
    "The remains of a water-powered mill can still be found on the property.": ("SUPPORTED", "water-powered mill"),
    "the old Sievern and Knoxville Railroad once linked Batesburg with Sievern.": ("SUPPORTED", "ran from Batesburg"),
    "The line was about 40 miles long.": ("REFUTED", "about 17.5 miles"),
    "It came under the control of the Southern Railway after 1899.": ("SUPPORTED", "Southern Railway after 1899"),
    "The railroad was abandoned in 1953.": ("REFUTED", "abandoned in 1933"),
    "A county group has proposed turning part of the old rail bed near Batesburg into a walking and cycling trail.": (
        "SUPPORTED", "walking and cycling trail"),
    "Huntington Beach State Park, near Murrells Inlet in Georgetown County, is a small coastal preserve": (
        "SUPPORTED", "near Murrells Inlet"),
    "In winter its fresh and saltwater marshes host roseate spoonbills.": ("SUPPORTED", "roseate spoonbills in winter"),
    "The park recorded 12 percent more visitors in 2024 than in 2023.": ("SUPPORTED", "12 percent more visitors"),
    "The Glenn–Thompson Plantation, also known as Cedar Heights Plantation, stands near Pittsview in Russell County.": (
        "SUPPORTED", "Cedar Heights Plantation"),
    "A rear addition built in 1840 added six main rooms and a patio.": ("REFUTED", "four main rooms"),
    "Its original kitchen was later moved and now serves as a horse barn.": ("SUPPORTED", "repurposed as a horse barn"),
}
NO_EVIDENCE = [  # invented on purpose: nothing in the demo KB decides them
    "Mooresville calls itself Race City USA and is home to more than 60 racing teams.",
    "Readers of a national travel magazine voted its beach the best in the Southeast last year.",
    "The current owners offer guided tours every Saturday from April to October.",
]
PREDICTIONS = [
    "The first section of the Batesburg rail trail is expected to open in 2027.",
    "The state will also build a new visitor centre at Huntington Beach State Park next year.",
]


@pytest.fixture(scope="module")
def demo_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACTDESK_HOME", str(tmp_path_factory.mktemp("demo-home")))
        return ensure_demo_kb()


def test_demo_files_are_small_and_well_formed() -> None:
    jsonl = data_path("demo_kb.jsonl")
    assert jsonl.stat().st_size < 1_000_000
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert 150 <= len(rows) <= 400
    titles = {row["title"] for row in rows}
    assert set(STORY_TITLES) <= titles
    wiki = [row for row in rows if row["id"].startswith("wiki:")]
    assert all(row["url"] == "https://en.wikipedia.org/wiki/" + row["title"].replace(" ", "_") for row in wiki)
    news = [row for row in rows if not row["id"].startswith("wiki:")]
    assert len(news) == len(DEMO_NEWS) and all(row["date"] and "factdesk demo news" in row["title"] for row in news)
    assert data_path("DEMO_ATTRIBUTION.md").read_text(encoding="utf-8").count("CC BY-SA 3.0") >= 2


def test_demo_article_holds_every_planned_sentence() -> None:
    article = demo_article_path().read_text(encoding="utf-8")
    assert article.startswith("# ")
    assert 300 <= len(article.split()) <= 450
    for sentence in [*FACTS, *NO_EVIDENCE, *PREDICTIONS]:
        assert sentence in article, sentence
    assert {"SUPPORTED", "REFUTED"} == {label for label, _ in FACTS.values()}


def test_demo_kb_builds_and_is_reused(demo_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    stats = demo_kb.stats()
    assert stats["documents"] >= 150 and stats["passages"] > 1000 and stats["dense"]
    assert stats["dated_passages"] >= len(DEMO_NEWS)
    monkeypatch.setenv("FACTDESK_HOME", str(demo_kb.path.parent.parent))
    again = ensure_demo_kb()
    assert again.path == demo_kb.path and again.stats()["passages"] == stats["passages"]


@pytest.mark.parametrize("dense", [True, False], ids=["hybrid", "bm25"])
def test_demo_facts_retrieve_their_passage_in_top_5(demo_kb: KnowledgeBase, dense: bool) -> None:
    queries = list(FACTS)
    for query, ranked in zip(queries, demo_kb.search_many(queries, top_k=5, dense=dense), strict=True):
        fragment = FACTS[query][1]
        assert any(fragment in e.passage.text for e in ranked), f"{query!r} missed {fragment!r}"


def test_demo_as_of_drops_the_dated_news(demo_kb: KnowledgeBase) -> None:
    query = "The park recorded 12 percent more visitors in 2024 than in 2023."
    assert re.search("12 percent", demo_kb.search(query, 1)[0].passage.text)
    earlier = demo_kb.search(query, 5, as_of=dt.date(2025, 1, 1))
    assert all("12 percent" not in e.passage.text for e in earlier)
