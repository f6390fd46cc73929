"""Scoring the ledger as forecasting sites do: the Brier score, a reliability table, and Murphy's decomposition.

The Brier score of a forecast p of an event whose outcome o is 1 (it happened) or 0 is (p - o)²; a source's score
is the mean over its resolved predictions that had a stated likelihood. 0 is perfect, 0.25 is what always saying
"even chance" earns, 1 is always certain and always wrong. Void and open predictions are not scored.

    >>> brier([(0.9, 1), (0.7, 0)])
    0.25
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel

from factdesk.errors import InputError
from factdesk.predictions.ledger import LedgerEntry

GROUPINGS = ("source", "author")


class Score(BaseModel):
    group: str  # the outlet or author, or "all"
    count: int  # predictions in the ledger
    resolved: int  # resolved true or false
    void: int
    resolution_rate: float  # share of the predictions resolved (true, false or void)
    scored: int  # resolved with a stated likelihood: the ones the Brier score is over
    brier: float | None


class ReliabilityBin(BaseModel):
    stated: float  # the stated likelihood (one band of the scale)
    count: int
    observed: float  # share of those predictions that came true


class Decomposition(BaseModel):
    """Murphy (1973): Brier = reliability - resolution + uncertainty, with one bin per stated likelihood."""

    reliability: float  # how far stated likelihoods are from outcome frequencies (lower is better)
    resolution: float  # how much outcome frequencies differ between bins (higher is better)
    uncertainty: float  # base rate x (1 - base rate): what no forecaster controls


def brier(pairs: Iterable[tuple[float, int]]) -> float | None:
    """Mean of (p - o)² over (stated likelihood, outcome) pairs; None when there are none."""
    pairs = list(pairs)
    if not pairs:
        return None
    return round(sum((p - o) ** 2 for p, o in pairs) / len(pairs), 6)


def scored_pairs(entries: Iterable[LedgerEntry]) -> list[tuple[float, int]]:
    return [(e.likelihood, e.outcome) for e in entries if e.outcome is not None and e.likelihood is not None]


def _score(group: str, entries: Sequence[LedgerEntry]) -> Score:
    resolved = sum(e.outcome is not None for e in entries)
    void = sum(e.status == "void" for e in entries)
    pairs = scored_pairs(entries)
    return Score(group=group, count=len(entries), resolved=resolved, void=void,
                 resolution_rate=round((resolved + void) / len(entries), 6) if entries else 0.0,
                 scored=len(pairs), brier=brier(pairs))


def scores(entries: Sequence[LedgerEntry], by: str | None = None) -> list[Score]:
    """One Score for the whole ledger, or one per outlet (`by="source"`) or author, best Brier first."""
    if by is None:
        return [_score("all", entries)]
    if by not in GROUPINGS:
        raise InputError(f"--by is one of {', '.join(GROUPINGS)}, not {by!r}")
    groups: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        key = entry.outlet if by == "source" else entry.author
        groups.setdefault(key or "(unknown)", []).append(entry)
    out = [_score(name, members) for name, members in groups.items()]
    return sorted(out, key=lambda s: (s.brier is None, s.brier if s.brier is not None else 0.0, s.group))


def reliability(entries: Iterable[LedgerEntry]) -> list[ReliabilityBin]:
    """Stated likelihood against how often those predictions came true, one row per stated value."""
    return _bins(scored_pairs(entries))


def _bins(pairs: Sequence[tuple[float, int]]) -> list[ReliabilityBin]:
    bins: dict[float, list[int]] = {}
    for p, o in pairs:
        bins.setdefault(p, []).append(o)
    return [ReliabilityBin(stated=p, count=len(os), observed=sum(os) / len(os)) for p, os in sorted(bins.items())]


def decomposition(entries: Iterable[LedgerEntry]) -> Decomposition | None:
    pairs = scored_pairs(entries)
    if not pairs:
        return None
    n = len(pairs)
    base = sum(o for _, o in pairs) / n
    table = _bins(pairs)
    rel = sum(b.count * (b.stated - b.observed) ** 2 for b in table) / n
    res = sum(b.count * (b.observed - base) ** 2 for b in table) / n
    return Decomposition(reliability=round(rel, 6), resolution=round(res, 6), uncertainty=round(base * (1 - base), 6))


def plot_reliability(table: Sequence[ReliabilityBin], path: Path, title: str = "Predictions ledger") -> None:
    """A reliability diagram: stated likelihood against observed frequency, dot area by count (needs matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'factdesk[plot]'") from None
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    if table:
        ax.scatter([b.stated for b in table], [b.observed for b in table], s=[40 + 20 * b.count for b in table],
                   color="tab:blue", label="resolved predictions")
        for b in table:
            ax.annotate(str(b.count), (b.stated, b.observed), textcoords="offset points", xytext=(6, 6))
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="stated likelihood", ylabel="share that came true", title=title)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
