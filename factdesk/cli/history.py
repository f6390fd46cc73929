"""`factdesk history` and `factdesk show CHECK_ID`."""

from __future__ import annotations

from pathlib import Path

import click

from factdesk.cli.options import (
    check_audio_output,
    db_option,
    emit_brief,
    format_option,
    json_option,
    output_option,
    print_json,
)


@click.command()
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--search", "-s", metavar="TEXT", help="only checks whose title or source contains TEXT.")
@json_option
@db_option
def history(limit: int, offset: int, search: str | None, as_json: bool, db: str | None) -> None:
    """List recent checks, newest first."""
    from factdesk.store import Store

    store = Store(db)
    try:
        rows = store.list(limit=limit, offset=offset, search=search)
    finally:
        store.close()
    if as_json:
        print_json([row.model_dump(mode="json") if hasattr(row, "model_dump") else vars(row) for row in rows])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("check", "when (UTC)", "title / source", "✅", "❌", "⚠️")
    for row in rows:
        counts = row.counts or {}
        table.add_row(row.id[:12], str(row.created_at)[:19], row.title or row.source,
                      str(counts.get("SUPPORTED", 0)), str(counts.get("REFUTED", 0)),
                      str(counts.get("NOT_ENOUGH_INFO", 0)))
    Console().print(table)


@click.command()
@click.argument("check_id")
@format_option
@output_option
@db_option
def show(check_id: str, fmt: str, output: Path | None, db: str | None) -> None:
    """Re-render a stored check (a unique prefix of its id is enough); -f audio -o brief.ogg speaks it."""
    from factdesk.store import Store

    check_audio_output(fmt, output)

    store = Store(db)
    try:
        brief = store.get(check_id)
    finally:
        store.close()
    emit_brief(brief, fmt, output)
