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
from proctools import HAS_PROC, alive, children

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not HAS_PROC, reason="needs /proc")]


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
        workers: set[int] = set()
        while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = children(process.pid)  # the two splitting workers (and multiprocessing's tracker)
        assert len(workers) >= 2, "the add finished or stalled before its workers started"
        time.sleep(0.5)  # the workers are splitting a batch now
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        # milliseconds on a normal machine; 20 s leaves room for a test run at nice 19 on a saturated CPU
        deadline = time.monotonic() + 20
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], "workers outlived their killed parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # never leave a stray process, even when the test fails
