"""The local backend: worker processes on this machine, each loading the models once.

A worker that dies (SIGKILL, out of memory) breaks the process pool; the briefs already computed are kept and
the items still open go to a fresh pool, at most `MAX_POOL_RESTARTS` times. Workers end with the batch however
it ends (`factdesk.lifeline`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from factdesk.batch.sources import BatchItem
from factdesk.batch.work import CheckOptions, ItemResult, check_item, warm_up
from factdesk.errors import FactdeskError

MAX_POOL_RESTARTS = 3

Job = tuple[BatchItem, str]  # the item and the check id its brief is stored under


def threads_per_worker(workers: int) -> int:
    """Cores shared out among the workers, so that N workers do not each start a thread per core."""
    return max(1, (os.cpu_count() or 1) // workers)


def _start_worker(options: CheckOptions, threads: int) -> None:
    from factdesk.lifeline import exit_with_parent

    exit_with_parent()
    os.environ.setdefault("FACTDESK_THREADS", str(threads))
    warm_up(options)


def run_local(jobs: list[Job], options: CheckOptions, workers: int, on_result: Callable[[ItemResult], None]) -> None:
    """Check every job in `workers` processes; `on_result` is called here, in this process, once per job."""
    open_jobs = {item.key: (item, check_id) for item, check_id in jobs}
    restarts = 0
    while open_jobs:
        context = multiprocessing.get_context("spawn")  # no fork of a parent holding onnxruntime threads
        with ProcessPoolExecutor(min(workers, len(open_jobs)), mp_context=context, initializer=_start_worker,
                                 initargs=(options, threads_per_worker(workers))) as pool:
            futures = [pool.submit(check_item, item, check_id, options) for item, check_id in open_jobs.values()]
            try:
                for future in as_completed(futures):
                    _deliver(future.result(), open_jobs, on_result)
            except BrokenProcessPool:
                for future in futures:  # briefs finished before the pool broke are kept, not computed again
                    if future.done() and future.exception() is None:
                        _deliver(future.result(), open_jobs, on_result)
                restarts += 1
                if restarts > MAX_POOL_RESTARTS:
                    raise FactdeskError(f"worker processes died {restarts} times; {len(open_jobs)} articles left "
                                        "(run again with --resume)") from None


def _deliver(result: ItemResult, open_jobs: dict[str, Job], on_result: Callable[[ItemResult], None]) -> None:
    if open_jobs.pop(result.key, None) is not None:
        on_result(result)


