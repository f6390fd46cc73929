"""One explanation of each verdict, the same words in md, html, json and the web desk; an off-topic passage is
never quoted; every sentence of the article is accounted for."""

from __future__ import annotations

import json

from factdesk.brief.explain import NOTHING, explain
from factdesk.brief.htmlpage import HtmlRenderer
from factdesk.brief.jsonout import JsonRenderer
from factdesk.brief.markdown import MarkdownRenderer, md_text
from factdesk.models import Brief, Claim, ClaimCheck, Evidence, Label, Passage, SkippedSentence, Verdict
from factdesk.service.pages import brief_page

EIFFEL = Passage(id="p-eiffel", text="The Eiffel Tower, completed in 1889, stands in Paris.", doc_id="wiki:eiffel",
                 title="Eiffel Tower", url="https://en.wikipedia.org/wiki/Eiffel_Tower")
HOSTILE = Passage(id="p-hostile", text="Budget notes <script>alert('x')</script> appear here.", doc_id="kb:notes-7")


def _ev(*passages: Passage) -> list[Evidence]:
    return [Evidence(passage=p, score=1.0 - i / 10, rank=i + 1) for i, p in enumerate(passages)]


def _check(claim: str, label: Label, probabilities: dict[Label, float], evidence: list, *,
           abstained: bool = False, cited: list[str] | None = None) -> ClaimCheck:
    confidence = probabilities[label]
    return ClaimCheck(claim=Claim(id="c9", text=claim, start=0, end=len(claim), checkworthiness=0.9),
                      verdict=Verdict(claim_id="c9", label=label, confidence=confidence, probabilities=probabilities,
                                      evidence=evidence, cited=cited or [], model="m", abstained=abstained))


def test_off_topic_nei_says_the_kb_has_nothing_and_quotes_nothing() -> None:
    check = _check("Threads is a social network run by Meta.", Label.NOT_ENOUGH_INFO,
                   {Label.SUPPORTED: 0.0, Label.REFUTED: 0.0, Label.NOT_ENOUGH_INFO: 1.0}, _ev(HOSTILE))
    explanation = explain(check)
    assert NOTHING in explanation.text and explanation.passages == []
    assert explanation.detail == "no evidence"  # not "100% confidence" next to an irrelevant passage


def test_a_passage_that_shares_a_word_but_not_the_subject_is_not_on_topic() -> None:
    victoria = EIFFEL.model_copy(update={"id": "p-v", "title": "Victoria Tower", "text": "At 98.5 metres, it is "
                                         "slightly taller than the Elizabeth Tower at the north end of the Palace."})
    check = _check("The Eiffel Tower is in Rome.", Label.NOT_ENOUGH_INFO,
                   {Label.SUPPORTED: 0.03, Label.REFUTED: 0.07, Label.NOT_ENOUGH_INFO: 0.9}, _ev(victoria))
    assert NOTHING in explain(check).text and explain(check).passages == []
    assert explain(check.model_copy(update={"verdict": check.verdict.model_copy(
        update={"evidence": _ev(EIFFEL)})})).passages == [EIFFEL]


def test_abstention_names_the_leaned_label_and_its_probability() -> None:
    probabilities = {Label.SUPPORTED: 0.33, Label.REFUTED: 0.49, Label.NOT_ENOUGH_INFO: 0.18}
    check = _check("The Eiffel Tower was completed in 1889.", Label.NOT_ENOUGH_INFO, probabilities,
                   _ev(EIFFEL), abstained=True)
    explanation = explain(check)
    assert explanation.text.startswith("No verdict: the verifier leaned REFUTED at 49%, below the 50%")
    assert "18%" not in explanation.text and explanation.passages == [EIFFEL]


def test_the_best_retrieved_passage_is_the_one_shown() -> None:
    evidence = _ev(EIFFEL, HOSTILE)
    evidence = [evidence[1].model_copy(update={"rank": 1}), evidence[0].model_copy(update={"rank": 2})]
    check = _check("The city budget notes rose.", Label.NOT_ENOUGH_INFO,
                   {Label.SUPPORTED: 0.2, Label.REFUTED: 0.2, Label.NOT_ENOUGH_INFO: 0.6}, evidence)
    assert explain(check).passages == [HOSTILE]


def test_a_verdict_resting_on_several_passages_says_they_were_read_together() -> None:
    """The verifier judges a claim's passages joined: "the 2 passages ... contradict the claim" read as if each did
    (the demo's park, refuted by two bird-watching passages neither of which says anything against it)."""
    tower = EIFFEL.model_copy(update={"id": "p-2", "text": "It is a wrought-iron lattice tower."})
    probabilities = {Label.SUPPORTED: 0.8, Label.REFUTED: 0.1, Label.NOT_ENOUGH_INFO: 0.1}
    both = _check("The Eiffel Tower is a lattice tower completed in 1889.", Label.SUPPORTED, probabilities,
                  _ev(EIFFEL, tower), cited=["p-eiffel", "p-2"])
    assert explain(both).text == ("Supported at 80%: the 2 passages quoted, from “Eiffel Tower”, together support "
                                  "the claim.")
    one = both.model_copy(update={"verdict": both.verdict.model_copy(update={"cited": ["p-eiffel"]})})
    assert explain(one).text == "Supported at 80%: the passage quoted, from “Eiffel Tower”, supports the claim."


def test_every_renderer_uses_the_same_words(brief: Brief) -> None:
    md = MarkdownRenderer().render(brief)
    html = " ".join(HtmlRenderer().render(brief).replace("&#x27;", "'").split())
    desk = " ".join(brief_page(brief).replace("&#x27;", "'").split())
    data = json.loads(JsonRenderer().render(brief))
    for check, result in zip(brief.results, data["results"], strict=True):
        text = explain(check).text
        assert result["explanation"] == text
        assert f"*Why:* {md_text(text)}" in md
        assert text.replace("“", "").replace("”", "") in html.replace("“", "").replace("”", "")
        assert text.replace("“", "").replace("”", "") in desk.replace("“", "").replace("”", "")


def test_opinions_and_not_checked_sentences_are_listed(brief: Brief) -> None:
    brief = brief.model_copy(update={
        "opinions": [Claim(id="o1", text="The reform is overdue.", start=0, end=22, checkworthiness=0.0,
                           is_opinion=True)],
        "not_checked": [SkippedSentence(text="Share this article", start=30, end=48, reason="page furniture"),
                        SkippedSentence(text="Key Facts", start=23, end=32, reason="heading")]})
    md = MarkdownRenderer().render(brief)
    opinions = md.split("## Opinion and analysis")[1].split("## ")[0]
    skipped = md.split("## Not checked")[1].split("## ")[0]
    assert "- “The reform is overdue.”" in opinions
    assert skipped.index("“Key Facts” — heading") < skipped.index("“Share this article” — page furniture")
    html = HtmlRenderer().render(brief)
    assert "<h2>Opinion and analysis</h2>" in html and "“Share this article” — page furniture" in html
    data = json.loads(JsonRenderer().render(brief))
    assert data["not_checked"][0]["reason"] == "page furniture" and data["opinions"][0]["is_opinion"] is True
