"""Scaling of `factdesk batch` and `kb add`: 1 and 2 workers, local processes and Ray, side by side in one run.

Articles are generated from the visible benchmark's claims (fever-gold, test split): each article joins
`--claims` claims; the knowledge base the batches search holds every claim's gold evidence. Each condition
checks the same folder into a fresh store (`--all-sentences`: every claim is checked) and adds the same
`--embed-docs` evidence documents of the whole file into a fresh knowledge base (`kb add`, with `--ray` the
Ray Data pipeline); wall-clock times include starting the workers and loading the models, as a user sees
them. A Ray head node is started on 127.0.0.1 for the Ray conditions and stopped after. The load average
is recorded before and after the run (the machine is shared).

    python bench/batch_scale.py --articles 500           # figures in docs/benchmarks.md and docs/scale.md
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "batch"))  # the test suite's Ray head node (ray_head.py)


def evidence_docs(examples: list, out: Path) -> int:
    """Write each distinct evidence text of `examples` as one JSONL document; the number written."""
    seen: set[str] = set()
    with out.open("w") as handle:
        for ex in examples:
            for number, item in enumerate(ex.evidence):
                if item.text not in seen:
                    seen.add(item.text)
                    handle.write(json.dumps({"id": f"{ex.id}#{number}", "title": item.title or "",
                                             "text": item.text}) + "\n")
    return len(seen)


def make_inputs(folder: Path, articles: int, claims_per_article: int, embed_docs: int) -> tuple[Path, Path, Path, int]:
    """(articles folder, JSONL of the batches' knowledge base, JSONL to add, its documents) from fever-gold."""
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.runner import resolve_benchmark

    every = [ex for ex in read_examples(resolve_benchmark("fever-gold"), "all") if ex.evidence]
    to_embed = folder / "embed.jsonl"
    written = evidence_docs(every, folder / "all-evidence.jsonl")
    with (folder / "all-evidence.jsonl").open() as source, to_embed.open("w") as out:
        out.writelines(line for _, line in zip(range(min(embed_docs, written)), source, strict=False))
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
    evidence_docs(examples[: max(len(needed), 2000)], docs)  # more than the articles' own: retrieval has to search
    return texts, docs, to_embed, min(embed_docs, written)


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
    parser.add_argument("--backends", nargs="+", default=["local", "ray"], choices=["local", "ray"])
    parser.add_argument("--embed-docs", type=int, default=10000, help="evidence documents each `kb add` adds")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "batch_scale.json")
    args = parser.parse_args()
    # a SIGTERM (timeout, Ctrl-C of a wrapper) unwinds the `with`: the head node started here is stopped, not orphaned
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from ray_head import ray_head

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="batch-scale-") as tmp:
        folder = Path(tmp)
        texts, docs, to_embed, embed_docs = make_inputs(folder, args.articles, args.claims, args.embed_docs)
        env = {**os.environ, "FACTDESK_HOME": str(folder / "home"), "FACTDESK_DB": ""}
        kb = str(folder / "kb")  # a path: a bare name would be a folder of the working directory if one exists
        factdesk(["kb", "add", kb, str(docs)], env)  # the knowledge base every batch condition searches
        rows = []
        with ray_head(num_cpus=os.cpu_count() or 2) as address:
            for backend in args.backends:
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
                    embed_s, added = factdesk(["kb", "add", target, str(to_embed), *embed_args, "--json"], env)
                    passages = json.loads(added)["passages"]
                    rows.append({"backend": backend, "workers": workers, "articles": len(report), "claims": claims,
                                 "batch_s": round(seconds, 1), "articles_per_min": round(60 * len(report) / seconds, 1),
                                 "claims_per_s": round(claims / seconds, 2), "failed": sum(
                                     entry["status"] == "failed" for entry in report),
                                 "kb_add_docs": embed_docs, "passages": passages,
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
        for what, key in (("batch", "batch_s"), ("kb add", "kb_add_s")):
            summary[f"ray 1 worker overhead, {what} (time, vs local)"] = round(
                by[("ray", 1)][key] / by[("local", 1)][key] - 1, 3)
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": os.cpu_count(),
              "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()], "rows": rows, "summary": summary}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
