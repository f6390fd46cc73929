"""Verifier throughput at fever-gold lengths, against a plain int8 export of the same base, in the same run.

The shipped verifier (fused BERT kernels, int8 incl. attention, one pair per call so a verdict never depends on
its batch-mates) is timed beside a *plain* int8 export of all-MiniLM-L6-v2 with a classification head (no
fusion, MatMul/Gather int8, the usual recipe), scored in batches of 32 as a plain setup would. The issue's
floor: shipped / plain >= 1.0. Building the plain export needs the train extra (torch); it is cached in runs/.

    python bench/verifier_throughput.py [--n 1024] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "verifier_throughput.json"
PLAIN = ROOT / "runs" / "plain-minilm-int8"


def pairs(n: int) -> list[tuple[str, str]]:
    from factdesk.eval.datasets import read_examples
    from factdesk.verify.encoding import evidence_text

    rows = read_examples(ROOT.parent / "shared" / "data" / "fever-gold.claims.jsonl", "test")[:n]
    return [(r.claim, evidence_text([(e.title, e.text) for e in r.evidence])) for r in rows]


def plain_export() -> Path:
    if (PLAIN / "model.onnx").exists():
        return PLAIN
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from factdesk.train.export import export_onnx
    from factdesk.train.finetune import base_model_dir

    checkpoint = PLAIN.with_name("plain-minilm-checkpoint")
    AutoModelForSequenceClassification.from_pretrained(base_model_dir(), num_labels=3).save_pretrained(checkpoint)
    AutoTokenizer.from_pretrained(base_model_dir()).save_pretrained(checkpoint)
    export_onnx(checkpoint, PLAIN, kind="classifier", int8=True, fuse=False)
    return PLAIN


def rate(directory: Path | None, data: list[tuple[str, str]], batch_size: int) -> float:
    from factdesk.nn import load_model, weights_dir

    model = load_model(str(directory or weights_dir("verifier-minilm")))
    model.run(data[:64], batch_size=batch_size)  # warm-up
    started = time.perf_counter()
    model.run(data, batch_size=batch_size)
    return len(data) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    args = parser.parse_args()
    data = pairs(args.n)
    plain = plain_export()
    conditions = {"shipped (fused int8, batch 1)": (None, 1), "plain int8 export, batch 32": (plain, 32),
                  "plain int8 export, batch 1": (plain, 1)}
    measured: dict[str, list[float]] = {name: [] for name in conditions}
    for _ in range(args.rounds):  # alternate, so a noisy moment hits every condition alike
        for name, (directory, batch) in conditions.items():
            measured[name].append(rate(directory, data, batch))
    median = {name: sorted(v)[len(v) // 2] for name, v in measured.items()}
    ratio = median["shipped (fused int8, batch 1)"] / median["plain int8 export, batch 32"]
    result = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "pairs": len(data), "rounds": args.rounds,
              "pairs_per_second": {k: round(v, 1) for k, v in median.items()},
              "all_rounds": {k: [round(x, 1) for x in v] for k, v in measured.items()},
              "shipped_over_plain": round(ratio, 3), "floor": 1.0}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    for key, value in median.items():
        print(f"{key:<34} {value:>8.1f} pairs/s")
    print(f"{'shipped / plain (batch 32)':<34} {ratio:>8.3f}   (floor 1.0)")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
