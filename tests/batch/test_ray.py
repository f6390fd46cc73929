"""`factdesk batch --ray` against a real Ray head node started by the test, and the fault test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import env_for, run, stored_sources
from test_batch_local import _wait_for_first_brief, comparable

from factdesk.brief.base import render
from factdesk.store import Store


def test_ray_batch_equals_local_batch(home: Path, article_folder: Path, ray_address: str) -> None:
    on_ray = run(["batch", str(article_folder), "--kb", "tiny", "--ray", ray_address, "--workers", "2", "--json"],
                 home)
    assert on_ray.returncode == 0, on_ray.stderr
    local = run(["batch", str(article_folder), "--kb", "tiny", "--workers", "1", "--json"], home)
    assert local.returncode == 0, local.stderr
    ray_report, local_report = json.loads(on_ray.stdout), json.loads(local.stdout)
    assert [(e["source"], e["verdicts"]) for e in ray_report] == [(e["source"], e["verdicts"]) for e in local_report]
    with Store(f"sqlite:///{home / 'factdesk.db'}") as store:
        for from_ray, from_local in zip(ray_report, local_report, strict=True):
            briefs = [json.loads(render(store.get(e["check_id"]), "json")) for e in (from_ray, from_local)]
            assert comparable(briefs[0]) == comparable(briefs[1])
    assert set(stored_sources(home).values()) == {2}


def _actor_pids() -> list[int]:
    """Processes of factdesk's Ray actors (Ray names them `ray::CheckWorker...`)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cmdline").read_bytes().startswith(b"ray::CheckWorker"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def test_killed_actor_loses_and_doubles_nothing(home: Path, tmp_path: Path, ray_address: str) -> None:
    from batch_helpers import ARTICLES

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(10):
        (folder / f"a{number:02}.txt").write_text(ARTICLES[number % len(ARTICLES)] + f" Story number {number}.\n")
    batch = subprocess.Popen([sys.executable, "-m", "factdesk.cli.main", "batch", str(folder), "--kb", "tiny",
                              "--ray", ray_address, "--workers", "1", "--json"], env=env_for(home),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_first_brief(home, batch)
    actors = _actor_pids()  # the batch's one actor (and any of an earlier test still being torn down)
    assert actors
    for pid in actors:
        os.kill(pid, signal.SIGKILL)
    out, err = batch.communicate(timeout=600)
    assert batch.returncode == 0, err
    sources = stored_sources(home)
    assert sorted(sources) == sorted(str(p) for p in folder.iterdir())
    assert set(sources.values()) == {1}
    assert [entry["status"] for entry in json.loads(out)] == ["checked"] * 10


def test_without_the_extra_ray_is_one_error_line(home: Path, article_folder: Path, tmp_path: Path) -> None:
    hidden = tmp_path / "no-ray"
    (hidden / "ray").mkdir(parents=True)
    (hidden / "ray" / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = {**env_for(home), "PYTHONPATH": str(hidden)}
    result = subprocess.run([sys.executable, "-m", "factdesk.cli.main", "batch", str(article_folder), "--ray"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert (result.returncode, result.stderr) == (1, "error: --ray needs the ray extra: pip install 'factdesk[ray]'\n")
    assert not (home / "factdesk.db").exists()


@pytest.mark.parametrize("address", ["127.0.0.1:1"])
def test_no_cluster_at_the_address_is_one_error_line(home: Path, article_folder: Path, address: str) -> None:
    pytest.importorskip("ray")
    result = run(["batch", str(article_folder), "--kb", "tiny", "--ray", address], home, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot connect to the Ray cluster at {address}: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("mode", ["gold", "open"])
def test_eval_on_ray_gives_the_local_metrics(home: Path, tmp_path: Path, ray_address: str, mode: str) -> None:
    args = ["eval", "contrast", "--mode", mode, "--limit", "40"]
    local = run([*args, "--json", str(tmp_path / "local.json")], home)
    assert local.returncode == 0, local.stderr
    on_ray = run([*args, "--ray", ray_address, "--workers", "2", "--json", str(tmp_path / "ray.json")], home)
    assert on_ray.returncode == 0, on_ray.stderr
    reports = [json.loads((tmp_path / name).read_text()) for name in ("local.json", "ray.json")]
    same = ["n", "accuracy", "macro_f1", "per_class", "confusion", "ece", "reliability", "abstained", "model"]
    if mode == "open":  # the actors search the corpus themselves: the same passages are found
        same += ["recall_at", "recall_n", "kb_passages", "retriever"]
        assert reports[0]["kb_passages"] > 40 and reports[0]["recall_n"] == 40
    assert {key: reports[1][key] for key in same} == {key: reports[0][key] for key in same}
    assert reports[0]["n"] == 40


def test_eval_on_ray_refuses_checkworthiness_in_one_line(home: Path, tmp_path: Path) -> None:
    rows = tmp_path / "tiny.checkworthy.jsonl"
    rows.write_text(json.dumps({"id": "1", "text": "Rome is the capital of Italy.", "checkworthy": True}) + "\n")
    result = run(["eval", str(rows), "--ray", "127.0.0.1:1"], home)
    assert (result.returncode, result.stderr.count("\n")) == (3, 1)
    assert "check-worthiness" in result.stderr
