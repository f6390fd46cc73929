"""Accuracy per generator and per class on pairs made from the *calib* split (never trained on): does the
verifier learn what each generator targets (factdesk/train/contrast.py, factdesk/train/verifier_data.py)?

    python bench/verifier_generators.py [--verifier onnx:DIR] [--label v2]

Prints a table and writes bench/results/verifier/<label>/generators.json.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verifier", default="minilm-xenc")
    parser.add_argument("--label", default="current")
    args = parser.parse_args()
    from factdesk.models import LABELS
    from factdesk.train.verifier_data import build_pairs
    from factdesk.verify.base import verifiers

    pairs = build_pairs(ROOT.parent / "shared" / "data", split="calib")
    verifier = verifiers.create(args.verifier)
    probs = verifier.probabilities([(p.claim, p.evidence) for p in pairs])  # type: ignore[attr-defined]
    predicted = [LABELS[i].value for i in probs.argmax(1)]
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for pair, label in zip(pairs, predicted, strict=True):
        key = pair.generator if pair.generator != "gold" else f"gold:{pair.domain}"
        table[key]["n"] += 1
        table[key]["correct"] += label == pair.label
        table[key][f"-> {label}"] += 1
    report = {key: {"n": c["n"], "accuracy": round(c["correct"] / c["n"], 4),
                    "predicted": {k[3:]: v for k, v in c.items() if k.startswith("-> ")}}
              for key, c in sorted(table.items())}
    out = ROOT / "bench" / "results" / "verifier" / args.label / "generators.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'pairs (calib split)':<28} {'n':>5} {'acc':>6}  predicted S/R/N")
    for key, row in report.items():
        p = row["predicted"]
        counts = "/".join(str(p.get(label.value, 0)) for label in LABELS)
        print(f"{key:<28} {row['n']:>5} {row['accuracy']:>6.3f}  {counts}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
