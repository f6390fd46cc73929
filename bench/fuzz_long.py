"""The long fuzz run: every parser of tests/fuzz fed --inputs inputs (default 100,000), counted, in rounds.

Each round is one `pytest tests/fuzz` process with a fresh Hypothesis seed; every parser not yet at its target
gets a share sized from its measured speed so that it runs about --round-seconds, which keeps the parsers
level when the run is stopped early (a shared machine, a deadline). tests/fuzz/conftest.py counts the inputs
each test actually ran (FACTDESK_FUZZ_COUNTS) and takes the per-test shares (FACTDESK_FUZZ_PLAN). After every
round the totals go to --out (default bench/results/fuzz_long.json); a crash is recorded with Hypothesis's
falsifying example and that parser stops (it needs a fix, not more inputs), the others go on.

    nice -n 19 python bench/fuzz_long.py                        # until every parser has 100,000 inputs
    nice -n 19 python bench/fuzz_long.py --deadline-minutes 90  # stop after 90 minutes, recording what it reached
    nice -n 19 python bench/fuzz_long.py --resume               # add to the totals already in --out
    nice -n 19 python bench/fuzz_long.py --resume --parsers test_html test_jsonl_files --restart test_jsonl_files
        # only these parsers, in this order; test_jsonl_files counts from 0 (its code or test changed, so
        # its earlier inputs and failures move to its "earlier" entry); a parser named here that the totals
        # do not have yet (a fuzz test added since) starts from 0

Every invocation is listed under "runs" with the commit it ran on and whether the tree had uncommitted
changes (what ran is the working tree).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "fuzz_long.json"
FIRST_ROUND_INPUTS = 200  # the first round's inputs per parser: enough to measure its speed


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def plan_round(parsers: dict[str, dict[str, Any]], target: int, round_seconds: float,
               most: int | None = None) -> dict[str, int]:
    """Inputs per parser for the next round: about round_seconds of each one's measured speed, at most `most`
    (a speed measured on a quieter machine would size a round that never ends on a busy one)."""
    plan = {}
    for name, totals in parsers.items():
        left = target - totals["inputs"]
        if left <= 0 or totals["crashes"]:
            continue
        rate = totals["inputs"] / totals["seconds"] if totals["seconds"] > 0 else 0
        share = int(rate * round_seconds) if rate else FIRST_ROUND_INPUTS
        plan[name] = max(1, min(left, max(share, 50), most or left))
    return plan


def git_state() -> dict[str, Any]:
    """The commit the run starts on, and whether the package or the fuzz tests differ from it."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--untracked-files=no", "--", "factdesk", "tests/fuzz").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": [line[3:] for line in changed]}


def restart(totals: dict[str, Any], run: int) -> None:
    """Count a parser from 0 again: its earlier inputs ran code or a test that has since changed."""
    earlier = {key: totals[key] for key in ("inputs", "seconds", "crashes", "failures")}
    totals.setdefault("earlier", []).append({**earlier, "until_run": run})
    totals.update(inputs=0, seconds=0.0, crashes=0, failures=[])


def run_round(nodeids: list[str], plan: dict[str, int], seed: int, log: Path,
              timeout: float | None) -> dict[str, dict[str, Any]]:
    """One pytest process over the planned parsers; what each ran, from the conftest's counts file (a round cut
    short by the deadline keeps the tests that finished)."""
    with tempfile.TemporaryDirectory() as folder:
        counts = Path(folder) / "counts.json"
        env = {**os.environ, "FACTDESK_FUZZ_EXAMPLES": str(FIRST_ROUND_INPUTS), "FACTDESK_FUZZ_PLAN": json.dumps(plan),
               "FACTDESK_FUZZ_COUNTS": str(counts)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}",
                   *(nodeids or ["tests/fuzz"])]
        with log.open("a") as out:
            out.write(f"\n=== {now()} seed {seed} plan {json.dumps(plan)}\n")
            out.flush()
            try:
                subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False,
                               timeout=timeout)
            except subprocess.TimeoutExpired:
                out.write(f"=== {now()} stopped at the deadline\n")
        return json.loads(counts.read_text()) if counts.exists() else {}


