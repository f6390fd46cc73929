"""A `kb add` killed with SIGKILL while its sentence-splitting workers run leaves no process behind."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")]


def _children(pid: int) -> set[int]:
    """Live (non-zombie) processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                state, parent = stat.rsplit(")", 1)[1].split()[:2]
                if int(parent) == pid and state != "Z":
                    found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited; only its parent's wait is missing


def test_sigkilled_kb_add_leaves_no_worker_alive(tmp_path: Path, home: Path) -> None:
    words = [f"word{i}" for i in range(500)]
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for i in range(4000):
            sentences = [" ".join(words[(i * 7 + j * 13 + k) % 500] for k in range(10)).capitalize() + "."
                         for j in range(6)]
            out.write(json.dumps({"id": f"d{i}", "text": " ".join(sentences)}) + "\n")
    command = [sys.executable, "-m", "factdesk.cli.main", "kb", "add", str(tmp_path / "kb"), str(corpus),
               "--no-dense", "--batch-size", "40", "--workers", "2"]
    process = subprocess.Popen(command, env={**os.environ, "FACTDESK_HOME": str(home)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while len(children) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            children = _children(process.pid)  # the two splitting workers (and multiprocessing's tracker)
        assert len(children) >= 2, "the add finished or stalled before its workers started"
        time.sleep(0.5)  # the workers are splitting a batch now
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(map(_alive, children)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in children if _alive(pid)], "workers outlived their killed parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # never leave a stray process, even when the test fails
