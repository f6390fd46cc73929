"""A knowledge base: a folder holding the documents and sentence-level passages to check claims against.

Layout of the folder::

    kb.sqlite   documents, passages (row = position in the indexes) and metadata; the source of truth
    bm25/       tantivy index of passage title + text
    dense/      float16 embeddings of the passages, one .npy chunk per add call (absent if dense=False), made by the
                model recorded in the metadata (factdesk/evidence/embedders.py); `reindex` re-embeds them

Documents are added in batches (ingest_job.py); each batch is one SQLite transaction, committed last: the
indexes are written first and any rows they hold beyond the committed passage count are ignored, then
replaced by the next batch. So a process killed at any moment leaves a usable knowledge base, and the
progress recorded with each batch lets the same `add` resume where it stopped.

Example::

    kb = KnowledgeBase.create("news")
    kb.add_paths([Path("articles/")])
    for evidence in kb.search("Alectrosaurus was found in Mongolia", top_k=3):
        print(evidence.rank, evidence.passage.title, evidence.passage.text)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from factdesk import settings
from factdesk.errors import InputError, NotFoundError, StoreError
from factdesk.evidence import embedders, ingest_job
from factdesk.evidence.bm25 import Bm25Index, day_number
from factdesk.evidence.dedupe import NearDuplicates
from factdesk.evidence.dense import DenseStore
from factdesk.evidence.ingest_job import SourceMark
from factdesk.evidence.sources import MIN_WORDS, split_sentences, text_hash
from factdesk.lang.detect import ENGLISH, JAPANESE, has_japanese
from factdesk.models import Document, Evidence, Passage

if TYPE_CHECKING:
    from factdesk.nn import Embedder

DB_FILE = "kb.sqlite"
CANDIDATES = 50  # per ranker, before fusion
RRF_K = 60
_EMBED_GROUP = 256  # passages embedded between two progress reports
_QUERY_BATCH = 256
_REINDEXED = "REINDEXED"  # in a re-embedded vector folder: the model that made it, until the metadata says so


@dataclass(frozen=True)
class Prepared:
    """A document made ready elsewhere (`kb add --ray`: factdesk/batch/ray_kb.py): its sentences, its
    deduplication keys and, for a dense knowledge base, one vector per sentence and the model that made them."""

    sentences: Sequence[str]
    digest: str  # text_hash(doc.text)
    signature: np.ndarray | None  # dedupe.signature(doc.text)
    vectors: np.ndarray | None = None  # float16, one row per sentence (of `embedding_text`)
    embedder: str | None = None


# a document and, if known, its ready-made passages, its sentences (split beforehand, e.g. in a worker) or
# everything the writer needs (Prepared)
Items = Sequence[tuple[Document, Sequence[Passage] | Sequence[str] | Prepared | None]]
Row = tuple[int, str, str, str, str | None, str | None, str | None]  # a passages table row
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, title TEXT, url TEXT, date TEXT, passages INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL, title TEXT, url TEXT, date TEXT
);
-- ingest progress per source file (ingest_job.py): an interrupted add resumes from here
CREATE TABLE IF NOT EXISTS ingest_sources (
    path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, documents INTEGER NOT NULL, complete INTEGER NOT NULL
);
"""


def kbs_dir() -> Path:
    return settings.home() / "kbs"


def is_path(name_or_path: str) -> bool:
    """A value with a '/' (or starting with '~') is a folder path; anything else is a name under home/kbs.

    A bare name never means a folder of the current directory, even one of that name: `kb add news news/`
    must not write its index into the user's own folder, and `--kb demo` must not depend on where it runs.
    """
    return "/" in name_or_path or os.sep in name_or_path or name_or_path.startswith("~")


def resolve(name_or_path: str) -> Path:
    """The folder of knowledge base `name_or_path`: a path as written, or home/kbs/NAME (see `is_path`)."""
    if is_path(name_or_path):
        return Path(name_or_path).expanduser()
    if not _NAME.match(name_or_path):
        raise InputError(f"invalid knowledge base name '{name_or_path}' (letters, digits, '.', '_' and '-'; "
                         "a folder path needs a '/', e.g. ./my-kb)")
    return kbs_dir() / name_or_path


