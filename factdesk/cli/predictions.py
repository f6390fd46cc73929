"""`factdesk predictions list|show|resolve|review|score`: the predictions ledger (docs/predictions.md)."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factdesk import settings
from factdesk.cli.options import db_option, json_option, print_json
from factdesk.errors import InputError

if TYPE_CHECKING:  # loaded only when a command runs: `factdesk --help` stays fast
    from factdesk.predictions.review import Proposal
    from factdesk.predictions.scoring import Decomposition, ReliabilityBin, Score


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today: '{value}' is not a date (expected YYYY-MM-DD)") from None


def _who(value: str | None) -> str:
    if value:
        return value
    try:
        return settings.get("user") or getpass.getuser()
    except OSError:  # no user name known to the system (some containers)
        raise InputError("say who resolves the prediction: --who NAME (or set FACTDESK_USER)") from None


today_option = click.option("--today", metavar="YYYY-MM-DD", help="the day to judge what is due (default: today).")


@click.group()
def predictions() -> None:
    """The predictions ledger: every prediction a check sets apart, with its horizon and stated likelihood,
    resolved by people and scored with the Brier score.

    \b
    factdesk predictions list --due
    factdesk predictions resolve 12 true --note "opened 2027-05-02" --evidence https://example.org/opening
    factdesk predictions review --kb newsroom
    factdesk predictions score --by source --plot reliability.png
    """


@predictions.command("list")
@click.option("--due", is_flag=True, help="only open predictions whose horizon has passed.")
@click.option("--source", "-s", metavar="TEXT", help="only predictions whose outlet or author contains TEXT.")
@click.option("--status", type=click.Choice(["open", "true", "false", "void"]),
              help="only predictions with this status.")
@today_option
@json_option
@db_option
def list_cmd(due: bool, source: str | None, status: str | None, today: str | None, as_json: bool,
             db: str | None) -> None:
    """List the ledger's predictions by due date (open-ended ones last)."""
    from factdesk.predictions.ledger import Ledger

    day = _today(today)
    with Ledger(db) as ledger:
        entries = ledger.entries(due_by=day if due else None, source=source, status=status)
    if as_json:
        print_json([e.model_dump(mode="json") | {"due": e.is_due(day)} for e in entries])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "due", "stated", "status", "source", "prediction", title=f"{len(entries)} prediction(s)")
    for e in entries:
        due_cell = e.due_on.isoformat() if e.due_on else "open-ended"
        stated = f"{e.likelihood:.0%} {e.likelihood_word}" if e.likelihood is not None else "–"
        status_cell = "DUE" if e.is_due(day) else e.status
        table.add_row(str(e.id), due_cell, stated, status_cell, e.author or e.outlet or "–", e.text)
    Console().print(table)


@predictions.command("show")
@click.argument("prediction_id", type=int)
@json_option
@db_option
def show_cmd(prediction_id: int, as_json: bool, db: str | None) -> None:
    """Show one prediction and every change of its status."""
    from factdesk.predictions.ledger import Ledger

    with Ledger(db) as ledger:
        entry, events = ledger.entry(prediction_id), ledger.events(prediction_id)
    if as_json:
        print_json(entry.model_dump(mode="json") | {"events": [e.model_dump(mode="json") for e in events]})
        return
    click.echo(f"#{entry.id} “{entry.text}”")
    click.echo(f"source: {entry.author or '–'} · {entry.outlet or '–'} · {entry.url or 'no URL'}")
    click.echo(f"made {entry.made_on} · due {entry.due_on or 'open-ended'} ({entry.horizon or 'no horizon'})"
               f" · stated {entry.likelihood if entry.likelihood is not None else '–'} ({entry.likelihood_word or '–'})"
               f" · status {entry.status} · seen in {entry.sightings} check(s)")
    for e in events:
        extra = "".join(f" · {part}" for part in (e.note, e.evidence_url) if part)
        click.echo(f"  {e.at:%Y-%m-%d %H:%M} UTC  {e.who}: {e.status}{extra}")


@predictions.command("resolve")
@click.argument("prediction_id", type=int)
@click.argument("outcome", type=click.Choice(["true", "false", "void", "open"]))
@click.option("--note", metavar="TEXT", help="why: what happened, and when.")
@click.option("--evidence", metavar="URL", help="a page that shows the outcome.")
@click.option("--who", metavar="NAME", help="who resolves it (default: $FACTDESK_USER, else the user name).")
@json_option
@db_option
def resolve_cmd(prediction_id: int, outcome: str, note: str | None, evidence: str | None, who: str | None,
                as_json: bool, db: str | None) -> None:
    """Resolve a prediction: true (the forecast event happened), false, or void (it cannot be judged);
    `open` undoes a resolution. Every change is kept, with who and when."""
    from factdesk.predictions.ledger import Ledger

    with Ledger(db) as ledger:
        entry = ledger.resolve(prediction_id, outcome, who=_who(who), note=note, evidence_url=evidence)
    if as_json:
        print_json(entry.model_dump(mode="json"))
    else:
        click.echo(f"#{entry.id} is now {entry.status}: “{entry.text}”")


