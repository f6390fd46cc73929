"""The evaluation report as rich tables for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table


def _summary(report: dict[str, Any]) -> Table:
    table = Table(title=f"{report['file']} ({report['kind']}, {report.get('mode') or '-'}, split {report['split']})",
                  show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    if report["kind"] == "checkworthy":
        keys = ["n", "positives", "threshold", "precision", "recall", "f1", "accuracy", "texts_per_second"]
    else:
        keys = ["n", "accuracy", "macro_f1", "ece", "abstained", "claims_per_second", "latency_ms_p50",
                "latency_ms_p95"]
    for key in keys:
        value = report.get(key)
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    for k, value in (report.get("recall_at") or {}).items():
        table.add_row(f"recall@{k}", f"{value:.3f}")
    if report.get("supported_when_altered") is not None:
        # issue 10: a number, date, name or place that differs from the evidence must never come out SUPPORTED
        table.add_row("altered value -> SUPPORTED",
                      f"{report['supported_when_altered']} of {report.get('altered_value_rows', '?')}")
    if report.get("other_labels"):
        table.add_row("other labels (not scored)", ", ".join(f"{k}: {v}" for k, v in report["other_labels"].items()))
    table.add_row("model", str(report.get("model")))
    return table


def _per_class(report: dict[str, Any]) -> Table:
    table = Table(title="Per class", title_justify="left")
    for column in ("label", "precision", "recall", "f1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, s in report["per_class"].items():
        table.add_row(label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["support"]))
    return table


def _confusion(report: dict[str, Any]) -> Table:
    matrix = report["confusion"]
    predicted = list(next(iter(matrix.values())))
    table = Table(title="Confusion (rows: gold, columns: predicted)", title_justify="left")
    table.add_column("gold")
    for label in predicted:
        table.add_column(label, justify="right")
    for gold, row in matrix.items():
        table.add_row(gold, *(str(row[p]) for p in predicted))
    return table


def _per_category(report: dict[str, Any]) -> Table:
    table = Table(title="Per category", title_justify="left")
    for column in ("category", "n", "accuracy", "gold S/R/N", "predicted S/R/N"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for category, s in report["per_category"].items():
        table.add_row(category, str(s["n"]), f"{s['accuracy']:.3f}", "/".join(str(v) for v in s["gold"].values()),
                      "/".join(str(v) for v in s["predicted"].values()))
    return table


def report_table(report: dict[str, Any]) -> Group:
    parts: list[Table] = [_summary(report)]
    if report.get("per_class"):
        parts.append(_per_class(report))
    if report.get("confusion"):
        parts.append(_confusion(report))
    if report.get("per_category"):
        parts.append(_per_category(report))
    return Group(*parts)


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    (console or Console()).print(report_table(report))
