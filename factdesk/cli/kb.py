"""`factdesk kb add|list|search|stats`."""

from __future__ import annotations

from pathlib import Path

import click

from factdesk.cli.options import json_option, parse_date, print_json


@click.group()
def kb() -> None:
    """Manage knowledge bases (stored under $FACTDESK_HOME/kbs, or at a path)."""


@kb.command("add")
@click.argument("name")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-dense", is_flag=True, help="BM25 only: no embeddings (for very large corpora).")
@json_option
def add(name: str, paths: tuple[Path, ...], no_dense: bool, as_json: bool) -> None:
    """Add documents to knowledge base NAME (created if needed): JSONL files of {id, title, text, url, date}
    lines, .txt/.md/.html files, or folders of them.

    \b
    Example:  factdesk kb add newsroom archive/ extra.jsonl
    """
    from factdesk.errors import InputError
    from factdesk.evidence.kb import KnowledgeBase

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    knowledge_base = KnowledgeBase.create(name, dense=not no_dense)
    report = knowledge_base.add_paths(list(paths))
    if as_json:
        print_json({"kb": knowledge_base.name, **report})
    else:
        click.echo(", ".join(f"{k}: {v}" for k, v in report.items()) + f"  ({knowledge_base.path})")


@kb.command("list")
@json_option
def list_cmd(as_json: bool) -> None:
    """List the knowledge bases under $FACTDESK_HOME."""
    from factdesk.evidence.kb import list_knowledge_bases

    rows = list_knowledge_bases()
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no knowledge bases yet: try 'factdesk kb add NAME PATH' or 'factdesk demo'")
    for row in rows:
        click.echo(f"{row['name']:<20} {row.get('documents', '?'):>8} documents {row.get('passages', '?'):>9} passages")


@kb.command("search")
@click.argument("name")
@click.argument("query")
@click.option("--top-k", "-k", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--as-of", metavar="YYYY-MM-DD", help="ignore passages dated after this day.")
@json_option
def search(name: str, query: str, top_k: int, as_of: str | None, as_json: bool) -> None:
    """Search knowledge base NAME for QUERY (hybrid BM25 + dense)."""
    from factdesk.evidence.kb import KnowledgeBase

    hits = KnowledgeBase.open(name).search(query, top_k=top_k, as_of=parse_date(as_of))
    if as_json:
        print_json([hit.model_dump(mode="json") for hit in hits])
        return
    for hit in hits:
        p = hit.passage
        where = " · ".join(str(x) for x in (p.title, p.date, p.url) if x)
        click.echo(f"{hit.rank:>2}. [{hit.score:.4f}] {p.text}\n    {where}")


@kb.command("stats")
@click.argument("name")
@json_option
def stats(name: str, as_json: bool) -> None:
    """Show the size and contents of knowledge base NAME."""
    from factdesk.evidence.kb import KnowledgeBase

    data = KnowledgeBase.open(name).stats()
    if as_json:
        print_json(data)
    else:
        for key, value in data.items():
            click.echo(f"{key:<16} {value}")
