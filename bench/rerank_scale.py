"""Query latency with the reranker over a 100k-passage dense knowledge base (issue 15).

The knowledge base is the generated corpus of `bench/kb_scale.py` (seed 3, as its dense stage), built with
`factdesk kb add`, or reused from --workdir when a previous run left it there. Each query (6 words of a random
passage, as kb_scale) is timed warm, one at a time, in every condition of the same run, alternating by query so a
change of machine load hits them alike:
  - hybrid: BM25 + dense fused by RRF, top 5 (no reranker: the baseline);
  - hybrid + rerank: the 20 best fused candidates read by the reranker, top 5;
and the reranker's own time per query (20 pairs). Prints a table and writes bench/results/rerank_scale.json.

    python bench/rerank_scale.py                      # 100,000 passages, 200 queries
    python bench/rerank_scale.py --reranker onnx:runs/reranker/onnx
    python bench/rerank_scale.py --build-only          # only build the knowledge base (kept in --workdir)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "rerank_scale.json"


def _kb_scale():  # noqa: ANN202 - bench/ is not a package: load its sibling by path
    spec = importlib.util.spec_from_file_location("kb_scale", ROOT / "bench" / "kb_scale.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(kb_path: Path, corpus: Path, home: Path) -> dict:
    """`factdesk kb add` of the corpus, timed (kb_scale's run_add also samples memory, with psutil: not needed)."""
    command = [sys.executable, "-m", "factdesk.cli.main", "kb", "add", str(kb_path), str(corpus), "--json",
               "--workers", "2"]
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, "FACTDESK_HOME": str(home)}, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"kb add failed: {done.stderr[-2000:]}")
    return {**json.loads(done.stdout), "seconds": round(time.perf_counter() - started, 1)}


def summary(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "mean_ms": round(statistics.fmean(times), 1), "queries": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reranker", default="minilm", help="reranker name (minilm, onnx:DIR)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/factdesk-rerank-scale"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--build-only", action="store_true", help="build the knowledge base and stop")
    args = parser.parse_args()
    from factdesk.evidence.base import retrievers
    from factdesk.evidence.kb import KnowledgeBase
    from factdesk.evidence.rerank import DEPTH

    kb_scale = _kb_scale()
    kb_path = args.workdir / "dense-kb"
    result: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()[0]},
                    "passages": args.passages, "depth": DEPTH, "top_k": 5}
    if not (kb_path / "kb.sqlite").exists():
        args.workdir.mkdir(parents=True, exist_ok=True)
        corpus = args.workdir / "dense.jsonl"
        kb_scale.generate(corpus, args.passages, seed=3)
        result["ingest_dense"] = build(kb_path, corpus, args.workdir / "home")
        print(f"built: {result['ingest_dense']}", flush=True)
        (args.workdir / "ingest.json").write_text(json.dumps(result["ingest_dense"]) + "\n")
    if args.build_only:
        return
    kb = KnowledgeBase.open(str(kb_path))
    result["kb_passages"] = kb.count("passages")
    plain = retrievers.create("hybrid", kb=kb, rerank="off")
    reranked = retrievers.create("hybrid", kb=kb, rerank=args.reranker)
    reranked.warm_up()
    texts = kb_scale.queries(kb_path, args.queries, 4)
    for text in texts[:5]:  # warm: caches, models, memory maps
        plain.retrieve([text], top_k=5)
        reranked.retrieve([text], top_k=5)
    times: dict[str, list[float]] = {"hybrid": [], "hybrid+rerank": [], "rerank only": []}
    for text in texts:
        started = time.perf_counter()
        plain.retrieve([text], top_k=5)
        times["hybrid"].append(1000 * (time.perf_counter() - started))
        started = time.perf_counter()
        reranked.retrieve([text], top_k=5)
        times["hybrid+rerank"].append(1000 * (time.perf_counter() - started))
        candidates = kb.search_many([text], DEPTH)[0]
        started = time.perf_counter()
        reranked.reranker.score([(text, e.passage.text) for e in candidates])
        times["rerank only"].append(1000 * (time.perf_counter() - started))
    result["reranker"] = reranked.name
    result["latency"] = {name: summary(values) for name, values in times.items()}
    result["load_avg_at_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'condition':<16} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}   ({result['kb_passages']:,} passages, "
          f"{DEPTH} candidates reranked, top 5)")
    for name, row in result["latency"].items():
        print(f"{name:<16} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['mean_ms']:>8}")


if __name__ == "__main__":
    main()
