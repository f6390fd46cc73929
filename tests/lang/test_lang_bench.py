"""bench/jnli_translated.py against the OpenAI-wire test server: the report names the endpoint that translated,
and counts the translations that came back still Japanese (a model too small to translate is caught, not scored
as if it had)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import TRANSLATIONS
from fakeopenai import FakeOpenAI

from factdesk.llm import config as llm_config
from factdesk.llm.config import Endpoint

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
import jnli_translated  # noqa: E402

pytestmark = pytest.mark.slow
PAIRS = [("富士山は標高3776メートルで日本の最高峰である。", "2013年に世界文化遺産に登録された。", "NOT_ENOUGH_INFO"),
         ("国内のAI関連投資は2025年度に約8000億円に達した。",
          "同省によると、国内のAI関連投資は2025年度に約8000億円だった。", "SUPPORTED")]
UNKNOWN = ("猫が机の上で寝ている。", "猫が眠っている。", "SUPPORTED")  # no translation: the server answers in Japanese


def nli_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": f"t:{n}", "premise": p, "hypothesis": h, "label": label},
                                       ensure_ascii=False) + "\n" for n, (p, h, label) in enumerate(rows)),
                    encoding="utf-8")
    return path


@pytest.fixture
def endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, translator_server: FakeOpenAI) -> str:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    llm_config.upsert(Endpoint(id="fake", base_url=translator_server.base_url, model="fake-model",
                               stages=["translate"], timeout_s=10, max_retries=1))
    return translator_server.base_url


def run(tmp_path: Path, rows: list[tuple[str, str, str]]) -> dict:
    data = nli_file(tmp_path / "t.ja.nli.jsonl", rows)
    code = jnli_translated.main(["--translator", "llm:fake", "--data", str(data), "--split", "all",
                                 "--english", str(tmp_path / "t.en.nli.jsonl"), "--json", str(tmp_path / "r.json")])
    assert code == 0
    return json.loads((tmp_path / "r.json").read_text())


def test_the_report_names_the_endpoint_and_the_rows_are_english(
        tmp_path: Path, endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = run(tmp_path, PAIRS)
    assert report["translator"] == {"name": "translate.llm.v1:fake/fake-model", "endpoint": "fake",
                                    "base_url": endpoint, "model": "fake-model"}
    assert report["rows"] == 2 and report["still_japanese"] == 0
    assert set(report["untranslated"]) == {"accuracy", "macro_f1"}  # the baseline: the same rows in Japanese
    english = [json.loads(line) for line in (tmp_path / "t.en.nli.jsonl").read_text().splitlines()]
    assert [(r["premise"], r["hypothesis"]) for r in english] == [(TRANSLATIONS[p], TRANSLATIONS[h])
                                                                 for p, h, _ in PAIRS]
    assert "warning" not in capsys.readouterr().err


def test_translations_that_stay_japanese_are_counted_and_warned_of(
        tmp_path: Path, endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = run(tmp_path, [UNKNOWN])
    assert report["still_japanese"] == 2 and report["texts"] == 2
    err = capsys.readouterr().err
    assert f"translating with translate.llm.v1:fake/fake-model at {endpoint}" in err
    assert "warning: more than a tenth of the translations are still Japanese" in err
