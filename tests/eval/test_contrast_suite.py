"""The bundled contrastive suite (factdesk/data/suites/contrast.claims.jsonl) and the per-category report."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from factdesk.eval import metrics
from factdesk.eval.categories import ALTERED_VALUE_CATEGORIES, per_category, supported_when_altered
from factdesk.eval.datasets import THREE_LABELS, read_examples
from factdesk.eval.runner import SUITES_DIR, _gold_evidence, evaluate, resolve_benchmark
from factdesk.eval.table import report_table
from factdesk.verify.base import verifiers

from .conftest import OverlapVerifier

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "make_contrast_suite.py"
SUITE = SUITES_DIR / "contrast.claims.jsonl"
CATEGORIES = {"numbers", "units", "dates", "names", "places", "comparisons", "negation", "quantifiers", "hedging",
              "same_topic", "paraphrase"}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines()]


def test_every_row_is_a_valid_claims_row(rows: list[dict]) -> None:
    examples = read_examples(SUITE)  # the reader `factdesk eval` uses
    assert len(examples) == len(rows) >= 250
    assert [ex.extra["category"] for ex in examples] == [r["category"] for r in rows]
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) == {"id", "claim", "label", "evidence", "source", "category"}
        assert row["label"] in THREE_LABELS and row["claim"].strip()
        assert 1 <= len(row["evidence"]) <= 4
        assert all(set(e) == {"text", "title", "stance"} and e["text"].strip() for e in row["evidence"])


def test_every_category_has_true_and_altered_rows(rows: list[dict]) -> None:
    labels: dict[str, Counter] = {}
    for row in rows:
        labels.setdefault(row["category"], Counter())[row["label"]] += 1
    assert set(labels) == CATEGORIES
    for category, counts in labels.items():
        assert counts.total() >= 12, category
        assert counts["SUPPORTED"] and counts.total() > counts["SUPPORTED"], category
    assert set(labels["hedging"]) == set(labels["same_topic"]) == {"SUPPORTED", "NOT_ENOUGH_INFO"}
    for category in ALTERED_VALUE_CATEGORIES:
        assert set(labels[category]) == {"SUPPORTED", "REFUTED"}, category


def test_the_issue_example_is_there_with_its_four_documents(rows: list[dict]) -> None:
    by_claim = {r["claim"]: r for r in rows}
    for claim, label in [("Kestrel Pumpworks employs 950 people.", "REFUTED"),
                         ("Kestrel Pumpworks has annual revenue of 68 million euros.", "REFUTED"),
                         ("Kestrel Pumpworks' new factory opened in March 2021.", "REFUTED"),
                         ("Kestrel Pumpworks employs 420 people.", "SUPPORTED"),
                         ("Kestrel Pumpworks has annual revenue of 86 million euros.", "SUPPORTED"),
                         ("Kestrel Pumpworks' new factory opened in March 2024.", "SUPPORTED")]:
        row = by_claim[claim]
        assert row["label"] == label and len(row["evidence"]) == 4
        assert all(e["title"] for e in row["evidence"])


def test_the_script_regenerates_the_identical_file(tmp_path: Path) -> None:
    out = tmp_path / "again.claims.jsonl"
    made = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert out.read_bytes() == SUITE.read_bytes()
    checked = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert checked.returncode == 0 and "up to date" in checked.stdout


def test_check_names_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "stale.claims.jsonl"
    stale.write_text(SUITE.read_text(encoding="utf-8").replace("420 staff", "421 staff"), encoding="utf-8")
    checked = subprocess.run([sys.executable, str(SCRIPT), "--check", "--out", str(stale)], capture_output=True,
                             text=True)
    assert checked.returncode == 1
    assert checked.stderr.startswith("error:") and "Traceback" not in checked.stderr


def test_a_bare_name_finds_the_bundled_suite() -> None:
    assert resolve_benchmark("contrast") == SUITE.resolve()


def test_per_category_scores_what_the_verifier_says(overlap_verifier: OverlapVerifier) -> None:
    report = evaluate(SUITE, verifier="test-overlap")
    examples = read_examples(SUITE)
    verdicts = overlap_verifier.verify([(ex.id, ex.claim) for ex in examples], [_gold_evidence(ex) for ex in examples])
    categories = [ex.extra["category"] for ex in examples]
    gold, pred = [ex.label for ex in examples], [v.label.value for v in verdicts]

    assert list(report["per_category"]) == list(dict.fromkeys(categories))
    for category, scores in report["per_category"].items():
        rows = [i for i, c in enumerate(categories) if c == category]
        assert scores["n"] == len(rows)
        assert scores["accuracy"] == pytest.approx(metrics.accuracy([gold[i] for i in rows], [pred[i] for i in rows]))
        assert scores["predicted"] == {label: sum(pred[i] == label for i in rows) for label in THREE_LABELS}
        assert scores["gold"] == {label: sum(gold[i] == label for i in rows) for label in THREE_LABELS}
    wrong = sum(c in ALTERED_VALUE_CATEGORIES and g == "REFUTED" and p == "SUPPORTED"
                for c, g, p in zip(categories, gold, pred, strict=True))
    assert wrong > 0  # word overlap cannot tell 420 from 950: the count has something to count
    assert report["supported_when_altered"] == wrong
    assert report["altered_value_rows"] == 13 + 13 + 13 + 12 + 12
    assert sum(s["n"] for s in report["per_category"].values()) == report["n"]


def test_a_file_without_categories_has_no_per_category(claims_file: Path, overlap_verifier: OverlapVerifier) -> None:
    report = evaluate(claims_file, verifier="test-overlap")
    assert "per_category" not in report and "supported_when_altered" not in report


def test_rows_without_a_category_are_left_out() -> None:
    scores = per_category([None, "dates", "dates"], ["SUPPORTED", "REFUTED", "REFUTED"],
                          ["SUPPORTED", "SUPPORTED", "REFUTED"])
    assert scores == {"dates": {"n": 2, "accuracy": 0.5, "gold": {"SUPPORTED": 0, "REFUTED": 2, "NOT_ENOUGH_INFO": 0},
                                "predicted": {"SUPPORTED": 1, "REFUTED": 1, "NOT_ENOUGH_INFO": 0}}}
    # a REFUTED paraphrase judged SUPPORTED is an error, but not the altered-value kind
    assert supported_when_altered(["paraphrase", "names"], ["REFUTED", "REFUTED"], ["SUPPORTED", "SUPPORTED"]) == 1


def test_cli_eval_contrast_with_the_shipped_model(tmp_path: Path) -> None:
    out = tmp_path / "contrast.json"
    done = subprocess.run([sys.executable, "-m", "factdesk.cli.main", "eval", "contrast", "--limit", "6",
                           "--json", str(out)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Per category" in done.stdout and "altered value -> SUPPORTED" in done.stdout
    report = json.loads(out.read_text())
    assert report["model"].startswith("verifier.minilm-xenc") and report["n"] == 6

    # the same six claims judged in one call, as the runner does, give the figures of the report
    examples = read_examples(SUITE)[:6]
    verdicts = verifiers.create("minilm-xenc").verify([(ex.id, ex.claim) for ex in examples],
                                                      [_gold_evidence(ex) for ex in examples])
    pred = [v.label.value for v in verdicts]
    categories = [ex.extra["category"] for ex in examples]
    assert report["per_category"] == per_category(categories, [ex.label for ex in examples], pred)
    assert report["supported_when_altered"] == supported_when_altered(categories, [ex.label for ex in examples], pred)


def test_the_table_shows_each_category(overlap_verifier: OverlapVerifier) -> None:
    from rich.console import Console

    console = Console(record=True, width=160)
    console.print(report_table(evaluate(SUITE, verifier="test-overlap", limit=60)))
    text = console.export_text()
    assert "Per category" in text and "numbers" in text and "units" in text and "dates" in text
