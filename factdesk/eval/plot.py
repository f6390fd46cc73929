"""A PNG of an evaluation report: the reliability diagram and the confusion matrix.

matplotlib is an optional dependency (``pip install factdesk[plot]``), imported only here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factdesk.errors import FactdeskError


def _reliability(ax: Any, bins: list[dict[str, float]], ece: float | None) -> None:
    lefts = [b["lo"] for b in bins]
    width = bins[0]["hi"] - bins[0]["lo"]
    filled = [b for b in bins if b["count"]]
    ax.bar(lefts, [b["accuracy"] if b["count"] else 0.0 for b in bins], width=width, align="edge",
           color="#4c72b0", edgecolor="white", label="accuracy")
    ax.plot([b["confidence"] for b in filled], [b["confidence"] for b in filled], "o", color="#dd8452",
            markersize=4, label="mean confidence")
    ax.plot([0, 1], [0, 1], "--", color="grey", linewidth=1, label="perfect calibration")
    total = sum(b["count"] for b in bins) or 1
    for b in filled:  # how much each bar weighs in the ECE
        ax.text(b["lo"] + width / 2, 0.02, f"{100 * b['count'] / total:.0f}%", ha="center", fontsize=6,
                color="white", rotation=90)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence of the predicted label", ylabel="accuracy",
           title="Reliability" + (f" (ECE {ece:.3f})" if ece is not None else ""))
    ax.legend(loc="upper left", fontsize=7)


def _confusion(ax: Any, table: dict[str, dict[str, int]]) -> None:
    gold = list(table)
    predicted = list(next(iter(table.values())))
    counts = [[table[g][p] for p in predicted] for g in gold]
    peak = max((c for row in counts for c in row), default=0) or 1
    ax.imshow(counts, cmap="Blues", vmin=0, vmax=peak)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            ax.text(j, i, str(count), ha="center", va="center", color="white" if count > peak / 2 else "black")
    short = [label.replace("NOT_ENOUGH_INFO", "NEI") for label in predicted]
    ax.set_xticks(range(len(predicted)), short)
    ax.set_yticks(range(len(gold)), [label.replace("NOT_ENOUGH_INFO", "NEI") for label in gold])
    ax.set(xlabel="predicted", ylabel="gold", title="Confusion")


def require_matplotlib() -> None:
    """Fail now, with the install command, if matplotlib is missing."""
    try:
        import matplotlib
    except ImportError:
        raise FactdeskError("plotting needs matplotlib: pip install 'factdesk[plot]'") from None
    matplotlib.use("Agg")


def plot_report(report: dict[str, Any], path: Path) -> Path:
    """Write the report's figure to `path` (PNG) and return the path."""
    require_matplotlib()
    import matplotlib.pyplot as plt

    panels = [name for name in ("reliability", "confusion") if report.get(name)]
    if not panels:
        raise FactdeskError("the report has nothing to plot (no reliability bins, no confusion matrix)")
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4.6), squeeze=False)
    for ax, name in zip(axes[0], panels, strict=True):
        if name == "reliability":
            _reliability(ax, report["reliability"], report.get("ece"))
        else:
            _confusion(ax, report["confusion"])
    fig.suptitle(f"{Path(report.get('file', '')).name} · {report.get('model', '')} · "
                 f"{report.get('mode') or report.get('kind', '')} · {report.get('split', '')} · n={report.get('n')}",
                 fontsize=9)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=110)
    plt.close(fig)
    return path
