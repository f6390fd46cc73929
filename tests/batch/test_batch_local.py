"""`factdesk batch` with local worker processes: same briefs as `factdesk check`, each stored once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import ARTICLES, env_for, run, stored_sources

from factdesk.brief.base import render
from factdesk.store import Store

#: what differs between two checks of the same article by design
VOLATILE = ("check_id", "created_at", "timings_ms")


def comparable(brief: dict) -> dict:
    return {key: value for key, value in brief.items() if key not in VOLATILE}


def test_batch_equals_check_of_each_article(home: Path, article_folder: Path, site: str, tmp_path: Path) -> None:
    urls = tmp_path / "more.urls"
    urls.write_text(f"# a list of URLs\n{site}/story/2\n")
    result = run(["batch", str(article_folder), str(urls), f"{site}/feed.xml", "--kb", "tiny", "--workers", "2",
                  "--json"], home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    expected_sources = [str(article_folder / f"article{n}.md") for n in range(len(ARTICLES))]
    expected_sources += [f"{site}/story/2", f"{site}/story/0", f"{site}/story/1"]
    assert [entry["source"] for entry in report] == expected_sources
    assert {entry["status"] for entry in report} == {"checked"}
    assert any(entry["verdicts"] for entry in report)  # the articles do have claims

    with Store(f"sqlite:///{home / 'factdesk.db'}") as store:
        for entry in report:
            checked = run(["check", entry["source"], "--kb", "tiny", "--format", "json", "--no-record"], home)
            assert checked.returncode == 0, checked.stderr
            single = json.loads(checked.stdout)
            assert [r["verdict"]["label"] for r in single["results"]] == entry["verdicts"]
            stored = json.loads(render(store.get(entry["check_id"]), "json"))  # as `factdesk show` prints it
            assert comparable(stored) == comparable(single), entry["source"]
            assert entry["counts"] == {label: entry["verdicts"].count(label) for label in set(entry["verdicts"])}


def test_jsonl_articles_keep_their_fields_and_ids(home: Path, tmp_path: Path) -> None:
    lines = tmp_path / "archive.jsonl"
    lines.write_text(json.dumps({"id": "a1", "title": "Tower", "url": "https://example.org/a1", "text": ARTICLES[0]})
                     + "\n\n" + json.dumps({"text": ARTICLES[1]}) + "\n")
    result = run(["batch", str(lines), "--kb", "tiny", "--workers", "1", "--json"], home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [entry["source"] for entry in report] == [f"{lines}:a1", f"{lines}:3"]
    with Store(f"sqlite:///{home / 'factdesk.db'}") as store:
        first = store.get(report[0]["check_id"])
    assert (first.article.title, first.article.url, first.article.source) == ("Tower", "https://example.org/a1",
                                                                               f"{lines}:a1")


def test_bad_line_is_one_error_line_and_nothing_is_stored(home: Path, tmp_path: Path) -> None:
    lines = tmp_path / "bad.jsonl"
    lines.write_text(json.dumps({"text": ARTICLES[0]}) + "\n{not json\n")
    result = run(["batch", str(lines), "--kb", "tiny"], home)
    assert result.returncode == 3
    assert result.stderr.strip() == f"error: {lines}:2: not an article (Expecting property name enclosed in " \
                                    "double quotes: line 1 column 2 (char 1))"
    assert not (home / "factdesk.db").exists() or stored_sources(home) == {}


def test_missing_source_and_missing_kb_are_one_error_line(home: Path, article_folder: Path) -> None:
    missing = run(["batch", str(article_folder / "nope"), "--kb", "tiny"], home)
    assert (missing.returncode, missing.stderr.count("\n")) == (3, 1)
    assert "no such file, folder or http(s) URL" in missing.stderr
    no_kb = run(["batch", str(article_folder), "--kb", "no-such-kb"], home)
    assert no_kb.returncode != 0 and no_kb.stderr.startswith("error: ") and no_kb.stderr.count("\n") == 1


def test_a_failing_article_is_reported_and_the_others_are_stored(home: Path, tmp_path: Path, site: str) -> None:
    urls = tmp_path / "list.urls"
    urls.write_text(f"{site}/story/0\n{site}/missing\n")
    result = run(["batch", str(urls), "--kb", "tiny", "--json"], home)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [entry["status"] for entry in report] == ["checked", "failed"]
    assert "404" in report[1]["error"]
    assert result.stderr.strip().endswith(f"1 of 2 articles failed: first {site}/missing: {report[1]['error']}")
    assert stored_sources(home) == {f"{site}/story/0": 1}


def _spawned_workers(parent: int) -> list[int]:
    """The pids of the multiprocessing workers a process started (not its resource tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [int(pid) for pid in children
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def _wait_for_first_brief(home: Path, process: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if (home / "factdesk.db").exists() and sum(stored_sources(home).values()) >= 1:
            return
        time.sleep(0.05)
    pytest.fail(f"no brief stored before the batch ended (exit {process.poll()})")


@pytest.fixture
def many_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(10):
        (folder / f"a{number:02}.txt").write_text(ARTICLES[number % len(ARTICLES)] + f" Story number {number}.\n")
    return folder


def test_killed_worker_loses_and_doubles_nothing(home: Path, many_articles: Path) -> None:
    batch = subprocess.Popen([sys.executable, "-m", "factdesk.cli.main", "batch", str(many_articles), "--kb", "tiny",
                              "--workers", "1", "--json"], env=env_for(home), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    _wait_for_first_brief(home, batch)
    [worker] = _spawned_workers(batch.pid)
    os.kill(worker, signal.SIGKILL)
    out, err = batch.communicate(timeout=600)
    assert batch.returncode == 0, err
    sources = stored_sources(home)
    assert sorted(sources) == sorted(str(p) for p in many_articles.iterdir())
    assert set(sources.values()) == {1}
    assert len(json.loads(out)) == 10


def test_resume_after_the_batch_itself_is_killed(home: Path, many_articles: Path) -> None:
    args = ["batch", str(many_articles), "--kb", "tiny", "--workers", "1", "--json"]
    batch = subprocess.Popen([sys.executable, "-m", "factdesk.cli.main", *args], env=env_for(home),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_first_brief(home, batch)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    before = stored_sources(home)
    assert 1 <= sum(before.values()) < 10
    resumed = run([*args, "--resume"], home)
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    assert sum(entry["status"] == "stored before" for entry in report) == sum(before.values())
    sources = stored_sources(home)
    assert len(sources) == 10 and set(sources.values()) == {1}
    again = run(args, home)  # without --resume: a new batch, every article checked and stored again
    assert again.returncode == 0, again.stderr
    assert set(stored_sources(home).values()) == {2}
