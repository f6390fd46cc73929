"""`factdesk eval --ray`: the calls of an evaluation run in Ray actors, one model load per actor.

The harness makes exactly the calls it makes locally (the same batches of `BATCH_SIZE` claims, in order) and
the actors return their results in order, so every metric but the throughput equals the local run's. Gold mode:
`RayJudge.verify_many` (the verifier on the actors). Open mode: `RayJudge.retrieve_and_verify_many`, each actor
also searching the corpus the driver built (`eval-cache` under FACTDESK_HOME, which every node must read).
Scoring stays on the driver.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from factdesk.batch.ray_backend import RETRIES, actor_threads, connect
from factdesk.models import Evidence, Verdict

Call = tuple[list[tuple[str, str]], list[list[Evidence]]]  # (claims as (id, text), evidence per claim)


class VerifierWorker:
    """A Ray actor (made remote in `RayJudge`): one verifier, loaded once."""

    def __init__(self, verifier: str, options: dict[str, Any], threads: int) -> None:
        os.environ.setdefault("FACTDESK_THREADS", str(threads))
        from factdesk.verify.base import verifiers

        self.judge = verifiers.create(verifier, **options)
        self.judge.warm_up()
        self.retrievers: dict[tuple[Path, str | None], Any] = {}

    def describe(self) -> tuple[str, Any, Any]:
        return self.judge.name, getattr(self.judge, "aggregation", None), getattr(self.judge, "guard", None)

    def verify(self, claims: list[tuple[str, str]], evidence: list[list[Evidence]]) -> list[Verdict]:
        return self.judge.verify(claims, evidence)

    def retriever(self, kb_path: Path, rerank: str | None) -> Any:
        """The open-mode retriever of the corpus at `kb_path`, loaded once per actor."""
        from factdesk.eval.runner import open_retriever

        if (kb_path, rerank) not in self.retrievers:
            self.retrievers[kb_path, rerank] = open_retriever(kb_path, rerank)
        return self.retrievers[kb_path, rerank]

    def retriever_name(self, kb_path: Path, rerank: str | None) -> str:
        return getattr(self.retriever(kb_path, rerank), "name", "hybrid")

    def retrieve_and_verify(self, kb_path: Path, claims: list[tuple[str, str]], depth: int, top_k: int,
                            rerank: str | None) -> tuple[list[list[Evidence]], list[Verdict]]:
        from factdesk.eval.runner import retrieve_and_verify

        return retrieve_and_verify(self.retriever(kb_path, rerank), self.judge, claims, depth, top_k)


class RayJudge:
    """Stands in for a verifier in `factdesk.eval.runner`: `verify_many` spreads whole calls over the actors."""

    def __init__(self, address: str, workers: int, verifier: str, options: dict[str, Any],
                 threads: int | None = None) -> None:
        """`options`: the verifier's keyword arguments (aggregation, guard, parts), as `verifiers.create` takes."""
        self._ray = connect(address)
        threads = threads or actor_threads(self._ray, workers)
        remote = self._ray.remote(num_cpus=threads, max_restarts=RETRIES, max_task_retries=RETRIES)(VerifierWorker)
        self._actors = [remote.remote(verifier, options, threads) for _ in range(workers)]
        self.name, self.aggregation, self.guard = self._ray.get(self._actors[0].describe.remote())

    def warm_up(self) -> None:
        self._ray.get([actor.describe.remote() for actor in self._actors])  # every actor has loaded its model

    def verify(self, claims: list[tuple[str, str]], evidence: list[list[Evidence]]) -> list[Verdict]:
        return next(self.verify_many([(claims, evidence)]))[0]

    def verify_many(self, calls: Sequence[Call]) -> Iterator[tuple[list[Verdict], float]]:
        """Each call's verdicts, in order, with the wall-clock seconds since the previous one came back."""
        refs = [self._actors[i % len(self._actors)].verify.remote(*call) for i, call in enumerate(calls)]
        yield from self._in_order(refs)

    def retrieve_and_verify_many(self, kb_path: Path, calls: Sequence[list[tuple[str, str]]], depth: int,
                                 top_k: int, rerank: str | None,
                                 ) -> tuple[Iterator[tuple[list[list[Evidence]], list[Verdict], float]], str]:
        """Open mode: each call's passages, verdicts and seconds, in order, and the actors' retriever name."""
        kb_path = Path(kb_path).resolve()
        # every actor loads the corpus before the clock starts, as the local run's retriever does
        names = self._ray.get([actor.retriever_name.remote(kb_path, rerank) for actor in self._actors])
        refs = [self._actors[i % len(self._actors)].retrieve_and_verify.remote(kb_path, claims, depth, top_k, rerank)
                for i, claims in enumerate(calls)]
        results = ((found, verdicts, seconds) for (found, verdicts), seconds in self._in_order(refs))
        return results, names[0]

    def _in_order(self, refs: list[Any]) -> Iterator[tuple[Any, float]]:
        """Each result, in order, with the wall-clock seconds since the previous one came back."""
        last = time.perf_counter()
        for ref in refs:
            result = self._ray.get(ref)
            now = time.perf_counter()
            yield result, now - last
            last = now

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
