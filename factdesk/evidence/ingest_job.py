"""Streaming, resumable ingest: documents flow from files into a knowledge base in committed batches.

Every `batch_docs` documents are written as one transaction (KnowledgeBase.add_batch) that also records,
per source file, how many of its documents are done and whether the file is finished (`ingest_sources`).
A process killed at any moment loses at most the batch in flight, and leaves the knowledge base usable:
index rows past the committed passage count are ignored and overwritten. Running the same add again skips
finished files, skips the committed documents of a file cut short, and writes the rest; the exact-duplicate
check by text hash guarantees nothing is stored twice even if a file changed in between (a changed file,
told by its size and modification time, is read again from its start).

Sentence splitting (pysbd) is the slowest step, so with `workers > 0` batches are split in worker processes
while the previous batch is written, and the main process only writes. A `Reader` can take over reading,
splitting, deduplication keys and embedding (`factdesk kb add --ray`: factdesk/batch/ray_kb.py); the
bookkeeping and the one writer stay here, so such an add resumes exactly as a local one.

    kb = KnowledgeBase.create("wiki", dense=False)
    add_paths(kb, [Path("enwiki-pages-articles1.xml.bz2")], workers=2)   # or kb.add_paths([...])

This module never imports the knowledge base: it writes through `BatchSink` (add_batch, source_marks).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from factdesk.errors import InputError
from factdesk.evidence.sources import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    UnreadableFile,
    file_documents,
    file_suffix,
    iter_files,
    iter_jsonl,
    read_text,
)
from factdesk.lifeline import exit_with_parent
from factdesk.models import Document

BATCH_DOCS = 1000
Progress = Callable[[int], None] | None
#: a source file's ingest progress: (fingerprint, documents committed, 1 if the file is finished)
SourceMark = tuple[str, int, int]


class BatchSink(Protocol):
    """Where batches go (a KnowledgeBase): this module writes nothing itself."""

    def add_batch(self, items: Sequence[tuple[Document, Any]],
                  progress: Callable[[int], None] | None = None, ready_made: bool = False,
                  marks: Mapping[str, SourceMark] | None = None) -> dict: ...

    def source_marks(self) -> dict[str, SourceMark]: ...


@dataclass
class Plan:
    """The files an add will read, checked before anything is written, and those skipped as unreadable."""

    files: list[tuple[Path, str]]  # (file, document id)
    unreadable: list[str]  # "path: reason" of binary or undecodable files found inside folders


@dataclass(frozen=True)
class Source:
    """A file to read, and how many of its documents an earlier run committed."""

    file: Path
    doc_id: str
    key: str  # absolute path
    fingerprint: str  # size and modification time: a changed file is read again from its start
    skip: int = 0  # documents committed by an earlier run

    def documents(self) -> Iterator[tuple[int, Document | None]]:
        """(documents read so far, document) past the committed ones, then (total, None) once finished."""
        number = 0
        for doc in file_documents(self.file, self.doc_id):
            number += 1
            if number > self.skip:
                yield number, doc
        yield number, None


#: what a `Reader` yields: (source, documents read from it so far, document or None when finished, what the
#: reader made of the document: a `Prepared` for KnowledgeBase.add_batch, or None to split it here)
Read = tuple[Source, int, Document | None, object | None]
Reader = Callable[[list[Source]], Iterator[Read]]


@dataclass
class _Batch:
    docs: list[Document] = field(default_factory=list)
    prepared: list[object | None] = field(default_factory=list)  # parallel to docs
    # path -> mark as of the batch's last document
    marks: dict[str, SourceMark] = field(default_factory=dict)
    sentences: list[Future] | None = None  # parts being split by workers


def split_texts(texts: list[str]) -> list[list[str]]:
    """Sentences of each text (run in a worker process)."""
    from factdesk.evidence.sources import split_sentences

    return [split_sentences(text) for text in texts]


class _Writer:
    """Writes batches in order; with workers, batch k+1 is being split while batch k is written."""

    def __init__(self, kb: BatchSink, progress: Progress, workers: int, batch_docs: int) -> None:
        self.kb = kb
        self.progress = progress
        self.workers = workers
        self.batch_docs = batch_docs
        self.pool: ProcessPoolExecutor | None = None
        self.pending: _Batch | None = None
        self.done = 0
        self.totals = {"added": 0, "skipped": 0, "near_duplicates": 0, "empty": 0, "passages": 0}

    def submit(self, batch: _Batch) -> None:
        if self.workers > 0 and batch.docs and not any(batch.prepared):
            # small adds never pay for starting worker processes: the pool starts with the first full batch
            if self.pool is None and len(batch.docs) >= self.batch_docs:
                context = multiprocessing.get_context("spawn")  # fork is unsafe with index threads running
                # a worker ends when this process dies, even by SIGKILL: nothing is left polling a dead queue
                self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                initializer=exit_with_parent)
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
        items: list[tuple[Document, Any]]
        if batch.sentences is not None:
            split = [sentences for part in batch.sentences for sentences in part.result()]
            items = list(zip(batch.docs, split, strict=True))
        else:
            items = list(zip(batch.docs, batch.prepared or [None] * len(batch.docs), strict=True))
        base = self.done
        report = (lambda n: self.progress(base + n)) if self.progress else None  # type: ignore[misc]
        counts = self.kb.add_batch(items, report, marks=batch.marks)
        for key, value in counts.items():
            self.totals[key] += value
        self.done += len(batch.docs)


def add_documents(kb: BatchSink, docs: Iterable[Document], progress: Progress = None,
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


def plan(paths: Sequence[Path]) -> Plan:
    """Check every path before anything is created or written.

    Raises InputError for a missing or unsupported path, a folder without a supported file, a malformed
    JSONL line, and a file named directly that is binary, not valid UTF-8 or holds no text. Binary or
    undecodable files inside a folder are set apart in `Plan.unreadable`.
    """
    files: list[tuple[Path, str]] = []
    unreadable: list[str] = []
    for path in map(Path, paths):
        found = list(iter_files(path))
        if path.is_dir() and not found:
            raise InputError(f"{path}: no file to add in this folder (supported: .txt, .md, .html, .jsonl, .xml)")
        for file, doc_id in found:
            try:
                _check_file(file, doc_id, named=not path.is_dir())
            except UnreadableFile as exc:
                if not path.is_dir():
                    raise
                unreadable.append(str(exc))
                continue
            files.append((file, doc_id))
    if not files and unreadable:
        more = " …" if len(unreadable) > 3 else ""
        raise InputError(f"no readable file to add: {'; '.join(unreadable[:3])}{more}")
    return Plan(files, unreadable)


def _check_file(file: Path, doc_id: str, named: bool) -> None:
    suffix = file_suffix(file)
    if suffix in JSONL_SUFFIXES:  # a malformed line is reported before anything is written
        documents = texts = 0
        for doc in iter_jsonl(file):
            documents += 1
            texts += bool(doc.text.strip())
        if named and not documents:
            raise InputError(f"{file}: no documents in this file (empty)")
        if named and not texts:  # as a blank .txt, and as POST /v1/kbs/{name}/documents
            raise InputError(f"{file}: no text to add (every document's text is empty or blank)")
    elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        if not named:
            read_text(file)  # binary or undecodable: skipped, not indexed
        elif not next(file_documents(file, doc_id), None):
            raise InputError(f"{file}: no text to add (empty or blank file)")


def add_paths(kb: BatchSink, paths: Sequence[Path], progress: Progress = None, batch_docs: int | None = None,
              workers: int = 0) -> dict:
    """Add every document under `paths`, resuming after an interrupted run of the same add."""
    return add_plan(kb, plan(paths), progress, batch_docs, workers)


def add_plan(kb: BatchSink, planned: Plan, progress: Progress = None, batch_docs: int | None = None,
             workers: int = 0, reader: Reader | None = None) -> dict:
    """Add the files of a checked `plan`, skipping what an earlier run of the same add committed.

    `reader` reads the sources instead of this process (and `workers` are then not used).
    """
    sources = _sources(kb, planned.files)
    size = batch_docs or BATCH_DOCS
    writer = _Writer(kb, progress, 0 if reader else workers, size)
    seen = 0  # documents read, including those committed by an earlier run
    try:
        batch = _Batch()
        for source, number, doc, prepared in (reader or _stream)(sources):
            if doc is not None:
                batch.docs.append(doc)
                batch.prepared.append(prepared)
            seen = max(seen, number)
            batch.marks[source.key] = (source.fingerprint, number, 1 if doc is None else 0)
            if len(batch.docs) >= size:
                writer.submit(batch)
                batch = _Batch()
        if sources and not seen:
            names = ", ".join(str(source.file) for source in sources[:3]) + (" …" if len(sources) > 3 else "")
            raise InputError(f"no text to add in {names} (empty or blank files)")
        writer.submit(batch)
        return {**writer.finish(), "unreadable": planned.unreadable}
    finally:
        writer.close()


def _stream(sources: list[Source]) -> Iterator[Read]:
    """The local reader: every source's documents in order, split later by the writer's workers."""
    for source in sources:
        for number, doc in source.documents():
            yield source, number, doc, None


def _sources(kb: BatchSink, files: list[tuple[Path, str]]) -> list[Source]:
    """The files to read, minus those finished by an earlier run."""
    recorded = kb.source_marks()
    out: list[Source] = []
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
            out.append(Source(file, doc_id, key, fingerprint, skip=int(previous[1])))
        else:
            out.append(Source(file, doc_id, key, fingerprint))
    return out
