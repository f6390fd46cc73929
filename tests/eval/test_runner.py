"""The evaluation runner end to end, with the `test-overlap` verifier of conftest.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from factdesk.errors import InputError, NotFoundError
from factdesk.eval import metrics
from factdesk.eval.datasets import THREE_LABELS, read_examples, split_of
from factdesk.eval.plot import plot_report
from factdesk.eval.runner import _gold_evidence, evaluate, resolve_benchmark
from factdesk.eval.table import print_report
from factdesk.models import LABELS

from .conftest import CLAIMS, OverlapVerifier

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_gold_mode_scores_what_the_verifier_says(claims_file: Path, overlap_verifier: OverlapVerifier) -> None:
    seen: list[tuple[int, int]] = []
    report = evaluate(claims_file, verifier="test-overlap", progress=lambda done, total: seen.append((done, total)))

    scored = [ex for ex in read_examples(claims_file) if ex.label in THREE_LABELS]
    verdicts = overlap_verifier.verify([(ex.id, ex.claim) for ex in scored], [_gold_evidence(ex) for ex in scored])
    gold = [ex.label for ex in scored]
    pred = [v.label.value for v in verdicts]
    probs = np.array([[v.probabilities[label] for label in LABELS] for v in verdicts])

    assert report["kind"] == "claims" and report["mode"] == "gold" and report["split"] == "all"
    assert report["rows"] == len(CLAIMS) and report["n"] == len(CLAIMS) - 2
    assert report["other_labels"] == {"DISPUTED": 1, "CONFLICTING": 1}
    assert report["accuracy"] == pytest.approx(metrics.accuracy(gold, pred))
    assert report["accuracy"] == pytest.approx(12 / 13)  # only the paraphrase without shared words is missed
    assert report["confusion"]["SUPPORTED"]["NOT_ENOUGH_INFO"] == 1
    assert report["macro_f1"] == pytest.approx(metrics.macro_f1(gold, pred))
    assert report["ece"] == pytest.approx(metrics.ece(gold, pred, probs))
    assert sum(b["count"] for b in report["reliability"]) == report["n"] and len(report["reliability"]) == 15
    assert report["per_class"]["REFUTED"]["support"] == 4
    assert report["model"] == "verifier.test-overlap.v1" and report["verifier"] == "test-overlap"
    assert report["claims_per_second"] > 0 and 0 < report["latency_ms_p50"] <= report["latency_ms_p95"]
    assert dt.datetime.fromisoformat(report["date"]).tzinfo is not None
    assert seen[-1] == (13, 13)
    assert json.loads(json.dumps(report)) == report  # JSON-able as is


def test_limit_takes_the_first_rows(claims_file: Path, overlap_verifier: OverlapVerifier) -> None:
    report = evaluate(claims_file, verifier="test-overlap", limit=5)
    assert report["rows"] == 5
    assert report["n"] == 4  # the fourth row is DISPUTED
    assert report["other_labels"] == {"DISPUTED": 1}


def test_split_keeps_only_its_claims(claims_file: Path, overlap_verifier: OverlapVerifier) -> None:
    expected = [c for c, label, _ in CLAIMS if split_of(c) == "test" and label in THREE_LABELS]
    assert len(expected) == 2  # the fixture holds two scored claims of the test split
    report = evaluate(claims_file, verifier="test-overlap", split="test")
    assert report["n"] == 2 and report["rows"] == 2 and report["split"] == "test"
    assert report["other_labels"] == {}
    train = evaluate(claims_file, verifier="test-overlap", split="train")
    assert train["n"] == 11 and train["other_labels"] == {"DISPUTED": 1, "CONFLICTING": 1}


def test_nli_file_judges_the_premise(tmp_path: Path, overlap_verifier: OverlapVerifier) -> None:
    path = tmp_path / "toy.nli.jsonl"
    rows = [("Rome is a city in Italy.", "Rome is in Italy.", "SUPPORTED"),
            ("Rome is a city in Italy.", "Rome is not in Italy.", "REFUTED"),
            ("Rome is a city in Italy.", "Cats can fly over oceans.", "NOT_ENOUGH_INFO")]
    path.write_text("".join(json.dumps({"id": f"n{i}", "premise": p, "hypothesis": h, "label": label}) + "\n"
                            for i, (p, h, label) in enumerate(rows)))
    report = evaluate(path, verifier="test-overlap")
    assert report["kind"] == "nli" and report["n"] == 3 and report["accuracy"] == 1.0
    with pytest.raises(InputError, match="open mode"):
        evaluate(path, verifier="test-overlap", mode="open")


class DigitScorer:
    """A stand-in check-worthiness classifier: a sentence with a number is worth checking."""

    name = "checkworthy.digits.v0"
    threshold = 0.5

    def score(self, texts: list[str]) -> list[float]:
        return [float(any(ch.isdigit() for ch in text)) for text in texts]


def test_checkworthy_file(tmp_path: Path) -> None:
    path = tmp_path / "toy.checkworthy.jsonl"
    rows = [("Unemployment fell to 4 percent last year.", True), ("We lost 700,000 jobs.", True),
            ("Our taxes are the highest in the world.", True), ("Thank you all for coming.", False),
            ("I was born in 1950.", False), ("Let me help the governor.", False)]
    path.write_text("".join(json.dumps({"id": f"c{i}", "text": t, "checkworthy": w}) + "\n"
                            for i, (t, w) in enumerate(rows)))
    report = evaluate(path, classifier=DigitScorer())
    # predicted positive: rows 0, 1, 4 -> tp 2, fp 1, fn 1
    assert report["kind"] == "checkworthy" and report["n"] == 6
    assert report["precision"] == pytest.approx(2 / 3) and report["recall"] == pytest.approx(2 / 3)
    assert report["f1"] == pytest.approx(2 / 3)
    assert report["confusion"] == {"checkworthy": {"checkworthy": 2, "not": 1}, "not": {"checkworthy": 1, "not": 2}}
    assert report["texts_per_second"] > 0 and report["model"] == "checkworthy.digits.v0"
    assert evaluate(path, classifier=DigitScorer(), limit=2)["n"] == 2
    png = plot_report(report, tmp_path / "cw.png")
    assert png.read_bytes().startswith(PNG_MAGIC)


def test_plot_writes_a_png(claims_file: Path, tmp_path: Path, overlap_verifier: OverlapVerifier) -> None:
    report = evaluate(claims_file, verifier="test-overlap")
    out = plot_report(report, tmp_path / "plots" / "report.png")
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 2 * height * 0.9  # two panels side by side


def test_table_shows_the_scores(claims_file: Path, overlap_verifier: OverlapVerifier) -> None:
    report = evaluate(claims_file, verifier="test-overlap")
    console = Console(record=True, width=120)
    print_report(report, console)
    text = console.export_text()
    assert "macro_f1" in text and f"{report['accuracy']:.3f}" in text
    assert "DISPUTED: 1" in text and "NOT_ENOUGH_INFO" in text


@pytest.mark.parametrize("options, error", [
    ({"mode": "web"}, InputError), ({"split": "dev"}, InputError), ({"limit": 0}, InputError),
    ({"top_k": 0}, InputError), ({"verifier": "no-such-verifier"}, NotFoundError),
])
def test_bad_options(claims_file: Path, options: dict, error: type[Exception]) -> None:
    with pytest.raises(error):
        evaluate(claims_file, **options)


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        evaluate(tmp_path / "missing.claims.jsonl")
    (tmp_path / "notes.txt").write_text("hi\n")
    with pytest.raises(InputError, match="unknown benchmark format"):
        evaluate(tmp_path / "notes.txt")
    only_other = tmp_path / "other.claims.jsonl"
    only_other.write_text(json.dumps({"id": "1", "claim": "x", "label": "DISPUTED", "evidence": []}) + "\n")
    with pytest.raises(InputError, match="no rows labelled"):
        evaluate(only_other, verifier="test-overlap")


def test_resolve_benchmark(claims_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_benchmark(claims_file) == claims_file
    data = tmp_path / "work" / "shared" / "data"
    data.mkdir(parents=True)
    (data / "mini.nli.jsonl").write_text("")
    (tmp_path / "work" / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "work" / "repo")
    assert resolve_benchmark("mini") == (data / "mini.nli.jsonl").resolve()
    assert resolve_benchmark("mini.nli.jsonl") == (data / "mini.nli.jsonl").resolve()
    with pytest.raises(InputError, match="no such benchmark"):
        resolve_benchmark("absent")


def test_predictions_hold_one_line_per_judged_row_matching_the_report(claims_file: Path, tmp_path: Path,
                                                                     overlap_verifier: OverlapVerifier) -> None:
    out = tmp_path / "rows.jsonl"
    report = evaluate(claims_file, verifier="test-overlap", predictions=out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == report["n"]
    for gold, by_label in report["confusion"].items():
        for label, count in by_label.items():
            assert sum(r["gold"] == gold and r["label"] == label for r in rows) == count
    scored = {ex.id: ex for ex in read_examples(claims_file) if ex.label in THREE_LABELS}
    for row in rows:
        assert row["claim"] == scored[row["id"]].claim and row["gold"] == scored[row["id"]].label
        assert row["confidence"] == pytest.approx(row["probabilities"][row["label"]], abs=1e-3)
        assert [e["text"] for e in row["evidence"]] == [e.text for e in scored[row["id"]].evidence]
