"""`factdesk watch FEED_URL...`: check each new article of RSS/Atom feeds (needs the `serve` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from factdesk.cli.options import db_option, json_option, print_json

if TYPE_CHECKING:
    from factdesk.service.db import ServiceStore
    from factdesk.service.feeds import Feed


@click.command()
@click.argument("feed_urls", nargs=-1, metavar="FEED_URL...")
@click.option("--kb", metavar="NAME", help="knowledge base the new feeds' articles are checked against.")
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--interval", type=click.FloatRange(1), default=300.0, show_default=True,
              help="seconds between two polls of a feed.")
@click.option("--retry", type=click.FloatRange(0.01), default=30.0, show_default=True,
              help="first retry delay in seconds for a failing feed or article (doubled each time).")
@click.option("--once", is_flag=True, help="poll each feed once, finish its checks (retries included), report, exit.")
@click.option("--allow-private-urls", is_flag=True, help="allow feeds and articles on loopback/private addresses.")
@json_option
def watch(feed_urls: tuple[str, ...], kb: str | None, db: str | None, workers: int, interval: float, retry: float,
          once: bool, allow_private_urls: bool, as_json: bool) -> None:
    """Watch FEED_URLs (and every feed watched before): each new item is fetched, checked once (deduplicated by
    URL and by text) and stored; see them with `factdesk history` or on the desk's feeds page.

    \b
    Examples:
      factdesk watch https://example.org/rss.xml --kb newsroom
      factdesk watch --once                # cron: poll every watched feed, check, exit
    """
    import logging
    import time

    from factdesk.service import feeds
    from factdesk.service.db import ServiceStore
    from factdesk.service.inputs import guarded_fetch
    from factdesk.service.worker import WorkerPool

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with ServiceStore(db) as store:
        added = [feeds.add(store, url, kb, allow_private_urls) for url in feed_urls]
        pool = WorkerPool(store, workers, default_kb=kb, fetch=guarded_fetch(allow_private_urls))
        watcher = feeds.FeedWatcher(store, pool, interval_s=interval, retry_s=retry, allow_private=allow_private_urls)
        pool.start()
        try:
            if not once:
                click.echo(f"watching {len(feeds.all_feeds(store))} feed(s); Ctrl-C stops", err=True)
                watcher.start()
                while True:
                    time.sleep(3600)
            watched = added or feeds.all_feeds(store)
            for feed in watched:
                feeds.poll(store, feed, interval, retry, allow_private_urls)
            while True:
                feeds.process_items(store, watcher.fetch, retry, on_queued=pool.notify)
                ids = {f.id for f in watched}
                waiting = [i for i in feeds.items(store, limit=10_000) if i.feed_id in ids
                           and i.state in ("new", "retry", "queued", "running")]
                if not waiting:
                    break
                time.sleep(0.2)
            _report(store, watched, as_json)
        finally:
            watcher.stop()
            pool.stop()


def _report(store: ServiceStore, watched: list[Feed], as_json: bool) -> None:
    from factdesk.errors import FactdeskError
    from factdesk.service import feeds

    report = []
    for feed in watched:
        current = next(f for f in feeds.all_feeds(store) if f.id == feed.id)
        items = feeds.items(store, feed.id, limit=10_000)
        report.append({"feed": current.url, "title": current.title, "error": current.error,
                       "items": [{"url": i.url, "title": i.title, "state": i.state, "check": i.job_id,
                                  "error": i.error} for i in items]})
    if as_json:
        print_json(report)
    else:
        for entry in report:
            click.echo(f"{entry['title'] or entry['feed']}" + (f"  FAILED: {entry['error']}" if entry["error"] else ""))
            for item in entry["items"]:
                extra = f"  check {item['check']}" if item["check"] else ""
                click.echo(f"  {item['state']:<9} {item['title'] or item['url']}{extra}"
                           + (f"  ({item['error']})" if item["error"] else ""))
    failed = [e for e in report if e["error"]] + [i for e in report for i in e["items"] if i["state"] == "failed"]
    if failed:
        raise FactdeskError(f"{len(failed)} feed(s) or article(s) failed (see above)")
