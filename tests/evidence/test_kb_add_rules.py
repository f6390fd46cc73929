"""`factdesk kb add` with bad input: one `error:` line, a non-zero exit, and nothing half-stored.

Real subprocesses (the exit code and stderr a user sees), BM25-only knowledge bases so no model is loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.evidence.kb import KnowledgeBase

pytestmark = pytest.mark.slow
GOOD = "The harbour of Kestrel Bay was dredged in 2019. Ferries now dock there at night.\n"


def kb_cli(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTDESK_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", "kb", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=cwd)


def listed(home: Path) -> list[str]:
    result = kb_cli(home, "list", "--json")
    assert result.returncode == 0, result.stderr
    return [row["name"] for row in json.loads(result.stdout)]


def assert_one_error(result: subprocess.CompletedProcess, code: int, fragment: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr


def test_broken_jsonl_leaves_no_empty_kb(tmp_path: Path, home: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "Fine line here."}\n{"id": "b", "text": \n', encoding="utf-8")
    assert_one_error(kb_cli(home, "add", "brokenkb", str(broken), "--no-dense"), 3, f"{broken}:2: malformed")
    assert "brokenkb" not in listed(home)
    assert not (home / "kbs" / "brokenkb").exists()


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"], ids=["empty", "blank"])
def test_empty_or_blank_file_is_an_error(tmp_path: Path, home: Path, content: str) -> None:
    for name in ("notes.txt", "rows.jsonl"):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        assert_one_error(kb_cli(home, "add", "news", str(path), "--no-dense"), 3, str(path))
    assert listed(home) == []


def test_empty_folder_and_folder_of_blank_files_are_errors(tmp_path: Path, home: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_error(kb_cli(home, "add", "news", str(empty), "--no-dense"), 3, "no file to add")
    blanks = tmp_path / "blanks"
    blanks.mkdir()
    (blanks / "a.txt").write_text("\n\n", encoding="utf-8")
    (blanks / "b.md").write_text("", encoding="utf-8")
    assert_one_error(kb_cli(home, "add", "news", str(blanks), "--no-dense"), 3, "no text to add")
    assert listed(home) == []


def test_invalid_utf8_and_binary_files_are_refused_like_check_does(tmp_path: Path, home: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 prices rose in the city last year, officials said.".encode("latin-1"))
    assert_one_error(kb_cli(home, "add", "news", str(latin), "--no-dense"), 3, "not valid UTF-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(b'{"id": "a", "text": "Caf\xe9 prices rose in the city."}\n')
    assert_one_error(kb_cli(home, "add", "news", str(rows), "--no-dense"), 3, f"{rows}:1: not valid UTF-8")
    binary = tmp_path / "ls.txt"
    binary.write_bytes(Path(sys.executable).read_bytes()[:20000])
    assert_one_error(kb_cli(home, "add", "news", str(binary), "--no-dense"), 3, "looks binary")
    assert listed(home) == []


def test_binary_file_in_a_folder_is_skipped_and_named(tmp_path: Path, home: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "harbour.txt").write_text(GOOD, encoding="utf-8")
    (folder / "ls.txt").write_bytes(Path(sys.executable).read_bytes()[:20000])
    (folder / "latin1.md").write_bytes("Caf\xe9 au lait costs more this year than last.".encode("latin-1"))
    result = kb_cli(home, "add", "news", str(folder), "--no-dense")
    assert result.returncode == 0, result.stderr
    assert "added: 1," in result.stdout and "unreadable: 2" in result.stdout
    assert "ls.txt: looks binary" in result.stderr and "latin1.md: not valid UTF-8" in result.stderr
    kb = KnowledgeBase.open("news")
    assert kb.stats()["documents"] == 1 and kb.stats()["passages"] == 2
    assert all("\ufffd" not in e.passage.text for e in kb.search("ELF lait Caf", top_k=10))
    data = json.loads(kb_cli(home, "add", "news", str(folder), "--no-dense", "--json").stdout)
    assert len(data["unreadable"]) == 2 and data["added"] == 0


def test_failed_add_to_an_existing_kb_keeps_it(tmp_path: Path, home: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert kb_cli(home, "add", "news", str(good), "--no-dense").returncode == 0
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n", encoding="utf-8")
    assert_one_error(kb_cli(home, "add", "news", str(broken), "--no-dense"), 3, "malformed")
    assert listed(home) == ["news"]
    assert KnowledgeBase.open("news").stats()["documents"] == 1


def test_folder_of_unreadable_or_too_short_files_creates_no_kb(tmp_path: Path, home: Path) -> None:
    """Found by tests/fuzz: a folder holding only a binary file, or only texts too short for a passage."""
    binary = tmp_path / "binary"
    binary.mkdir()
    (binary / "a.txt").write_bytes(b"\x00")
    assert_one_error(kb_cli(home, "add", "news", str(binary), "--no-dense"), 3, "no readable file to add")
    short = tmp_path / "short"
    short.mkdir()
    (short / "a.txt").write_text("Hi.\n", encoding="utf-8")
    assert_one_error(kb_cli(home, "add", "news", str(short), "--no-dense"), 3, "nothing to add")
    assert listed(home) == []


def test_a_bare_name_is_a_name_even_where_a_folder_or_file_has_it(tmp_path: Path, home: Path) -> None:
    """`kb add archive archive/` used to write the index into the user's own folder ./archive, where
    `kb list` never showed it."""
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "harbour.txt").write_text(GOOD, encoding="utf-8")
    result = kb_cli(home, "add", "archive", "archive", "--no-dense", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"note: knowledge base 'archive' is stored in {home / 'kbs' / 'archive'}, not in the " \
                            "folder ./archive (write ./archive to store it there)\n"
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == ["harbour.txt"]
    assert listed(home) == ["archive"]
    (tmp_path / "notes.txt").write_text(GOOD, encoding="utf-8")
    result = kb_cli(home, "add", "notes.txt", "archive", "--no-dense", cwd=tmp_path)
    assert result.returncode == 0 and "the file ./notes.txt is not added" in result.stderr, result.stderr
    # a NAME with a '/' is a folder path, as before
    assert kb_cli(home, "add", "./local-kb", "archive", "--no-dense", cwd=tmp_path).returncode == 0
    assert (tmp_path / "local-kb" / "kb.sqlite").is_file() and "local-kb" not in listed(home)
    # that folder is not found by its bare name, and the error says how to name it
    assert_one_error(kb_cli(home, "stats", "local-kb", cwd=tmp_path), 4, "write ./local-kb")
    assert kb_cli(home, "stats", "./local-kb", cwd=tmp_path).returncode == 0


def test_a_forgotten_name_or_path_is_a_usage_error(tmp_path: Path, home: Path) -> None:
    (tmp_path / "wiki.jsonl").write_text(json.dumps({"id": "a", "text": GOOD}) + "\n", encoding="utf-8")
    result = kb_cli(home, "add", "wiki.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing the knowledge base's NAME before the file 'wiki.jsonl': factdesk kb add NAME wiki.jsonl" \
        in result.stderr
    result = kb_cli(home, "add", "newsroom", cwd=tmp_path)
    assert result.returncode == 2 and "missing PATHS" in result.stderr
    assert_one_error(kb_cli(home, "add", "my kb!", "wiki.jsonl", cwd=tmp_path), 3, "a folder path needs a '/'")
    assert listed(home) == []
