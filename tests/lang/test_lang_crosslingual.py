"""Mixed-language retrieval (docs/japanese.md), for real: Janome/tantivy knowledge bases, the offline detector, and a
translating endpoint on the OpenAI wire (tests/llm/fakeopenai.py, answering from data/translations.json).

- an English claim searches a Japanese knowledge base through its Japanese translation, and the Japanese passage it
  finds is judged in English and quoted in Japanese with the English beside it;
- without a translator, a Japanese passage an English query happens to find is left out of the evidence, with a note;
- a Japanese claim searches an English knowledge base through its English translation.

Each test first shows that the search without the translation does not find the passage, so it is the translation
that finds it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import KANA, KB_JSONL, TRANSLATIONS
from fakeopenai import FakeOpenAI

from factdesk.brief.markdown import to_markdown
from factdesk.brief.view import build_view
from factdesk.evidence.kb import KnowledgeBase
from factdesk.llm import config as llm_config
from factdesk.llm.config import Endpoint
from factdesk.models import Article, Brief
from factdesk.pipeline import Pipeline, PipelineConfig

pytestmark = pytest.mark.slow
FUJI = "Mount Fuji, at 3,776 metres, is the highest mountain in Japan."
RAPIDUS = "Rapidus started a prototype line for leading-edge semiconductors in Chitose, Hokkaido."
TALENT = "The government plans to train 100,000 AI specialists by 2030."  # shares "AI" and "2030" with a passage
PLAN_JA = "計画は国内の大学と企業による大規模言語モデルの開発を支援し、半導体工場の整備にも充てる。"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


@pytest.fixture
def japanese_kb(tmp_path: Path) -> str:
    kb = KnowledgeBase.create(str(tmp_path / "ja"), dense=False)
    kb.add_paths([KB_JSONL])
    kb.close()
    return str(tmp_path / "ja")


def english_kb(tmp_path: Path) -> str:
    """The Japanese documents in English (their sentences' translations), and no Japanese at all."""
    lines = []
    for line in KB_JSONL.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if KANA.search(doc["text"]):
            sentences = re.findall(r"[^。]+。", doc["text"])
            doc |= {"title": TRANSLATIONS[doc["title"]], "text": " ".join(TRANSLATIONS[s] for s in sentences)}
        lines.append(json.dumps(doc, ensure_ascii=False))
    source = tmp_path / "kb_en.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kb = KnowledgeBase.create(str(tmp_path / "en"), dense=False)
    kb.add_paths([source])
    assert kb.languages == {"en"}
    kb.close()
    return str(tmp_path / "en")


def found_docs(kb_path: str, query: str) -> set[str]:
    kb = KnowledgeBase.open(kb_path)
    try:
        return {e.passage.doc_id for e in kb.search_many([query], top_k=5, dense=False)[0]}
    finally:
        kb.close()


def check(kb_path: str, text: str, **config: str) -> Brief:
    return Pipeline(PipelineConfig(kb=kb_path, retriever="bm25", **config)).run(Article(text=text, source="t"),
                                                                               all_sentences=True)


def requests_of(server: FakeOpenAI, words: str) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in server.requests if words in r["messages"][0]["content"]]


def test_a_knowledge_base_records_its_languages(japanese_kb: str, tmp_path: Path) -> None:
    assert KnowledgeBase.open(japanese_kb).stats()["languages"] == ["en", "ja"]  # 10 Japanese, 2 English documents
    assert KnowledgeBase.create(str(tmp_path / "empty"), dense=False).languages == frozenset()


