"""`factdesk serve`: the REST API and the web desk; checks run in worker processes."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

import click

from factdesk.cli.options import db_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@db_option
@click.option("--workers", type=click.IntRange(0, 64), default=2, show_default=True,
              help="worker processes running checks, one at a time each (each loads the models; 0: none here, "
                   "run `factdesk worker` against the same --db).")
@click.option("--kb", metavar="NAME", help="default knowledge base (default: $FACTDESK_KB or 'demo').")
@click.option("--lease", type=click.FloatRange(1, 3600), default=30.0, show_default=True,
              help="seconds after which a check left by a crashed server is taken over.")
@click.option("--max-body-mb", type=click.FloatRange(0.01, 1024), default=8.0, show_default=True,
              help="larger requests are refused with 413.")
@click.option("--feed-interval", type=click.FloatRange(1), default=300.0, show_default=True,
              help="seconds between two polls of a watched feed.")
@click.option("--no-feeds", is_flag=True, help="do not poll the watched feeds in this process.")
@click.option("--allow-private-urls", is_flag=True,
              help="let submitted and feed URLs point at loopback or private addresses (off: SSRF guard).")
def serve(host: str, port: int, db: str | None, workers: int, kb: str | None, lease: float, max_body_mb: float,
          feed_interval: float, no_feeds: bool, allow_private_urls: bool) -> None:
    """Serve the REST API (/v1, docs at /docs) and the web desk (/) until SIGTERM or Ctrl-C (exit 0).

    Checks run in separate worker processes, so the API stays responsive while they use the CPU.

    \b
    Examples:
      factdesk serve                        # http://127.0.0.1:8000
      factdesk serve --db postgresql://desk@db/factdesk --workers 4
      factdesk serve --workers 0 & factdesk worker --checks 2    # the checks in a process of their own
    """
    import logging

    from factdesk.service.app import ServiceConfig, create_app
    from factdesk.store import Store

    Store(db).close()  # a bad --db is one `error:` line now, not a traceback inside the server
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = ServiceConfig(db=db, workers=workers, worker_processes=True, kb=kb, lease_s=lease,
                           max_body_bytes=int(max_body_mb * 1_000_000),
                           allow_private_urls=allow_private_urls, watch_feeds=not no_feeds,
                           feed_interval_s=feed_interval)
    click.echo(f"factdesk desk on http://{host}:{port}/  (API docs: /docs)", err=True)
    run_until_signalled(create_app(config), host, port)


def run_until_signalled(app: object, host: str, port: int) -> None:
    """Serve `app`; SIGTERM or Ctrl-C shut it down gracefully and this returns (the command exits 0)."""
    import uvicorn

    class Server(uvicorn.Server):
        # uvicorn re-raises the signal it handled once shut down, so the process died of it (exit -15);
        # a shutdown asked for by a signal is the normal end of a server
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            previous = {number: signal.signal(number, self.handle_exit) for number in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for number, handler in previous.items():
                    signal.signal(number, handler)

    Server(uvicorn.Config(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=15)).run()
