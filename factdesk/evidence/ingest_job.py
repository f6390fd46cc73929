"""Streaming, resumable ingest: documents flow from files into a knowledge base in committed batches.

Every `batch_docs` documents are written as one transaction (KnowledgeBase.add_batch) that also records,
per source file, how many of its documents are done and whether the file is finished (`ingest_sources`).
A process killed at any moment loses at most the batch in flight, and leaves the knowledge base usable:
index rows past the committed passage count are ignored and overwritten. Running the same add again skips
finished files, skips the committed documents of a file cut short, and writes the rest; the exact-duplicate
check by text hash guarantees nothing is stored twice even if a file changed in between (a changed file,
told by its size and modification time, is read again from its start).

Sentence splitting (pysbd) is the slowest step, so with `workers > 0` batches are split in worker processes
while the previous batch is written, and the main process only writes.

    kb = KnowledgeBase.create("wiki", dense=False)
    add_paths(kb, [Path("enwiki-pages-articles1.xml.bz2")], workers=2)
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factdesk.evidence.sources import JSONL_SUFFIXES, file_documents, file_suffix, iter_files, iter_jsonl
from factdesk.models import Document

if TYPE_CHECKING:
    from factdesk.evidence.kb import KnowledgeBase

BATCH_DOCS = 1000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS ingest_sources (
    path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, documents INTEGER NOT NULL, complete INTEGER NOT NULL
);
"""
Progress = Callable[[int], None] | None


@dataclass
class _Source:
    file: Path
    doc_id: str
    key: str  # absolute path
    fingerprint: str  # size and modification time: a changed file is read again from its start
    skip: int = 0  # documents committed by an earlier run


@dataclass
class _Batch:
    docs: list[Document] = field(default_factory=list)
    # path -> (fingerprint, documents done, complete) as of the batch's last document
    marks: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    sentences: list[Future] | None = None  # parts being split by workers


def split_texts(texts: list[str]) -> list[list[str]]:
    """Sentences of each text (run in a worker process)."""
    from factdesk.evidence.sources import split_sentences

    return [split_sentences(text) for text in texts]


class _Writer:
    """Writes batches in order; with workers, batch k+1 is being split while batch k is written."""

    def __init__(self, kb: KnowledgeBase, progress: Progress, workers: int, batch_docs: int) -> None:
        self.kb = kb
        self.progress = progress
        self.workers = workers
        self.batch_docs = batch_docs
        self.pool: ProcessPoolExecutor | None = None
        self.pending: _Batch | None = None
        self.done = 0
        self.totals = {"added": 0, "skipped": 0, "near_duplicates": 0, "empty": 0, "passages": 0}

    def submit(self, batch: _Batch) -> None:
        if self.workers > 0 and batch.docs:
            # small adds never pay for starting worker processes: the pool starts with the first full batch
            if self.pool is None and len(batch.docs) >= self.batch_docs:
                context = multiprocessing.get_context("spawn")  # fork is unsafe with index threads running
                self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            if self.pool is not None:
                texts = [doc.text for doc in batch.docs]
                step = -(-len(texts) // self.workers)
                batch.sentences = [self.pool.submit(split_texts, texts[i : i + step])
                                   for i in range(0, len(texts), step)]
        if self.pending is not None:
            self._write(self.pending)
        self.pending = batch

    def finish(self) -> dict:
        if self.pending is not None:
            self._write(self.pending)
            self.pending = None
        return self.totals

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def _write(self, batch: _Batch) -> None:
        if batch.sentences is not None:
            split = [sentences for part in batch.sentences for sentences in part.result()]
            items: list[tuple[Document, Sequence[str] | None]] = list(zip(batch.docs, split, strict=True))
        else:
            items = [(doc, None) for doc in batch.docs]
        base = self.done
        report = (lambda n: self.progress(base + n)) if self.progress else None  # type: ignore[misc]
        marks = batch.marks

        def record(db: sqlite3.Connection) -> None:
            db.executemany("INSERT OR REPLACE INTO ingest_sources VALUES (?, ?, ?, ?)",
                           [(key, *mark) for key, mark in marks.items()])

        counts = self.kb.add_batch(items, report, before_commit=record if marks else None)
        for key, value in counts.items():
            self.totals[key] += value
        self.done += len(batch.docs)


def add_documents(kb: KnowledgeBase, docs: Iterable[Document], progress: Progress = None,
                  batch_docs: int | None = None) -> dict:
    """Add documents in batches of `batch_docs` (no resume bookkeeping: the caller owns the stream)."""
    size = batch_docs or BATCH_DOCS
    writer = _Writer(kb, progress, 0, size)
    batch = _Batch()
    for doc in docs:
        batch.docs.append(doc)
        if len(batch.docs) >= size:
            writer.submit(batch)
            batch = _Batch()
    writer.submit(batch)
    return writer.finish()


def add_paths(kb: KnowledgeBase, paths: Sequence[Path], progress: Progress = None, batch_docs: int | None = None,
              workers: int = 0) -> dict:
    """Add every document under `paths`, resuming after an interrupted run of the same add."""
    sources = _sources(kb, paths)
    for source in sources:  # a malformed JSONL line is reported before anything is written
        if file_suffix(source.file) in JSONL_SUFFIXES:
            for _ in iter_jsonl(source.file):
                pass
    size = batch_docs or BATCH_DOCS
    writer = _Writer(kb, progress, workers, size)
    try:
        batch = _Batch()
        for source, number, doc in _stream(sources):
            if doc is not None:
                batch.docs.append(doc)
            batch.marks[source.key] = (source.fingerprint, number, 1 if doc is None else 0)
            if len(batch.docs) >= size:
                writer.submit(batch)
                batch = _Batch()
        writer.submit(batch)
        return writer.finish()
    finally:
        writer.close()


def _stream(sources: list[_Source]) -> Iterator[tuple[_Source, int, Document | None]]:
    """(source, documents read from it so far, document), then (source, total, None) when it is finished."""
    for source in sources:
        number = 0
        for doc in file_documents(source.file, source.doc_id):
            number += 1
            if number > source.skip:
                yield source, number, doc
        yield source, number, None


def _sources(kb: KnowledgeBase, paths: Sequence[Path]) -> list[_Source]:
    """The files to read, minus those finished by an earlier run; every path is checked first."""
    files = [(file, doc_id) for path in paths for file, doc_id in iter_files(Path(path))]
    db = kb._db
    db.executescript(_SCHEMA)
    recorded = {row[0]: row[1:] for row in db.execute("SELECT path, fingerprint, documents, complete "
                                                        "FROM ingest_sources")}
    out: list[_Source] = []
    seen: set[str] = set()
    for file, doc_id in files:
        key = str(file.resolve())
        if key in seen:
            continue
        seen.add(key)
        stat = os.stat(file)
        fingerprint = f"{stat.st_size}:{stat.st_mtime_ns}"
        previous = recorded.get(key)
        if previous is not None and previous[0] == fingerprint:
            if previous[2]:
                continue
            out.append(_Source(file, doc_id, key, fingerprint, skip=int(previous[1])))
        else:
            out.append(_Source(file, doc_id, key, fingerprint))
    return out
