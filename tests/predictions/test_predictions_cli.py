"""The predictions commands end to end, in subprocesses: a real check on a small KB, review, resolve, score."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.predictions.review import as_outcome

pytestmark = pytest.mark.slow

KB = [
    {"id": "trail", "title": "Batesburg rail trail opens", "date": "2027-06-12", "url": "https://news.example/trail",
     "text": "The first section of the Batesburg rail trail opened to walkers and cyclists on 12 June 2027."},
    {"id": "centre", "title": "Visitor centre shelved", "date": "2027-11-02", "url": "https://news.example/centre",
     "text": "The state did not build a new visitor centre at Huntington Beach State Park; the plan was shelved in "
             "2027 for lack of funds."},
    # says the cottage would be repainted, but was written before the prediction: it cannot resolve it
    {"id": "old", "title": "Old plans", "date": "2020-01-01",
     "text": "The lighthouse cottage was repainted by 2027 according to the plan."},
]
ARTICLE = """# Coastal plans

By Ann Lee

The first section of the Batesburg rail trail is expected to open in 2027. The state will also build a new visitor
centre at Huntington Beach State Park next year. The lighthouse cottage will be repainted by 2027.
"""


def run(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": "", "FACTDESK_USER": "tester"}
    return subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], input=stdin, capture_output=True,
                          env=env, timeout=300, text=True)


def ok(args: list[str], home: Path, stdin: str | None = None) -> str:
    result = run(args, home, stdin)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("home")
    source = path / "kb.jsonl"
    source.write_text("".join(json.dumps(doc) + "\n" for doc in KB))
    (path / "article.md").write_text(ARTICLE)
    ok(["kb", "add", "tiny", str(source)], path)
    ok(["check", str(path / "article.md"), "--kb", "tiny", "--as-of", "2026-01-01", "-o", str(path / "brief.md")],
       path)
    return path


def ledger(home: Path) -> list[dict]:
    return json.loads(ok(["predictions", "list", "--json"], home))


def test_a_check_records_its_predictions(home: Path) -> None:
    entries = ledger(home)
    assert [(e["likelihood_word"], e["likelihood"], e["horizon"], e["author"]) for e in entries] == [
        ("is expected", 0.675, "in 2027", "Ann Lee"), ("will", 0.97, "next year", "Ann Lee"),
        ("will", 0.97, "by 2027", "Ann Lee")]
    brief = (home / "brief.md").read_text()
    assert "due 2027-12-31 (“in 2027”) · stated likelihood 68% (“is expected”)" in brief
    assert "## Analysis" in brief and "3 predictions are on record" in brief


def test_review_proposes_from_later_evidence_and_resolves_nothing(home: Path) -> None:
    proposals = json.loads(ok(["predictions", "review", "--kb", "tiny", "--today", "2028-01-02", "--json"], home))
    # the verifier may stay undecided on a case (a small model), but it must never propose the wrong outcome,
    # and the passage written before the prediction (#3) can never resolve it
    assert [p["id"] for p in proposals] == [1, 2, 3]
    assert proposals[0]["proposed"] in ("true", None) and proposals[1]["proposed"] in ("false", None)
    assert proposals[0]["proposed"] == "true"  # "opened to walkers and cyclists on 12 June 2027" settles it
    assert proposals[2]["proposed"] is None
    assert proposals[0]["judged"] == "The first section of the Batesburg rail trail opened in 2027."
    assert proposals[0]["evidence"][0]["url"] == "https://news.example/trail"
    assert proposals[1]["evidence"][0]["url"] == "https://news.example/centre"
    assert all(e["evidence"] == [] or e["evidence"][0]["doc_id"] != "old" for e in proposals)
    assert {e["status"] for e in ledger(home)} == {"open"}
    # not due yet on the day before the horizon: nothing to review
    assert json.loads(ok(["predictions", "review", "--kb", "tiny", "--today", "2027-12-30", "--json"], home)) == []


def test_accept_one_proposal_resolve_another_and_score(home: Path, tmp_path: Path) -> None:
    out = ok(["predictions", "review", "--kb", "tiny", "--today", "2028-01-02", "--ask"], home, stdin="y\nn\n")
    assert "#1 resolved true" in out and "#2 resolved" not in out
    ok(["predictions", "resolve", "2", "false", "--note", "shelved", "--evidence", "https://news.example/centre"],
       home)
    shown = json.loads(ok(["predictions", "show", "2", "--json"], home))
    assert [(e["who"], e["status"]) for e in shown["events"]] == [("factdesk", "open"), ("tester", "false")]
    plot = tmp_path / "reliability.png"
    scored = json.loads(ok(["predictions", "score", "--by", "author", "--json", "--plot", str(plot)], home))
    (row,) = scored["scores"]
    # by hand: (0.675 - 1)² = 0.105625 and (0.97 - 0)² = 0.9409; mean 0.5232625
    assert row["group"] == "Ann Lee" and row["brier"] == pytest.approx(0.5232625)
    assert (row["count"], row["resolved"], row["resolution_rate"]) == (3, 2, pytest.approx(2 / 3))
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = ok(["predictions", "score"], home)
    assert "0.523" in table and "Reliability" in table
    due = json.loads(ok(["predictions", "list", "--due", "--today", "2028-01-02", "--json"], home))
    assert [e["id"] for e in due] == [3]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["predictions", "resolve", "99", "true"], 4, "no prediction with id 99"),
    (["predictions", "resolve", "1", "maybe"], 2, "maybe"),
    (["predictions", "resolve", "1", "true", "--evidence", "ftp://x"], 3, "http"),
    (["predictions", "list", "--today", "tomorrow"], 3, "not a date"),
    (["predictions", "score", "--plot", "/no/such/folder/x.png"], 3, "no such folder"),
    (["predictions", "review", "--ask", "--json"], 3, "do not go together"),
])
def test_bad_input_is_one_error_line(home: Path, args: list[str], code: int, message: str) -> None:
    before = ledger(home)
    result = run(args, home)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert ledger(home) == before


@pytest.mark.parametrize(("prediction", "outcome"), [
    ("The bridge is expected to open in 2027.", "The bridge opened in 2027."),
    ("The state will also build a visitor centre next year.", "The state built a visitor centre."),
    ("The deal won't close before 2027.", "The deal did not close before 2027."),
    ("The cottage will be repainted by 2027.", "The cottage was repainted by 2027."),
    ("Prices could rise further in the coming months.", "Prices rose further."),
    ("The firm plans to hire 500 people by 2027.", "The firm hired 500 people by 2027."),
    ("The mayor expects the bridge to open in 2027.", "The mayor expects the bridge to open in 2027."),
])
def test_a_prediction_restated_as_its_outcome(prediction: str, outcome: str) -> None:
    assert as_outcome(prediction) == outcome


def test_the_bundled_sample_article_stores_its_predictions(home: Path) -> None:
    from factdesk.evidence.demo import demo_article_path

    ok(["check", str(demo_article_path()), "--kb", "tiny", "-o", str(home / "sample.md")], home)
    # the same rail-trail sentence was recorded for Ann Lee above: a different source, so a different prediction
    sample = [e for e in ledger(home) if e["author"] is None]
    assert [(e["text"][:40], e["horizon"], e["likelihood_word"]) for e in sample] == [
        ("The first section of the Batesburg rail ", "in 2027", "is expected"),
        ("The state will also build a new visitor ", "next year", "will")]
