"""Checks in worker processes, so the API process answers requests and never runs a model.

`factdesk serve --workers N` starts N spawned processes, each with its own copy of the models and one check
at a time, taking jobs from the database queue (`factdesk.service.jobs`); `factdesk worker` runs the same
loop on its own, against the same database. With the models out of the API process, a saturated CPU slows
the checks, not the requests (bench/serve_load.py).

A worker process ends with its parent, even a SIGKILLed one (`factdesk.lifeline`); SIGTERM finishes nothing
new, queues its running check again and exits 0.

    workers = WorkerProcesses(WorkerSettings(db="sqlite:///desk.db", kb="demo"), processes=2)
    workers.start(); ...; workers.notify(); ...; workers.stop()
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.process import BaseProcess
from typing import Any

log = logging.getLogger("factdesk.service")
_TICK_S = 0.2  # how often a worker's main thread looks at its stop flag


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker needs to take and run checks (picklable: it is sent to spawned processes)."""

    db: str | None = None
    kb: str | None = None
    lease_s: float = 30.0
    poll_s: float = 1.0
    allow_private_urls: bool = False
    checks: int = 1  # checks at the same time in one process (threads sharing its models)
    model_threads: int = 0  # onnxruntime threads per model; 0: FACTDESK_THREADS or its default


class Shared:
    """State the worker processes share with the API process: a wake-up call, readiness and busy counts."""

    def __init__(self, processes: int) -> None:
        context = get_context("spawn")
        self.wake = context.Event()
        self.ready = context.Array("i", processes)
        self.busy = context.Array("i", processes)


def run_worker(settings: WorkerSettings, stop: threading.Event, *, shared: Shared | None = None,
               slot: int = 0) -> None:
    """Take and run checks until `stop` is set; running checks are queued again on the way out."""
    from factdesk.service.db import ServiceStore
    from factdesk.service.inputs import guarded_fetch
    from factdesk.service.worker import WorkerPool

    with ServiceStore(settings.db) as store:
        pool = WorkerPool(store, settings.checks, default_kb=settings.kb, lease_s=settings.lease_s,
                          poll_s=settings.poll_s, fetch=guarded_fetch(settings.allow_private_urls))
        pool.start()
        if shared is not None:
            threading.Thread(target=_report, args=(pool, shared, slot, stop), name="factdesk-report",
                             daemon=True).start()
        try:
            while not stop.is_set():
                time.sleep(_TICK_S)
        finally:
            pool.stop()


def _report(pool: Any, shared: Shared, slot: int, stop: threading.Event) -> None:
    """Pass the API's wake-up calls to the pool, and its readiness and load back to the API."""
    pool.ready.wait()
    shared.ready[slot] = 1
    while not stop.is_set():
        if shared.wake.wait(0.5):
            shared.wake.clear()
            pool.notify()
        shared.busy[slot] = pool.busy


def stop_on_signals(stop: threading.Event, signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)) -> None:
    """`signals` set `stop`, through a relay thread: an Event's lock is never taken inside a signal handler."""
    signalled = threading.Event()

    def handler(_: int, __: object) -> None:
        signalled.set()

    def relay() -> None:
        signalled.wait()
        stop.set()

    threading.Thread(target=relay, name="factdesk-signals", daemon=True).start()
    for number in signals:
        signal.signal(number, handler)


def _process_main(settings: WorkerSettings, shared: Shared, slot: int) -> None:
    from factdesk.lifeline import exit_with_parent

    exit_with_parent()
    if settings.model_threads:
        os.environ["FACTDESK_THREADS"] = str(settings.model_threads)  # before any model is loaded
    logging.basicConfig(level=logging.INFO, format=f"%(asctime)s %(levelname)s worker-{slot}: %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    stop_on_signals(stop, (signal.SIGTERM,))
    run_worker(settings, stop, shared=shared, slot=slot)


class _Ready:
    def __init__(self, shared: Shared | None, processes: int) -> None:
        self._shared, self._processes = shared, processes

    def is_set(self) -> bool:
        shared = self._shared
        return shared is not None and all(shared.ready[n] for n in range(self._processes))


class WorkerProcesses:
    """N worker processes behind the interface the API uses: start, notify, stop, ready, workers, busy."""

    def __init__(self, settings: WorkerSettings, processes: int) -> None:
        self.settings = settings
        self.workers = processes
        # with no process (factdesk worker does the checks) nothing is shared, so no helper process is started
        self.shared = Shared(processes) if processes else None
        self.ready = _Ready(self.shared, processes)
        self._processes: list[BaseProcess] = []

    @property
    def busy(self) -> int:
        return sum(self.shared.busy[n] for n in range(self.workers)) if self.shared else 0

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._processes if p.pid is not None]

    def start(self) -> None:
        if self.shared is None:
            return
        context = get_context("spawn")  # never fork a process that runs threads (uvicorn, onnxruntime)
        settings = self.settings
        if not settings.model_threads and "FACTDESK_THREADS" not in os.environ and self.workers:
            # the cores are shared out between the processes instead of each one using them all
            settings = WorkerSettings(**{**settings.__dict__,
                                         "model_threads": max(1, (os.cpu_count() or 1) // self.workers)})
        self._processes = [context.Process(target=_process_main, args=(settings, self.shared, n),
                                           name=f"factdesk-worker-{n}", daemon=True) for n in range(self.workers)]
        for process in self._processes:
            process.start()
        log.info("%d worker process(es): %s", self.workers, ", ".join(map(str, self.pids)))

    def notify(self) -> None:
        """A job was queued: wake an idle worker now rather than at its next poll."""
        if self.shared is not None:
            self.shared.wake.set()

    def stop(self, wait_s: float = 15.0) -> None:
        """SIGTERM every worker (each queues its running check again), then wait; kill any that hangs."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + wait_s
        for process in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.warning("worker %s did not stop in %.0f s: killed", process.pid, wait_s)
                process.kill()
                process.join(5)
        self._processes = []
