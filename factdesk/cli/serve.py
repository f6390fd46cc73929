"""`factdesk serve`: the REST API and the web desk (needs the `serve` extra)."""

from __future__ import annotations

import click

from factdesk.cli.options import db_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="checks run at the same time (threads sharing one copy of the models).")
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
    """Serve the REST API (/v1, docs at /docs) and the web desk (/) until interrupted.

    \b
    Examples:
      factdesk serve                        # http://127.0.0.1:8000
      factdesk serve --db postgresql://desk@db/factdesk --workers 4
    """
    import logging

    try:
        import uvicorn

        from factdesk.service.app import ServiceConfig, create_app
    except ImportError as exc:
        from factdesk.errors import FactdeskError

        raise FactdeskError(f"factdesk serve needs the serve extra ({exc.name} is missing): "
                            "pip install 'factdesk[serve]'") from None
    from factdesk.store import Store

    Store(db).close()  # a bad --db is one `error:` line now, not a traceback inside the server
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = ServiceConfig(db=db, workers=workers, kb=kb, lease_s=lease, max_body_bytes=int(max_body_mb * 1_000_000),
                           allow_private_urls=allow_private_urls, watch_feeds=not no_feeds,
                           feed_interval_s=feed_interval)
    click.echo(f"factdesk desk on http://{host}:{port}/  (API docs: /docs)", err=True)
    uvicorn.run(create_app(config), host=host, port=port, log_level="info", timeout_graceful_shutdown=15)
