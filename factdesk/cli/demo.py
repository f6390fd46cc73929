"""`factdesk demo`: the embedded default, no setup and no network."""

from __future__ import annotations

from pathlib import Path

import click

from factdesk.cli.options import db_option, emit, format_option, output_option


@click.command()
@format_option
@output_option
@click.option("--no-record", is_flag=True, help="do not store the check.")
@db_option
def demo(fmt: str, output: Path | None, no_record: bool, db: str | None) -> None:
    """Check the bundled sample article against the bundled demo knowledge base (Wikipedia passages,
    CC BY-SA) and print the brief. The first run builds the demo KB under $FACTDESK_HOME."""
    click.echo("factdesk demo: checking the sample article against the demo knowledge base…", err=True)
    from rich.console import Console

    from factdesk.api import check as run_check
    from factdesk.brief.base import render
    from factdesk.evidence.demo import DEMO_KB_NAME, demo_article_path

    with Console(stderr=True).status("loading models…") as status:
        brief = run_check(str(demo_article_path()), kb=DEMO_KB_NAME, record=not no_record, db=db,
                          progress=lambda message: status.update(message))
    emit(render(brief, fmt), output)
