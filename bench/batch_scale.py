"""Scaling of `factdesk batch` and `kb add`: 1 and 2 workers, local processes and Ray, side by side in one run.

Articles are generated from the visible benchmark's claims (fever-gold, test split): each article joins
`--claims` claims; the knowledge base holds every claim's gold evidence. Each condition checks the same
folder into a fresh store (`--all-sentences`: every claim is checked) and embeds the same passages into a
fresh knowledge base; wall-clock times include starting the workers and loading the models, as a user sees
them. A Ray head node is started on 127.0.0.1 for the Ray conditions and stopped after.

    python bench/batch_scale.py --articles 40            # figures in docs/benchmarks.md and docs/scale.md
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "batch"))  # the test suite's Ray head node (ray_head.py)


def make_inputs(folder: Path, articles: int, claims_per_article: int) -> tuple[Path, Path, int]:
    """(articles folder, knowledge base JSONL, passages to embed) from fever-gold's test split."""
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.runner import resolve_benchmark

    examples = [ex for ex in read_examples(resolve_benchmark("fever-gold"), "test") if ex.evidence]
    needed = examples[: articles * claims_per_article]
    if len(needed) < articles * claims_per_article:
        raise SystemExit(f"fever-gold test split has only {len(examples)} claims with evidence")
    texts = folder / "articles"
    texts.mkdir()
    for number in range(articles):
        claims = needed[number * claims_per_article : (number + 1) * claims_per_article]
        (texts / f"article{number:04}.txt").write_text(" ".join(ex.claim.rstrip(".") + "." for ex in claims) + "\n")
    docs = folder / "kb.jsonl"
    seen: set[str] = set()
    with docs.open("w") as out:
        for ex in examples[: max(len(needed), 2000)]:  # evidence beyond the articles' own: retrieval has to search
            for number, item in enumerate(ex.evidence):
                if item.text not in seen:
                    seen.add(item.text)
                    out.write(json.dumps({"id": f"{ex.id}#{number}", "title": item.title or "",
                                          "text": item.text}) + "\n")
    return texts, docs, len(seen)


def factdesk(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "factdesk.cli.main", *args], capture_output=True, text=True,
                            env=env, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"factdesk {' '.join(args)} failed: {result.stderr.strip()[-500:]}")
    return time.perf_counter() - started, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--claims", type=int, default=4, help="claims per article")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "batch_scale.json")
    args = parser.parse_args()
    from ray_head import ray_head

    with tempfile.TemporaryDirectory(prefix="batch-scale-") as tmp:
        folder = Path(tmp)
        texts, docs, passages = make_inputs(folder, args.articles, args.claims)
        env = {**os.environ, "FACTDESK_HOME": str(folder / "home"), "FACTDESK_DB": ""}
        kb = str(folder / "kb")  # a path: a bare name would be a folder of the working directory if one exists
        factdesk(["kb", "add", kb, str(docs)], env)  # the knowledge base every batch condition searches
        rows = []
        with ray_head(num_cpus=os.cpu_count() or 2) as address:
            for backend in ("local", "ray"):
                for workers in args.workers:
                    ray = ["--ray", address] if backend == "ray" else []
                    store = {**env, "FACTDESK_DB": f"sqlite:///{folder / f'{backend}{workers}.db'}"}
                    seconds, out = factdesk(["batch", str(texts), "--kb", kb, "--all-sentences", "--workers",
                                             str(workers), "--json", *ray], store)
                    report = json.loads(out)
                    claims = sum(len(entry["verdicts"]) for entry in report)
                    embed_args = (["--ray", address, "--ray-workers", str(workers)] if ray
                                  else ["--workers", str(workers)])
                    target = str(folder / f"embed-{backend}{workers}")
                    embed_s, _ = factdesk(["kb", "add", target, str(docs), *embed_args], env)
                    rows.append({"backend": backend, "workers": workers, "articles": len(report), "claims": claims,
                                 "batch_s": round(seconds, 1), "articles_per_min": round(60 * len(report) / seconds, 1),
                                 "claims_per_s": round(claims / seconds, 2), "passages": passages,
                                 "store_kb_per_article": round((folder / f"{backend}{workers}.db").stat().st_size
                                                               / 1024 / len(report), 1),
                                 "kb_add_s": round(embed_s, 1), "passages_per_s": round(passages / embed_s, 1)})
                    print(json.dumps(rows[-1]), flush=True)
    by = {(row["backend"], row["workers"]): row for row in rows}
    summary = {f"{backend} 2/1 articles": round(by[(backend, 2)]["articles_per_min"] / by[(backend, 1)]
                                                ["articles_per_min"], 2)
               for backend in ("local", "ray") if (backend, 1) in by and (backend, 2) in by}
    summary.update({f"{backend} 2/1 passages": round(by[(backend, 2)]["passages_per_s"] / by[(backend, 1)]
                                                     ["passages_per_s"], 2)
                    for backend in ("local", "ray") if (backend, 1) in by and (backend, 2) in by})
    if ("local", 1) in by and ("ray", 1) in by:
        summary["ray 1 worker overhead (time, vs local)"] = round(by[("ray", 1)]["batch_s"] / by[("local", 1)]
                                                                  ["batch_s"] - 1, 3)
    load = os.getloadavg()[0]
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_average_1m": load,
              "cpus": os.cpu_count(), "rows": rows, "summary": summary}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
