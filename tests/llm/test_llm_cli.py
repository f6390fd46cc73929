"""End to end through the CLI, in subprocesses: `factdesk llm add|list|test|calls`, `check --llm`, `eval --llm`,
against the local OpenAI-wire server; real SQLite store, real knowledge base, real offline models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from fakeopenai import FakeOpenAI, desk_responder

pytestmark = pytest.mark.slow
ARTICLE = """Acme opens a battery factory in Lyon

Acme Corp opened a battery factory in Lyon, France, in 2023. The company employs 1,200 people at the site.
It will double the factory's output next year, the chief executive said.
"""
SCHEMA = Path(__file__).parents[2] / "factdesk" / "data" / "brief.schema.json"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(desk_responder)
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, server: FakeOpenAI) -> Path:
    path = tmp_path_factory.mktemp("home")
    kb = tmp_path_factory.mktemp("kbsrc") / "kb.jsonl"
    kb.write_text(json.dumps({"id": "acme", "title": "Acme Corp", "url": "https://example.org/acme",
                              "text": "Acme Corp opened a battery factory in Lyon, France, in 2023. Acme employs "
                                      "1,200 people at the Lyon site."}) + "\n")
    assert run(["kb", "add", "tiny", str(kb)], path).returncode == 0
    added = run(["llm", "add", "fake", "--base-url", server.base_url, "--model", "fake-model", "--fallback", "nei"],
                path)
    assert added.returncode == 0, added.stderr
    return path


def run(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": ""}
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_llm_list_and_test(home: Path, server: FakeOpenAI) -> None:
    listed = json.loads(run(["llm", "list", "--json"], home).stdout)
    assert [(e["id"], e["base_url"], e["model"]) for e in listed] == [("fake", server.base_url, "fake-model")]
    tested = run(["llm", "test", "fake"], home)
    assert tested.returncode == 0, tested.stderr
    assert "fake: ok" in tested.stdout and "structured output: json_schema" in tested.stdout
    bad = run(["llm", "add", "x", "--base-url", "ftp://nope", "--model", "m"], home)
    assert bad.returncode == 3 and bad.stderr.startswith("error: base_url")


def test_check_with_llm_end_to_end_is_recorded_and_replays_from_the_cache(
        home: Path, server: FakeOpenAI, tmp_path: Path) -> None:
    article = tmp_path / "acme.md"
    article.write_text(ARTICLE)
    result = run(["check", str(article), "--kb", "tiny", "--llm", "fake", "--format", "json"], home)
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    jsonschema.validate(brief, json.loads(SCHEMA.read_text()))
    models = brief["models"]
    assert models["claim_detector"] == "claims.llm-atomic.v1:fake/fake-model"
    assert models["verifier"] == "verifier.llm.v1:fake/fake-model"
    assert models["analysis"] == "analysis.llm.v1:fake/fake-model"
    texts = [r["claim"]["text"] for r in brief["results"]]
    assert "Acme employs 1,200 people at the site." in texts  # decontextualised
    assert [p["text"] for p in brief["predictions"]][0].startswith("Acme will double")
    supported = [r for r in brief["results"] if r["verdict"]["label"] == "SUPPORTED"]
    assert supported and all(r["verdict"]["rationale"] and r["verdict"]["cited"] for r in supported)
    assert brief["analysis"] and brief["outlook"]
    ids = {r["claim"]["id"] for r in brief["results"]} | {p["id"] for p in brief["predictions"]}
    assert all(set(p["cites"]) <= ids for p in brief["analysis"] + brief["outlook"])
    assert any("c99" in n for n in brief["notes"])  # the invented citation was removed, and said so
    assert "analysis" in brief["timings_ms"]

    calls = run(["llm", "calls", brief["check_id"], "--json"], home)
    assert calls.returncode == 0, calls.stderr
    rows = json.loads(calls.stdout)
    assert [r["stage"] for r in rows][0] == "claims" and rows[-1]["stage"] == "analysis"
    assert {r["stage"] for r in rows} == {"claims", "verify", "analysis"}
    assert all(r["prompt_tokens"] and r["latency_ms"] >= 0 and not r["cached"] for r in rows)
    assert rows[0]["request"]["messages"][1]["content"].startswith("ARTICLE:")

    sent = len(server.requests)
    again = run(["check", str(article), "--kb", "tiny", "--llm", "fake", "--format", "md"], home)
    assert again.returncode == 0, again.stderr
    # a re-run costs nothing; the message shows any request that was sent again
    assert len(server.requests) == sent, [r["messages"][-1]["content"][:300] for r in server.requests[sent:]]
    assert "## Analysis" in again.stdout and "## Outlook" in again.stdout and "*Rationale:*" in again.stdout
    history = json.loads(run(["history", "--json"], home).stdout)
    replayed = json.loads(run(["llm", "calls", history[0]["id"], "--json"], home).stdout)
    assert len(replayed) == len(rows) and all(r["cached"] for r in replayed)


def test_unknown_endpoint_is_one_error_line(home: Path, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE)
    result = run(["check", str(tmp_path / "a.md"), "--kb", "tiny", "--llm", "nope"], home)
    assert result.returncode == 4
    assert result.stderr.strip().splitlines() == [
        "error: unknown LLM endpoint 'nope' (known: fake; add one with `factdesk llm add`)"]


def test_an_unreachable_server_degrades_to_the_offline_path_with_notes(home: Path, tmp_path: Path) -> None:
    run(["llm", "add", "down", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--fallback", "nei"], home)
    config = home / "llm.json"
    data = json.loads(config.read_text())
    for endpoint in data["endpoints"]:
        if endpoint["id"] == "down":
            endpoint["max_retries"] = 0
    config.write_text(json.dumps(data))
    article = tmp_path / "acme.md"
    article.write_text(ARTICLE)
    result = run(["check", str(article), "--kb", "tiny", "--llm", "down", "--format", "json"], home)
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert brief["results"]  # found by the offline detector
    assert all(r["verdict"]["label"] == "NOT_ENOUGH_INFO" for r in brief["results"])
    assert any("offline detector" in n for n in brief["notes"])
    assert any("LLM verifier failed" in n and "cannot reach" in n for n in brief["notes"])
    assert any(n.startswith("analysis and outlook not written") for n in brief["notes"])
    # the analysis falls back to the one made from the verdicts alone (docs/predictions.md); no outlook without an LLM
    assert brief["analysis"] and brief["models"]["analysis"] == "analysis.offline.v1" and brief["outlook"] == []


def test_eval_with_llm(home: Path, server: FakeOpenAI, tmp_path: Path) -> None:
    bench = tmp_path / "mini.claims.jsonl"
    rows = [("Acme employs 1,200 people in Lyon.", "SUPPORTED", "Acme employs 1,200 people in Lyon."),
            ("Acme closed its Lyon factory.", "NOT_ENOUGH_INFO", "Lyon is a city in France."),
            ("The sky is green today.", "NOT_ENOUGH_INFO", "Paris hosted the 1889 World's Fair.")]
    bench.write_text("".join(json.dumps({"id": f"m{i}", "claim": c, "label": label, "source": "test",
                                         "evidence": [{"text": e, "title": None, "stance": None}]}) + "\n"
                             for i, (c, label, e) in enumerate(rows)))
    out = tmp_path / "report.json"
    result = run(["eval", str(bench), "--llm", "fake", "--json", str(out)], home)
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["verifier"] == "llm:fake" and report["n"] == 3 and report["accuracy"] == 1.0
    assert report["llm"]["calls"] == 3