def list_knowledge_bases() -> list[dict]:
    """The knowledge bases under home/kbs: name, path, documents, passages."""
    out = []
    for path in sorted(kbs_dir().glob(f"*/{DB_FILE}")) if kbs_dir().exists() else []:
        kb = KnowledgeBase(path.parent)
        out.append({"name": kb.name, "path": str(kb.path), "documents": kb.count("documents"),
                    "passages": kb.count("passages")})
        kb.close()
    return out


def embedding_text(passage: Passage) -> str:
    # a sentence such as "She was elected in 2014." only makes sense with its page title
    if passage.title and passage.title.lower() not in passage.text.lower():
        return f"{passage.title}. {passage.text}"
    return passage.text


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class KnowledgeBase:
    def __init__(self, path: Path) -> None:
        """Open the knowledge base stored in `path` (use `open` or `create`)."""
        self.path = path
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(path / DB_FILE, check_same_thread=False, isolation_level=None, timeout=30)
            # WAL: readers never wait for a batch being written; NORMAL sync survives a killed process
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            NearDuplicates.create_tables(self._db)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open knowledge base {path}: {exc}") from None
        self.meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        self.dense = self.meta.get("dense", "1") == "1"
        self._bm25: Bm25Index | None = None
        self._vectors = DenseStore(path / "dense") if self.dense else None
        self._days: np.ndarray | None = None
        self._embedder: Embedder | None = None
        self._scanned_languages: frozenset[str] | None = None
        if self.dense:
            self._finish_reindex()

    # -- opening ---------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, name_or_path: str) -> KnowledgeBase:
        path = resolve(name_or_path)
        if not (path / DB_FILE).exists():
            known = ", ".join(kb["name"] for kb in list_knowledge_bases()) or "none"
            here = "" if is_path(name_or_path) or not (Path(name_or_path) / DB_FILE).is_file() else \
                f"; the folder ./{name_or_path} holds one: write ./{name_or_path}"
            raise NotFoundError(f"unknown knowledge base '{name_or_path}' (known: {known}){here}")
        return cls(path)

    @classmethod
    def create(cls, name_or_path: str, dense: bool = True) -> KnowledgeBase:
        """Create an empty knowledge base, or open it if it exists (its `dense` setting is kept)."""
        path = resolve(name_or_path)
        if (path / DB_FILE).exists():
            return cls(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create knowledge base {path}: {exc.strerror}") from None
        kb = cls(path)
        meta = {"name": path.name, "dense": "1" if dense else "0", "created": dt.datetime.now(dt.UTC).isoformat(),
                "languages": ""}
        if dense:
            meta["embedder"] = kb.embedder.name
        kb._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        kb.meta = meta
        kb.dense = dense
        kb._vectors = DenseStore(path / "dense") if dense else None
        return kb

    @classmethod
    def from_passages(cls, path: str | Path, passages: Iterable[Passage], dense: bool = True) -> KnowledgeBase:
        """A knowledge base whose passages are exactly `passages` (no re-splitting), e.g. a benchmark's evidence."""
        kb = cls.create(str(Path(path).resolve()), dense=dense)
        kb.add_passages(passages)
        return kb

    @property
    def name(self) -> str:
        return self.meta.get("name", self.path.name)

    @property
    def embedder(self) -> Embedder:
        """The model that embedded this knowledge base (the `embedder` setting's for a new one)."""
        if self._embedder is None:
            recorded = self.meta.get("embedder")
            found = embedders.named(recorded) if recorded else embedders.current()
            if found is None:
                raise StoreError(f"knowledge base '{self.name}' was embedded with {recorded}, a model this factdesk "
                                 f"does not have: run 'factdesk kb reindex {self.name}' to embed it again")
            self._embedder = found
        return self._embedder

    @property
    def bm25(self) -> Bm25Index:
        if self._bm25 is None:
            self._bm25 = Bm25Index(self.path / "bm25")
        return self._bm25

    def warm_up(self) -> None:
        """Load the index and, for a dense knowledge base, the embedding model and vectors."""
        _ = self.bm25
        if self._vectors is not None:
            _ = self.embedder.model
            self._vectors.chunks()
            self._day_numbers(self._row_count())

    def close(self) -> None:
        self._db.close()

    def count(self, table: str) -> int:
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608 - fixed names

    # -- adding ----------------------------------------------------------------------------------------------

    @classmethod
    def add_to(cls, name_or_path: str, paths: Sequence[Path], dense: bool = True,
               progress: Callable[[int], None] | None = None, batch_docs: int | None = None,
               workers: int = 0, reader: Callable[[KnowledgeBase], ingest_job.Reader] | None = None,
               ) -> tuple[KnowledgeBase, dict]:
        """Add `paths` to a knowledge base, creating it if needed: `factdesk kb add`.

        `reader(kb)` gives the reader that reads, splits and embeds instead of this process (`kb add --ray`,
        factdesk/batch/ray_kb.py); this process still writes every batch.

        Every path is checked before the knowledge base is created; one created here that ends up empty is
        removed (`_fill`).
        """
        plan = ingest_job.plan(paths)
        return cls._fill(name_or_path, dense, lambda kb: ingest_job.add_plan(
            kb, plan, progress, batch_docs, workers, reader(kb) if reader else None))

    @classmethod
    def add_documents_to(cls, name_or_path: str, docs: Sequence[Document], dense: bool = True,
                         ) -> tuple[KnowledgeBase, dict]:
        """Add documents to a knowledge base, creating it if needed (POST /v1/kbs/{name}/documents), by the
        rules of `add_to`: documents that are all blank are an error before anything is created."""
        if not any(doc.text.strip() for doc in docs):
            raise InputError(f"no text to add: the {'document is' if len(docs) == 1 else 'documents are'} "
                             "empty or blank")
        return cls._fill(name_or_path, dense, lambda kb: kb.add_documents(docs))

    @classmethod
    def _fill(cls, name_or_path: str, dense: bool, add: Callable[[KnowledgeBase], dict],
              ) -> tuple[KnowledgeBase, dict]:
        """Run `add` on the knowledge base, created if needed. One created here that ends up holding no
        document (the add failed, was interrupted before its first batch, or no text gave a passage) is
        removed, so a failed add never leaves an empty knowledge base behind."""
        existed = (resolve(name_or_path) / DB_FILE).exists()
        kb = cls.create(name_or_path, dense=dense)
        try:
            report = add(kb)
        except BaseException:
            if not existed and kb.count("documents") == 0:
                kb.remove()
            else:
                kb.close()
            raise
        if not existed and kb.count("documents") == 0:  # e.g. every text too short to give a passage
            kb.remove()
            raise InputError(f"nothing to add: no document gave a passage (a sentence of {MIN_WORDS}+ words); "
                             f"{report['empty']} empty, {report['skipped'] + report['near_duplicates']} duplicates")
        return kb, report

    def add_paths(self, paths: Sequence[Path], progress: Callable[[int], None] | None = None,
                  batch_docs: int | None = None, workers: int = 0) -> dict:
        """Add JSONL files, .txt/.md/.html files, MediaWiki dumps and folders of them, in batches.

        Paths, JSONL lines and the files named directly are checked before anything is written; a binary or
        undecodable file inside a folder is skipped and named in "unreadable". A rerun after a crash skips
        what was committed (see ingest_job.py). Returns {"added", "skipped" (exact duplicates),
        "near_duplicates", "empty", "passages", "unreadable"}.
        """
        return ingest_job.add_plan(self, ingest_job.plan(paths), progress, batch_docs, workers)

    def add_documents(self, docs: Iterable[Document], progress: Callable[[int], None] | None = None,
                      batch_docs: int | None = None) -> dict:
        """Split documents into sentences and index them, in batches; exact and near duplicates are skipped.

        `progress(n)` is called with the number of documents processed so far.
        """
        return ingest_job.add_documents(self, docs, progress, batch_docs)

    def source_marks(self) -> dict[str, SourceMark]:
        """Ingest progress recorded per source file: path -> (fingerprint, documents done, complete)."""
        with self._lock:
            rows = self._db.execute("SELECT path, fingerprint, documents, complete FROM ingest_sources").fetchall()
        return {path: (fingerprint, int(done), int(complete)) for path, fingerprint, done, complete in rows}

    def remove(self) -> None:
        """Close and delete this knowledge base's folder."""
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def add_passages(self, passages: Iterable[Passage]) -> dict:
        """Add ready-made passages, each kept as one passage, grouped into documents by `doc_id`."""
        groups: dict[str, list[Passage]] = {}
        for passage in passages:
            groups.setdefault(passage.doc_id, []).append(passage)
        items: list[tuple[Document, Sequence[Passage] | Sequence[str] | None]] = []
        for doc_id, group in groups.items():
            first = group[0]
            text = "\n".join(p.text for p in group)
            items.append((Document(id=doc_id, text=text, title=first.title, url=first.url, date=first.date), group))
        return self.add_batch(items, ready_made=True)

    def add_batch(self, items: Items, progress: Callable[[int], None] | None = None, ready_made: bool = False,
                  marks: Mapping[str, SourceMark] | None = None) -> dict:
        """Write one batch in one transaction, with the ingest progress `marks` of its source files.

        `ready_made`: the items carry passages to keep as they are (a benchmark's evidence), deduplicated
        by title and text only; otherwise documents are split into sentences and near duplicates skipped.
        """
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                result = self._write(items, progress, ready_made)
                if marks:
                    db.executemany("INSERT OR REPLACE INTO ingest_sources VALUES (?, ?, ?, ?)",
                                   [(path, *mark) for path, mark in marks.items()])
                db.execute("COMMIT")
            except BaseException as exc:
                db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"cannot write knowledge base {self.path}: {exc}") from None
                raise
            finally:
                self._days = None
            return result

    def _write(self, items: Items, progress: Callable[[int], None] | None, ready_made: bool) -> dict:
        db = self._db
        start = self._row_count()
        near = None if ready_made else NearDuplicates(db)
        seen_ids: set[str] = set()
        rows: list[Row] = []
        ready: list[np.ndarray | None] = []  # per row: its vector when the document came Prepared
        vectors: list[np.ndarray] = []
        embedded = 0  # rows embedded so far
        counts = {"added": 0, "skipped": 0, "near_duplicates": 0, "empty": 0, "passages": 0}
        languages: set[str] = set()
        for done, (doc, given) in enumerate(items, start=1):
            if progress:
                progress(done)
            prepared = given if isinstance(given, Prepared) else None
            # ready-made passages (a benchmark's evidence) may repeat a sentence under another title: keep both
            digest = prepared.digest if prepared else text_hash(f"{doc.title}\n{doc.text}" if ready_made else doc.text)
            if db.execute("SELECT 1 FROM documents WHERE hash = ?", (digest,)).fetchone():
                counts["skipped"] += 1
                continue
            signature = None
            if near is not None:
                signature = prepared.signature if prepared else near.signature(doc.text)
            if near is not None and near.find(signature) is not None:
                counts["near_duplicates"] += 1
                continue
            if doc.id in seen_ids or db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                # same id, different text (an edited file added again): keep both, told apart by content
                doc = doc.model_copy(update={"id": f"{doc.id}~{digest[:8]}"})
            new_rows = self._passage_rows(doc, prepared.sentences if prepared else given, ready_made)
            if not new_rows:
                counts["empty"] += 1
                continue
            seen_ids.add(doc.id)
            counts["added"] += 1
            languages.add(JAPANESE if has_japanese(f"{doc.title or ''}\n{doc.text}") else ENGLISH)
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                (doc.id, digest, doc.title, doc.url, doc.date.isoformat() if doc.date else None, len(new_rows)),
            )
            if near is not None:
                near.add(doc.id, signature)
            given_vectors = self._given_vectors(prepared, len(new_rows))
            for number, fields in enumerate(new_rows):
                row = (start + len(rows), *fields)
                if db.execute("INSERT OR IGNORE INTO passages VALUES (?, ?, ?, ?, ?, ?, ?)", row).rowcount:
                    rows.append(row)
                    ready.append(given_vectors[number] if given_vectors is not None else None)
            if self._vectors is not None and len(rows) - embedded >= _EMBED_GROUP:
                vectors.append(self._row_vectors(rows[embedded:], ready[embedded:]))
                embedded = len(rows)
        counts["passages"] = len(rows)
        if self._vectors is not None and rows:
            if embedded < len(rows):
                vectors.append(self._row_vectors(rows[embedded:], ready[embedded:]))
            self._vectors.truncate(start)
            self._vectors.append(start, np.concatenate(vectors))
        if rows:
            self.bm25.add(start, [(r[4] or "", r[3], _date(r[6])) for r in rows])
        if not languages <= self.languages:  # written in this batch's transaction, so it holds what is committed
            value = ",".join(sorted(languages | self.languages))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('languages', ?)", (value,))
            self.meta["languages"] = value
        return counts

    @staticmethod
    def _passage_rows(doc: Document, given: Sequence[Passage] | Sequence[str] | None,
                      ready_made: bool) -> list[tuple]:
        """(id, doc_id, text, title, url, date) of each passage of `doc`; row numbers are given on insert."""
        if ready_made:
            passages = [p for p in given or [] if isinstance(p, Passage) and p.text.strip()]
            return [(p.id, doc.id, p.text, p.title, p.url, p.date.isoformat() if p.date else None) for p in passages]
        date = doc.date.isoformat() if doc.date else None
        sentences = [str(s) for s in (split_sentences(doc.text) if given is None else given) if str(s).strip()]
        return [(f"{doc.id}#{i}", doc.id, text, doc.title, doc.url, date) for i, text in enumerate(sentences)]

    def _given_vectors(self, prepared: Prepared | None, rows: int) -> np.ndarray | None:
        """A Prepared document's vectors, checked: made by this knowledge base's model, one per passage."""
        if prepared is None or prepared.vectors is None or self._vectors is None:
            return None
        if prepared.embedder != self.embedder.name:
            raise StoreError(f"vectors made by {prepared.embedder} cannot join knowledge base '{self.name}', "
                             f"embedded with {self.embedder.name}")
        if len(prepared.vectors) != rows:
            raise StoreError(f"{len(prepared.vectors)} vectors for {rows} passages of a prepared document")
        return prepared.vectors

    def _row_vectors(self, rows: list[Row], ready: list[np.ndarray | None]) -> np.ndarray:
        """The rows' vectors: those given with the documents, or embedded here."""
        if all(vector is not None for vector in ready):
            return np.stack(ready)  # type: ignore[arg-type]
        return self._embed_rows(rows)

    def _embed_rows(self, rows: list[Row]) -> np.ndarray:
        return self._embed_passages([Passage(id=r[1], doc_id=r[2], text=r[3], title=r[4]) for r in rows])

    def _embed_passages(self, passages: list[Passage]) -> np.ndarray:
        # the title is prepended (see embedding_text), so a bare "It was built in 1840." still finds its page
        return self.embedder.embed([embedding_text(p) for p in passages])

    # -- re-embedding ----------------------------------------------------------------------------------------

    def reindex(self, progress: Callable[[int], None] | None = None) -> dict:
        """Embed every passage again with the `embedder` setting's model (`factdesk kb reindex`).

        The new vectors are written beside the old ones and swapped in at the end, holding the database's write
        lock throughout (another process's add waits, then fails with a clear error), so an interrupted reindex
        leaves the knowledge base searchable with its old model, and one interrupted during the swap is
        finished when the knowledge base is next opened. `progress(n)`: passages embedded so far."""
        if not self.dense:
            raise InputError(f"knowledge base '{self.name}' has no vectors (it was built with --no-dense): "
                             "nothing to re-embed")
        model = embedders.current()
        before = self.meta.get("embedder")
        staging = self.path / "dense.reindex"
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                shutil.rmtree(staging, ignore_errors=True)
                store, rows = DenseStore(staging), self._row_count()
                for start in range(0, rows, _EMBED_GROUP * 16):
                    fetched = self._db.execute("SELECT row, id, doc_id, text, title, url, date FROM passages "
                                               "WHERE row >= ? AND row < ? ORDER BY row",
                                               (start, start + _EMBED_GROUP * 16)).fetchall()
                    store.append(start, model.embed([embedding_text(Passage(id=r[1], doc_id=r[2], text=r[3],
                                                                            title=r[4])) for r in fetched]))
                    if progress:
                        progress(start + len(fetched))
                staging.mkdir(exist_ok=True)
                (staging / _REINDEXED).write_text(model.name)
                self._swap_in_reindexed()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._drop_reindex_leftovers()  # after the commit: until then the marker is what records the model
        return {"kb": self.name, "passages": rows, "embedder": model.name, "before": before}

    def _finish_reindex(self) -> None:
        """Finish a reindex killed before its end: swap in a complete re-embedding, drop an incomplete one."""
        self._swap_in_reindexed()
        self._drop_reindex_leftovers()

    def _swap_in_reindexed(self) -> None:
        """Swap in a complete re-embedding (staged in dense.reindex, marked REINDEXED) and record its model;
        drop an incomplete one. Each step can be repeated, so a reindex killed between two of them is finished
        the next time the knowledge base is opened."""
        live, staging = self.path / "dense", self.path / "dense.reindex"
        if staging.exists() and not (staging / _REINDEXED).exists():
            shutil.rmtree(staging, ignore_errors=True)
        if staging.exists():
            if live.exists():
                shutil.rmtree(self.path / "dense.old", ignore_errors=True)
                live.rename(self.path / "dense.old")
            staging.rename(live)
        marker = live / _REINDEXED
        if marker.exists():
            name = marker.read_text().strip()
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('embedder', ?)", (name,))
            self.meta["embedder"] = name
            self._vectors, self._embedder = DenseStore(live), None

    def _drop_reindex_leftovers(self) -> None:
        (self.path / "dense" / _REINDEXED).unlink(missing_ok=True)
        shutil.rmtree(self.path / "dense.old", ignore_errors=True)

    # -- searching -------------------------------------------------------------------------------------------

    def search(self, query: str, top_k: int = 5, as_of: dt.date | None = None) -> list[Evidence]:
        """The `top_k` best passages for `query`: BM25 and dense rankings fused by reciprocal rank."""
        return self.search_many([query], top_k, as_of)[0]

    def search_many(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None,
                    dense: bool | None = None) -> list[list[Evidence]]:
        """One ranked list per query; the query embeddings are computed in one batch.

        `dense=False` ranks by BM25 only (always the case for a knowledge base built with dense=False).
        """
        queries = list(queries)
        use_dense = self.dense if dense is None else dense and self.dense
        # embedding is the slow part and needs no lock, so concurrent searches overlap there
        embedded = self._embed_queries(queries) if use_dense and queries else None
        with self._lock:
            row_count = self._row_count()
            rankings = [[row for row, _ in self.bm25.search(q, CANDIDATES, row_count, as_of)] for q in queries]
            if embedded is None or not row_count:
                return [self._evidence(_rrf([bm25])[:top_k]) for bm25 in rankings]
            dense_rankings = self._dense_rankings(embedded, row_count, as_of)
            fused = [_rrf([bm25, semantic])[:top_k] for bm25, semantic in zip(rankings, dense_rankings, strict=True)]
            return [self._on_topic(text, vector, ranked, self._evidence(ranked))
                    for text, vector, ranked in zip(queries, embedded, fused, strict=True)]

    def _row_count(self) -> int:
        # rows are numbered 0..n-1, so this is COUNT(*) without a table scan
        return int(self._db.execute("SELECT COALESCE(MAX(row) + 1, 0) FROM passages").fetchone()[0])

    def _embed_queries(self, queries: list[str]) -> np.ndarray:
        return self.embedder.embed(queries)

    def _dense_rankings(self, embedded: np.ndarray, row_count: int, as_of: dt.date | None) -> list[list[int]]:
        assert self._vectors is not None
        limit = min(CANDIDATES, row_count)
        too_late = self._day_numbers(row_count) > day_number(as_of) if as_of is not None else None
        out = []
        # a few hundred queries at a time bounds the score matrix (queries x passages) in memory
        for start in range(0, len(embedded), _QUERY_BATCH):
            scores = self._vectors.scores(embedded[start : start + _QUERY_BATCH], row_count)
            if too_late is not None:
                scores[:, too_late] = -np.inf
            for row_scores in scores:
                top = np.argpartition(-row_scores, limit - 1)[:limit]
                top = top[np.lexsort((top, -row_scores[top]))]  # best first; equal scores in row order
                out.append([int(r) for r in top if np.isfinite(row_scores[r])])
        return out

    def _day_numbers(self, row_count: int) -> np.ndarray:
        """Day number of each passage (0 = undated), reloaded when another process has added passages."""
        if self._days is None or len(self._days) < row_count:
            rows = self._db.execute("SELECT date FROM passages ORDER BY row").fetchall()
            self._days = np.array([day_number(_date(d)) for (d,) in rows], dtype=np.int64)
        return self._days[:row_count]

    def _on_topic(self, text: str, vector: np.ndarray, ranked: list[tuple[int, float]],
                  evidence: list[Evidence]) -> list[Evidence]:
        """The evidence with each passage's P(on the query's subject), from its stored vector; left null without a
        fitted line, and for Japanese text, which the English embedders do not read."""
        assert self._vectors is not None
        if has_japanese(text):
            return evidence
        probabilities = self.embedder.on_topic(self._vectors.rows([row for row, _ in ranked]) @ vector)
        if probabilities is None:
            return evidence
        return [e if has_japanese(e.passage.text) else e.model_copy(update={"on_topic": float(p)})
                for e, p in zip(evidence, probabilities, strict=True)]

    def _evidence(self, ranked: list[tuple[int, float]]) -> list[Evidence]:
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        rows = self._db.execute(
            f"SELECT row, id, doc_id, text, title, url, date FROM passages WHERE row IN ({marks})",  # noqa: S608
            [row for row, _ in ranked],
        ).fetchall()
        by_row = {
            r[0]: Passage(id=r[1], doc_id=r[2], text=r[3], title=r[4], url=r[5], date=_date(r[6])) for r in rows
        }
        return [
            Evidence(passage=by_row[row], score=score, rank=rank)
            for rank, (row, score) in enumerate(ranked, start=1)
        ]

    @property
    def languages(self) -> frozenset[str]:
        """'ja' when some document holds Japanese, 'en' when some holds none (factdesk reads those as English):
        a check of an English article searches a knowledge base holding 'ja' through the claims' Japanese
        translation too (docs/japanese.md)."""
        with self._lock:
            # read each time: another process may have added Japanese documents since this one opened the KB
            row = self._db.execute("SELECT value FROM meta WHERE key = 'languages'").fetchone()
            if row is not None:
                return frozenset(code for code in row[0].split(",") if code)
            if self._scanned_languages is None:  # built before languages were recorded: look for kana once
                kana = self._db.execute("SELECT EXISTS(SELECT 1 FROM passages WHERE text GLOB '*[ぁ-ヿ]*')")
                self._scanned_languages = frozenset({ENGLISH, JAPANESE} if kana.fetchone()[0] else {ENGLISH})
            return self._scanned_languages

    # -- reporting -------------------------------------------------------------------------------------------

    def stats(self) -> dict:
        with self._lock:
            dated, first, last = self._db.execute(
                "SELECT COUNT(date), MIN(date), MAX(date) FROM passages WHERE date IS NOT NULL"
            ).fetchone()
            return {
                "name": self.name,
                "path": str(self.path),
                "documents": self.count("documents"),
                "passages": self.count("passages"),
                "dated_passages": int(dated),
                "dated_from": first,
                "dated_to": last,
                "size_bytes": sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file()),
                "dense": self.dense,
                "embedder": self.meta.get("embedder"),
                "languages": sorted(self.languages),
            }

    def __repr__(self) -> str:
        return f"KnowledgeBase({str(self.path)!r})"


def _rrf(rankings: list[list[int]]) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: score = sum over rankings of 1 / (k + rank)."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
