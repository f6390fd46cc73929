"""How much of each visible set's label does the claim alone give away? (issue 10, Schuster et al. 2019)

For every *.claims.jsonl and *.nli.jsonl file in ../shared/data (for NLI the "claim" is the hypothesis), the
claim-only model of factdesk/train/debias.py (`ClaimOnlyModel`, needs the train extra: scikit-learn) is scored
on the file's test split, trained three ways:

- ``own``: on the train split of that file alone;
- ``pooled``: on the train splits of all the files together (uncapped; the verifier's mix caps each file);
- ``majority``: no model, the most frequent label of the file's train split.

The contrastive suite (factdesk/data/suites, not split) is scored whole by the pooled model: its true and
altered claims share their wording, so the claim alone should not give its labels away.

    nice -n 19 python bench/claim_only.py             # table + bench/results/claim_only.json
    python bench/claim_only.py --data DIR --out x.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from factdesk.eval import metrics
from factdesk.eval.datasets import THREE_LABELS, Example, read_examples
from factdesk.eval.runner import SUITES_DIR

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "results" / "claim_only.json"
WAYS = ("own", "pooled", "majority")


def scored(examples: list[Example]) -> list[Example]:
    return [ex for ex in examples if ex.label in THREE_LABELS]


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    return {"accuracy": metrics.accuracy(gold, pred), "macro_f1": metrics.macro_f1(gold, pred)}


def fitted(examples: list[Example]):  # type: ignore[no-untyped-def]  # a ClaimOnlyModel
    from factdesk.train.debias import ClaimOnlyModel

    return ClaimOnlyModel().fit([ex.claim for ex in examples], [ex.label for ex in examples])


def measure(data: Path, progress: Progress) -> dict:
    files = sorted([*data.glob("*.claims.jsonl"), *data.glob("*.nli.jsonl")])
    if not files:
        raise FileNotFoundError(f"no *.claims.jsonl or *.nli.jsonl files in {data}")
    task = progress.add_task("reading", total=2 * len(files) + 2)
    splits: dict[str, tuple[list[Example], list[Example]]] = {}
    for path in files:
        progress.update(task, description=path.name)
        splits[path.name] = (scored(read_examples(path, "train")), scored(read_examples(path, "test")))
        progress.advance(task)
    progress.update(task, description="pooled model")
    pooled = fitted([ex for train, _ in splits.values() for ex in train])
    progress.advance(task)
    rows = []
    for name, (train, test) in splits.items():
        progress.update(task, description=f"{name} (own model)")
        gold = [ex.label for ex in test]
        if not train or not test:
            rows.append({"file": name, "n_train": len(train), "n_test": len(test)})
            progress.advance(task)
            continue
        majority = Counter(ex.label for ex in train).most_common(1)[0][0]
        rows.append({
            "file": name, "n_train": len(train), "n_test": len(test),
            "own": scores(gold, fitted(train).predict([ex.claim for ex in test])),
            "pooled": scores(gold, pooled.predict([ex.claim for ex in test])),
            "majority": {"label": majority, **scores(gold, [majority] * len(gold))},
        })
        progress.advance(task)
    suite = scored(read_examples(SUITES_DIR / "contrast.claims.jsonl"))
    suite_pred = pooled.predict([ex.claim for ex in suite])
    contrast = {"n": len(suite), "pooled": scores([ex.label for ex in suite], suite_pred)}
    progress.advance(task)
    return {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "data": str(data), "split": "test",
            "model": "claim-only: word 1-2 grams, SGD logistic regression (factdesk/train/debias.py)",
            "pooled_train_rows": sum(len(train) for train, _ in splits.values()), "files": rows,
            "contrast_suite": contrast}


def short(name: str) -> str:
    """'fever-gold.claims.jsonl' -> 'fever-gold', 'anli-dev.nli.jsonl' -> 'anli-dev (nli)'."""
    stem, kind = name.split(".")[0], name.split(".")[-2]
    return stem if kind == "claims" else f"{stem} ({kind})"


def table(report: dict) -> Table:
    out = Table(title=f"Claim-only accuracy / macro-F1 on each test split ({report['date'][:10]})",
                title_justify="left")
    out.add_column("file", no_wrap=True)
    for column in ("train", "test", *WAYS):
        out.add_column(column, justify="right", no_wrap=True)
    for row in report["files"]:
        cells = [f"{row[w]['accuracy']:.3f} / {row[w]['macro_f1']:.3f}" if w in row else "-" for w in WAYS]
        out.add_row(short(row["file"]), str(row["n_train"]), str(row["n_test"]), *cells)
    suite = report["contrast_suite"]
    out.add_row("contrast (all rows)", "-", str(suite["n"]), "-",
                f"{suite['pooled']['accuracy']:.3f} / {suite['pooled']['macro_f1']:.3f}", "-")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help=f"benchmark folder (default: {DATA})")
    parser.add_argument("--out", type=Path, default=OUT, help="JSON report (default: bench/results/claim_only.json)")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        console.print("error: the claim-only model needs scikit-learn: pip install -e '.[train]'")
        return 1
    started = time.perf_counter()
    try:
        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as progress:
            report = measure(args.data, progress)
    except (OSError, ValueError) as exc:
        console.print(f"error: {exc}")
        return 1
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    Console(width=max(100, Console().width)).print(table(report))  # the rows fit in 100 columns, not in 80
    console.print(f"wrote {args.out} ({report['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
