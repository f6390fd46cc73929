"""The dense store's search: float32 copies in memory while they fit `dense_cache_mb`, blocks read from disk
beyond it, the same scores either way, and copies dropped when the chunks change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factdesk.errors import FactdeskError
from factdesk.evidence import dense
from factdesk.evidence.dense import DenseStore


def _unit(rows: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(rows, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture()
def store(tmp_path: Path) -> DenseStore:
    store = DenseStore(tmp_path / "dense")
    store.append(0, _unit(300, 1))
    store.append(300, _unit(200, 2))
    return store


def test_cached_and_disk_searches_give_the_same_scores(store: DenseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = _unit(3, 9)
    monkeypatch.setenv("FACTDESK_DENSE_CACHE_MB", "0")
    monkeypatch.setattr(dense, "_BLOCK_ROWS", 64)  # several blocks per chunk, and a short last one
    from_disk = store.scores(queries, 480)
    assert store._float32 == {}
    monkeypatch.setenv("FACTDESK_DENSE_CACHE_MB", "64")
    cached = store.scores(queries, 480)
    assert sorted(store._float32) == [0, 300]
    np.testing.assert_allclose(cached, from_disk, rtol=1e-6)
    assert cached.shape == (3, 480)  # rows past the committed count are never read
    expected = queries @ np.vstack([_unit(300, 1), _unit(200, 2)])[:480].astype(np.float16).astype(np.float32).T
    np.testing.assert_allclose(cached, expected, rtol=1e-5, atol=1e-6)


def test_copies_follow_the_chunks_on_disk(store: DenseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_DENSE_CACHE_MB", "64")
    query = _unit(1, 9)
    store.scores(query, 500)
    store.truncate(300)  # a failed add's chunk removed: its copy must not be searched
    store.append(300, _unit(100, 3))
    scores = store.scores(query, 400)
    assert sorted(store._float32) == [0, 300] and store._float32[300].shape == (100, 384)
    np.testing.assert_allclose(scores[0, 300:], (query @ _unit(100, 3).astype(np.float16).astype(np.float32).T)[0],
                               rtol=1e-5, atol=1e-6)


def test_a_knowledge_base_larger_than_the_cache_is_not_copied(store: DenseStore,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_DENSE_CACHE_MB", "0.5")  # 500 rows x 384 x 4 bytes = 0.73 MB
    store.scores(_unit(1, 9), 500)
    assert store._float32 == {}


@pytest.mark.parametrize("value", ["lots", "-1", "nan"])
def test_a_cache_size_that_is_no_size_is_a_clear_error(store: DenseStore, monkeypatch: pytest.MonkeyPatch,
                                                       value: str) -> None:
    monkeypatch.setenv("FACTDESK_DENSE_CACHE_MB", value)
    with pytest.raises(FactdeskError, match=r"^FACTDESK_DENSE_CACHE_MB must be (a number|at least 0), not "):
        store.scores(_unit(1, 9), 500)
