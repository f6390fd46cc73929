"""The CLI end to end, in subprocesses: real files, real SQLite, a real HTTP server, the shipped models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

pytestmark = pytest.mark.slow
ARTICLE = """Eiffel Tower draws record crowds

The Eiffel Tower is a wrought-iron lattice tower in Paris, France. It was designed by Gustave Eiffel's company.
Officials said the tower is expected to welcome more visitors next year.
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("home")
    kb = tmp_path_factory.mktemp("kbsrc") / "kb.jsonl"
    kb.write_text(
        json.dumps({"id": "eiffel", "title": "Eiffel Tower", "url": "https://en.wikipedia.org/wiki/Eiffel_Tower",
                    "text": "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. "
                            "It is named after the engineer Gustave Eiffel, whose company designed and built the "
                            "tower."}) + "\n"
        + json.dumps({"id": "rome", "title": "Rome", "date": "2020-05-01",
                      "text": "Rome is the capital city of Italy. It has a population of about 2.8 million."}) + "\n"
    )
    result = run(["kb", "add", "tiny", str(kb)], path)
    assert result.returncode == 0, result.stderr
    return path


def run(args: list[str], home: Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": ""}
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], input=stdin, capture_output=True,
                          env=env, timeout=300, text=not isinstance(stdin, bytes))


def stored_checks(home: Path) -> int:
    result = run(["history", "--json"], home)
    assert result.returncode == 0, result.stderr
    return len(json.loads(result.stdout))


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in ("check", "demo", "kb", "history", "show", "eval", "train", "settings"):
        assert command in result.stdout
    for command in ("check", "kb", "kb add", "eval", "train verifier"):
        assert run([*command.split(), "--help"], tmp_path).returncode == 0


def test_check_file_records_and_show_rerenders(home: Path, tmp_path: Path) -> None:
    article = tmp_path / "story.md"
    article.write_text(ARTICLE)
    result = run(["check", str(article), "--kb", "tiny", "--format", "json"], home)
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    schema = json.loads((Path(__file__).parents[2] / "factdesk" / "data" / "brief.schema.json").read_text())
    jsonschema.validate(brief, schema)
    assert brief["results"], "the article's factual sentences should be judged"
    first = brief["results"][0]
    assert first["verdict"]["evidence"][0]["passage"]["title"] == "Eiffel Tower"
    assert any("expected" in p["text"] for p in brief["predictions"])

    history = json.loads(run(["history", "--json"], home).stdout)
    assert history[0]["id"] == brief["check_id"]
    shown = run(["show", brief["check_id"][:10], "--format", "md"], home)
    assert shown.returncode == 0, shown.stderr
    assert "Fact-check results" in shown.stdout and "Eiffel Tower" in shown.stdout
    for fmt in ("html", "claimreview"):
        assert run(["show", brief["check_id"], "--format", fmt], home).returncode == 0


def test_stdin_as_of_and_no_record(home: Path) -> None:
    before = stored_checks(home)
    result = run(["check", "-", "--kb", "tiny", "--as-of", "2019-01-01", "--format", "json", "--no-record"], home,
                 stdin="Rome is the capital city of Italy, with a population of about 2.8 million people.\n")
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert brief["as_of"] == "2019-01-01"
    for item in brief["results"]:
        assert all(e["passage"]["doc_id"] != "rome" for e in item["verdict"]["evidence"])
    assert stored_checks(home) == before


def test_url_source_over_real_http(home: Path, http_server: str) -> None:
    result = run(["check", f"{http_server}/article.html", "--kb", "tiny", "--format", "json", "--no-record"], home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["url"].endswith("/article.html")


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["check", "-"], "   \n\t\n", 3, "empty"),
        (["check", "{missing}"], None, 3, "no such file"),
        (["check", "{binary}"], None, 3, "binary"),
        (["check", "{latin1}"], None, 3, "UTF-8"),
        (["check", "{big}"], None, 3, "MB"),
        (["check", "{ok}", "--kb", "nosuchkb"], None, 4, "unknown knowledge base"),
        (["check", "{ok}", "--as-of", "yesterday"], None, 3, "--as-of"),
        (["check", "{ok}", "--kb", "tiny", "-o", "/nonexistent/dir/x.md"], None, 3, "no such folder"),
        (["check", "ftp://example.org/story.txt"], None, 3, "unsupported URL scheme 'ftp'"),
        (["check", "http://127.0.0.1:9/none.html"], None, 5, ""),
        (["check", "{url}/image.png"], None, 5, "image/png"),
        (["kb", "add", "broken", "{badjsonl}"], None, 3, ":2:"),
        (["show", "0123456789abcdef"], None, 4, ""),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(home: Path, tmp_path: Path, http_server: str, args: list[str],
                                                  stdin: str | None, code: int, message: str) -> None:
    files = {
        "missing": tmp_path / "missing.txt",
        "binary": tmp_path / "b.txt",
        "latin1": tmp_path / "l.txt",
        "big": tmp_path / "big.txt",
        "ok": tmp_path / "ok.txt",
        "badjsonl": tmp_path / "bad.jsonl",
    }
    files["binary"].write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    files["latin1"].write_bytes("Caf\xe9 au lait is served in Paris.".encode("latin-1"))
    files["big"].write_text("The tower is tall. " * 200_000)
    files["ok"].write_text(ARTICLE)
    files["badjsonl"].write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n')
    args = [a.format(url=http_server, **{k: str(v) for k, v in files.items()}) for a in args]
    before = stored_checks(home)
    result = run(args, home, stdin=stdin)
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert stored_checks(home) == before


def test_kb_commands_json(home: Path) -> None:
    listed = json.loads(run(["kb", "list", "--json"], home).stdout)
    assert any(row["name"] == "tiny" for row in listed)
    stats = json.loads(run(["kb", "stats", "tiny", "--json"], home).stdout)
    assert stats["documents"] == 2
    hits = json.loads(run(["kb", "search", "tiny", "who designed the Eiffel Tower", "--json"], home).stdout)
    assert hits[0]["passage"]["doc_id"] == "eiffel"
    dated = json.loads(run(["kb", "search", "tiny", "capital of Italy", "--as-of", "2019-12-31", "--json"],
                           home).stdout)
    assert all(h["passage"]["doc_id"] != "rome" for h in dated)


def test_unwritable_store_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = run(["check", str(article), "--kb", "tiny", "--db", "sqlite:////proc/nope/x.db"], home)
    assert result.returncode == 6, result.stderr
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
