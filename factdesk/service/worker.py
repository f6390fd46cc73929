"""A bounded pool of worker threads that run queued checks through the same pipeline as `factdesk check`.

Threads rather than processes: onnxruntime and tantivy release the GIL while they compute, and one
process holds one copy of each model (`factdesk.api.pipeline_for` caches a pipeline per configuration).
The queue lives in the database (`factdesk.service.jobs`); `notify()` wakes an idle worker at once, and
idle workers also look every `poll_s` seconds for jobs queued by other processes or left by a crash.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import threading
import uuid
from collections.abc import Callable

from factdesk.errors import FactdeskError
from factdesk.models import Article
from factdesk.service import jobs
from factdesk.service.db import ServiceStore

log = logging.getLogger("factdesk.service")

#: called with the job id when a job reaches a final state (the feed watcher uses it)
Listener = Callable[[str], None]


class WorkerPool:
    def __init__(self, store: ServiceStore, workers: int = 2, *, default_kb: str | None = None,
                 lease_s: float = 30.0, poll_s: float = 1.0,
                 fetch: Callable[[str], Article] | None = None) -> None:
        self.store = store
        self.workers = max(1, workers)
        self.default_kb = default_kb
        self.lease_s = lease_s
        self.poll_s = poll_s
        self.fetch = fetch or _load_url
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ready = threading.Event()  # set once the default pipeline's models are loaded
        self.busy = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._threads = [threading.Thread(target=self._warm_up, name="factdesk-warm-up", daemon=True)]
        self._threads += [threading.Thread(target=self._loop, name=f"factdesk-worker-{n}", daemon=True)
                          for n in range(self.workers)]
        self._threads.append(threading.Thread(target=self._heartbeat, name="factdesk-leases", daemon=True))
        for thread in self._threads:
            thread.start()

    def notify(self) -> None:
        """A job was queued: wake an idle worker now rather than at its next poll."""
        self._wake.set()

    def stop(self, wait_s: float = 10.0) -> None:
        """Stop taking jobs, give running checks `wait_s` seconds, and queue the unfinished ones again."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=wait_s if thread.name.startswith("factdesk-worker") else 1.0)
        try:
            if released := jobs.release(self.store, self.id):
                log.info("queued %d unfinished check(s) again", released)
        except FactdeskError as exc:
            log.warning("could not queue unfinished checks again: %s", exc)

    # -- threads ------------------------------------------------------------------------------------------

    def _warm_up(self) -> None:
        from factdesk.api import pipeline_for

        _run_checks_at_low_priority()  # before the models load: onnxruntime's threads inherit it
        try:
            pipeline_for(self.default_kb).warm_up()
        except FactdeskError as exc:
            log.warning("models not preloaded: %s", exc)
        except Exception:
            log.exception("models not preloaded")
        finally:
            self.ready.set()

    def _loop(self) -> None:
        _run_checks_at_low_priority()
        self.ready.wait()
        while not self._stop.is_set():
            self._wake.clear()
            try:
                job = jobs.claim(self.store, self.id, self.lease_s)
            except FactdeskError as exc:  # the database is unreachable: try again later
                log.warning("cannot claim a job: %s", exc)
                job = None
            if job is None:
                self._wake.wait(self.poll_s)
                continue
            with self._lock:
                self.busy += 1
            try:
                self._run(job)
            finally:
                with self._lock:
                    self.busy -= 1

    def _heartbeat(self) -> None:  # stays at normal priority: a late lease renewal loses the job
        while not self._stop.wait(self.lease_s / 3):
            try:
                jobs.renew(self.store, self.id, self.lease_s)
            except FactdeskError as exc:
                log.warning("cannot renew job leases: %s", exc)

    # -- one job ------------------------------------------------------------------------------------------

    def _run(self, job: jobs.Job) -> None:
        from factdesk.api import pipeline_for

        log.info("check %s: started (%s)", job.id, job.source)
        try:
            request = jobs.request_of(self.store, job.id)
            if request.article is not None:
                article = request.article
            else:
                jobs.set_progress(self.store, job.id, "fetching the article")
                article = self.fetch(request.url or "")
            pipeline = pipeline_for(request.kb or self.default_kb, None, request.top_k)
            brief = pipeline.run(article, as_of=request.as_of,
                                 progress=lambda message: jobs.set_progress(self.store, job.id, message))
            # the job id is the check id: a client polls one id from submission to brief
            brief = brief.model_copy(update={"check_id": job.id})
            brief = self.store.annotate(brief)  # each prediction's track record, before this check is recorded
            self.store.save(brief)
            jobs.finish(self.store, job.id, brief.article.title)
            log.info("check %s: done, %d claims", job.id, len(brief.results))
        except FactdeskError as exc:
            log.info("check %s: failed: %s", job.id, exc)
            self._fail(job.id, str(exc))
        except Exception as exc:  # a bug: the job fails with the reason, the worker lives on
            log.exception("check %s: internal error", job.id)
            self._fail(job.id, f"internal error: {type(exc).__name__}: {exc}")

    def _fail(self, job_id: str, reason: str) -> None:
        try:
            jobs.fail(self.store, job_id, reason)
        except FactdeskError as exc:  # the lease runs out and another worker retries it
            log.warning("check %s: cannot record the failure: %s", job_id, exc)


def _load_url(url: str) -> Article:
    from factdesk.ingest.fetch import load_url

    return load_url(url)


def _run_checks_at_low_priority() -> None:
    """Checks are batch work and API requests are interactive: with the CPU saturated by model inference,
    requests at the same priority waited up to a second (bench/serve_load.py). On Linux a thread has its
    own nice value and threads it starts inherit it, so the calling thread is made nicer."""
    from factdesk.settings import get

    try:
        niceness = int(get("check_nice") or 0)
    except ValueError:
        log.warning("FACTDESK_CHECK_NICE is not a whole number; checks run at normal priority")
        return
    if niceness > 0 and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # a sandbox may refuse; priority is an optimisation
            thread = threading.get_native_id()
            # only ever lowers priority: a process started at nice 19 stays there (as root, 10 would raise it)
            current = os.getpriority(os.PRIO_PROCESS, thread)
            os.setpriority(os.PRIO_PROCESS, thread, max(current, min(niceness, 19)))
