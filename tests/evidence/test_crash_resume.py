"""`factdesk kb add` killed with SIGKILL at several moments, then rerun, equals one uninterrupted add.

A real subprocess ingests a generated corpus (a JSONL file, a folder of .txt files and a .xml.bz2 dump, with
exact and near duplicates in it). After every kill the knowledge base is opened and checked: passages
numbered without gaps, every committed passage in the BM25 index exactly once, searches answered. After
the final rerun, documents and passages (rows, ids, texts, metadata) equal those of an uninterrupted add.
"""

from __future__ import annotations

import bz2
import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tantivy

from factdesk.evidence.kb import KnowledgeBase

pytestmark = pytest.mark.slow


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 14))).capitalize() + "."


def make_corpus(root: Path, dump_xml, seed: int = 11) -> list[Path]:
    rng = random.Random(seed)
    words = [f"{rng.choice('bcdfgklmnprst')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{i}" for i in range(4000)]
    rows = []
    for i in range(700):
        text = " ".join(_sentence(rng, words) for _ in range(rng.randint(3, 7)))
        date = f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}"
        rows.append({"id": f"j{i}", "title": f"Story {i}", "text": text, "date": date})
    for i in range(0, 700, 70):  # exact copies (other case and spacing) and syndicated copies with a byline
        rows.append({"id": f"copy{i}", "text": "  " + rows[i]["text"].upper()})
        rows.append({"id": f"wire{i}", "text": "PARIS (Wire) - " + rows[i]["text"] + " Reporting by A. Writer."})
    rng.shuffle(rows)
    jsonl = root / "stories.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    folder = root / "notes"
    folder.mkdir()
    for i in range(40):
        body = " ".join(_sentence(rng, words) for _ in range(4))
        (folder / f"note{i:02d}.txt").write_text(f"Note number {i}\n{body}\n", encoding="utf-8")
    pages = [(f"Page {i}", 0, f"2021-05-0{1 + i % 9}T00:00:00Z",
              "\n\n".join(_sentence(rng, words) for _ in range(5)), None) for i in range(120)]
    dump = root / "wiki.xml.bz2"
    dump.write_bytes(bz2.compress(dump_xml(pages).encode("utf-8")))
    return [jsonl, folder, dump]


def _add(kb: Path, paths: list[Path], home: Path, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "factdesk.cli.main", "kb", "add", str(kb), *map(str, paths),
               "--no-dense", "--batch-size", "40", "--workers", str(workers)]
    env = {**os.environ, "FACTDESK_HOME": str(home)}
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _passages(kb: Path) -> int:
    if not (kb / "kb.sqlite").exists():
        return 0
    with sqlite3.connect(f"file:{kb / 'kb.sqlite'}?mode=ro", uri=True, timeout=10) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])
        except sqlite3.OperationalError:  # tables not created yet
            return 0


def check_usable(path: Path) -> int:
    """The invariants a reader relies on; returns the committed passage count."""
    kb = KnowledgeBase.open(str(path))
    n, top = kb._db.execute("SELECT COUNT(*), COALESCE(MAX(row) + 1, 0) FROM passages").fetchone()
    assert n == top  # rows 0..n-1, no gap
    assert kb._db.execute("SELECT COALESCE(SUM(passages), 0) FROM documents").fetchone()[0] == n
    if n:
        index = kb.bm25
        index.index.reload()
        committed = tantivy.Query.range_query(index.schema, "row", tantivy.FieldType.Unsigned, 0, n - 1)
        assert index.index.searcher().search(committed, 1, count=True).count == n  # each row indexed once
        word = kb._db.execute("SELECT text FROM passages WHERE row = ?", (n - 1,)).fetchone()[0].split()[0]
        hits = kb.search_many([word], top_k=5, dense=False)[0]
        assert hits and all(int(h.passage.id.split("#")[-1]) >= 0 for h in hits)
    kb.close()
    return int(n)


def digest(path: Path) -> tuple[int, int, str]:
    with sqlite3.connect(path / "kb.sqlite") as db:
        h = hashlib.sha256()
        for row in db.execute("SELECT row, id, doc_id, text, title, url, date FROM passages ORDER BY row"):
            h.update(repr(row).encode())
        for row in db.execute("SELECT id, hash, title, url, date, passages FROM documents ORDER BY id"):
            h.update(repr(row).encode())
        docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        passages = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    return docs, passages, h.hexdigest()


def test_sigkill_at_several_points_then_rerun_equals_uninterrupted(tmp_path: Path, home: Path, dump_xml) -> None:
    paths = make_corpus(tmp_path, dump_xml)
    reference = tmp_path / "reference-kb"
    done = _add(reference, paths, home, workers=0)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
    expected = digest(reference)
    report = dict(part.split(": ") for part in out.decode().split("  (")[0].split(", "))
    # 20 copies: exact ones are caught by hash or, when a wire copy came first, as near duplicates of it
    assert report["added"] == "860" and int(report["skipped"]) + int(report["near_duplicates"]) == 20
    assert expected[0] == 860

    crashed = tmp_path / "crashed-kb"
    rng = random.Random(3)
    midway = 0
    for attempt in range(5):
        before = _passages(crashed)
        process = _add(crashed, paths, home, workers=attempt % 2)
        deadline = time.monotonic() + 120
        while _passages(crashed) == before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.15))  # somewhere inside the next batch: splitting, indexing or committing
        if process.poll() is not None:
            break
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # a splitting worker left behind by the killed add
        committed = check_usable(crashed)
        midway += 0 < committed < expected[1]
    assert midway >= 3  # the kills really interrupted the add part-way through

    rerun = _add(crashed, paths, home, workers=1)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert check_usable(crashed) == expected[1]
    assert digest(crashed) == expected
    # and a third run of the same command has nothing left to do
    again = _add(crashed, paths, home, workers=0)
    out, _ = again.communicate(timeout=300)
    assert out.decode().startswith("added: 0, skipped: 0, near_duplicates: 0, empty: 0, passages: 0")
    assert digest(crashed) == expected
