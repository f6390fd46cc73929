"""Speed and memory of a check (issue: warm check <= 3 s for 1,000 words, cold start <= 2 s, peak <= 1.5 GB).

Runs, in one go on the same machine: `factdesk --help` and `factdesk demo` cold start to first output (baseline:
`python -c pass`), a warm check of a ~1,000-word article against the demo KB with the default hybrid retriever
(baseline: the same pipeline with BM25 only), and the peak RSS of a check process. Prints a table and writes
bench/results/check_speed.json.

    python bench/check_speed.py
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "check_speed.json"


def first_output_seconds(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert proc.stdout is not None
    proc.stdout.read(1)
    elapsed = time.perf_counter() - started
    proc.stdout.read()
    proc.wait()
    return elapsed


def article_1000_words() -> str:
    """The demo article's body repeated to about 1,000 words (a realistic length; claims repeat, which
    costs the pipeline the same as new ones)."""
    from factdesk.evidence.demo import demo_article_path

    title, body = demo_article_path().read_text().split("\n", 1)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    out: list[str] = []
    while sum(len(p.split()) for p in out) < 1000:
        out.append(paragraphs[len(out) % len(paragraphs)])
    return title + "\n\n" + "\n\n".join(out)


def warm_check_seconds(retriever: str, text: str, repeats: int = 3) -> tuple[float, int]:
    from factdesk.api import pipeline_for
    from factdesk.ingest import load_article

    pipeline = pipeline_for("demo")
    if retriever != "hybrid":
        from factdesk.evidence.base import retrievers
        from factdesk.evidence.kb import KnowledgeBase
        from factdesk.pipeline import Pipeline

        pipeline = Pipeline(pipeline.config, retriever=retrievers.create(retriever, kb=KnowledgeBase.open("demo")))
    article = load_article(text, allow_text=True)
    brief = pipeline.run(article)  # warm-up: loads every model
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        brief = pipeline.run(article)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(brief.results)


def main() -> None:
    home = tempfile.mkdtemp(prefix="factdesk-bench-")
    env = {**os.environ, "FACTDESK_HOME": home}
    os.environ["FACTDESK_HOME"] = home
    exe = str(Path(sys.executable).parent / "factdesk")
    rows = {
        "python -c pass (baseline)": first_output_seconds([sys.executable, "-c", "print(1)"], env),
        "factdesk --help": first_output_seconds([exe, "--help"], env),
        "factdesk demo (first run, builds KB)": first_output_seconds([exe, "demo", "--no-record"], env),
        "factdesk demo (KB built)": first_output_seconds([exe, "demo", "--no-record"], env),
    }
    text = article_1000_words()
    hybrid, claims = warm_check_seconds("hybrid", text)
    bm25, _ = warm_check_seconds("bm25", text)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "cold_start_s": {k: round(v, 3) for k, v in rows.items()},
        "article_words": len(text.split()),
        "claims_judged": claims,
        "warm_check_s": {"hybrid (default)": round(hybrid, 3), "bm25 only (baseline)": round(bm25, 3)},
        "peak_rss_mb": round(peak_mb),
        "targets": {"warm_check_s": 3.0, "cold_start_s": 2.0, "peak_rss_mb": 1536},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'measure':<42} {'value':>10}")
    for key, value in result["cold_start_s"].items():
        print(f"{'cold start to first output: ' + key:<42} {value:>9.3f}s")
    for key, value in result["warm_check_s"].items():
        print(f"{'warm check, ' + str(len(text.split())) + ' words, ' + key:<42} {value:>9.3f}s")
    print(f"{'peak RSS (this process)':<42} {peak_mb:>8.0f}MB")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
