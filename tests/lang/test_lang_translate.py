"""The translation stage on the OpenAI wire: batches, a text the model skipped asked for again, one clear error when
it stays untranslated, and which endpoint translates when none is named."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import TRANSLATIONS
from fakeopenai import FakeOpenAI, completion

from factdesk.errors import InputError
from factdesk.llm import config as llm_config
from factdesk.llm.client import ChatClient
from factdesk.llm.config import Endpoint
from factdesk.translate.base import TranslationError, default_translator, translators
from factdesk.translate.llm import BATCH, LLMTranslator

TEXTS = list(TRANSLATIONS)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    monkeypatch.setattr(ChatClient, "backoff_s", 0.01)
    return tmp_path


def endpoint(server: FakeOpenAI, stages: list[str] | None = None) -> Endpoint:
    return Endpoint(id="jp", base_url=server.base_url, model="fake-model", timeout_s=5, max_retries=1,
                    stages=stages or ["translate"])


def test_translates_in_numbered_batches_in_order(translator_server: FakeOpenAI) -> None:
    translator = LLMTranslator(endpoint(translator_server))
    assert translator.translate(TEXTS, "ja") == [TRANSLATIONS[t] for t in TEXTS]
    batches = [r for r in translator_server.requests if "news translator" in r["messages"][0]["content"]]
    assert len(batches) == -(-len(TEXTS) // BATCH)
    assert "from Japanese into English" in batches[0]["messages"][0]["content"]
    assert batches[0]["response_format"]["type"] == "json_schema"


def test_a_skipped_text_is_asked_for_again_alone(translator_server: FakeOpenAI) -> None:
    first, second = TEXTS[:2]
    skipped = {"translations": [{"n": 1, "text": TRANSLATIONS[first]}]}  # the model left out text 2
    translator_server.push(200, completion(json.dumps(skipped, ensure_ascii=False)))
    assert LLMTranslator(endpoint(translator_server)).translate([first, second], "ja") == [
        TRANSLATIONS[first], TRANSLATIONS[second]]
    again = translator_server.requests[-1]["messages"][1]["content"]
    assert re.findall(r"^\[(\d+)\] (.+)$", again, re.MULTILINE) == [("2", second)]


def test_a_text_left_untranslated_fails_with_one_clear_error(translator_server: FakeOpenAI) -> None:
    translator_server.responder = lambda _: '{"translations": []}'
    with pytest.raises(TranslationError, match=r"LLM endpoint 'jp' left text\(s\) \[1\] untranslated"):
        LLMTranslator(endpoint(translator_server)).translate([TEXTS[0]], "ja")


def test_an_unreachable_endpoint_is_a_translation_error(translator_server: FakeOpenAI) -> None:
    dead = endpoint(translator_server).model_copy(update={"base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(TranslationError, match="^translation failed: "):
        LLMTranslator(dead).translate([TEXTS[0]], "ja")


def test_which_endpoint_translates(translator_server: FakeOpenAI) -> None:
    assert default_translator() is None
    llm_config.upsert(endpoint(translator_server, ["verify"]).model_copy(update={"id": "judge"}))
    assert default_translator() is None and default_translator("judge") is None
    llm_config.upsert(endpoint(translator_server))
    assert default_translator() == "llm:jp" and default_translator("jp") == "llm:jp"
    assert translators.create("llm:jp").name == "translate.llm.v1:jp/fake-model"
    with pytest.raises(InputError):
        translators.create("llm")  # needs an endpoint id
