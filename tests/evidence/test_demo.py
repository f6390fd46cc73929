"""The shipped demo content: the knowledge base builds, each fact of the demo article that is meant to be
supported or refuted by it retrieves the passage that decides it, and the demo brief shows SUPPORTED, REFUTED and
NOT ENOUGH INFO for those reasons."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from factdesk.brief.explain import explain
from factdesk.evidence.demo import DEMO_NEWS, STORY_TITLES, data_path, demo_article_path, ensure_demo_kb
from factdesk.evidence.kb import KnowledgeBase
from factdesk.models import Brief, ClaimCheck, Label

# article sentence -> (intended label, a fragment of the deciding passage)
FACTS = {
    "North Carolina Highway 3 is named after NASCAR driver Dale Earnhardt, who drove the number 3 car.": (
        "SUPPORTED", "numbered after Dale Earnhardt"),
    "Dale Earnhardt died at the 1998 Daytona 500.": ("REFUTED", "2001 Daytona 500"),
    "North Carolina Highway 3 begins in Concord and runs north through Kannapolis to Mooresville.": (
        "SUPPORTED", "through Kannapolis"),
    "The Alfred Dockery House was built around 1840.": ("SUPPORTED", "Alfred Dockery House was built about 1840"),
    "It was the home of Alfred Dockery, a congressman who was also a brigadier general": (
        "SUPPORTED", "home of Congressman"),
    "The Alfred Dockery House was restored in 1971.": ("REFUTED", "restored in 1951"),
    "The remains of a water-powered mill can still be found at the Alfred Dockery House.": (
        "SUPPORTED", "water-powered mill"),
    "the old Sievern and Knoxville Railroad once linked Batesburg with Sievern.": ("SUPPORTED", "ran from Batesburg"),
    "The Sievern and Knoxville Railroad was about 40 miles long.": ("REFUTED", "about 17.5 miles"),
    "The Sievern and Knoxville Railroad came under the control of the Southern Railway after 1899.": (
        "SUPPORTED", "Southern Railway after 1899"),
    "The Sievern and Knoxville Railroad was abandoned in 1953.": ("REFUTED", "abandoned in 1933"),
    "A county group has proposed turning part of the old rail bed near Batesburg into a walking and cycling trail.": (
        "SUPPORTED", "walking and cycling trail"),
    "Huntington Beach State Park, near Murrells Inlet in Georgetown County, is a small coastal preserve": (
        "SUPPORTED", "near Murrells Inlet"),
    "Huntington Beach State Park recorded 12 percent more visitors in 2024 than in 2023.": (
        "SUPPORTED", "12 percent more visitors"),
    "The Glenn–Thompson Plantation, also known as Cedar Heights Plantation, stands near Pittsview in Russell County.": (
        "SUPPORTED", "Cedar Heights Plantation"),
    "A rear addition built in 1840 added six main rooms and a patio to the Glenn–Thompson Plantation house.": (
        "REFUTED", "four main rooms"),
    "The original kitchen of the Glenn–Thompson Plantation was later moved and now serves as a horse barn.": (
        "SUPPORTED", "repurposed as a horse barn"),
}
NO_EVIDENCE = [  # invented on purpose: nothing in the demo KB decides them
    "Mooresville calls itself Race City USA and is home to more than 60 racing teams.",
    "Readers of a national travel magazine voted the beach at Huntington Beach State Park the best in the Southeast.",
    "The current owners of the Glenn–Thompson Plantation offer guided tours every Saturday from April to October.",
]
PREDICTIONS = [
    "The first section of the Batesburg rail trail is expected to open in 2027.",
    "The state will also build a new visitor centre at Huntington Beach State Park next year.",
]
OPINION = "Every history lover should make this drive at least once."
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b")


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
    for sentence in [*FACTS, *NO_EVIDENCE, *PREDICTIONS, OPINION]:
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


def test_planted_facts_are_settled_by_their_passage_text() -> None:
    """The deciding passage really decides: a refuted fact's figure differs from the passage's, a supported one's
    figures all appear in it (so the intended verdict follows from the evidence, not from the test)."""
    text = data_path("demo_kb.jsonl").read_text(encoding="utf-8")
    for sentence, (label, fragment) in FACTS.items():
        passage = next(json.loads(line)["text"] for line in text.splitlines() if fragment in line)
        numbers = set(_NUMBER.findall(sentence))
        if label == "REFUTED":
            assert numbers and not numbers <= set(_NUMBER.findall(passage)), sentence
        else:
            assert numbers <= set(_NUMBER.findall(passage)) | {"3"}, sentence  # "the number 3 car" / "#3 car"


@pytest.fixture(scope="module")
def demo_brief(demo_kb: KnowledgeBase) -> Brief:
    from factdesk.ingest import load_article
    from factdesk.pipeline import Pipeline, PipelineConfig

    config = PipelineConfig()
    config.kb = str(demo_kb.path)
    return Pipeline(config).run(load_article(str(demo_article_path())))


def _result_for(brief: Brief, sentence: str) -> ClaimCheck | None:
    return next((r for r in brief.results if sentence in r.claim.text), None)


def test_demo_brief_shows_every_verdict_for_the_right_reason(demo_brief: Brief) -> None:
    """The shipped demo: each verdict kind appears, each decided by the planted passage. A verdict is only
    tolerated to differ from the planted one by abstaining or staying under 60% (honestly borderline for a
    small verifier); a confident wrong verdict fails."""
    shown: dict[str, list[str]] = {"SUPPORTED": [], "REFUTED": []}
    for sentence, (label, fragment) in FACTS.items():
        result = _result_for(demo_brief, sentence)
        assert result is not None, f"planted fact not checked: {sentence}"
        verdict = result.verdict
        if verdict.label.value in shown:
            assert verdict.label.value == label or verdict.confidence < 0.6, (sentence, verdict.label)
            if verdict.label.value == label:
                assert any(fragment in p.text for p in explain(result).passages), (sentence, fragment)
                shown[label].append(sentence)
    assert shown["SUPPORTED"] and shown["REFUTED"], shown
    for sentence in NO_EVIDENCE:
        result = _result_for(demo_brief, sentence)
        assert result is not None and result.verdict.label is Label.NOT_ENOUGH_INFO, sentence
    assert [p.text for p in demo_brief.predictions] == PREDICTIONS
    assert [o.text for o in demo_brief.opinions] == [OPINION]
    assert demo_brief.article.title.startswith("Back Roads of the Old South: A Heritage Drive")
    assert [s.reason for s in demo_brief.not_checked if s.reason != "not a claim"] == ["heading"]


def test_readme_example_returns_a_judged_claim(demo_kb: KnowledgeBase) -> None:
    import factdesk

    brief = factdesk.check("The Eiffel Tower is in Rome.", kb=str(demo_kb.path), record=False)
    assert [r.claim.text for r in brief.results] == ["The Eiffel Tower is in Rome."]
    # the demo knowledge base has no page on the tower: judged, and honestly undecided
    assert brief.results[0].verdict.label is Label.NOT_ENOUGH_INFO and not brief.not_checked


def test_cli_all_sentences_checks_every_sentence(demo_kb: KnowledgeBase, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from factdesk.cli.main import group as cli

    text = "Huntington Beach State Park is in South Carolina.\nShare this article\nI like the beach a lot."
    args = ["check", "-", "--kb", str(demo_kb.path), "--no-record", "-f", "json"]
    env = {"FACTDESK_HOME": str(tmp_path)}
    picked = json.loads(CliRunner().invoke(cli, args, input=text, env=env, catch_exceptions=False).output)
    assert [s["reason"] for s in picked["not_checked"]] == ["page furniture", "not a claim"]
    every = json.loads(CliRunner().invoke(cli, [*args, "--all-sentences"], input=text, env=env).output)
    assert [r["claim"]["text"] for r in every["results"]] == text.splitlines()
    assert every["not_checked"] == [] and all(r["explanation"] for r in every["results"])
