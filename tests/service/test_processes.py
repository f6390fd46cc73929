"""Checks run in worker processes: the API process loads no model, SIGTERM is a clean exit 0, a SIGKILLed
server leaves no worker behind, and `factdesk worker` runs the queue on its own. Real processes, real HTTP."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from proctools import HAS_PROC, alive, children

from factdesk.service import jobs
from factdesk.service.db import ServiceStore

from .conftest import ARTICLE, KB, env_for_subprocess, http, wait_done
from .test_restart import free_port

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not HAS_PROC, reason="needs /proc")]


def loads_onnxruntime(pid: int) -> bool:
    return "onnxruntime" in Path(f"/proc/{pid}/maps").read_text()


def start_serve(db_url: str, home: Path, log: Path, workers: int = 2,
                wait_for_models: bool = True) -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = [sys.executable, "-m", "factdesk.cli.main", "serve", "--db", db_url, "--port", str(port), "--workers",
            str(workers), "--kb", KB, "--no-feeds", "--allow-private-urls"]
    process = subprocess.Popen(args, env=env_for_subprocess(home), stdout=log.open("ab"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        with contextlib.suppress(OSError):
            health = http("GET", f"{base}/healthz").json()
            if health.get("models_loaded") or not wait_for_models:
                return process, base
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not come up:\n" + log.read_text())


def gone_within(pids: set[int], seconds: float) -> bool:
    """Whether every process of `pids` ends within `seconds` (milliseconds normally; a test run at nice 19 on a
    saturated CPU needs more)."""
    deadline = time.monotonic() + seconds
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(map(alive, pids))


@pytest.fixture
def serve_log(tmp_path: Path) -> Path:
    return tmp_path / "serve.log"


def test_checks_run_outside_the_api_process_and_sigterm_exits_0(service_home: Path, sqlite_url: str,
                                                                serve_log: Path) -> None:
    process, base = start_serve(sqlite_url, service_home, serve_log)
    try:
        workers = children(process.pid)
        assert len(workers) >= 2
        assert not loads_onnxruntime(process.pid), "the API process loaded a model"
        assert sum(loads_onnxruntime(pid) for pid in workers) == 2  # one copy of the models per worker
        health = http("GET", f"{base}/healthz").json()
        assert health["workers"] == 2 and health["models_loaded"] is True
        ids = [http("POST", f"{base}/v1/checks", {"text": ARTICLE}).json()["id"] for _ in range(2)]
        assert all(wait_done(base, i)["status"] == "done" for i in ids)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, serve_log.read_text()
        assert gone_within(workers, 20)
        assert "Traceback" not in serve_log.read_text()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_a_sigkilled_server_leaves_no_worker_process(service_home: Path, sqlite_url: str, serve_log: Path) -> None:
    process, _ = start_serve(sqlite_url, service_home, serve_log)
    try:
        workers = children(process.pid)
        assert len(workers) >= 2
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert gone_within(workers, 20), "worker processes outlived their killed server"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_worker_command_runs_the_queue_of_an_api_only_server(service_home: Path, sqlite_url: str,
                                                              serve_log: Path, tmp_path: Path) -> None:
    api, base = start_serve(sqlite_url, service_home, serve_log, workers=0, wait_for_models=False)
    log = tmp_path / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "factdesk.cli.main", "worker", "--db", sqlite_url, "--kb", KB],
                              env=env_for_subprocess(service_home), stdout=log.open("ab"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        assert not children(api.pid)  # --workers 0: this server runs no check itself
        check_id = http("POST", f"{base}/v1/checks", {"text": ARTICLE}).json()["id"]
        finished = wait_done(base, check_id, timeout=180)
        assert finished["status"] == "done" and finished["brief"]["results"], log.read_text()
        for process in (worker, api):
            process.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, log.read_text()
        assert api.wait(timeout=60) == 0, serve_log.read_text()
        with ServiceStore(sqlite_url) as store:
            assert jobs.counts(store)["done"] == 1
    finally:
        for process in (worker, api):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
