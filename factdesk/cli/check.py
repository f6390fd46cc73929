"""`factdesk check SOURCE`."""

from __future__ import annotations

from pathlib import Path

import click

from factdesk.cli.options import db_option, emit, format_option, output_option, parse_date


@click.command()
@click.argument("source")
@click.option("--kb", metavar="NAME_OR_PATH", help="knowledge base to search (default: $FACTDESK_KB or 'demo').")
@format_option
@output_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="ignore evidence dated after this day.")
@click.option("--top-k", type=click.IntRange(1, 50), help="passages retrieved per claim (default 5).")
@click.option("--verifier", metavar="NAME", help="verifier backend: minilm-xenc (default), onnx:DIR, hf:DIR.")
@click.option("--no-record", is_flag=True, help="do not store the check.")
@db_option
def check(source: str, kb: str | None, fmt: str, output: Path | None, as_of: str | None, top_k: int | None,
          verifier: str | None, no_record: bool, db: str | None) -> None:
    """Check SOURCE (a .txt/.md/.html file, '-' for stdin, or an http(s) URL) and print its brief.

    \b
    Examples:
      factdesk check article.md --kb demo
      factdesk check https://example.org/story --format html -o brief.html
      cat draft.txt | factdesk check - --as-of 2021-06-01 --format json
    """
    from rich.console import Console

    from factdesk.api import check as run_check
    from factdesk.brief.base import render

    date = parse_date(as_of)
    console = Console(stderr=True)
    with console.status("checking…") as status:
        brief = run_check(source, kb=kb, as_of=date, top_k=top_k, verifier=verifier, record=not no_record, db=db,
                          progress=lambda message: status.update(message))
    emit(render(brief, fmt), output)
