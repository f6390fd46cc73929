"""Jobs survive a crash: a real `factdesk serve` process is killed (SIGKILL) mid-check and started again."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from factdesk.models import Article, Brief
from factdesk.service import jobs
from factdesk.service.db import ServiceStore

from .conftest import ARTICLE, KB, env_for_subprocess, http, wait_done

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(db_url: str, home: Path, port: int, log: Path) -> subprocess.Popen:
    args = [sys.executable, "-m", "factdesk.cli.main", "serve", "--db", db_url, "--port", str(port), "--workers", "1",
            "--lease", "2", "--kb", KB, "--no-feeds", "--allow-private-urls"]
    process = subprocess.Popen(args, env=env_for_subprocess(home), stdout=log.open("ab"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if http("GET", f"http://127.0.0.1:{port}/healthz").json().get("models_loaded"):
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not come up:\n" + log.read_text())


def test_checks_accepted_before_a_crash_are_finished_after_a_restart(service_home: Path, db_url: str,
                                                                    tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    server = start(db_url, service_home, port, log)
    try:
        # a long article keeps the worker busy long enough to be killed in the middle of it
        long_article = ARTICLE + "".join(f"The tower had {n} thousand visitors in {1900 + n}. " for n in range(60))
        ids = [http("POST", f"{base}/v1/checks", {"text": long_article}).json()["id"] for _ in range(3)]
        deadline = time.monotonic() + 60
        while http("GET", f"{base}/v1/checks/{ids[0]}").json()["status"] != "running":
            assert time.monotonic() < deadline, "the first check never started"
            time.sleep(0.02)
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)

    with ServiceStore(db_url) as store:
        states = [jobs.get(store, i).status for i in ids]
    assert states[0] == "running" and states[1:] == ["queued", "queued"], states  # nothing finished them

    server = start(db_url, service_home, port, log)
    try:
        finished = [wait_done(base, i) for i in ids]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert [f["status"] for f in finished] == ["done"] * 3, finished
    assert all(f["brief"]["results"] for f in finished)
    with ServiceStore(db_url) as store:
        assert jobs.get(store, ids[0]).attempts == 2  # taken over once its lease ran out
        assert store.count() == 3
    # no secret in the logs: the database password is masked
    password = make_url(db_url).password
    if password:
        assert password not in log.read_text()
    assert "Traceback" not in log.read_text()


def test_a_job_that_keeps_killing_its_worker_fails_with_a_reason(db_url: str) -> None:
    with ServiceStore(db_url) as store:
        job = jobs.enqueue(store, jobs.JobRequest(url="https://example.org/"))
        for attempt in range(jobs.MAX_ATTEMPTS):
            claimed = jobs.claim(store, f"worker-{attempt}", lease_s=0.3)
            assert claimed is not None and claimed.id == job.id and claimed.attempts == attempt + 1
            assert jobs.claim(store, "other", lease_s=10) is None  # leased: nobody else takes it
            time.sleep(0.35)  # the worker "dies": its lease runs out
        assert jobs.claim(store, "last", lease_s=10) is None
        failed = jobs.get(store, job.id)
        assert failed.status == "failed" and "interrupted 3 times" in (failed.error or "")


def test_a_brief_stored_just_before_a_crash_is_not_checked_twice(db_url: str) -> None:
    with ServiceStore(db_url) as store:
        job = jobs.enqueue(store, jobs.JobRequest(url="https://example.org/"))
        assert jobs.claim(store, "dies", lease_s=0.01) is not None
        # saved, then the process died before marking the job done
        store.save(Brief(check_id=job.id, created_at=dt.datetime.now(dt.UTC),
                         article=Article(text="x", source="<text>"), summary=[], results=[], predictions=[],
                         references=[], models={}))
        time.sleep(0.03)
        assert jobs.claim(store, "next", lease_s=10) is None
        assert jobs.get(store, job.id).status == "done"


def test_a_clean_shutdown_queues_running_jobs_again(db_url: str) -> None:
    with ServiceStore(db_url) as store:
        job = jobs.enqueue(store, jobs.JobRequest(url="https://example.org/"))
        assert jobs.claim(store, "me", lease_s=60) is not None
        assert jobs.release(store, "me") == 1
        again = jobs.get(store, job.id)
        assert again.status == "queued" and again.attempts == 0
