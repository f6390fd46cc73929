"""`factdesk batch SOURCES...`: check many articles with local worker processes or on a Ray cluster."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from factdesk.cli.options import db_option, json_option, parse_date, print_json


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option("--kb", metavar="NAME_OR_PATH", help="knowledge base to search (default: $FACTDESK_KB or 'demo').")
@click.option("--workers", type=click.IntRange(1, 1024), default=2, show_default=True,
              help="worker processes (or Ray actors), each loading the models once.")
@click.option("--ray", "ray_address", is_flag=False, flag_value="auto", default=None, metavar="[ADDRESS]",
              help="run on a Ray cluster: auto (default), HOST:PORT or ray://HOST:10001 (the ray extra).")
@click.option("--resume", is_flag=True,
              help="finish the last batch of the same SOURCES and options: stored articles are skipped.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="ignore evidence dated after this day.")
@click.option("--top-k", type=click.IntRange(1, 50), help="passages retrieved per claim (default 5).")
@click.option("--verifier", metavar="NAME", help="verifier backend: minilm-xenc (default), onnx:DIR, hf:DIR.")
@click.option("--all-sentences", is_flag=True, help="check every sentence, not only the check-worthy ones.")
@db_option
@json_option
def batch(sources: tuple[str, ...], kb: str | None, workers: int, ray_address: str | None, resume: bool,
          as_of: str | None, top_k: int | None, verifier: str | None, all_sentences: bool, db: str | None,
          as_json: bool) -> None:
    """Check every article of SOURCES and record each brief in the store, exactly once.

    SOURCES are folders (their .txt/.md/.html files), JSONL files of articles ({"text", "title"?, "url"?, "id"?}
    a line), lists of URLs (.urls, or a .txt of URLs only), RSS/Atom feed URLs and article URLs. Each brief
    equals the one `factdesk check` gives the same article. See docs/scale.md.

    \b
    Examples:
      factdesk batch archive/ --kb newsroom --workers 2
      factdesk batch articles.jsonl https://example.org/rss.xml --json > report.json
      factdesk batch archive/ --resume                  # after a crash: finish, never store twice
      factdesk batch archive/ --ray auto --workers 8    # on the Ray cluster this machine belongs to
    """
    from factdesk.batch.run import run_batch
    from factdesk.batch.sources import expand
    from factdesk.batch.work import CheckOptions

    options = CheckOptions(kb=kb, as_of=parse_date(as_of), top_k=top_k, verifier=verifier, all_sentences=all_sentences)
    backend = _backend(ray_address, workers)
    _open_kb(options)  # a missing knowledge base is one error line now, not a dead worker per article
    items = expand(list(sources))  # before the progress bar: a bad source is one error line
    with contextlib.redirect_stdout(sys.stderr):  # Ray prints worker deaths to stdout: keep it for the report
        report = _run_with_progress(lambda **hooks: run_batch(list(sources), options, backend, resume=resume, db=db,
                                                              items=items, **hooks))
    if as_json:
        print_json(report)
    else:
        _print_summary(report)
    failed = [entry for entry in report if entry["status"] == "failed"]
    if failed:
        from factdesk.errors import FactdeskError

        raise FactdeskError(f"{len(failed)} of {len(report)} articles failed: first {failed[0]['source']}: "
                            f"{failed[0]['error']}")


def _backend(ray_address: str | None, workers: int) -> Any:
    if ray_address is None:
        from factdesk.batch.local import run_local

        return lambda jobs, options, on_result: run_local(jobs, options, workers, on_result)
    from factdesk.batch.ray_backend import ray_backend

    return ray_backend(ray_address, workers)


def _open_kb(options: Any) -> None:
    from factdesk.api import pipeline_for

    _ = pipeline_for(options.kb, options.verifier, options.top_k).retriever  # opens the KB, loads no model


def _run_with_progress(run: Any) -> list[dict[str, Any]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task("articles", total=None, rate="")

        def on_start(total: int, stored: int) -> None:
            bar.update(task, total=total - stored, description="articles" + (f" ({stored} stored before)"
                                                                                if stored else ""))

        def on_entry(_: dict[str, Any]) -> None:
            bar.advance(task)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.2f} articles/s" if speed else "")

        return run(on_start=on_start, on_entry=on_entry)


def _print_summary(report: list[dict[str, Any]]) -> None:
    from collections import Counter

    from rich.console import Console
    from rich.table import Table

    table = Table("status", "articles", "claims", "SUPPORTED", "REFUTED", "NOT ENOUGH INFO", title="factdesk batch")
    for status in ("checked", "stored before", "failed"):
        entries = [entry for entry in report if entry["status"] == status]
        if entries:
            labels: Counter[str] = Counter(label for entry in entries for label in entry["verdicts"])
            table.add_row(status, str(len(entries)), str(sum(labels.values())), str(labels["SUPPORTED"]),
                          str(labels["REFUTED"]), str(labels["NOT_ENOUGH_INFO"]))
    Console().print(table)
