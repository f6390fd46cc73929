"""Open-mode retrieval quality of every retriever condition, in one run (issue 15).

For each claims file, the test-split claims search the file's open-mode corpus (factdesk/eval/opencorpus.py: every
evidence passage of the file, cached) and recall@k is the share of claims with a gold passage in the top k, exactly
as `factdesk eval FILE --mode open` counts it, without the verifier. Conditions:
  - bm25: BM25 only (`--no-dense` knowledge bases);
  - hybrid: BM25 + MiniLM fused by RRF (the default before issue 15);
  - bm25+rerank, hybrid+rerank: the 20 best candidates reordered by the reranker;
with milliseconds per claim (batches of 256 claims, as the evaluation); `--embedders` repeats the dense conditions
for each model (each file's corpus is embedded once per model, then cached). Writes bench/results/retrieval_recall.json.

    python bench/retrieval_recall.py                                   # the shipped reranker
    python bench/retrieval_recall.py --reranker onnx:runs/reranker/onnx --sets fever-gold covidfact
    python bench/retrieval_recall.py --embedders minilm onnx:runs/embedder/onnx --conditions bm25 hybrid
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "retrieval_recall.json"
SETS = ("fever-gold", "covidfact", "healthver-dev", "feverous-dev", "sufficient-facts", "averitec-train")
DEPTHS = (1, 5, 10, 20)


def recall_of(retriever, examples: list, queries: list[str], depths: tuple[int, ...] = DEPTHS) -> dict:  # noqa: ANN001
    """recall@k of `queries` (one per example, searched in batches of 256, as the evaluation does): the share of
    examples with a gold passage in the top k; also the milliseconds per query."""
    from factdesk.eval.opencorpus import normalise

    hits = dict.fromkeys(depths, 0)
    seconds = 0.0
    for start in range(0, len(examples), 256):
        began = time.perf_counter()
        found = retriever.retrieve(queries[start : start + 256], top_k=max(depths))
        seconds += time.perf_counter() - began
        for ex, ranked in zip(examples[start : start + 256], found, strict=True):
            gold = {normalise(e.text) for e in ex.evidence if e.text.strip()}
            ranks = [i for i, e in enumerate(ranked) if normalise(e.passage.text) in gold]
            for k in depths:
                hits[k] += bool(ranks) and ranks[0] < k
    n = max(1, len(examples))
    return {"n": len(examples), **{f"recall@{k}": round(hits[k] / n, 3) for k in depths},
            "ms_per_claim": round(1000 * seconds / n, 1)}


def recall(path: Path, retriever, split: str, limit: int | None) -> dict:  # noqa: ANN001
    from factdesk.eval.datasets import read_examples

    examples = [ex for ex in read_examples(path, split) if any(e.text.strip() for e in ex.evidence)][:limit]  # type: ignore[arg-type]
    return recall_of(retriever, examples, [ex.claim for ex in examples])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--split", default="test")
    parser.add_argument("--limit", type=int, help="first N claims of the split per set")
    parser.add_argument("--reranker", default="minilm", help="reranker name (minilm, onnx:DIR)")
    parser.add_argument("--embedders", nargs="+", default=[os.environ.get("FACTDESK_EMBEDDER", "minilm")],
                        help="embedder setting values to compare (minilm, claims, onnx:DIR); default: the current")
    parser.add_argument("--conditions", nargs="+", default=["bm25", "hybrid", "bm25+rerank", "hybrid+rerank"])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.opencorpus import open_corpus
    from factdesk.evidence.base import retrievers

    result: dict = {"split": args.split, "limit": args.limit, "load_avg_at_start": os.getloadavg()[0],
                    "cpus": os.cpu_count(), "sets": {}}
    for name in args.sets:
        path = (args.data / f"{name}.claims.jsonl").resolve()
        rows = {}
        for embedder in args.embedders:
            os.environ["FACTDESK_EMBEDDER"] = embedder  # open_corpus keeps one knowledge base per model
            kb, size = open_corpus(path, read_examples(path))
            for condition in args.conditions:
                if condition.startswith("bm25") and embedder != args.embedders[0]:
                    continue  # BM25 does not read the vectors: measured once
                base, _, rerank = condition.partition("+")
                retriever = retrievers.create(base, kb=kb, rerank=args.reranker if rerank else "off")
                retriever.warm_up()
                label = condition if len(args.embedders) == 1 or condition.startswith("bm25") else \
                    f"{condition} ({embedder})"
                rows[label] = {**recall(path, retriever, args.split, args.limit), "retriever": retriever.name}
                print(f"{name:<18} {label:<14} {rows[label]}", flush=True)
        result["sets"][name] = {"kb_passages": size, "conditions": rows}
    result["load_avg_at_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("\n| set | condition | n | recall@1 | recall@5 | recall@10 | recall@20 | ms/claim |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, entry in result["sets"].items():
        for condition, row in entry["conditions"].items():
            print(f"| {name} | {condition} | {row['n']} | {row['recall@1']} | {row['recall@5']} | "
                  f"{row['recall@10']} | {row['recall@20']} | {row['ms_per_claim']} |")


if __name__ == "__main__":
    main()
