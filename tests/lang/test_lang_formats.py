"""Every output format quotes a translated claim and its evidence in the original language with the English beside
it (docs/japanese.md): Markdown, the HTML page, JSON, ClaimReview and the web desk; the spoken brief reads the
English. The briefs are built by hand from the test data (a Japanese article, and an English article judged against
a Japanese passage), so each format is checked on the same known content."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape

import pytest
from conftest import ARTICLE, TRANSLATIONS

from factdesk.audio.script import spoken_script
from factdesk.brief.base import render
from factdesk.models import Article, Brief, Claim, ClaimCheck, Evidence, Label, Passage, Verdict
from factdesk.service.pages import brief_page

TEXT = ARTICLE.read_text(encoding="utf-8")
CLAIM = "同省によると、国内のAI関連投資は2025年度に約8000億円だった。"
OPINION = "専門家の間では評価が分かれている。"
FOUND = "国内のAI関連投資は2025年度に約8000億円に達した。"
PASSAGE = Passage(id="ai-invest#0", doc_id="ai-invest", title="国内AI投資", text=FOUND, translation=TRANSLATIONS[FOUND])
ENGLISH_CLAIM = TRANSLATIONS[PASSAGE.text]
TRANSLATOR = "translate.llm.v1:jp/qwen"


def _claim(text: str, article: str, translation: str | None) -> Claim:
    start = article.index(text)
    return Claim(id="c1", text=text, start=start, end=start + len(text), checkworthiness=0.9, translation=translation)


def _brief(article: Article, claim: Claim, opinions: list[Claim]) -> Brief:
    verdict = Verdict(claim_id="c1", label=Label.SUPPORTED, confidence=0.9,
                      probabilities={Label.SUPPORTED: 0.9, Label.REFUTED: 0.05, Label.NOT_ENOUGH_INFO: 0.05},
                      evidence=[Evidence(passage=PASSAGE, score=1.0, rank=1)], cited=[PASSAGE.id],
                      model="verifier.minilm-xenc.v2")
    return Brief(check_id="chk-ja-0001", created_at=dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC), article=article,
                 summary=[TRANSLATIONS[CLAIM]], results=[ClaimCheck(claim=claim, verdict=verdict)],
                 predictions=[], opinions=opinions, references=[PASSAGE], knowledge_base="nikkei",
                 models={"segmenter": "segment.ja-punct.v1", "verifier": "verifier.minilm-xenc.v2",
                         "translator": TRANSLATOR})


def japanese_brief() -> Brief:
    opinion = _claim(OPINION, TEXT, TRANSLATIONS[OPINION]).model_copy(update={"id": "o1"})
    article = Article(text=TEXT, title="経産省、AI研究に5年で1兆円", source="article_ja.md", language="ja")
    return _brief(article, _claim(CLAIM, TEXT, TRANSLATIONS[CLAIM]), [opinion])


def crosslingual_brief() -> Brief:
    article = Article(text=ENGLISH_CLAIM, source="t.md", language="en")
    return _brief(article, _claim(ENGLISH_CLAIM, ENGLISH_CLAIM, None), [])


BRIEFS = {"japanese article": japanese_brief, "english article, japanese evidence": crosslingual_brief}


@pytest.mark.parametrize("make", BRIEFS.values(), ids=BRIEFS.keys())
def test_markdown_and_html_quote_both_languages(make) -> None:  # noqa: ANN001 - a brief factory
    brief = make()
    claim = brief.results[0].claim
    markdown = render(brief, "md")
    assert f"> {PASSAGE.text}\n>\n> *English:* {PASSAGE.translation}" in markdown
    assert (f"*English:* “{claim.translation}”" in markdown) == bool(claim.translation)
    assert ("in Japanese, translated to English by" in markdown) == (brief.article.language == "ja")
    page = render(brief, "html")
    assert f"<blockquote>{PASSAGE.text}<br><span class=\"translation\"><em>English:</em> {PASSAGE.translation}" in page


def test_markdown_and_html_give_the_english_of_an_opinion() -> None:
    brief = japanese_brief()
    assert f"- “{OPINION}” — *English:* “{TRANSLATIONS[OPINION]}”" in render(brief, "md")
    assert f"“{OPINION}” <span class=\"translation\"><em>English:</em> “{escape(TRANSLATIONS[OPINION])}”" in render(
        brief, "html")


@pytest.mark.parametrize("make", BRIEFS.values(), ids=BRIEFS.keys())
def test_json_keeps_the_original_and_the_translation(make) -> None:  # noqa: ANN001 - a brief factory
    data = json.loads(render(make(), "json"))
    passage = data["results"][0]["verdict"]["evidence"][0]["passage"]
    assert passage["text"] == PASSAGE.text and passage["translation"] == PASSAGE.translation
    assert data["references"][0]["translation"] == PASSAGE.translation
    assert "quoted" in data["results"][0]["explanation"]  # judged on topic in English: the passage is quoted


def test_claimreview_quotes_the_original_with_the_english_beside_it() -> None:
    review = json.loads(render(japanese_brief(), "claimreview"))["@graph"][0]
    assert review["claimReviewed"] == CLAIM and review["itemReviewed"]["inLanguage"] == "ja"
    body = review["reviewBody"]
    assert f"The claim in English: “{TRANSLATIONS[CLAIM]}”" in body
    assert f"“{PASSAGE.text}” (English: “{PASSAGE.translation}”)" in body
    english = json.loads(render(crosslingual_brief(), "claimreview"))["@graph"][0]
    assert "inLanguage" not in english["itemReviewed"] and "The claim in English" not in english["reviewBody"]
    assert f"“{PASSAGE.text}” (English: “{PASSAGE.translation}”)" in english["reviewBody"]


@pytest.mark.parametrize("make", BRIEFS.values(), ids=BRIEFS.keys())
def test_the_web_desk_quotes_both_languages(make) -> None:  # noqa: ANN001 - a brief factory
    brief = make()
    page = brief_page(brief)
    assert f"<blockquote>{PASSAGE.text}<br><span class=\"translation\"><em>English:</em> {PASSAGE.translation}" in page
    claim = brief.results[0].claim
    assert (f"<em>English:</em> “{claim.translation}”" in page) == bool(claim.translation)
    assert (f"in Japanese, translated to English by {TRANSLATOR}" in page) == (brief.article.language == "ja")


@pytest.mark.parametrize("make", BRIEFS.values(), ids=BRIEFS.keys())
def test_the_spoken_brief_reads_the_english(make) -> None:  # noqa: ANN001 - a brief factory
    script = " ".join(spoken_script(make())[2:])  # after the title and the summary: the claims
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", script)  # no kana, no kanji
    assert "investment in Japan reached about eight hundred billion yen" in script
    assert "from a source in Japanese" in script
