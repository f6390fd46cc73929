"""Progress on stderr: `check` shows how far a long article has got as `kb add` shows its documents, on a
terminal only (a pseudo-terminal here), never in stdout, and nothing when stderr is a pipe or a log."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
KB_DOC = {"id": "towers", "title": "Towers of Paris",
          "text": "The Eiffel Tower in Paris was completed in 1889. It is 330 metres tall. Gustave Eiffel's company "
                  "built it for the World's Fair."}
# a long article: 40 sentences, each one checked with --all-sentences
ARTICLE = "\n".join(f"Tower number {n} in Paris was completed in {1800 + n} and is {100 + n} metres tall."
                    for n in range(1, 41)) + "\n"


def factdesk(home: Path, *args: str, tty_stderr: bool) -> tuple[int, str, str]:
    """Run the CLI; with `tty_stderr` its stderr is a pseudo-terminal (what a user at a terminal has)."""
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": "", "TERM": "xterm", "COLUMNS": "160"}
    command = [sys.executable, "-m", "factdesk.cli.main", *args]
    if not tty_stderr:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, env=env, text=True)
    os.close(follower)
    chunks: list[bytes] = []

    def drain() -> None:  # a full pseudo-terminal buffer would block the command
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:  # EIO: the command closed its end
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stdout, _ = process.communicate(timeout=900)
    reader.join(timeout=30)
    os.close(leader)
    return process.returncode, stdout, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("progress-home")


def test_kb_add_and_check_show_progress_on_a_terminal_only(home: Path, tmp_path: Path) -> None:
    docs = tmp_path / "towers.jsonl"
    docs.write_text(json.dumps(KB_DOC) + "\n", encoding="utf-8")
    code, stdout, terminal = factdesk(home, "kb", "add", "towers", str(docs), "--json", tty_stderr=True)
    assert code == 0 and json.loads(stdout)["added"] == 1, terminal
    assert "documents" in terminal  # kb add's counter, the behaviour check mirrors

    article = tmp_path / "long.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = ("check", str(article), "--kb", "towers", "--all-sentences", "--no-record", "-f", "json")
    code, stdout, terminal = factdesk(home, *args, tty_stderr=True)
    assert code == 0, terminal
    brief = json.loads(stdout)  # the progress never reaches stdout
    total = len(brief["results"])
    assert total == 40
    steps = {int(done) for done, of in re.findall(r"judging claims: (\d+) of (\d+) done", terminal)
             if int(of) == total}
    assert steps & {16, 32}, terminal  # it moved while the long article was judged, not only at the start

    code, stdout, stderr = factdesk(home, *args, tty_stderr=False)
    assert code == 0 and stderr == ""  # a pipe or a log gets no progress, as with kb add
    assert len(json.loads(stdout)["results"]) == total
