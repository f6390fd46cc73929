"""The Ray backend: the same `check_item` in Ray actors that each load the models once (the `ray` extra).

`connect(address)` joins a running cluster (`auto`, `HOST:PORT` or `ray://HOST:10001`) and passes this
process's FACTDESK_* settings to the workers, so they open the same knowledge base. An actor whose process
dies is restarted by Ray (models loaded again) and the item it held is retried there (`max_task_retries`);
the driver, the only writer, stores each brief once whatever Ray retried.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from factdesk.batch.sources import BatchItem
from factdesk.batch.work import CheckOptions, ItemResult, check_item, warm_up
from factdesk.errors import FactdeskError

#: times Ray restarts a dead actor and retries its item before the batch gives that item up
RETRIES = 3
#: items queued per actor, so that an actor never waits for the driver between two items
IN_FLIGHT_PER_ACTOR = 2


def require_ray() -> Any:
    """The `ray` module, or one error line with the install command."""
    try:
        import ray
    except ImportError:
        raise FactdeskError("--ray needs the ray extra: pip install 'factdesk[ray]'") from None
    return ray


def connect(address: str) -> Any:
    """Join the cluster at `address` once per process; FactdeskError (one line) when there is none."""
    ray = require_ray()
    if ray.is_initialized():
        return ray
    _check_reachable(address)
    env = {name: value for name, value in os.environ.items() if name.startswith("FACTDESK_")}
    try:
        ray.init(address=address, runtime_env={"env_vars": env}, logging_level="ERROR", log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FactdeskError(f"cannot connect to the Ray cluster at {address}: {message[:200]}") from None
    return ray


def actor_threads(ray: Any, workers: int) -> int:
    """CPUs per actor: the cluster's shared out among the actors, as the local backend shares this machine's."""
    cpus = int(ray.cluster_resources().get("CPU", 1))
    return max(1, min(4, cpus // workers))


def _check_reachable(address: str, timeout_s: float = 10.0) -> None:
    """Fail in seconds on a HOST:PORT nobody listens on: ray.init would retry it for minutes."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" (Ray finds the local cluster itself, or says there is none) or a bare host
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise FactdeskError(f"cannot connect to the Ray cluster at {address}: {exc.strerror or exc}") from None


class CheckWorker:
    """A Ray actor (made remote in `run_on_ray`): the pipeline loaded once, then one item per call."""

    def __init__(self, options: CheckOptions, threads: int) -> None:
        os.environ.setdefault("FACTDESK_THREADS", str(threads))
        self.options = options
        warm_up(options)

    def check(self, item: BatchItem, check_id: str) -> ItemResult:
        return check_item(item, check_id, self.options)


def ray_backend(address: str, workers: int, threads: int | None = None) -> Callable[..., None]:
    """A `run_batch` backend running `workers` actors of `threads` CPUs each on the cluster at `address`."""
    ray = connect(address)
    threads = threads or actor_threads(ray, workers)

    def run(jobs: list[tuple[BatchItem, str]], options: CheckOptions, on_result: Callable[[ItemResult], None]) -> None:
        actor_class = ray.remote(num_cpus=threads, max_restarts=RETRIES, max_task_retries=RETRIES)(CheckWorker)
        actors = [actor_class.remote(options, threads) for _ in range(min(workers, len(jobs)))]
        waiting = list(reversed(jobs))
        running: dict[Any, tuple[Any, BatchItem, str]] = {}  # object ref -> (actor, item, check id)

        def submit(actor: Any) -> None:
            if waiting:
                item, check_id = waiting.pop()
                running[actor.check.remote(item, check_id)] = (actor, item, check_id)

        try:
            for actor in actors * IN_FLIGHT_PER_ACTOR:
                submit(actor)
            while running:
                [ref], _ = ray.wait(list(running), num_returns=1)
                actor, item, check_id = running.pop(ref)
                on_result(_result(ray, ref, item, check_id))
                submit(actor)
        finally:
            for actor in actors:
                ray.kill(actor)
            ray.shutdown()  # now: what Ray prints on leaving comes while the caller still routes it

    return run


def _result(ray: Any, ref: Any, item: BatchItem, check_id: str) -> ItemResult:
    """The item's result; an item whose actor died more than RETRIES times is a failed item, not a failed batch."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ItemResult(item.key, check_id, error=f"worker lost: {message[:200]}")