def fuzz_tests() -> dict[str, str]:
    """Test name -> node id of every test under tests/fuzz, as pytest collects them."""
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "tests/fuzz"], cwd=ROOT, capture_output=True, text=True, check=False).stdout
    return {line.rsplit("::", 1)[1]: line for line in listed.splitlines() if "::" in line and " " not in line}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs per parser (default 100,000)")
    parser.add_argument("--round-seconds", type=float, default=60, help="seconds per parser per round (60)")
    parser.add_argument("--round-inputs", type=int, default=None, help="at most this many inputs per parser per round")
    parser.add_argument("--deadline-minutes", type=float, default=None, help="stop starting rounds after this")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--resume", action="store_true", help="add to the totals already in --out")
    parser.add_argument("--parsers", nargs="+", metavar="TEST", help="only these parsers (test names), in order")
    parser.add_argument("--restart", nargs="+", default=[], metavar="TEST",
                        help="with --resume: count these parsers from 0 (their code or test changed)")
    args = parser.parse_args()

    record: dict[str, Any] = {
        "command": "python bench/fuzz_long.py " + " ".join(sys.argv[1:]), "target_inputs_per_parser": args.inputs,
        "started": now(), "host": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                   "niceness": os.nice(0)},
        "rounds": 0, "wall_seconds": 0.0, "parsers": {},
    }
    if args.resume and args.out.exists():
        record = json.loads(args.out.read_text())
        record["command"] += " ; python bench/fuzz_long.py " + " ".join(sys.argv[1:])
    runs = record.setdefault("runs", [])
    runs.append({"command": "python bench/fuzz_long.py " + " ".join(sys.argv[1:]), "started": now(),
                 "first_round": record["rounds"], **git_state()})
    parsers: dict[str, dict[str, Any]] = record["parsers"]
    if parsers:  # a fuzz test added since the totals began starts from 0
        for name, nodeid in fuzz_tests().items():
            if name in (args.parsers or []) and name not in parsers:
                parsers[name] = {"nodeid": nodeid, "inputs": 0, "seconds": 0.0, "crashes": 0, "failures": []}
    unknown = [name for name in [*args.restart, *(args.parsers or [])] if parsers and name not in parsers]
    if unknown:
        raise SystemExit(f"error: no parser {unknown[0]!r} in {args.out} or tests/fuzz (known: {', '.join(parsers)})")
    for name in args.restart:
        restart(parsers[name], len(runs) - 1)
    chosen = {name: parsers[name] for name in args.parsers} if args.parsers and parsers else parsers
    log = args.out.with_suffix(".log")
    deadline = time.monotonic() + args.deadline_minutes * 60 if args.deadline_minutes else None
    started = time.monotonic() - record["wall_seconds"]
    while deadline is None or time.monotonic() < deadline:
        plan = plan_round(chosen, args.inputs, args.round_seconds, args.round_inputs) if parsers else {}
        if parsers and not plan:
            break
        seed = 1_000 + record["rounds"]
        timeout = max(deadline - time.monotonic(), 1) if deadline else None
        ran = run_round([parsers[name]["nodeid"] for name in plan], plan, seed, log, timeout)
        if not ran and not parsers:
            raise SystemExit(f"error: the round with seed {seed} ran no fuzz test; see {log}")
        for name, counts in ran.items():
            totals = parsers.setdefault(name, {"nodeid": counts["nodeid"], "inputs": 0, "seconds": 0.0,
                                               "crashes": 0, "failures": []})
            totals["inputs"] += counts["inputs"]
            totals["seconds"] = round(totals["seconds"] + counts["seconds"], 3)
            if counts["outcome"] == "failed":
                totals["crashes"] += 1
                totals["failures"].append({"seed": seed, "report": counts["failure"]})
        record.update(rounds=record["rounds"] + 1, wall_seconds=round(time.monotonic() - started, 1),
                      updated=now(), done=all(t["inputs"] >= args.inputs for t in parsers.values()))
        runs[-1].update(rounds=record["rounds"] - runs[-1]["first_round"], updated=record["updated"])
        args.out.write_text(json.dumps(record, indent=1) + "\n")
        reached = ", ".join(f"{name} {t['inputs']:,}" for name, t in parsers.items())
        print(f"round {record['rounds']}: {reached}", flush=True)
    crashes = sum(t["crashes"] for t in parsers.values())
    print(f"{'done' if record.get('done') else 'stopped'}: {len(parsers)} parsers, {crashes} crashes; {args.out}")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
