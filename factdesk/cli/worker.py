"""`factdesk worker`: run queued checks in a process of their own, against the store `factdesk serve` uses."""

from __future__ import annotations

import click

from factdesk.cli.options import db_option


@click.command()
@db_option
@click.option("--checks", type=click.IntRange(1, 64), default=1, show_default=True,
              help="checks run at the same time (threads sharing one copy of the models).")
@click.option("--kb", metavar="NAME", help="knowledge base of checks that name none (default: $FACTDESK_KB).")
@click.option("--lease", type=click.FloatRange(1, 3600), default=30.0, show_default=True,
              help="seconds after which a check left by a crashed worker is taken over.")
@click.option("--allow-private-urls", is_flag=True,
              help="let submitted URLs point at loopback or private addresses (off: SSRF guard).")
def worker(db: str | None, checks: int, kb: str | None, lease: float, allow_private_urls: bool) -> None:
    """Take checks from the queue of the store and run them until SIGTERM or Ctrl-C (exit 0).

    A check running when it stops is queued again. Start as many as the machine allows, next to a
    `factdesk serve --workers 0` that only answers requests.

    \b
    Example:  factdesk serve --workers 0 --db postgresql://desk@db/factdesk &
              factdesk worker --db postgresql://desk@db/factdesk --checks 2
    """
    import logging
    import threading

    from factdesk.service.processes import WorkerSettings, run_worker, stop_on_signals
    from factdesk.store import Store

    Store(db).close()  # a bad --db is one `error:` line, before any model loads
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    stop_on_signals(stop)
    click.echo("factdesk worker: taking checks from the queue (SIGTERM or Ctrl-C to stop)", err=True)
    run_worker(WorkerSettings(db=db, kb=kb, lease_s=lease, allow_private_urls=allow_private_urls, checks=checks), stop)
