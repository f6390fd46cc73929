"""`factdesk kb add --ray`: reading, parsing, deduplication keys and embedding as a Ray Data pipeline.

    from_items(files) ─▶ flat_map(read) ─▶ map_batches(parse) ─▶ map_batches(EmbedPassages, actor pool) ─▶ writer
      one row a file      one row a document   sentences, text hash,    the ONNX encoder, loaded once
      (and its skip)      (+ one "finished")   MinHash signature        per actor

The rows come back in order (`preserve_order`) to this process, the one writer: `ingest_job.add_plan` groups
them into batches and commits each with its files' progress, deciding duplicates against what is stored, as a
local add does. So the knowledge base equals a local add's (same documents, passages and rows; vectors within
float tolerance, the encoder's batches being cut differently), and a killed add resumes as a local one: the
recorded progress tells the next run's read step how many documents of each file to skip.

Read and parse tasks ask for no CPU of their own: the actors hold the cluster's CPUs, and tasks that waited
for a free one would stall the pipeline. They are few (`parse_tasks`): parsing costs a small fraction of the
embedding (docs/scale.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from factdesk.batch.ray_backend import RETRIES, actor_threads, connect
from factdesk.evidence.ingest_job import Read, Reader, Source
from factdesk.models import Document

if TYPE_CHECKING:
    from factdesk.evidence.kb import KnowledgeBase

#: documents per call of an embedding actor: a few encoder batches of 64 passages, enough to hide the call
DOCS_PER_CALL = 32
#: embedding actors per read/parse task
ACTORS_PER_PARSE_TASK = 8


def parse_tasks(workers: int) -> int:
    return max(1, -(-workers // ACTORS_PER_PARSE_TASK))


def read(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The documents of one file past its committed ones, as `Source.documents` gives them (the read step)."""
    fields = {key: row[key] for key in ("doc_id", "key", "fingerprint", "skip")}
    source = Source(file=Path(row["file"]), **fields)
    for number, doc in source.documents():
        yield {"source": row["index"], "number": number, "doc": doc.model_dump_json() if doc else ""}


def parse(batch: dict[str, np.ndarray]) -> dict[str, Any]:
    """Sentences, the texts to embed and the deduplication keys of each document (the parse step)."""
    from factdesk.evidence.dedupe import signature
    from factdesk.evidence.kb import embedding_text
    from factdesk.evidence.sources import split_sentences, text_hash
    from factdesk.models import Passage

    sentences, texts, digests, signatures = [], [], [], []
    for raw in batch["doc"]:
        doc = Document.model_validate_json(raw) if raw else None
        # blank sentences dropped here as the writer drops them (`_passage_rows`): one vector per stored passage
        split = [s for s in split_sentences(doc.text) if s.strip()] if doc else []
        sentences.append(json.dumps(split))
        texts.append(json.dumps([embedding_text(Passage(id="", doc_id="", text=s, title=doc.title))
                                 for s in split] if doc else []))
        digests.append(text_hash(doc.text) if doc else "")
        sig = signature(doc.text) if doc else None
        signatures.append(sig.tobytes() if sig is not None else b"")
    return {**batch, "sentences": np.array(sentences, dtype=object), "texts": np.array(texts, dtype=object),
            "digest": np.array(digests, dtype=object), "signature": np.array(signatures, dtype=object)}


class EmbedPassages:
    """The embedding step's actor: the knowledge base's encoder (the model folder `model`), loaded once; every
    passage of a batch in one call."""

    def __init__(self, threads: int, model: str) -> None:
        os.environ.setdefault("FACTDESK_THREADS", str(threads))
        from factdesk.nn import Embedder

        self.embedder = Embedder(Path(model))
        self.name = self.embedder.name

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        per_doc = [json.loads(texts) for texts in batch["texts"]]
        vectors = self.embedder.embed([text for texts in per_doc for text in texts]).astype(np.float16)
        ends = np.cumsum([len(texts) for texts in per_doc])
        chunks = np.split(vectors, ends[:-1]) if len(per_doc) else []
        return {**batch, "vectors": np.array([chunk.tobytes() for chunk in chunks], dtype=object),
                "embedder": np.array([self.name] * len(per_doc), dtype=object)}


class RayReader:
    """Makes the `ingest_job.Reader` of one knowledge base's add (`KnowledgeBase.add_to(..., reader=...)`)."""

    def __init__(self, address: str, workers: int, threads: int | None = None) -> None:
        self.ray = connect(address)  # here, before anything is created: no cluster is one error line
        self.workers = workers
        self.threads = threads or actor_threads(self.ray, workers)

    def __call__(self, kb: KnowledgeBase) -> Reader:
        def reader(sources: list[Source]) -> Iterator[Read]:
            try:
                yield from self._rows(sources, kb.embedder.directory if kb.dense else None)
            finally:
                self.ray.shutdown()  # the actors end with the add, however it ends
        return reader

    def pipeline(self, sources: list[Source], model: Path | None) -> Any:
        """The Ray Data dataset of the sources' documents, parsed and embedded by the encoder in the folder `model`
        (none: not embedded), in order."""
        import ray.data

        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # the writer commits documents in the local add's order
        context.enable_progress_bars = False  # `kb add` shows its own
        files = [{**asdict(source), "file": str(source.file), "index": index} for index, source in enumerate(sources)]
        tasks = ray.data.TaskPoolStrategy(size=parse_tasks(self.workers))
        dataset = (ray.data.from_items(files, override_num_blocks=len(files))
                   .flat_map(read, num_cpus=0, compute=tasks)
                   .map_batches(parse, batch_size=DOCS_PER_CALL, num_cpus=0, compute=tasks))
        if model is not None:
            dataset = dataset.map_batches(
                EmbedPassages, fn_constructor_args=(self.threads, str(model)), batch_size=DOCS_PER_CALL,
                compute=ray.data.ActorPoolStrategy(size=self.workers), num_cpus=self.threads,
                max_restarts=RETRIES, max_task_retries=RETRIES)
        return dataset

    def _rows(self, sources: list[Source], model: Path | None) -> Iterator[Read]:
        if not sources:
            return
        for batch in self.pipeline(sources, model).iter_batches(batch_size=DOCS_PER_CALL, batch_format="numpy"):
            for i in range(len(batch["number"])):
                source, number = sources[int(batch["source"][i])], int(batch["number"][i])
                if not batch["doc"][i]:
                    yield source, number, None, None
                    continue
                doc = Document.model_validate_json(batch["doc"][i])
                yield source, number, doc, _prepared(batch, i, model is not None)


def _prepared(batch: dict[str, np.ndarray], i: int, dense: bool) -> Any:
    from factdesk.evidence.kb import Prepared

    sentences = json.loads(batch["sentences"][i])
    raw_signature = batch["signature"][i]
    vectors = np.frombuffer(batch["vectors"][i], dtype=np.float16).reshape(len(sentences), -1) if dense else None
    return Prepared(sentences=sentences, digest=str(batch["digest"][i]),
                    signature=np.frombuffer(raw_signature, dtype=np.uint32) if len(raw_signature) else None,
                    vectors=vectors, embedder=str(batch["embedder"][i]) if dense else None)
