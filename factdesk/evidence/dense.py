"""Passage embeddings on disk: one float16 .npy chunk per add call, memory-mapped, searched exactly.

A chunk is named by its first row (`000000001234.npy`); chunks at or above the committed passage count
are leftovers of a failed add and are deleted before the next one. Exact cosine search with numpy is
fast enough for knowledge bases of a few hundred thousand passages.

numpy has no fast float16 matrix product, so a search reads float32: copies kept in memory while the knowledge
base fits the `dense_cache_mb` setting (converting every chunk on every query was two thirds of a hybrid query
over 100,000 passages), and blocks converted one at a time beyond it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factdesk import settings

#: rows converted to float32 at a time when the copies do not fit the cache: a few MB, kept in CPU caches
_BLOCK_ROWS = 8192


class DenseStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._chunks: list[tuple[int, np.ndarray]] | None = None
        self._float32: dict[int, np.ndarray] = {}  # chunk start row -> its float32 copy, for the chunks listed now

    def _chunk_files(self) -> list[tuple[int, Path]]:
        if not self.directory.exists():
            return []
        return sorted((int(p.stem), p) for p in self.directory.glob("*.npy") if p.stem.isdigit())

    def truncate(self, row_count: int) -> None:
        for start, path in self._chunk_files():
            if start >= row_count:
                path.unlink()
        self._chunks = None

    def append(self, start_row: int, vectors: np.ndarray) -> None:
        if len(vectors):
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{start_row:012d}.npy"
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as handle:
                np.save(handle, vectors.astype(np.float16))
            tmp.replace(path)  # a reader never sees a half-written chunk
        self._chunks = None

    def chunks(self, row_count: int = 0) -> list[tuple[int, np.ndarray]]:
        """The memory-mapped chunks, listed again when they cover fewer than `row_count` rows (another
        process added passages since)."""
        covered = sum(len(m) for _, m in self._chunks) if self._chunks is not None else 0
        if self._chunks is None or covered < row_count:
            self._chunks = [(start, np.load(path, mmap_mode="r")) for start, path in self._chunk_files()]
            self._float32 = {}
        return self._chunks

    def _cached(self, chunks: list[tuple[int, np.ndarray]]) -> bool:
        """Whether the chunks' float32 copies fit the cache (and are made, on the first search)."""
        budget = _cache_bytes()
        if sum(matrix.shape[0] * matrix.shape[1] * 4 for _, matrix in chunks) > budget:
            self._float32 = {}
            return False
        for start, matrix in chunks:
            if start not in self._float32:
                self._float32[start] = np.asarray(matrix, dtype=np.float32)
        return True

    def scores(self, queries: np.ndarray, row_count: int) -> np.ndarray:
        """Cosine similarity (queries x committed rows); vectors are unit length, so a dot product."""
        out = np.full((len(queries), row_count), -np.inf, dtype=np.float32)
        q = queries.astype(np.float32)
        chunks = self.chunks(row_count)
        cached = self._cached(chunks)
        for start, matrix in chunks:
            end = min(start + len(matrix), row_count)
            if end <= start:
                continue
            if cached:
                out[:, start:end] = q @ self._float32[start][: end - start].T
                continue
            for block in range(start, end, _BLOCK_ROWS):
                stop = min(block + _BLOCK_ROWS, end)
                out[:, block:stop] = q @ np.asarray(matrix[block - start: stop - start], dtype=np.float32).T
        return out

    def rows(self, rows: Sequence[int]) -> np.ndarray:
        """The float32 vectors of the given committed rows, in their order."""
        chunks = self.chunks(max(rows, default=-1) + 1)
        starts = [start for start, _ in chunks]
        out = np.zeros((len(rows), chunks[0][1].shape[1] if chunks else 0), dtype=np.float32)
        for i, row in enumerate(rows):
            start, matrix = chunks[bisect.bisect_right(starts, row) - 1]
            out[i] = matrix[row - start]
        return out

    def size(self) -> int:
        return sum(path.stat().st_size for _, path in self._chunk_files())


def _cache_bytes() -> int:
    return int(settings.number("dense_cache_mb", low=0) * 2**20)
