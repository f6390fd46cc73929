"""Verifier throughput at fever-gold lengths: claim-passage pairs per second, int8 ONNX (shipped) against the
fp32 ONNX export of the same checkpoint (baseline, when present), in the same run. Target: >= 200 pairs/s int8.

    python bench/verifier_throughput.py [--fp32 runs/verifier/onnx-fp32] [--n 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "verifier_throughput.json"


def pairs(n: int) -> list[tuple[str, str]]:
    from factdesk.eval.datasets import read_examples
    from factdesk.verify.encoding import evidence_text

    rows = read_examples(ROOT.parent / "shared" / "data" / "fever-gold.claims.jsonl", "test")[:n]
    return [(r.claim, evidence_text([(e.title, e.text) for e in r.evidence])) for r in rows]


def rate(directory: Path | None, data: list[tuple[str, str]], batch_size: int) -> float:
    from factdesk.nn import load_model, weights_dir

    model = load_model(str(directory or weights_dir("verifier-minilm")))
    model.run(data[:64], batch_size=batch_size)  # warm-up
    started = time.perf_counter()
    model.run(data, batch_size=batch_size)
    return len(data) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fp32", type=Path, help="an fp32 ONNX export of the same model (baseline)")
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    data = pairs(args.n)
    rows = {}
    for batch in (1, 32):
        rows[f"int8 (shipped), batch {batch}"] = rate(None, data, batch)
        if args.fp32:
            rows[f"fp32 (baseline), batch {batch}"] = rate(args.fp32, data, batch)
    result = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "pairs": len(data),
              "pairs_per_second": {k: round(v, 1) for k, v in rows.items()}, "target": 200}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    for key, value in rows.items():
        print(f"{key:<32} {value:>8.1f} pairs/s")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
