"""`factdesk check SOURCE`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from factdesk.cli.options import check_audio_output, db_option, emit_brief, format_option, output_option, parse_date
from factdesk.cli.progress import stderr_status


@click.command()
@click.argument("source", required=False)
@click.option("--kb", metavar="NAME_OR_PATH", help="knowledge base to search (default: $FACTDESK_KB or 'demo').")
@format_option
@output_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="ignore evidence dated after this day.")
@click.option("--top-k", type=click.IntRange(1, 50), help="passages retrieved per claim (default 5).")
@click.option("--verifier", metavar="NAME", help="verifier backend: minilm-xenc (default), onnx:DIR, hf:DIR.")
@click.option("--no-record", is_flag=True, help="do not store the check.")
@click.option("--web", is_flag=True, help="also search the web for evidence (providers: docs/web.md).")
@click.option("--replay", metavar="CHECK_ID", help="re-run a stored check offline with exactly the evidence it had.")
@click.option("--llm", metavar="ID", help="LLM endpoint for its stages (claims, verify, analysis): docs/llm.md.")
@click.option("--all-sentences", is_flag=True,
              help="check every sentence, not only the check-worthy ones (a lone sentence always is).")
@db_option
def check(source: str | None, kb: str | None, fmt: str, output: Path | None, as_of: str | None, top_k: int | None,
          verifier: str | None, no_record: bool, web: bool, replay: str | None, llm: str | None,
          all_sentences: bool, db: str | None) -> None:
    """Check SOURCE (a .txt/.md/.html file, '-' for stdin, or an http(s) URL) and print its brief.

    \b
    Examples:
      factdesk check article.md --kb demo
      factdesk check https://example.org/story --format html -o brief.html
      factdesk check article.md -f audio -o brief.ogg          # a spoken brief (audio extra)
      cat draft.txt | factdesk check - --as-of 2021-06-01 --format json
      factdesk check article.md --web --as-of 2024-05-01
      factdesk check draft.md --all-sentences
      factdesk check --replay 3f2a
    """
    from factdesk.api import check as run_check

    check_audio_output(fmt, output)
    if replay is not None:
        if source is not None or web or kb or as_of or top_k:
            raise click.UsageError("--replay takes the source, knowledge base, evidence and --as-of from the stored "
                                   "check: give only CHECK_ID (and --verifier, --format, --output, --no-record)")
        _replay(replay, fmt, output, verifier, no_record, db)
        return
    if source is None:
        raise click.UsageError("missing SOURCE (a file, '-', a URL or text), or --replay CHECK_ID")
    date = parse_date(as_of)
    with stderr_status("{task.description}", "checking…") as update:
        brief = run_check(source, kb=kb, as_of=date, top_k=top_k, verifier=verifier, record=not no_record, db=db,
                          progress=_stage(update), retriever="kb+web" if web else None, llm=llm,
                          all_sentences=all_sentences)
    emit_brief(brief, fmt, output)


def _replay(check_id: str, fmt: str, output: Path | None, verifier: str | None, no_record: bool,
            db: str | None) -> None:
    from factdesk.api import replay as run_replay
    from factdesk.evidence.snapshot import differences

    with stderr_status("{task.description}", "replaying…") as update:
        brief, stored = run_replay(check_id, verifier=verifier, record=not no_record, db=db, progress=_stage(update))
    emit_brief(brief, fmt, output)
    changed = differences(stored, brief)
    total = len(stored.results)
    click.echo(f"replay of {stored.check_id}: {total - len(changed)} of {total} verdicts equal the stored ones"
               + ("" if no_record else f" (recorded as {brief.check_id})"), err=True)
    for line in changed:
        click.echo(f"  changed: {line}", err=True)


def _stage(update: Callable[..., None] | None) -> Callable[[str], None] | None:
    """The pipeline's progress messages ("judging claims: 16 of 40 done") shown on the status line."""
    return (lambda message: update(description=message)) if update else None
