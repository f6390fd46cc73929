"""A Japanese article checked end to end through a translating endpoint on the OpenAI wire (tests/llm/fakeopenai.py,
answering from data/translations.json): real Janome/tantivy knowledge base, real offline detector and verifier,
real SQLite store. Without a translator the check stops with one line saying what to configure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ARTICLE, KANA, KB_JSONL, TRANSLATIONS, translating_responder
from fakeopenai import FakeOpenAI

from factdesk.evidence.kb import KnowledgeBase
from factdesk.llm import config as llm_config
from factdesk.llm.config import Endpoint
from factdesk.models import Article
from factdesk.pipeline import Pipeline, PipelineConfig

pytestmark = pytest.mark.slow
SCHEMA = Path(__file__).parents[2] / "factdesk" / "data" / "brief.schema.json"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": ""}
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=600)


def test_without_a_translator_the_check_says_what_to_configure(home: Path) -> None:
    assert cli(home, "kb", "add", "ja", str(KB_JSONL), "--no-dense").returncode == 0
    result = cli(home, "check", str(ARTICLE), "--kb", "ja")
    assert result.returncode == 3 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: the article is in Japanese (ja)")
    assert "--stage translate" in result.stderr and "--llm ID" in result.stderr
    assert json.loads(cli(home, "history", "--json").stdout) == []  # nothing stored


def test_claims_and_evidence_are_judged_in_english_and_kept_in_japanese(
        home: Path, translator_server: FakeOpenAI, tmp_path: Path) -> None:
    # the endpoint translates and verifies: its requests show what each stage read
    llm_config.upsert(Endpoint(id="fake", base_url=translator_server.base_url, model="fake-model",
                               stages=["translate", "verify"], timeout_s=10, max_retries=1))
    kb = KnowledgeBase.create(str(tmp_path / "kb"), dense=False)
    kb.add_paths([KB_JSONL])
    config = PipelineConfig(kb=str(tmp_path / "kb"), retriever="bm25", verifier="llm:fake", translator="llm:fake")
    text = ARTICLE.read_text(encoding="utf-8")
    brief = Pipeline(config).run(Article(text=text, source="article_ja.md"))

    assert brief.article.language == "ja"
    assert brief.models["segmenter"] == "segment.ja-punct.v1"
    assert brief.models["translator"] == "translate.llm.v1:fake/fake-model"
    checked = [r.claim for r in brief.results] + brief.predictions + brief.opinions
    assert checked
    for claim in checked:  # each claim is the Japanese sentence, at its offsets, with the English beside it
        assert claim.text == text[claim.start : claim.end] and KANA.search(claim.text)
        assert claim.translation == TRANSLATIONS[claim.text]
    by_text = {r.claim.text: r for r in brief.results}
    investment = by_text["同省によると、国内のAI関連投資は2025年度に約8000億円だった。"]
    quoted = investment.verdict.evidence[0].passage  # found by the Japanese sentence, in the Japanese KB
    assert quoted.doc_id == "ai-invest" and KANA.search(quoted.text)
    assert quoted.translation == TRANSLATIONS[quoted.text]

    verify_requests = [r for r in translator_server.requests if "fact-checker" in r["messages"][0]["content"]]
    assert verify_requests and not any(KANA.search(json.dumps(r, ensure_ascii=False)) for r in verify_requests)
    translate_requests = [r for r in translator_server.requests if "news translator" in r["messages"][0]["content"]]
    assert all("UNTRANSLATED" not in translating_responder(r) for r in translate_requests)  # only known texts sent
    assert all(not KANA.search(sentence) for sentence in brief.summary)  # the summary is in English


def test_check_of_a_japanese_article_gives_an_english_brief(
        home: Path, translator_server: FakeOpenAI, tmp_path: Path) -> None:
    # translation only: the offline check-worthiness model and verifier read the English
    added = cli(home, "llm", "add", "fake", "--base-url", translator_server.base_url, "--model", "fake-model",
                "--stage", "translate")
    assert added.returncode == 0, added.stderr
    assert cli(home, "kb", "add", "ja", str(KB_JSONL)).returncode == 0
    result = cli(home, "check", str(ARTICLE), "--kb", "ja", "--llm", "fake", "--format", "json")
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    jsonschema.validate(brief, json.loads(SCHEMA.read_text()))
    assert brief["article"]["language"] == "ja" and brief["models"]["verifier"].startswith("verifier.")
    assert brief["results"] and all(r["claim"]["translation"] for r in brief["results"])
    cited = [e["passage"] for r in brief["results"] for e in r["verdict"]["evidence"]
             if KANA.search(e["passage"]["text"])]
    assert cited and all(p["translation"] == TRANSLATIONS[p["text"]] for p in cited)

    shown = cli(home, "show", brief["check_id"][:8], "--format", "md")
    assert shown.returncode == 0, shown.stderr
    assert "in Japanese, translated to English by translate.llm.v1:fake/fake-model" in shown.stdout
    first = brief["results"][0]["claim"]
    assert f"“{first['text']}”" in shown.stdout and f"*English:* “{first['translation']}”" in shown.stdout
    calls = cli(home, "llm", "calls", brief["check_id"][:8], "--json")
    assert calls.returncode == 0 and {c["stage"] for c in json.loads(calls.stdout)} == {"translate"}
