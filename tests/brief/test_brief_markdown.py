from __future__ import annotations

import re

from factdesk.brief.markdown import MarkdownRenderer, md_text
from factdesk.models import Brief


def _section(md: str, heading: str) -> str:
    """The text under `## heading`, up to the next `## ` heading or the footer."""
    match = re.search(rf"^## {heading}\n(.*?)(?=^## |^---$)", md, re.S | re.M)
    assert match, f"no section {heading!r}"
    return match.group(1)


def test_layout_and_source_line(brief: Brief) -> None:
    md = MarkdownRenderer().render(brief)
    assert md.startswith("# Paris landmarks \\<script\\>")
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == ["Summary", "Fact-check results", "Predictions", "References"]
    source = next(line for line in md.splitlines() if line.startswith("**Source:**"))
    for part in ["<https://news.example/paris>", "published 2026-11-30", "checked 2026-12-01 11:10 UTC",
                 "knowledge base: demo", "as of 2026-11-30"]:
        assert part in source
    # the abstained SUPPORTED verdict is shown and counted as not enough info
    assert "**Verdicts:** 1 supported · 1 refuted · 2 not enough info (1 abstained)" in md
    footer = md.split("\n---\n")[-1]
    assert "verifier: verifier.minilm-xenc.v1" in footer and "claims: claims.heuristic.v1" in footer
    assert "Check id: chk-20261201-0001" in footer


def test_results_quote_the_cited_evidence(brief: Brief) -> None:
    results = _section(MarkdownRenderer().render(brief), "Fact-check results")
    entries = re.split(r"^### ", results, flags=re.M)[1:]
    assert [e.splitlines()[0] for e in entries] == [
        "1. ✅ SUPPORTED · 91% confidence",
        "2. ❌ REFUTED · 84% confidence",
        "3. ⚠️ NOT ENOUGH INFO · 62% confidence",
        "4. ⚠️ NOT ENOUGH INFO · abstained, leaned supported at 41%",
    ]
    supported, refuted, nei, abstained = entries
    assert "“The Eiffel Tower was completed in 1889.”" in supported
    assert "> The Eiffel Tower, completed in 1889, stands in Paris." in supported
    assert "> — *Eiffel Tower*, <https://en.wikipedia.org/wiki/Eiffel_Tower>, 2024-03-01 [1]" in supported
    assert "Moon orbits" not in supported  # evidence shown to the verifier but not cited
    # both cited passages, one source (same URL) without a date
    assert "> The Moon orbits Earth" in refuted and "> Apollo 11 landed" in refuted
    assert refuted.count("> — *Moon*, <https://en.wikipedia.org/wiki/Moon> [2]") == 2
    # no citation: the best retrieved passage, marked as not decisive; its markup stays text
    assert "neither supports nor refutes the claim (not enough info at 62%)" in nei
    assert "> Budget notes \\<script\\>alert('x')\\</script\\> and \\[a link\\](javascript:alert(1))" in nei
    assert "Eiffel" not in nei.split("*Why:*")[1]  # only the best passage
    assert "*Why:* No verdict: the verifier leaned SUPPORTED at 41%, below the 50% a verdict needs." in abstained
    # a javascript: URL is shown as text, never as a link
    assert "javascript:alert(1)" in abstained and "<javascript:" not in abstained


def test_predictions_and_references(brief: Brief) -> None:
    md = MarkdownRenderer().render(brief)
    predictions = _section(md, "Predictions")
    assert "- “Tourism will double by 2030.”" in predictions and "not fact-checked" in predictions
    references = _section(md, "References").strip().splitlines()
    assert references == [
        "1. *Eiffel Tower* — <https://en.wikipedia.org/wiki/Eiffel_Tower> — 2024-03-01",
        "2. *Moon* — <https://en.wikipedia.org/wiki/Moon>",
        "3. *kb:notes-7*",
        "4. *Visitor figures* — javascript:alert(1) — 2024-01-05",
    ]


def test_empty_sections_say_so(brief: Brief) -> None:
    empty = brief.model_copy(update={"results": [], "predictions": [], "references": [], "summary": [],
                                     "knowledge_base": None, "as_of": None})
    md = MarkdownRenderer().render(empty)
    assert "No check-worthy claim was found." in md and "No predictions." in md and "No sources cited." in md
    assert "0 supported · 0 refuted · 0 not enough info" in md and "as of" not in md


def test_md_text_escapes_markup_and_newlines() -> None:
    assert md_text("a *b*\n> [c](d) <e>") == "a \\*b\\* \\> \\[c\\](d) \\<e\\>"
