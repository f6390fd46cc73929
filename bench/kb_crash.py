"""Crash benchmark: `factdesk kb add` killed with SIGKILL 5 times on a 200,000-passage corpus, then finished.

The corpus is made by bench/kb_scale.py's `generate` (imported, seed 1): a JSONL file of documents
{id, title, date, text} of 8-12 generated sentences each, 12-24 words per sentence drawn from a 60,000-word
vocabulary with Zipf(1.1) frequencies; one passage per sentence, so --passages 200000 gives about 20,000
documents. It is written under --workdir (default /tmp/factdesk-kb-crash), never into the repository.

Steps, each a `factdesk kb add` subprocess with a temporary FACTDESK_HOME, BM25 only (--no-dense) unless
--dense is given:
  1. an uninterrupted add into a reference KB, timed: the expected ingest duration and the expected result;
  2. --kills times, the same add on one "crashed" KB, killed with SIGKILL (the add and its splitting workers)
     after a random delay (seeded, uniform) within the expected time left (the reference duration times the
     share of passages not yet committed) divided by the number of runs still to come, the final rerun
     included, so that the kills land part-way through the add even as it nears its end. After each kill
     the KB must be usable: `kb stats --json` and `kb search --json` succeed, passage rows are numbered
     without gaps and each is in the BM25 index exactly once;
  3. the same add rerun to completion.
Then the crashed KB must equal the reference: passage and document counts, no duplicate passage ids, and
the same top results for a few `kb search` queries (6 words of random reference passages, as kb_scale.py).

Prints a table and writes bench/results/kb_crash.json; exits 1 if a check fails (counts, duplicates, search).

    python bench/kb_crash.py                       # 200,000 passages, BM25 only, 5 kills
    python bench/kb_crash.py --passages 20000      # a quick look
    python bench/kb_crash.py --dense               # with embeddings too (hours on 2 cores at 200k)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from kb_scale import generate, queries
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "kb_crash.json"
CORPUS_SEED = 1
QUERY_SEED = 2


@dataclass
class Kill:
    attempt: int
    delay_s: float  # planned delay before the kill
    elapsed_at_kill_s: float  # seconds since the add started when it was killed (or when it ended)
    killed: bool  # False: the add finished before the planned moment
    passages: int | None
    documents: int | None
    search_ok: bool
    integrity_ok: bool
    detail: str = ""


# -- running the CLI -------------------------------------------------------------------------------------------

def cli(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "factdesk.cli.main", *args]


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "FACTDESK_HOME": str(home)}


def add_command(kb: Path, corpus: Path, args: argparse.Namespace) -> list[str]:
    return cli(["kb", "add", str(kb), str(corpus), "--json",
            "--workers", str(args.workers), "--batch-size", str(args.batch_size),
            *([] if args.dense else ["--no-dense"])])


def run_json(args: list[str], home: Path) -> tuple[object | None, str]:
    """Run a `factdesk ... --json` command; (parsed output, "") or (None, the error)."""
    done = subprocess.run(cli(args), env=env(home), capture_output=True, text=True, timeout=600)
    if done.returncode:
        return None, f"rc {done.returncode}: {done.stderr.strip()[-300:]}"
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError as exc:
        return None, f"bad JSON: {exc}"


def stats(kb: Path, home: Path) -> tuple[dict | None, str]:
    data, error = run_json(["kb", "stats", str(kb), "--json"], home)
    return (data if isinstance(data, dict) else None), error


def search(kb: Path, query: str, home: Path, top_k: int) -> tuple[list[dict] | None, str]:
    data, error = run_json(["kb", "search", str(kb), query, "--json", "--top-k", str(top_k)], home)
    return (data if isinstance(data, list) else None), error


def add_to_completion(kb: Path, corpus: Path, args: argparse.Namespace, home: Path) -> tuple[dict, float]:
    started = time.perf_counter()
    done = subprocess.run(add_command(kb, corpus, args), env=env(home), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"kb add failed (rc {done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout), seconds


# -- killing -----------------------------------------------------------------------------------------------------

def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the add, then any splitting worker it leaves behind (same session)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def add_and_kill(kb: Path, corpus: Path, args: argparse.Namespace, home: Path, delay: float) -> tuple[float, bool]:
    """Start the add and SIGKILL it `delay` seconds later; (elapsed seconds, whether it was killed)."""
    process = subprocess.Popen(add_command(kb, corpus, args), env=env(home), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.perf_counter()
    while time.perf_counter() - started < delay:
        if process.poll() is not None:
            return time.perf_counter() - started, False
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    if process.poll() is not None:
        return elapsed, False
    kill_group(process)
    return elapsed, True


# -- checking ----------------------------------------------------------------------------------------------------

def integrity(kb: Path) -> tuple[bool, str, int]:
    """Rows 0..n-1 without gaps, document passage counts add up, no duplicate ids, each row indexed once."""
    import tantivy

    from factdesk.evidence.bm25 import Bm25Index

    with sqlite3.connect(f"file:{kb / 'kb.sqlite'}?mode=ro", uri=True, timeout=30) as db:
        n, top, distinct = db.execute(
            "SELECT COUNT(*), COALESCE(MAX(row) + 1, 0), COUNT(DISTINCT id) FROM passages").fetchone()
        summed = db.execute("SELECT COALESCE(SUM(passages), 0) FROM documents").fetchone()[0]
    problems = []
    if n != top:
        problems.append(f"row gap: {n} passages, max row {top - 1}")
    if summed != n:
        problems.append(f"documents list {summed} passages, table has {n}")
    duplicates = n - distinct
    if duplicates:
        problems.append(f"{duplicates} duplicate passage ids")
    if n:
        index = Bm25Index(kb / "bm25")
        committed = tantivy.Query.range_query(index.schema, "row", tantivy.FieldType.Unsigned, 0, n - 1)
        indexed = index.index.searcher().search(committed, 1, count=True).count
        if indexed != n:
            problems.append(f"BM25 index holds {indexed} committed rows, expected {n}")
    return not problems, "; ".join(problems), duplicates


def check_after_kill(kb: Path, home: Path, query: str) -> tuple[int | None, int | None, bool, bool, str]:
    """(passages, documents, search ok, integrity ok, detail) of a KB just left by a killed add."""
    if not (kb / "kb.sqlite").exists():
        return 0, 0, True, True, "killed before the KB was created"
    data, error = stats(kb, home)
    hits, search_error = search(kb, query, home, 5)
    ok, problems, _ = integrity(kb)
    detail = "; ".join(x for x in (error, search_error, problems) if x)
    passages = data["passages"] if data else None
    documents = data["documents"] if data else None
    return passages, documents, hits is not None, ok, detail


def compare_searches(reference: Path, crashed: Path, home: Path, texts: list[str], top_k: int) -> list[dict]:
    out = []
    for text in texts:
        expected, _ = search(reference, text, home, top_k)
        got, error = search(crashed, text, home, top_k)
        expected_ids = [h["passage"]["id"] for h in expected or []]
        got_ids = [h["passage"]["id"] for h in got or []]
        scores = zip([h["score"] for h in expected or []], [h["score"] for h in got or []], strict=False)
        out.append({"query": text, "reference_top": expected_ids, "crashed_top": got_ids,
                    "max_score_difference": max((abs(a - b) for a, b in scores), default=0.0),
                    "same": bool(expected_ids) and expected_ids == got_ids, "error": error})
    return out


# -- the benchmark -------------------------------------------------------------------------------------------

def make_corpus(workdir: Path, passages: int) -> dict:
    corpus = workdir / "corpus.jsonl"
    started = time.perf_counter()
    documents = generate(corpus, passages, seed=CORPUS_SEED)
    return {"path": str(corpus), "passages": passages, "documents": documents,
            "generate_seconds": round(time.perf_counter() - started, 1),
            "mb": round(corpus.stat().st_size / 2**20, 1),
            "how": f"bench/kb_scale.py generate(seed={CORPUS_SEED}): Zipf(1.1) over 60k words, "
                   "12-24 words/sentence, 8-12 sentences/document"}


def crash_loop(kb: Path, corpus: Path, args: argparse.Namespace, home: Path, reference: dict,
               probe: str) -> list[Kill]:
    rng = random.Random(args.seed)
    kills = []
    present = 0
    for attempt in range(1, args.kills + 1):
        # the expected time left is shared among the kills still to come and the final rerun, so every kill
        # can land part-way through the add rather than after it has finished
        left = max(0.0, 1 - present / reference["passages"]) * reference["seconds"]
        delay = round(rng.uniform(0.0, max(1.0, left / (args.kills - attempt + 2))), 2)
        elapsed, killed = add_and_kill(kb, corpus, args, home, delay)
        passages, documents, search_ok, ok, detail = check_after_kill(kb, home, probe)
        present = passages or 0
        kills.append(Kill(attempt, delay, round(elapsed, 2), killed, passages, documents, search_ok, ok, detail))
        print(f"kill {attempt}: {asdict(kills[-1])}  load {os.getloadavg()[0]:.2f}", flush=True)
    return kills


def verdict(reference: dict, final: dict, integrity_ok: bool, duplicates: int, kills: list[Kill],
            searches: list[dict]) -> dict:
    checks = {
        "passages_equal": final["passages"] == reference["passages"],
        "documents_equal": final["documents"] == reference["documents"],
        "no_duplicate_passage_ids": duplicates == 0,
        "final_integrity": integrity_ok,
        "usable_after_every_kill": all(k.search_ok and k.integrity_ok for k in kills),
        "same_top_results": all(s["same"] for s in searches),
    }
    return {"checks": checks, "pass": all(checks.values()),
            "counts_equal": checks["passages_equal"] and checks["documents_equal"]}


def table(kills: list[Kill], reference: dict, final: dict, outcome: dict) -> None:
    console = Console(width=140)
    killed = Table(title="kb add killed with SIGKILL, then restarted")
    for column in ("kill", "delay s", "elapsed at kill s", "killed", "passages after", "documents after",
                   "search OK", "integrity OK"):
        killed.add_column(column, justify="right")
    for k in kills:
        killed.add_row(str(k.attempt), f"{k.delay_s:.2f}", f"{k.elapsed_at_kill_s:.2f}", "yes" if k.killed else "no",
                       f"{k.passages:,}" if k.passages is not None else "?",
                       f"{k.documents:,}" if k.documents is not None else "?",
                       "yes" if k.search_ok else "NO", "yes" if k.integrity_ok else f"NO: {k.detail}")
    console.print(killed)
    counts = Table(title="final rerun vs uninterrupted reference")
    for column in ("", "reference", "after kills + rerun", "equal"):
        counts.add_column(column, justify="right")
    for key in ("passages", "documents"):
        counts.add_row(key, f"{reference[key]:,}", f"{final[key]:,}", "yes" if reference[key] == final[key] else "NO")
    console.print(counts)
    console.print(f"checks: {outcome['checks']}")
    console.print("[bold green]PASS[/]" if outcome["pass"] else "[bold red]FAIL[/]")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=200_000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7, help="seed of the kill delays")
    parser.add_argument("--dense", action="store_true", help="embed passages too (default: BM25 only)")
    parser.add_argument("--workers", type=int, default=2, help="sentence-splitting processes of kb add")
    parser.add_argument("--batch-size", type=int, default=1000, help="documents per committed batch")
    parser.add_argument("--queries", type=int, default=8, help="searches compared with the reference")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/factdesk-kb-crash"))
    parser.add_argument("--out", type=Path, default=OUT)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    home = args.workdir / "home"
    load = {"start": os.getloadavg()}
    corpus = make_corpus(args.workdir, args.passages)
    print(f"corpus: {corpus}", flush=True)

    reference_kb, crashed_kb = args.workdir / "reference-kb", args.workdir / "crashed-kb"
    report, seconds = add_to_completion(reference_kb, Path(corpus["path"]), args, home)
    reference = {**report, "seconds": round(seconds, 1), "documents": stats(reference_kb, home)[0]["documents"]}
    load["after_reference"] = os.getloadavg()
    print(f"reference: {reference}  load {load['after_reference'][0]:.2f}", flush=True)
    texts = queries(reference_kb, args.queries + 1, QUERY_SEED)

    kills = crash_loop(crashed_kb, Path(corpus["path"]), args, home, reference, texts[0])
    load["after_kills"] = os.getloadavg()
    rerun, rerun_seconds = add_to_completion(crashed_kb, Path(corpus["path"]), args, home)
    final = {**stats(crashed_kb, home)[0], "rerun": rerun, "rerun_seconds": round(rerun_seconds, 1)}
    integrity_ok, problems, duplicates = integrity(crashed_kb)
    searches = compare_searches(reference_kb, crashed_kb, home, texts[1:], top_k=5)
    load["end"] = os.getloadavg()
    outcome = verdict(reference, final, integrity_ok, duplicates, kills, searches)

    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_avg": load,
                    "note": "another heavy job ran concurrently on this machine"},
        "parameters": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "command": " ".join(add_command(Path("KB"), Path("corpus.jsonl"), args)[1:]),
        "corpus": corpus,
        "reference": reference,
        "kills": [asdict(k) for k in kills],
        "final": {**final, "duplicate_passage_ids": duplicates, "integrity_problems": problems},
        "searches": searches,
        **outcome,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    table(kills, reference, final, outcome)
    return 0 if outcome["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
