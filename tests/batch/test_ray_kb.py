"""`factdesk kb add --ray` (a Ray Data pipeline) against a real Ray head node: the local add's knowledge base,
and resumable after the add itself is killed."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from batch_helpers import KB_DOCS, env_for, run

#: the tables that make a knowledge base (row numbers included): equal for a local add and one on Ray
TABLES = {"documents": "id", "passages": "row", "near_signatures": "doc_id", "ingest_sources": "path"}


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """A JSONL file with exact and near duplicates, and a folder of Markdown and HTML files."""
    story = ("The council approved the new budget on Tuesday after a long debate about road repairs, school "
             "funding and the city's plans for a second library in the northern district near the river.")
    rows = [{**doc, "id": f"{doc['id']}-{n}", "text": f"{doc['text']} Copy {n} of it."}
            for n in range(40) for doc in KB_DOCS]
    rows += [{"id": "story", "title": "Budget", "text": story, "date": "2024-03-05"},
             {"id": "story-again", "title": "Budget", "text": story.upper()},  # an exact duplicate (case)
             {"id": "story-syndicated", "title": "Budget", "text": f"By a reporter. {story} Share this."}]
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(row) + "\n" for row in rows))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.md").write_text("# Harbour\n\nThe harbour was rebuilt in 1952 after a storm destroyed it.\n")
    (folder / "b.html").write_text("<html><head><title>Bridge</title></head><body><article><p>The bridge opened "
                                   "in 1932 and carries six lanes of traffic.</p></article></body></html>")
    return [docs, folder]


def tables(kb: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(kb / "kb.sqlite") as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()  # noqa: S608
                for table, key in TABLES.items()}


def vectors(kb: Path) -> np.ndarray:
    return np.concatenate([np.load(f) for f in sorted((kb / "dense").glob("*.npy"))]).astype(np.float32)


#: the int8 encoder's vector of a passage depends on its batch-mates (activation scales, padding): embedding the
#: same 400 passages in one call or in calls of 23 gave cosines down to 0.986 (max abs 0.034), so a local add
#: with another --batch-size differs as much; the pipeline's actors batch by documents, the writer by rows
MIN_COSINE = 0.98


def assert_same_kb(local: Path, on_ray: Path) -> None:
    assert tables(on_ray) == tables(local)
    assert_close_vectors(local, on_ray)


def assert_close_vectors(local: Path, on_ray: Path) -> None:
    ours, theirs = vectors(local), vectors(on_ray)
    assert ours.shape == theirs.shape
    cosines = (ours * theirs).sum(1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
    assert cosines.min() > MIN_COSINE, cosines.min()


def search_texts(home: Path, name: str, query: str) -> list[str]:
    result = run(["kb", "search", name, query, "--json"], home)
    assert result.returncode == 0, result.stderr
    return [hit["passage"]["text"] for hit in json.loads(result.stdout)]


def test_kb_add_on_ray_equals_the_local_add(home: Path, corpus: list[Path], ray_address: str) -> None:
    paths = [str(p) for p in corpus]
    local = run(["kb", "add", "local", *paths, "--batch-size", "50", "--json"], home)
    assert local.returncode == 0, local.stderr
    on_ray = run(["kb", "add", "onray", *paths, "--batch-size", "50", "--ray", ray_address, "--ray-workers", "2",
                  "--json"], home)
    assert on_ray.returncode == 0, on_ray.stderr
    reports = [json.loads(result.stdout) for result in (local, on_ray)]
    assert {**reports[0], "kb": None} == {**reports[1], "kb": None}
    assert reports[0]["skipped"] >= 1 and reports[0]["near_duplicates"] >= 1  # both kinds of duplicate met
    assert_same_kb(home / "kbs" / "local", home / "kbs" / "onray")
    hits = [search_texts(home, name, "How tall is the Eiffel Tower?") for name in ("local", "onray")]
    # the same best passage (by text: the corpus holds 40 copies of it, tied, under different ids)
    assert hits[0][0] == hits[1][0] and "330 metres" in hits[0][0]


def test_bm25_only_kb_add_on_ray(home: Path, corpus: list[Path], ray_address: str) -> None:
    paths = [str(p) for p in corpus]
    for name, extra in (("local", []), ("onray", ["--ray", ray_address])):
        result = run(["kb", "add", name, *paths, "--no-dense", *extra], home)
        assert result.returncode == 0, result.stderr
    assert tables(home / "kbs" / "onray") == tables(home / "kbs" / "local")
    assert not (home / "kbs" / "onray" / "dense").exists()


def _committed(kb: Path) -> int:
    try:
        with sqlite3.connect(kb / "kb.sqlite") as db:
            return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_kb_add_on_ray_resumes(home: Path, tmp_path: Path, ray_address: str) -> None:
    docs = tmp_path / "many.jsonl"
    docs.write_text("".join(json.dumps({"id": f"d{n}", "title": f"Town {n}", "text": f"Town {n} has {n + 3} "
                                        f"schools and {n * 7 + 1} parks. Its mayor was elected in {1950 + n}."})
                            + "\n" for n in range(400)))
    args = ["kb", "add", "onray", str(docs), "--batch-size", "20", "--ray", ray_address, "--ray-workers", "1"]
    add = subprocess.Popen([sys.executable, "-m", "factdesk.cli.main", *args], env=env_for(home),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kb = home / "kbs" / "onray"
    deadline = time.monotonic() + 600
    while _committed(kb) == 0 and add.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    add.send_signal(signal.SIGKILL)
    add.wait()
    cut_short = _committed(kb)
    assert 0 < cut_short < 400, add.stderr.read() if add.stderr else ""
    resumed = run([*args, "--json"], home)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["added"] == 400 - cut_short  # the committed documents are not read again
    local = run(["kb", "add", "local", str(docs), "--batch-size", "20", "--json"], home)
    assert local.returncode == 0, local.stderr
    expected = tables(home / "kbs" / "local")
    got = tables(kb)
    assert got["documents"] == expected["documents"] and got["passages"] == expected["passages"]
    assert_close_vectors(home / "kbs" / "local", kb)
