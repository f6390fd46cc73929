"""Near-duplicate documents (syndicated copies of one story, a page with a changed footer) by MinHash + LSH.

A document's words form overlapping 5-word shingles; 64 hash functions give a MinHash signature whose
agreement rate estimates the Jaccard similarity of two shingle sets. The signature is cut into 16 bands of
4 values and each band's hash is stored in the knowledge base's SQLite file (`near_keys`), so a new document
is compared only with documents sharing at least one band, found through an index on disk: memory does
not grow with the corpus. Pairs estimated at >= 0.8 Jaccard are duplicates (a 400-word wire story that
gains a dateline, a byline and a footer still scores about 0.9; two different stories score near 0).

Exact duplicates are caught earlier by the text hash; short documents (under 25 words) are only ever
compared exactly, since a few shared words say little.

    near = NearDuplicates(db)
    signature = near.signature(text)
    if near.find(signature) is None:
        near.add("doc-1", signature)
"""

from __future__ import annotations

import re
import sqlite3
import zlib

import numpy as np

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.8
MIN_WORDS = 25
_WORD = re.compile(r"\w+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS near_signatures (doc_id TEXT PRIMARY KEY, signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS near_keys (key INTEGER NOT NULL, doc_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS near_keys_key ON near_keys (key);
"""

# fixed seeds: signatures are stored on disk, so the hash functions must be the same in every process
_rng = np.random.default_rng(20240601)
_A = _rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_MIX = _rng.integers(1, 2**63, size=(SHINGLE + 1,), dtype=np.uint64) | np.uint64(1)


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (64 uint32) of `text`, or None when it is too short to compare this way."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    ids = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    shingles = np.zeros(len(ids) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):  # hashing relies on wrap-around arithmetic modulo 2**64
        for offset in range(SHINGLE):
            shingles ^= ids[offset : len(ids) - SHINGLE + 1 + offset] * _MIX[offset]
        shingles = np.unique(shingles)
        hashed = (shingles[None, :] * _A[:, None] + _B[:, None]) >> np.uint64(32)  # multiply-shift hashing
    return hashed.min(axis=1).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (band number mixed in, so equal values in two bands differ)."""
    bands = sig.astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = np.zeros(BANDS, dtype=np.uint64)
        for column in range(ROWS):
            mixed = (mixed ^ bands[:, column]) * _MIX[column]
        mixed ^= np.arange(BANDS, dtype=np.uint64) * _MIX[SHINGLE]
    return [int(k) for k in (mixed >> np.uint64(1))]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two documents' shingle sets."""
    return float(np.mean(a == b))


class NearDuplicates:
    """The LSH table of one knowledge base, read and written on its SQLite connection (inside its
    transactions, so a rolled-back batch leaves no signature behind)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @staticmethod
    def create_tables(db: sqlite3.Connection) -> None:
        """Run once when the knowledge base is opened (executescript commits, so never inside a batch)."""
        db.executescript(_SCHEMA)

    def signature(self, text: str) -> np.ndarray | None:
        return signature(text)

    def find(self, sig: np.ndarray | None) -> str | None:
        """The id of an indexed document that `sig` nearly duplicates, if any."""
        if sig is None:
            return None
        keys = band_keys(sig)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT s.doc_id, s.signature FROM near_keys k JOIN near_signatures s ON s.doc_id = k.doc_id "  # noqa: S608
            f"WHERE k.key IN ({marks})",
            keys,
        ).fetchall()
        best: tuple[float, str] | None = None
        for doc_id, blob in rows:
            score = similarity(sig, np.frombuffer(blob, dtype=np.uint32))
            if score >= THRESHOLD and (best is None or score > best[0]):
                best = (score, doc_id)
        return best[1] if best else None

    def add(self, doc_id: str, sig: np.ndarray | None) -> None:
        if sig is None:
            return
        self.db.execute("INSERT OR REPLACE INTO near_signatures VALUES (?, ?)", (doc_id, sig.tobytes()))
        self.db.executemany("INSERT INTO near_keys VALUES (?, ?)", [(key, doc_id) for key in band_keys(sig)])
