"""Does resolving a claim's opening pronoun for search help? (issue 15, query formulation)

Benchmark claims stand alone, so the test makes the article context they lack: a test-split claim whose subject
is a name followed by a verb ("Chinatown was directed by ...") is rewritten to open on a pronoun ("It was directed
by ..."), and put after another claim of the same file about the same subject as the sentence before it. Recall
is counted as in bench/retrieval_recall.py (the file's open corpus, hybrid retrieval, a gold passage in the top
k) for three queries of each claim:
  - named: the claim as the benchmark gives it (what a perfect rewrite would reach);
  - pronoun: the pronoun claim as it is (what factdesk searched before);
  - resolved: `factdesk.evidence.query.search_query` of the pronoun claim in its two-sentence article.
Writes bench/results/query_formulation.json.

    python bench/query_formulation.py
    python bench/query_formulation.py --sets fever-gold --limit 300
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "query_formulation.json"
SETS = ("fever-gold", "feverous-dev", "sufficient-facts", "covidfact")
DEPTHS = (1, 5, 20)
#: a claim that opens on a name and then a verb; the name is its subject
SUBJECT = re.compile(r"^((?:The )?[A-Z][\w'’.-]*(?: (?:of |the |and |de )?[A-Z0-9][\w'’.-]*)*) "
                     r"(is|was|are|were|has|had|have|won|played|starred|directed|wrote|received|released|became|"
                     r"died|appeared|features|stars|includes|premiered|began)\b")


def _recall_of():  # noqa: ANN202 - bench/ is not a package: its sibling's counting, loaded by path
    spec = importlib.util.spec_from_file_location("retrieval_recall", ROOT / "bench" / "retrieval_recall.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.recall_of


def articles(examples: list, limit: int | None) -> list[tuple[object, str, int, str]]:  # noqa: ANN001
    """(example, two-sentence article, start of the pronoun claim, pronoun claim) per usable test claim."""
    by_subject: dict[str, list] = defaultdict(list)
    for ex in examples:
        match = SUBJECT.match(ex.claim)
        if match and match.group(1) not in {"There", "It", "The"}:
            by_subject[match.group(1)].append(ex)
    out = []
    for subject, group in sorted(by_subject.items()):
        for ex in group:
            context = next((o.claim for o in group if o.claim != ex.claim), None)
            if context is None or not any(e.text.strip() for e in ex.evidence):
                continue
            pronoun = "They" if ex.claim[len(subject):].lstrip().startswith(("are ", "were ", "have ")) else "It"
            claim = pronoun + ex.claim[len(subject):]
            context = context.rstrip(" .") + "."
            out.append((ex, f"{context} {claim}", len(context) + 1, claim))
    return out[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--split", default="test")
    parser.add_argument("--limit", type=int, help="at most N claims per set")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.opencorpus import open_corpus
    from factdesk.evidence.base import retrievers
    from factdesk.evidence.query import search_query
    from factdesk.models import Claim

    recall_of = _recall_of()

    result: dict = {"split": args.split, "load_avg_at_start": os.getloadavg()[0], "sets": {}}
    print("| set | n | query | recall@1 | recall@5 | recall@20 |\n| --- | --- | --- | --- | --- | --- |")
    for name in args.sets:
        path = (args.data / f"{name}.claims.jsonl").resolve()
        kb, _ = open_corpus(path, read_examples(path))
        retriever = retrievers.create("hybrid", kb=kb, rerank="off")
        made = articles(read_examples(path, args.split), args.limit)  # type: ignore[arg-type]
        queries = {
            "named": [ex.claim for ex, _, _, _ in made],
            "pronoun": [claim for _, _, _, claim in made],
            "resolved": [search_query(text, Claim(id="c", text=claim, start=start, end=start + len(claim),
                                                  checkworthiness=1.0)) for _, text, start, claim in made],
        }
        examples = [ex for ex, _, _, _ in made]
        rows = {query: recall_of(retriever, examples, texts, DEPTHS) for query, texts in queries.items()}
        for query, row in rows.items():
            print(f"| {name} | {row['n']} | {query} | {row['recall@1']} | {row['recall@5']} | {row['recall@20']} |",
                  flush=True)
        resolved_right = sum(q.startswith(ex.claim[: len(q.split(':')[0])]) for q, (ex, _, _, _) in
                             zip(queries["resolved"], made, strict=True) if ":" in q)
        result["sets"][name] = {"queries": rows, "resolved": sum(":" in q for q in queries["resolved"]),
                                "resolved_to_the_subject": resolved_right,
                                "examples": [q for q in queries["resolved"][:5]]}
    result["load_avg_at_end"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
