"""A Japanese knowledge base (with two English documents: mixed KBs work), built and searched for real:
Janome words in the BM25 index, questions written for the test, recall measured on them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import KB_JSONL, QUESTIONS

from factdesk.evidence.kb import KnowledgeBase
from factdesk.lang.tokens import index_text, japanese_terms

QUESTIONS_BY_DOC = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase.create(str(tmp_path_factory.mktemp("kbs") / "ja"), dense=True)
    base.add_paths([KB_JSONL])
    yield base
    base.close()


def recall(kb: KnowledgeBase, k: int, dense: bool) -> float:
    ranked = kb.search_many([q["q"] for q in QUESTIONS_BY_DOC], top_k=k, dense=dense)
    hits = sum(q["doc"] in {e.passage.doc_id for e in found} for q, found in zip(QUESTIONS_BY_DOC, ranked, strict=True))
    return hits / len(QUESTIONS_BY_DOC)


def test_japanese_text_is_indexed_as_its_content_words() -> None:
    assert japanese_terms("政府は人工知能に1兆円を投じた。") == ["政府", "人工", "知能", "1", "兆", "円", "投じる"]
    assert index_text("富士山は標高3776メートルで日本の最高峰である。") == "富士山 標高 3776 メートル 日本 最高峰"
    assert index_text("The Eiffel Tower is in Paris.") == "The Eiffel Tower is in Paris."  # English as before


def test_japanese_documents_are_split_into_sentences(kb: KnowledgeBase) -> None:
    passages = [e.passage for e in kb.search_many(["富士山"], top_k=5, dense=False)[0]]
    assert {p.text for p in passages} == {"富士山は標高3776メートルで日本の最高峰である。",
                                          "2013年に世界文化遺産に登録された。"}
    assert kb.stats()["passages"] == 24  # 20 Japanese sentences (the title finds the second) and 4 English ones


def test_bm25_recall_on_japanese_questions(kb: KnowledgeBase) -> None:
    at_1, at_5 = recall(kb, 1, dense=False), recall(kb, 5, dense=False)
    print(f"\nJapanese KB, {len(QUESTIONS_BY_DOC)} questions: BM25 recall@1 {at_1:.3f}, recall@5 {at_5:.3f}; "
          f"hybrid recall@1 {recall(kb, 1, dense=True):.3f}, recall@5 {recall(kb, 5, dense=True):.3f}")
    assert at_1 >= 0.8 and at_5 >= 0.9


def test_a_query_finds_nothing_it_shares_no_word_with(kb: KnowledgeBase) -> None:
    assert kb.search_many(["量子コンピューターの暗号解読"], top_k=5, dense=False) == [[]]


def test_kb_add_and_search_from_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "FACTDESK_HOME": str(tmp_path / "home")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                              env=env, timeout=300)

    added = run("kb", "add", "nikkei", str(KB_JSONL), "--no-dense")
    assert added.returncode == 0, added.stderr
    found = run("kb", "search", "nikkei", "日本銀行の政策金利", "--json")
    assert found.returncode == 0, found.stderr
    top = json.loads(found.stdout)[0]
    assert top["passage"]["text"] == "日本銀行は政策金利を0.5%に引き上げた。"