def test_an_english_claim_searches_a_japanese_kb_through_its_translation(
        home: Path, japanese_kb: str, translator_server: FakeOpenAI) -> None:
    assert not found_docs(japanese_kb, FUJI) & {"fuji", "rapidus"}  # English words never meet Janome's
    assert not found_docs(japanese_kb, RAPIDUS) & {"fuji", "rapidus"}
    # the endpoint translates and verifies: its requests show what each stage read
    llm_config.upsert(Endpoint(id="fake", base_url=translator_server.base_url, model="fake-model",
                               stages=["translate", "verify"], timeout_s=10, max_retries=1))
    brief = check(japanese_kb, f"{FUJI} {RAPIDUS}", verifier="llm:fake", translator="llm:fake")

    assert brief.article.language == "en" and brief.models["translator"] == "translate.llm.v1:fake/fake-model"
    by_claim = {r.claim.text: r for r in brief.results}
    assert set(by_claim) == {FUJI, RAPIDUS} and all(r.claim.translation is None for r in brief.results)
    for claim, doc in ((FUJI, "fuji"), (RAPIDUS, "rapidus")):
        passages = [e.passage for e in by_claim[claim].verdict.evidence]
        japanese = next(p for p in passages if p.doc_id == doc)  # the translation found it
        assert KANA.search(japanese.text) and japanese.translation == TRANSLATIONS[japanese.text]
        assert all(p.translation is None for p in passages if not KANA.search(p.text))  # English left alone

    to_japanese = requests_of(translator_server, "from English into Japanese")
    assert to_japanese and FUJI in to_japanese[0] and RAPIDUS in to_japanese[0]
    verify = requests_of(translator_server, "fact-checker")
    assert verify and not any(KANA.search(r) for r in verify)  # the verifier read the English

    # the test server's verifier supports a claim from the passage that shares its words: the translated one
    fuji = next(e.passage for e in by_claim[FUJI].verdict.evidence if e.passage.doc_id == "fuji")
    assert by_claim[FUJI].verdict.label == "SUPPORTED" and by_claim[FUJI].verdict.cited == [fuji.id]
    markdown = to_markdown(build_view(brief))
    assert "translated to English" not in markdown  # the article itself was not translated
    assert f"> {fuji.text}\n>\n> *English:* {fuji.translation}" in markdown  # quoted in Japanese, English beside


def test_without_a_translator_japanese_passages_are_left_out(home: Path, japanese_kb: str) -> None:
    assert "ai-talent" in found_docs(japanese_kb, TALENT)  # "AI" and "2030" are words of the Japanese passage too
    brief = check(japanese_kb, TALENT)

    assert "translator" not in brief.models
    evidence = [e.passage for r in brief.results for e in r.verdict.evidence]
    assert not any(KANA.search(p.text) for p in evidence)
    assert any("in Japanese left out of the evidence: no translator is configured" in n for n in brief.notes)
    assert all(e.rank == n for r in brief.results for n, e in enumerate(r.verdict.evidence, 1))


def test_an_english_article_against_an_english_kb_asks_no_translator(
        home: Path, tmp_path: Path, translator_server: FakeOpenAI) -> None:
    llm_config.upsert(Endpoint(id="fake", base_url=translator_server.base_url, model="fake-model",
                               stages=["translate"], timeout_s=10, max_retries=1))
    brief = check(english_kb(tmp_path), FUJI)
    assert "translator" not in brief.models and translator_server.requests == []
    assert brief.results[0].verdict.evidence[0].passage.doc_id == "fuji"


def test_an_english_check_of_an_english_kb_never_reads_llm_json(home: Path, tmp_path: Path) -> None:
    (home / "llm.json").write_text("{ not json")  # a broken LLM setup must not stop a plain offline check
    brief = check(english_kb(tmp_path), FUJI)
    assert brief.results[0].verdict.evidence[0].passage.doc_id == "fuji"


def test_a_japanese_claim_searches_an_english_kb_through_its_translation(
        home: Path, tmp_path: Path, translator_server: FakeOpenAI) -> None:
    kb_path = english_kb(tmp_path)
    assert "meti-ai" not in found_docs(kb_path, PLAN_JA)
    llm_config.upsert(Endpoint(id="fake", base_url=translator_server.base_url, model="fake-model",
                               stages=["translate"], timeout_s=10, max_retries=1))
    brief = check(kb_path, PLAN_JA)

    result = brief.results[0]
    assert result.claim.text == PLAN_JA and result.claim.translation == TRANSLATIONS[PLAN_JA]
    top = result.verdict.evidence[0].passage
    assert top.doc_id == "meti-ai" and top.translation is None and not KANA.search(top.text)
    # only the Japanese sentence went to the translator: English passages are read as they are
    assert all(not re.search(r"\[\d+\] [A-Z]", r) for r in requests_of(translator_server, "news translator"))
