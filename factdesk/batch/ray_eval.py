"""`factdesk eval --ray`: the verifier's calls of an evaluation run in Ray actors, one model load per actor.

The harness makes exactly the calls it makes locally (the same batches of `BATCH_SIZE` claims, in order) and
`RayJudge.verify_many` hands them to the actors and returns the verdicts in order, so every metric but the
throughput equals the local run's. Retrieval (open mode) and scoring stay on the driver.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from typing import Any

from factdesk.batch.ray_backend import RETRIES, actor_threads, connect
from factdesk.models import Evidence, Verdict

Call = tuple[list[tuple[str, str]], list[list[Evidence]]]  # (claims as (id, text), evidence per claim)


class VerifierWorker:
    """A Ray actor (made remote in `RayJudge`): one verifier, loaded once."""

    def __init__(self, verifier: str, aggregation: str | None, guard: bool, threads: int) -> None:
        os.environ.setdefault("FACTDESK_THREADS", str(threads))
        from factdesk.verify.base import verifiers

        self.judge = verifiers.create(verifier, aggregation=aggregation, guard=guard)
        self.judge.warm_up()

    def describe(self) -> tuple[str, Any, Any]:
        return self.judge.name, getattr(self.judge, "aggregation", None), getattr(self.judge, "guard", None)

    def verify(self, claims: list[tuple[str, str]], evidence: list[list[Evidence]]) -> list[Verdict]:
        return self.judge.verify(claims, evidence)


class RayJudge:
    """Stands in for a verifier in `factdesk.eval.runner`: `verify_many` spreads whole calls over the actors."""

    def __init__(self, address: str, workers: int, verifier: str, aggregation: str | None, guard: bool,
                 threads: int | None = None) -> None:
        self._ray = connect(address)
        threads = threads or actor_threads(self._ray, workers)
        remote = self._ray.remote(num_cpus=threads, max_restarts=RETRIES, max_task_retries=RETRIES)(VerifierWorker)
        self._actors = [remote.remote(verifier, aggregation, guard, threads) for _ in range(workers)]
        self.name, self.aggregation, self.guard = self._ray.get(self._actors[0].describe.remote())

    def warm_up(self) -> None:
        self._ray.get([actor.describe.remote() for actor in self._actors])  # every actor has loaded its model

    def verify(self, claims: list[tuple[str, str]], evidence: list[list[Evidence]]) -> list[Verdict]:
        return next(self.verify_many([(claims, evidence)]))[0]

    def verify_many(self, calls: Sequence[Call]) -> Iterator[tuple[list[Verdict], float]]:
        """Each call's verdicts, in order, with the wall-clock seconds since the previous one came back."""
        refs = [self._actors[i % len(self._actors)].verify.remote(*call) for i, call in enumerate(calls)]
        last = time.perf_counter()
        for ref in refs:
            verdicts = self._ray.get(ref)
            now = time.perf_counter()
            yield verdicts, now - last
            last = now

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
