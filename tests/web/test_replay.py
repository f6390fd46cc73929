"""`--replay`: a stored check re-runs offline with exactly the evidence it had, and its verdicts come back equal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import factdesk
from factdesk.api import replay
from factdesk.evidence.kb import KnowledgeBase
from factdesk.evidence.snapshot import differences
from factdesk.models import Document
from factdesk.store import Store

from .conftest import start_server

ARTICLE = """Tower news

The Eiffel Tower opened in 1889 for the World's Fair. The Colosseum in Rome was completed in AD 80.
The Eiffel Tower was repainted gold in 2031.
"""


def make_kb(name: str) -> KnowledgeBase:
    kb = KnowledgeBase.create(name, dense=False)
    kb.add_documents([Document(id="rome", title="Rome", text="Rome is the capital city of Italy. The Colosseum is "
                                                               "an amphitheatre in the centre of Rome.")])
    return kb


def test_replay_is_offline_and_equal(web_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server, base = start_server()  # a server of its own, shut down before the replay
    monkeypatch.setenv("FACTDESK_SEARXNG_URL", f"{base}/searxng")
    monkeypatch.setenv("FACTDESK_WEB_ALLOW", "127.0.0.1/32")
    db = f"sqlite:///{web_env.parent / 'checks.db'}"
    kb = make_kb("replaykb")
    try:
        stored = factdesk.check(ARTICLE, kb="replaykb", retriever="kb+web", db=db)
    finally:
        server.shutdown()
        server.server_close()
    urls = {e.passage.url for r in stored.results for e in r.verdict.evidence}
    assert f"{base}/pages/eiffel.html" in urls and "retriever.web" in stored.models["retriever"]
    shutil.rmtree(kb.path)  # neither the knowledge base nor the web is there any more

    replayed, original = replay(stored.check_id[:10], db=db)
    assert original == stored
    assert replayed.check_id != stored.check_id
    assert replayed.models["retriever"] == f"retriever.snapshot.v1[{stored.check_id}]"
    assert differences(stored, replayed) == []
    assert [r.claim for r in replayed.results] == [r.claim for r in stored.results]
    for new, old in zip(replayed.results, stored.results, strict=True):
        assert new.verdict.evidence == old.verdict.evidence  # exactly the passages, scores and ranks it had
        assert (new.verdict.label, new.verdict.cited) == (old.verdict.label, old.verdict.cited)
        assert new.verdict.probabilities == pytest.approx(old.verdict.probabilities, abs=1e-6)
    with Store(db) as store:
        assert store.count() == 2  # the replay is recorded too
        pages = store.web_pages(stored.check_id)
    # whole page snapshots are kept with the check: one per web document its evidence came from
    used = [e.passage for r in stored.results for e in r.verdict.evidence]
    web_docs = {p.url for p in used if p.doc_id.startswith("web:")}
    assert {p["final_url"] for p in pages} == web_docs
    [eiffel] = [p for p in pages if p["final_url"] == f"{base}/pages/eiffel.html"]
    assert eiffel["source"] == "page" and "Champ de Mars" in eiffel["text"]
    assert all(p["provider"] == "searxng" and p["fetched_at"] is not None for p in pages)


def test_a_changed_verdict_is_reported(web_env: Path) -> None:
    db = f"sqlite:///{web_env.parent / 'checks.db'}"
    make_kb("plain")
    stored = factdesk.check(ARTICLE, kb="plain", db=db)
    replayed, _ = replay(stored.check_id, db=db, record=False)
    assert differences(stored, replayed) == []
    tampered = replayed.model_copy(deep=True)
    tampered.results[0].verdict.confidence = max(0.0, tampered.results[0].verdict.confidence - 0.2)
    [line] = differences(stored, tampered)
    assert line.startswith(f"{stored.results[0].claim.id} ")


@pytest.mark.slow
def test_cli_web_check_then_replay(web_env: Path, web_server: str, tmp_path: Path) -> None:
    env = {**os.environ, "FACTDESK_HOME": str(web_env), "FACTDESK_DB": "",
           "FACTDESK_SEARXNG_URL": f"{web_server}/searxng", "FACTDESK_WEB_ALLOW": "127.0.0.1"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                              env=env, timeout=300)

    make_kb("clikb")
    article = tmp_path / "article.md"
    article.write_text(ARTICLE)
    first = run("check", str(article), "--kb", "clikb", "--web", "--as-of", "2020-01-01", "-f", "json")
    assert first.returncode == 0, first.stderr
    brief = json.loads(first.stdout)
    seen = [e["passage"] for r in brief["results"] for e in r["verdict"]["evidence"]]
    assert any(p["url"] == f"{web_server}/pages/eiffel.html" for p in seen)
    assert not any("gold" in p["text"] for p in seen)  # the 2031 page is after --as-of
    second = run("check", "--replay", brief["check_id"][:8], "-f", "json")
    assert second.returncode == 0, second.stderr
    n = len(brief["results"])
    assert f"replay of {brief['check_id']}: {n} of {n} verdicts equal the stored ones" in second.stderr
    replayed = json.loads(second.stdout)
    assert replayed["as_of"] == "2020-01-01"
    assert [r["verdict"]["label"] for r in replayed["results"]] == [r["verdict"]["label"] for r in brief["results"]]
    both = run("check", str(article), "--replay", brief["check_id"])
    assert both.returncode == 2 and "--replay" in both.stderr
    missing = run("check", "--replay", "ffffffff")
    assert missing.returncode == 4 and missing.stderr.startswith("error: no check with id")
    neither = run("check")
    assert neither.returncode == 2 and "missing SOURCE" in neither.stderr
