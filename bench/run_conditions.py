"""Benchmarks as data: every condition in bench/conditions.json is an eval run with its expected figures.

Runs them (all, or those whose name contains a filter), prints measured vs expected, writes
bench/results/<name>.json, and exits 1 when a figure falls below its expectation minus the tolerance.

    python bench/run_conditions.py            # everything (about 15 min on 2 cores)
    python bench/run_conditions.py fever      # only conditions whose name contains "fever"
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def main(argv: list[str]) -> int:
    from factdesk.eval.runner import evaluate, resolve_benchmark

    conditions = json.loads((ROOT / "bench" / "conditions.json").read_text())
    wanted = [c for c in conditions if not argv or any(f in c["name"] for f in argv)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    failed = 0
    print(f"{'condition':<34} {'figure':<24} {'measured':>9} {'expected':>9}  ok")
    for condition in wanted:
        started = time.time()
        report = evaluate(resolve_benchmark(condition["file"]), **condition.get("options", {}))
        report["seconds"] = round(time.time() - started, 1)
        (RESULTS / f"{condition['name']}.json").write_text(json.dumps(report, indent=2) + "\n")
        for figure, (expected, tolerance) in condition.get("expect", {}).items():
            measured = report
            for key in figure.split("."):
                measured = measured[key]
            ok = float(measured) >= expected - tolerance  # type: ignore[arg-type]
            failed += not ok
            mark = "✓" if ok else "✗"
            print(f"{condition['name']:<34} {figure:<24} {float(measured):>9.4f} {expected:>9.4f}  {mark}")  # type: ignore[arg-type]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
