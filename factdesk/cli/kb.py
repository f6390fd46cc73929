"""`factdesk kb add|list|search|stats|reindex`."""

from __future__ import annotations

from pathlib import Path

import click

from factdesk.cli.options import json_option, parse_date, print_json
from factdesk.cli.progress import stderr_status


@click.group()
def kb() -> None:
    """Manage knowledge bases (stored under $FACTDESK_HOME/kbs, or at a path)."""


@kb.command("add")
@click.argument("name")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--no-dense", is_flag=True, help="BM25 only: no embeddings (for very large corpora).")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True,
              help="documents per committed batch (an interrupted add resumes after the last one).")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="processes splitting sentences [default: up to 2 CPUs; 0 = none].")
@click.option("--ray", "ray_address", is_flag=False, flag_value="auto", default=None, metavar="[ADDRESS]",
              help="read, split and embed on a Ray cluster: auto, HOST:PORT or ray://HOST:10001 (docs/scale.md).")
@click.option("--ray-workers", type=click.IntRange(1, 1024), default=2, show_default=True,
              help="--ray: embedding actors (each holding the encoder).")
@json_option
def add(name: str, paths: tuple[Path, ...], no_dense: bool, batch_size: int, workers: int | None,
        ray_address: str | None, ray_workers: int, as_json: bool) -> None:
    """Add documents to knowledge base NAME (created if needed): JSONL files of {id, title, text, url, date}
    lines, .txt/.md/.html files, MediaWiki XML dumps (.xml, .xml.bz2), or folders of them.

    NAME is a name (the knowledge base is stored under $FACTDESK_HOME/kbs) unless it holds a '/': ./my-kb
    stores it in that folder. A bare NAME never means a folder of the current directory.

    Exact and near duplicates are skipped; binary or undecodable files inside a folder are skipped and
    named. Every path is checked first: a bad one is an error and nothing is stored. The add is committed
    in batches: if it is interrupted (even killed), running the same command again finishes it.

    \b
    Example:  factdesk kb add newsroom archive/ extra.jsonl
              factdesk kb add wiki enwiki-latest-pages-articles1.xml.bz2 --no-dense
    """
    import os

    from factdesk.evidence.kb import KnowledgeBase

    _check_name(name, paths)
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    reader = None
    if ray_address is not None:
        from factdesk.batch.ray_kb import RayReader

        reader = RayReader(ray_address, ray_workers)
    with stderr_status("{task.completed:,} documents") as update:
        progress = (lambda done: update(completed=done)) if update else None
        knowledge_base, report = KnowledgeBase.add_to(name, list(paths), dense=not no_dense, progress=progress,
                                                      batch_docs=batch_size, workers=workers, reader=reader)
    if as_json:
        print_json({"kb": knowledge_base.name, **report})
        return
    unreadable = report.pop("unreadable")
    click.echo(", ".join(f"{k}: {v}" for k, v in report.items()) + f", unreadable: {len(unreadable)}"
               f"  ({knowledge_base.path})")
    for reason in unreadable:
        click.echo(f"skipped (not indexed): {reason}", err=True)


def _check_name(name: str, paths: tuple[Path, ...]) -> None:
    """A usage error for a forgotten NAME or PATHS; a note when a bare NAME is also a file or folder here,
    which is not where the knowledge base goes."""
    from factdesk.evidence.kb import is_path, resolve

    here = Path(name)
    kind = "folder" if here.is_dir() else "file"
    if not paths:
        if here.exists():
            raise click.UsageError(f"missing the knowledge base's NAME before the {kind} '{name}': "
                                   f"factdesk kb add NAME {name}")
        raise click.UsageError(f"missing PATHS: the files or folders to add to knowledge base '{name}'")
    if is_path(name) or not here.exists():
        return
    if here.is_dir():
        click.echo(f"note: knowledge base '{name}' is stored in {resolve(name)}, not in the folder ./{name} "
                   f"(write ./{name} to store it there)", err=True)
    else:
        click.echo(f"note: '{name}' is the knowledge base's name (stored in {resolve(name)}); the file ./{name} "
                   "is not added: the files to add follow NAME", err=True)


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


@kb.command("reindex")
@click.argument("name")
@json_option
def reindex(name: str, as_json: bool) -> None:
    """Embed every passage of knowledge base NAME again with the current embedder (the `embedder` setting: see
    `factdesk settings`), e.g. after an upgrade ships a better retrieval model. A knowledge base keeps searching
    with the model it was built with until then.

    The new vectors replace the old ones only when all are made: an interrupted reindex leaves the knowledge
    base as it was. Adds from other processes wait while it runs.

    \b
    Example:  FACTDESK_EMBEDDER=claims factdesk kb reindex newsroom
    """
    from factdesk.evidence.kb import KnowledgeBase

    knowledge_base = KnowledgeBase.open(name)
    with stderr_status("{task.completed:,} passages embedded") as update:
        report = knowledge_base.reindex(progress=(lambda done: update(completed=done)) if update else None)
    if as_json:
        print_json(report)
    else:
        click.echo(f"{report['kb']}: {report['passages']:,} passages embedded with {report['embedder']} "
                   f"(before: {report['before']})")
