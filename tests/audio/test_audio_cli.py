"""`-f audio` refuses what it cannot write before anything is checked or stored (no voice needed for that)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": ""}
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize(("extra", "message"), [
    ([], "error: -f audio writes a file: give -o brief.wav"),
    (["-o", "brief.aiff"], "error: cannot write audio to brief.aiff: give a file ending in .wav"),
])
def test_check_with_audio_needs_a_known_audio_file(tmp_path: Path, extra: list[str], message: str) -> None:
    article = tmp_path / "a.md"
    article.write_text("The Eiffel Tower is in Paris. It will be repainted next year.")
    result = run(["check", str(article), "-f", "audio", *[str(tmp_path / x) if x.endswith(".aiff") else x
                                                          for x in extra]], tmp_path)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "factdesk.db").exists()  # nothing was checked, so nothing was stored
