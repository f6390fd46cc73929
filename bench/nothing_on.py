""""Nothing on this" at retrieval: the reranker's probability and the embedder's cosine against today's word-overlap
gate (issue 15).

Each set's test claims search two knowledge bases: their own open-mode corpus (the file's evidence: the knowledge
base has something on them) and a foreign one (another set's corpus: it has nothing on them). A gate should flag
the second and not the first. Two signals, measured on the same claims in the same run:
  - overlap: the largest share of the claim's content words in one of the top 5 hybrid passages
    (`factdesk.verify.topic.topical_overlap`, the `words` topic gate, default 0.3);
  - reranker: the highest P(relevant) the reranker gives one of the 20 best fused candidates (default 0.5);
  - dense: the highest `on_topic` of the top 5 hybrid passages: the knowledge base's own embedder's cosine through
    the line fitted for that model (`factdesk train topic-gate`; the `embedder` setting picks the model of the
    corpora); the topic gate of `check` (factdesk/verify/topic.py) says "nothing on this" below 0.5.
For each: the share of own-KB claims flagged (wrongly), of those among them whose gold passage is in the top 5 that
the gate would pass on (hybrid's for overlap, the reranked one for the reranker),
of foreign-KB claims flagged (rightly), and the AUC of the signal (own against foreign).
Writes bench/results/nothing_on.json.

    python bench/nothing_on.py --limit 300
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "nothing_on.json"
# a foreign corpus for each set: another domain, except HealthVer against COVID-Fact (both COVID-19 science)
FOREIGN = {"fever-gold": "covidfact", "covidfact": "fever-gold", "healthver-dev": "covidfact",
           "feverous-dev": "covidfact", "sufficient-facts": "covidfact"}


def auc(positive: list[float], negative: list[float]) -> float:
    """P(a random own-KB claim scores above a random foreign one), ties counting half (Mann-Whitney)."""
    pos, neg = np.array(positive)[:, None], np.array(negative)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def gold_in(examples: list, tops: list[list]) -> list[bool]:
    """Per claim: is one of its gold passages among `tops`?"""
    from factdesk.eval.opencorpus import normalise

    return [any(normalise(e.passage.text) in {normalise(i.text) for i in ex.evidence} for e in top)
            for ex, top in zip(examples, tops, strict=True)]


def signals(claims: list[str], kb, reranker: str) -> tuple[list[float], list[float], list[float], list[list],  # noqa: ANN001
                                                             list[list]]:
    from factdesk.evidence.base import retrievers
    from factdesk.evidence.rerank import DEPTH
    from factdesk.verify.topic import topical_overlap

    plain = retrievers.create("hybrid", kb=kb, rerank="off")
    reranked = retrievers.create("hybrid", kb=kb, rerank=reranker)
    overlap, relevance, dense, plain_tops, reranked_tops = [], [], [], [], []
    for start in range(0, len(claims), 256):
        batch = claims[start : start + 256]
        found = plain.retrieve(batch, top_k=5)
        overlap += [topical_overlap(claim, ranked) for claim, ranked in zip(batch, found, strict=True)]
        dense += [max((e.on_topic or 0.0 for e in ranked), default=0.0) for ranked in found]
        plain_tops += found
        best = reranked.retrieve(batch, top_k=DEPTH)
        relevance += [max((e.score for e in ranked), default=0.0) for ranked in best]
        reranked_tops += [ranked[:5] for ranked in best]
    return overlap, relevance, dense, plain_tops, reranked_tops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=300, help="test claims per set")
    parser.add_argument("--reranker", default="minilm")
    parser.add_argument("--min-overlap", type=float, default=0.3)
    parser.add_argument("--below", type=float, default=None, help="reranker threshold (default: the shipped one)")
    parser.add_argument("--min-cosine", type=float, default=0.5, help="dense gate's line (of on_topic)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from factdesk import settings
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.opencorpus import open_corpus
    from factdesk.evidence.rerank import NOTHING_BELOW

    below = NOTHING_BELOW if args.below is None else args.below
    corpora = {}
    result: dict = {"limit": args.limit, "min_overlap": args.min_overlap, "below": below,
                    "min_cosine": args.min_cosine, "embedder": settings.get("embedder"),
                    "load_avg_at_start": os.getloadavg()[0], "sets": {}}
    for name, foreign in FOREIGN.items():
        for corpus in (name, foreign):
            if corpus not in corpora:
                path = (args.data / f"{corpus}.claims.jsonl").resolve()
                corpora[corpus] = open_corpus(path, read_examples(path))[0]
        examples = [ex for ex in read_examples((args.data / f"{name}.claims.jsonl").resolve(), "test")
                    if any(e.text.strip() for e in ex.evidence)][: args.limit]
        claims = [ex.claim for ex in examples]
        own_overlap, own_relevance, own_cosine, plain_top, reranked_top = signals(claims, corpora[name], args.reranker)
        far_overlap, far_relevance, far_cosine, _, _ = signals(claims, corpora[foreign], args.reranker)

        row: dict = {"foreign": foreign, "n": len(claims)}
        # each gate is judged on the top 5 it would pass to the verifier: hybrid's for overlap, reranked for its own
        for signal, own, far, threshold, found in (
                ("overlap", own_overlap, far_overlap, args.min_overlap, gold_in(examples, plain_top)),
                ("reranker", own_relevance, far_relevance, below, gold_in(examples, reranked_top)),
                ("dense", own_cosine, far_cosine, args.min_cosine, gold_in(examples, plain_top))):
            row[signal] = {
                "own_with_gold_in_top5": int(sum(found)),
                "own_flagged": round(float(np.mean([v < threshold for v in own])), 3),
                "own_with_gold_flagged": round(float(np.mean([v < threshold for v, f in zip(own, found, strict=True)
                                                             if f] or [0.0])), 3),
                "foreign_flagged": round(float(np.mean([v < threshold for v in far])), 3),
                "auc": round(auc(own, far), 3),
            }
        result["sets"][name] = row
        print(f"{name:<18} {row}", flush=True)
    result["load_avg_at_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("\n| set | foreign KB | n | gate | own KB flagged | own, gold in top 5, flagged | foreign flagged | AUC |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, row in result["sets"].items():
        for signal, label in (("overlap", f"overlap < {args.min_overlap}"), ("reranker", f"reranker < {below}"),
                              ("dense", f"on_topic < {args.min_cosine}")):
            cell = row[signal]
            print(f"| {name} | {row['foreign']} | {row['n']} | {label} | {cell['own_flagged']} | "
                  f"{cell['own_with_gold_flagged']} | {cell['foreign_flagged']} | {cell['auc']} |")


if __name__ == "__main__":
    main()
