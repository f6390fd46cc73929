"""Markdown tables of the measured figures in bench/results/*.json, for docs/benchmarks.md.

    python bench/report.py            # prints the tables; paste them into docs/benchmarks.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
CONDITIONS = Path(__file__).resolve().parent / "conditions.json"


def _load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _row(cells: list[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def verifier_table(conditions: list[dict]) -> list[str]:
    lines = [_row(["condition", "mode", "aggregation", "n", "accuracy", "macro-F1", "NEI-vs-enough F1", "ECE",
                   "recall@5", "claims/s", "date"]),
             _row(["---"] * 11)]
    for condition in conditions:
        report = _load(condition["name"])
        if report is None or report.get("kind") == "checkworthy":
            continue
        recall = report.get("recall_at", {}).get("5")
        lines.append(_row([
            condition["name"], report["mode"], report["aggregation"], report["n"], f"{report['accuracy']:.3f}",
            f"{report['macro_f1']:.3f}", f"{report['nei_vs_enough_macro_f1']:.3f}", f"{report['ece']:.3f}",
            "" if recall is None else f"{recall:.3f}", f"{report['claims_per_second']:.1f}", report["date"][:10],
        ]))
    return lines


def checkworthy_table(conditions: list[dict]) -> list[str]:
    lines = [_row(["condition", "n", "precision", "recall", "F1", "threshold", "date"]), _row(["---"] * 7)]
    for condition in conditions:
        report = _load(condition["name"])
        if report is None or report.get("kind") != "checkworthy":
            continue
        lines.append(_row([condition["name"], report["n"], f"{report['precision']:.3f}", f"{report['recall']:.3f}",
                           f"{report['f1']:.3f}", report["threshold"], report["date"][:10]]))
    return lines


def main() -> int:
    conditions = json.loads(CONDITIONS.read_text())
    print("\n".join(["### Verifier", "", *verifier_table(conditions), "", "### Check-worthiness", "",
                     *checkworthy_table(conditions)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
