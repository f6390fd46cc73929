"""`factdesk eval FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from factdesk.errors import InputError


@click.command("eval")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--mode", type=click.Choice(["gold", "open"]), default="gold", show_default=True,
              help="gold: each claim against its own evidence; open: retrieve from all evidence of the file.")
@click.option("--split", type=click.Choice(["all", "train", "calib", "test"]), default="all", show_default=True,
              help="the deterministic split of the file (models are trained on 'train' only).")
@click.option("--limit", type=click.IntRange(1), help="only the first N rows of the split.")
@click.option("--verifier", default="minilm-xenc", show_default=True, help="minilm-xenc, onnx:DIR or hf:DIR.")
@click.option("--llm", metavar="ID", help="judge with the LLM endpoint ID (same as --verifier llm:ID): docs/llm.md.")
@click.option("--aggregation", type=click.Choice(["concat", "max", "hybrid", "blend", "learned"]),
              help="how passages are combined (default: the model's; docs/benchmarks.md).")
@click.option("--guard/--no-guard", default=True, show_default=True,
              help="never SUPPORTED when a figure or date differs from the evidence (factdesk/verify/signals.py).")
@click.option("--parts/--no-parts", default=True, show_default=True,
              help="judge a claim of several clauses part by part too: SUPPORTED when every part is "
                   "(factdesk/verify/decompose.py).")
@click.option("--topic-gate", type=click.Choice(["off", "embedder", "words"]), default="off", show_default=True,
              help="apply check's topic gate: NOT ENOUGH INFO when the passages are off the claim's subject, by the "
                   "knowledge base's embedder (open mode) or by word overlap (factdesk/verify/topic.py).")
@click.option("--min-overlap", type=click.FloatRange(0, 1), default=0.3, show_default=True,
              help="the word-overlap gate's line: the share of the claim's content words some passage must hold.")
@click.option("--top-k", type=click.IntRange(1, 50), default=5, show_default=True, help="open mode: passages.")
@click.option("--rerank", metavar="NAME", help="open mode: reranker of the fused candidates (minilm, onnx:DIR, off; "
              "default: the rerank setting).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="write the report here.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="reliability + confusion PNG.")
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path),
              help="write one JSON line per judged row here (claim, gold, verdict, passages read): to read the errors.")
@click.option("--ray", "ray_address", is_flag=False, flag_value="auto", default=None, metavar="[ADDRESS]",
              help="evaluate on a Ray cluster: auto, HOST:PORT or ray://HOST:10001 (docs/scale.md).")
@click.option("--workers", type=click.IntRange(1, 1024), default=2, show_default=True, help="--ray: actors.")
def evaluate(file: Path, mode: str, split: str, limit: int | None, verifier: str, llm: str | None,
             aggregation: str | None, guard: bool, parts: bool, topic_gate: str, min_overlap: float, top_k: int,
             json_out: Path | None, plot: Path | None, predictions: Path | None, ray_address: str | None, workers: int,
             rerank: str | None) -> None:
    """Measure a verifier on a *.claims.jsonl or *.nli.jsonl file, or the check-worthiness model on a
    *.checkworthy.jsonl file (formats: ../shared/data/SOURCES.md). A bare name such as 'fever-gold' is
    looked up in ../shared/data, then in the bundled suites: 'contrast' is the contrastive suite of made-up
    facts (not split: keep --split all), scored per category.

    \b
    Example:  factdesk eval fever-gold --split test --json fever.json --plot fever.png
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from factdesk.eval.runner import check_ray_mode, resolve_benchmark
    from factdesk.eval.runner import evaluate as run_eval
    from factdesk.eval.table import report_table
    from factdesk.llm.trace import llm_summary, tracing

    path = resolve_benchmark(file)
    check_ray_mode(path, mode, ray_address)  # before the progress bar: one error line
    if plot:
        from factdesk.eval.plot import require_matplotlib

        require_matplotlib()  # before the evaluation, not after minutes of it
    for out in (json_out, plot, predictions):
        if out is not None and not out.parent.is_dir():
            raise InputError(f"cannot write {out}: no folder {out.parent}")
    console = Console(stderr=True)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(path.name, total=None)
        with tracing() as trace:  # an LLM verifier's calls and fallbacks, summarised in the report
            report = run_eval(path, verifier=f"llm:{llm}" if llm else verifier, mode=mode, split=split, limit=limit,
                              top_k=top_k, aggregation=aggregation, guard=guard, min_overlap=min_overlap,
                              topic_gate=topic_gate, ray=ray_address, workers=workers, rerank=rerank,
                              predictions=predictions, parts=parts,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
    if trace.calls:
        report["llm"] = llm_summary(trace)
        console.print(f"LLM: {report['llm']['calls']} calls ({report['llm']['cached']} cached), "
                      f"{report['llm']['tokens']} tokens, {len(trace.notes)} notes (fallbacks, rejected citations)")
    Console().print(report_table(report))
    if json_out:
        json_out.write_text(json.dumps(report, indent=2) + "\n")
        console.print(f"wrote {json_out}")
    if plot:
        from factdesk.eval.plot import plot_report

        plot_report(report, plot)
        console.print(f"wrote {plot}")
