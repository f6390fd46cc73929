"""Verifier versions side by side on every visible set (gold mode, test splits; the contrast suite whole).

    python bench/verifier_compare.py --verifier onnx:runs/verifier-v1 --label v1 --no-guard
    python bench/verifier_compare.py --label v2                    # the shipped model and defaults
    python bench/verifier_compare.py --label v2-blend --aggregation blend
    python bench/verifier_compare.py --label v5-whole --no-parts    # claims of several clauses judged whole only

Each run writes bench/results/verifier/<label>/<set>.json and prints accuracy, macro-F1, ECE and, for the
contrast suite, how many altered numbers/dates/names came out SUPPORTED. `bench/verifier_compare.py --table`
prints every label found in bench/results/verifier/ as one table (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "verifier"
#: set name -> (benchmark file, split)
SETS = {
    "fever-gold": ("fever-gold", "test"),
    "feverous-dev": ("feverous-dev", "test"),
    "covidfact": ("covidfact", "test"),
    "sufficient-facts": ("sufficient-facts", "test"),
    "healthver-dev": ("healthver-dev", "test"),
    "healthver-train": ("healthver-train", "test"),
    "averitec-train": ("averitec-train", "test"),
    "liarplus-train": ("liarplus-train", "test"),
    "scifact-train": ("scifact-train", "test"),
    "sick-train": ("sick-train", "test"),
    "anli-dev": ("anli-dev", "test"),
    "snli-partial": ("snli-partial", "test"),
    "contrast": ("contrast", "all"),
}
FIGURES = ("accuracy", "macro_f1", "nei_vs_enough_macro_f1", "ece")


def run(label: str, verifier: str, aggregation: str | None, guard: bool, parts: bool, only: list[str]) -> None:
    from factdesk.eval.runner import evaluate, resolve_benchmark

    folder = OUT / label
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'set':<18} {'n':>5} {'acc':>6} {'F1':>6} {'NEIvE':>6} {'ECE':>6} {'s':>5}")
    for name, (file, split) in SETS.items():
        if only and name not in only:
            continue
        started = time.time()
        report = evaluate(resolve_benchmark(Path(file)), verifier=verifier, split=split, aggregation=aggregation,
                          guard=guard, parts=parts)
        report["seconds"] = round(time.time() - started, 1)
        (folder / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
        print(f"{name:<18} {report['n']:>5} " + " ".join(f"{report[f]:>6.3f}" for f in FIGURES)
              + f" {report['seconds']:>5.0f}", flush=True)


def table() -> None:
    labels = sorted(p.name for p in OUT.iterdir() if p.is_dir())
    print("| set | figure | " + " | ".join(labels) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in labels) + " |")
    for name in SETS:
        for figure in ("accuracy", "macro_f1", "ece"):
            cells = []
            for label in labels:
                path = OUT / label / f"{name}.json"
                cells.append(f"{json.loads(path.read_text())[figure]:.3f}" if path.exists() else "")
            if any(cells):
                print(f"| {name} | {figure} | " + " | ".join(cells) + " |")
        extra = []
        for label in labels:
            path = OUT / label / f"{name}.json"
            report = json.loads(path.read_text()) if path.exists() else {}
            extra.append(str(report.get("supported_when_altered", "")))
        if any(extra):
            print(f"| {name} | altered value -> SUPPORTED | " + " | ".join(extra) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="current")
    parser.add_argument("--verifier", default="minilm-xenc")
    parser.add_argument("--aggregation", choices=["concat", "max", "hybrid", "blend", "learned"])
    parser.add_argument("--no-guard", action="store_true")
    parser.add_argument("--no-parts", action="store_true", help="judge claims of several clauses whole only")
    parser.add_argument("--table", action="store_true", help="print the table of every stored label and exit")
    parser.add_argument("sets", nargs="*", help=f"only these of: {', '.join(SETS)}")
    args = parser.parse_args()
    if args.table:
        table()
    else:
        run(args.label, args.verifier, args.aggregation, not args.no_guard, not args.no_parts, args.sets)


if __name__ == "__main__":
    main()
