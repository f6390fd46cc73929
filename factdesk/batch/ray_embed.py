"""`factdesk kb add --ray`: the dense embedding, the costly step of an add, in Ray actors.

`RayEmbedder` stands in for `factdesk.nn.Embedder`: `embed(texts)` cuts the texts into chunks, the actors
(each holding the ONNX encoder, loaded once) embed them in parallel and the vectors come back in order. Everything
else of `kb add` stays as it is: reading, sentence splitting and deduplication in this machine's processes and
one writer, this process, committing batches, so a killed add resumes exactly as a local one (docs/scale.md).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from factdesk.batch.ray_backend import RETRIES, actor_threads, connect

#: texts per actor call: a multiple of the encoder's batch of 64, large enough to hide the call's overhead
CHUNK = 256


class EmbedWorker:
    """A Ray actor (made remote in `RayEmbedder`): the MiniLM encoder, loaded once."""

    def __init__(self, threads: int) -> None:
        os.environ.setdefault("FACTDESK_THREADS", str(threads))
        from factdesk.nn import Embedder

        self.embedder = Embedder()

    def name(self) -> str:
        return self.embedder.name

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts)


class RayEmbedder:
    """The `Embedder` interface (`name`, `embed`) over `workers` actors on the cluster at `address`."""

    def __init__(self, address: str, workers: int, threads: int | None = None) -> None:
        self._ray = connect(address)
        threads = threads or actor_threads(self._ray, workers)
        remote = self._ray.remote(num_cpus=threads, max_restarts=RETRIES, max_task_retries=RETRIES)(EmbedWorker)
        self._actors = [remote.remote(threads) for _ in range(workers)]
        self.name: str = self._ray.get(self._actors[0].name.remote())

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        chunks = [list(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
        refs = [self._actors[i % len(self._actors)].embed.remote(chunk) for i, chunk in enumerate(chunks)]
        return np.concatenate(self._ray.get(refs))
