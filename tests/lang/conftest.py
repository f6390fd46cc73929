"""Japanese test data (written for these tests: tests/lang/data) and an OpenAI-wire server that translates it.

The server is tests/llm/fakeopenai.py; its translations come from data/translations.json, as a model's would
(Japanese into English, and the same pairs backwards for English into Japanese), and a text it was not given a
translation for comes back marked UNTRANSLATED, so a test sees it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "llm"))
from fakeopenai import FakeOpenAI, desk_responder  # noqa: E402

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "article_ja.md"
KB_JSONL = DATA / "kb_ja.jsonl"
QUESTIONS = DATA / "questions_ja.jsonl"
TRANSLATIONS: dict[str, str] = json.loads((DATA / "translations.json").read_text(encoding="utf-8"))
KANA = re.compile(r"[\u3040-\u30ff]")
#: the translator sends each text with its white space (the ideographic space too) made single spaces
_BY_WORDS = {" ".join(text.split()): english for text, english in TRANSLATIONS.items()}
#: English into Japanese (an English claim searching a Japanese knowledge base): the same pairs read backwards
_TO_JAPANESE = {" ".join(english.split()): text for text, english in TRANSLATIONS.items()}


def translating_responder(request: dict[str, Any]) -> str:
    """Translation requests answered from TRANSLATIONS; every other task as tests/llm's desk model answers it."""
    system = next(m["content"] for m in request["messages"] if m["role"] == "system")
    if "news translator" not in system:
        return desk_responder(request)
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    texts = re.findall(r"^\[(\d+)\] (.+)$", user, re.MULTILINE)
    known = _TO_JAPANESE if "from English into Japanese" in system else _BY_WORDS
    answer = json.dumps({"translations": [{"n": int(n), "text": known.get(text, f"UNTRANSLATED {text}")}
                                          for n, text in texts]}, ensure_ascii=False)
    return answer if request.get("response_format") else f"Here is the JSON:\n```json\n{answer}\n```"


@pytest.fixture
def translator_server() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(translating_responder)
    yield server
    server.close()