@predictions.command("score")
@click.option("--by", type=click.Choice(["source", "author"]), help="one score per outlet (source) or author.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.png",
              help="draw the reliability diagram to FILE.png (needs matplotlib).")
@json_option
@db_option
def score_cmd(by: str | None, plot: Path | None, as_json: bool, db: str | None) -> None:
    """Brier score, counts, resolution rate and the reliability table of the ledger."""
    from factdesk.predictions.ledger import Ledger
    from factdesk.predictions.scoring import decomposition, plot_reliability, reliability, scores

    if plot is not None and not plot.parent.is_dir():
        raise InputError(f"cannot write {plot}: no such folder {plot.parent}")
    with Ledger(db) as ledger:
        entries = ledger.entries()
    rows, table, parts = scores(entries, by), reliability(entries), decomposition(entries)
    if plot is not None:
        plot_reliability(table, plot)
    if as_json:
        print_json({"scores": [s.model_dump() for s in rows], "reliability": [b.model_dump() for b in table],
                    "decomposition": parts.model_dump() if parts else None, "plot": str(plot) if plot else None})
        return
    _print_scores(rows, table, parts)
    if plot is not None:
        click.echo(f"wrote {plot}", err=True)


def _print_scores(rows: list[Score], table: list[ReliabilityBin], parts: Decomposition | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    out = Table("source" if len(rows) > 1 or rows[0].group != "all" else "", "predictions", "resolved", "void",
                "resolution rate", "scored", "Brier", title="Brier score (0 perfect · 0.25 always 50% · 1 worst)")
    for s in rows:
        out.add_row(s.group, str(s.count), str(s.resolved), str(s.void), f"{s.resolution_rate:.0%}", str(s.scored),
                    f"{s.brier:.3f}" if s.brier is not None else "–")
    console.print(out)
    rel = Table("stated likelihood", "resolved", "came true", title="Reliability")
    for b in table:
        rel.add_row(f"{b.stated:.0%}", str(b.count), f"{b.observed:.0%}")
    console.print(rel if table else "No resolved prediction with a stated likelihood yet.")
    if parts is not None:
        console.print(f"Brier = reliability {parts.reliability:.3f} − resolution {parts.resolution:.3f} "
                      f"+ uncertainty {parts.uncertainty:.3f}")


@predictions.command("review")
@click.option("--kb", metavar="NAME_OR_PATH", help="knowledge base to search (default: $FACTDESK_KB or 'demo').")
@click.option("--web", is_flag=True, help="also search the web (providers: docs/web.md).")
@click.option("--ask", is_flag=True, help="ask, for each proposal, whether to accept it (reads y/n from stdin).")
@click.option("--who", metavar="NAME", help="who accepts (default: $FACTDESK_USER, else the user name).")
@today_option
@json_option
@db_option
def review_cmd(kb: str | None, web: bool, ask: bool, who: str | None, today: str | None, as_json: bool,
               db: str | None) -> None:
    """Propose a resolution for each due prediction from the evidence as of today, with the passages quoted.
    Nothing is resolved unless a person accepts it (--ask)."""
    from factdesk.api import pipeline_for
    from factdesk.predictions.ledger import Ledger
    from factdesk.predictions.review import propose

    if ask and as_json:
        raise InputError("--ask and --json do not go together: --json only lists the proposals")
    day = _today(today)
    with Ledger(db) as ledger:
        due = ledger.entries(due_by=day)
        proposals = propose(due, pipeline_for(kb, retriever="kb+web" if web else None), day) if due else []
        if as_json:
            print_json([p.as_dict() for p in proposals])
            return
        if not proposals:
            click.echo(f"No prediction is due on {day}.")
        resolver = _who(who) if ask else ""
        for proposal in proposals:
            _print_proposal(proposal)
            if ask and proposal.outcome and click.confirm(f"  accept: resolve #{proposal.entry.id} "
                                                          f"{proposal.outcome}?", default=False):
                quote = proposal.quotes[0] if proposal.quotes else None
                note = f"accepted review proposal ({proposal.confidence:.0%}): {quote.text if quote else ''}"
                ledger.resolve(proposal.entry.id, proposal.outcome, who=resolver, note=note.strip(),
                               evidence_url=quote.url if quote and quote.url and quote.url.startswith("http") else None)
                click.echo(f"  #{proposal.entry.id} resolved {proposal.outcome}")


def _print_proposal(proposal: Proposal) -> None:
    entry = proposal.entry
    click.echo(f"#{entry.id} (due {entry.due_on}) “{entry.text}”\n  judged as: “{proposal.judged}”")
    verdict = (f"proposed: {proposal.outcome} ({proposal.confidence:.0%}), {proposal.reason}" if proposal.outcome
               else f"no proposal: {proposal.reason}")
    click.echo(f"  {verdict}")
    for passage in proposal.quotes:
        source = ", ".join(part for part in (passage.title, passage.url,
                                             passage.date.isoformat() if passage.date else None) if part)
        click.echo(f"  > {' '.join(passage.text.split())}\n    — {source or passage.doc_id}")
    if proposal.outcome:
        click.echo(f"  to accept: factdesk predictions resolve {entry.id} {proposal.outcome} --note '…'")
