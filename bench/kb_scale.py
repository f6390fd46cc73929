"""Knowledge bases at scale: ingest + BM25 index, dense embedding, query latency (issue 4, item 5).

The corpus is generated (seeded, reproducible): documents of 8-12 sentences, each sentence 12-24 words drawn
from a 60,000-word vocabulary with Zipf-like frequencies (exponent 1.1, like English text), so BM25 posting
lists have realistic lengths; each document has a title and a date. The sentence splitter sees ordinary
sentences ("Word word ... word."), one passage per sentence.

Stages, each a `factdesk kb add` subprocess timed with its peak RSS (the process and its workers, summed):
  1. ingest + BM25-index --passages passages, BM25 only (--no-dense): time, peak RSS, disk size;
  2. ingest + dense-embed --dense passages (int8 MiniLM): passages/s, vector index size;
then query latency, in this process, warm: BM25 over the large KB, hybrid (BM25 + dense, RRF) over the
dense KB, and exact dense search alone. Prints a table and writes bench/results/kb_scale.json.

    python bench/kb_scale.py --passages 1000000 --dense 100000      # the issue's sizes
    python bench/kb_scale.py --passages 50000 --dense 2000          # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "kb_scale.json"
VOCABULARY = 60_000


def generate(path: Path, passages: int, seed: int) -> int:
    """Write a JSONL corpus of about `passages` sentences; returns the number of documents."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCABULARY + 1)
    weights = 1.0 / ranks**1.1
    weights /= weights.sum()
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "fi", "gu", "he", "jo", "be"]
    # word i spells the hex digits of i as syllables: 60,000 distinct words of 1-4 syllables
    words = np.array(["".join(syllables[(i >> (4 * k)) % 16] for k in range(max(1, -(-i.bit_length() // 4))))
                      for i in range(VOCABULARY)])
    docs = written = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < passages:
            count = min(int(rng.integers(8, 13)), passages - written)
            lengths = rng.integers(12, 25, size=count)
            ids = rng.choice(VOCABULARY, size=int(lengths.sum()), p=weights)
            sentences, at = [], 0
            for n in lengths:
                sentences.append(" ".join(words[ids[at : at + n]]).capitalize() + ".")
                at += n
            date = f"{2000 + docs % 25}-{1 + docs % 12:02d}-{1 + docs % 28:02d}"
            row = {"id": f"d{docs}", "title": f"{words[ids[0]].capitalize()} report {docs}", "date": date,
                   "text": " ".join(sentences)}
            handle.write(json.dumps(row) + "\n")
            docs += 1
            written += count
    return docs


def run_add(kb: Path, corpus: Path, home: Path, dense: bool, workers: int) -> dict:
    """Time one `factdesk kb add` and sample the RSS of it and its worker processes."""
    import psutil

    command = [sys.executable, "-m", "factdesk.cli.main", "kb", "add", str(kb), str(corpus), "--json",
               "--workers", str(workers), *([] if dense else ["--no-dense"])]
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, "FACTDESK_HOME": str(home)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(process.pid)
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"kb add failed: {err.decode()[-2000:]}")
    return {**json.loads(out), "seconds": round(seconds, 1), "peak_rss_mb": round(peak / 2**20)}


def disk_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def queries(kb_path: Path, count: int, seed: int) -> list[str]:
    """Questions built from 6 words of random passages (the kind of overlap a claim has with its evidence)."""
    import sqlite3

    rng = np.random.default_rng(seed)
    with sqlite3.connect(kb_path / "kb.sqlite") as db:
        total = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        out = []
        for row in rng.integers(0, total, size=count):
            words = db.execute("SELECT text FROM passages WHERE row = ?", (int(row),)).fetchone()[0].split()
            start = int(rng.integers(0, max(1, len(words) - 6)))
            out.append(" ".join(words[start : start + 6]).strip("."))
    return out


def latency(search, texts: list[str]) -> dict:  # noqa: ANN001
    for text in texts[:5]:
        search(text)  # warm: caches, model, memory maps
    times = []
    for text in texts:
        started = time.perf_counter()
        search(text)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "queries": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--dense", type=int, default=100_000, help="passages to embed (0: skip)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/factdesk-kb-scale"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from factdesk.evidence.kb import KnowledgeBase

    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    home = args.workdir / "home"
    result: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_at_start": os.getloadavg()[0]},
                    "corpus": "generated: Zipf(1.1) over 60k words, 12-24 words/sentence, 8-12 sentences/document"}

    corpus = args.workdir / "corpus.jsonl"
    started = time.perf_counter()
    result["documents"] = generate(corpus, args.passages, seed=1)
    result["generate_seconds"] = round(time.perf_counter() - started, 1)
    result["corpus_mb"] = disk_mb(args.workdir)
    print(f"generated {args.passages:,} passages in {result['documents']:,} documents", flush=True)
    bm25_kb = args.workdir / "bm25-kb"
    ingest = run_add(bm25_kb, corpus, home, dense=False, workers=args.workers)
    ingest["disk_mb"] = disk_mb(bm25_kb)
    ingest["passages_per_s"] = round(ingest["passages"] / ingest["seconds"])
    result["ingest_bm25"] = ingest
    print(f"ingest: {ingest}", flush=True)
    kb = KnowledgeBase.open(str(bm25_kb))
    result["bm25_latency"] = latency(lambda q: kb.search_many([q], 5, dense=False), queries(bm25_kb, args.queries, 2))
    print(f"bm25 latency: {result['bm25_latency']}", flush=True)

    if args.dense:
        dense_corpus = args.workdir / "dense.jsonl"
        generate(dense_corpus, args.dense, seed=3)
        dense_kb = args.workdir / "dense-kb"
        embed = run_add(dense_kb, dense_corpus, home, dense=True, workers=args.workers)
        embed["passages_per_s"] = round(embed["passages"] / embed["seconds"], 1)
        embed["vectors_mb"] = disk_mb(dense_kb / "dense")
        embed["disk_mb"] = disk_mb(dense_kb)
        result["ingest_dense"] = embed
        print(f"dense: {embed}", flush=True)
        kb = KnowledgeBase.open(str(dense_kb))
        kb.warm_up()
        texts = queries(dense_kb, args.queries, 4)
        result["hybrid_latency"] = latency(lambda q: kb.search(q, 5), texts)
        vectors = kb.embedder.embed(texts)
        result["dense_exact_search_latency"] = latency(
            lambda q: kb._dense_rankings(vectors[texts.index(q) : texts.index(q) + 1], embed["passages"], None), texts)
        print(f"hybrid latency: {result['hybrid_latency']}; exact dense: {result['dense_exact_search_latency']}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table(result)


def table(result: dict) -> None:
    ingest = result["ingest_bm25"]
    rows = [("ingest + BM25 index", f"{ingest['passages']:,} passages", f"{ingest['seconds']} s",
             f"{ingest['passages_per_s']:,}/s, peak RSS {ingest['peak_rss_mb']} MB, disk {ingest['disk_mb']} MB"),
            ("BM25 query", f"{ingest['passages']:,} passages", f"p50 {result['bm25_latency']['p50_ms']} ms",
             f"p95 {result['bm25_latency']['p95_ms']} ms")]
    if "ingest_dense" in result:
        dense = result["ingest_dense"]
        rows += [("ingest + dense embed", f"{dense['passages']:,} passages", f"{dense['seconds']} s",
                  f"{dense['passages_per_s']}/s, vectors {dense['vectors_mb']} MB, peak RSS {dense['peak_rss_mb']} MB"),
                 ("hybrid query", f"{dense['passages']:,} passages", f"p50 {result['hybrid_latency']['p50_ms']} ms",
                  f"p95 {result['hybrid_latency']['p95_ms']} ms"),
                 ("exact dense search only", f"{dense['passages']:,} passages",
                  f"p50 {result['dense_exact_search_latency']['p50_ms']} ms",
                  f"p95 {result['dense_exact_search_latency']['p95_ms']} ms")]
    print(f"\n{'stage':<24} {'size':<20} {'time':<14} detail")
    for row in rows:
        print(f"{row[0]:<24} {row[1]:<20} {row[2]:<14} {row[3]}")


if __name__ == "__main__":
    main()
