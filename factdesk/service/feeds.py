"""Watched feeds: RSS/Atom polled with ETag/Last-Modified, each new article fetched and checked once.

An item is deduplicated by URL (across every feed) and by a hash of its extracted text (the same story
under a second URL). A feed or an item that fails is retried with exponential backoff and its error is
kept for the feeds page; nothing stops the watcher. Items move new -> queued (a check job exists) or
duplicate, or retry -> ... -> failed after `MAX_ITEM_ATTEMPTS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Row, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from factdesk.errors import FactdeskError, FetchError, InputError
from factdesk.models import Article
from factdesk.service import jobs
from factdesk.service.db import ServiceStore, now, utc
from factdesk.service.inputs import check_kb, check_url
from factdesk.store.schema import feed_items, feeds
from factdesk.store.schema import jobs as jobs_table

log = logging.getLogger("factdesk.service")
MAX_FEED_BYTES = 5_000_000
MAX_ITEM_ATTEMPTS = 4
MAX_ITEMS_PER_POLL = 50  # a feed that suddenly lists thousands of links is read 50 at a time


class Feed(BaseModel):
    id: int
    url: str
    title: str | None = None
    kb: str | None = None
    polled_at: dt.datetime | None = None
    next_poll_at: dt.datetime
    failures: int = 0
    error: str | None = None


class FeedItem(BaseModel):
    id: int
    feed_id: int
    url: str
    title: str | None = None
    status: str
    job_id: str | None = None
    job_status: str | None = None
    attempts: int = 0
    error: str | None = None

    @property
    def state(self) -> str:
        """What a reader cares about: the check's status once there is one."""
        return self.job_status or self.status


# -- the tables ------------------------------------------------------------------------------------------


def add(store: ServiceStore, url: str, kb: str | None = None, allow_private: bool = False) -> Feed:
    """Watch `url` (already watched: returns it unchanged)."""
    url = check_url(url, allow_private)
    kb = check_kb(kb)
    with store.tx(write=True, action="add a feed to") as conn:
        row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        if row is None:
            moment = now()
            conn.execute(insert(feeds).values(url=url, kb=kb, added_at=moment, next_poll_at=moment, failures=0))
            row = conn.execute(select(feeds).where(feeds.c.url == url)).one()
    return _feed(row)


def all_feeds(store: ServiceStore) -> list[Feed]:
    with store.tx() as conn:
        return [_feed(r) for r in conn.execute(select(feeds).order_by(feeds.c.id)).all()]


def items(store: ServiceStore, feed_id: int | None = None, limit: int = 50) -> list[FeedItem]:
    query = (select(feed_items, jobs_table.c.status.label("job_status"))
             .join(jobs_table, jobs_table.c.id == feed_items.c.job_id, isouter=True)
             .order_by(feed_items.c.seen_at.desc(), feed_items.c.id.desc()).limit(limit))
    if feed_id is not None:
        query = query.where(feed_items.c.feed_id == feed_id)
    with store.tx() as conn:
        rows = conn.execute(query).all()
    return [FeedItem(id=r.id, feed_id=r.feed_id, url=r.url, title=r.title, status=r.status, job_id=r.job_id,
                     job_status=r.job_status, attempts=r.attempts, error=r.error) for r in rows]


def _feed(row: Row[Any]) -> Feed:
    return Feed(id=row.id, url=row.url, title=row.title, kb=row.kb, polled_at=utc(row.polled_at),
                next_poll_at=utc(row.next_poll_at), failures=row.failures, error=row.error)


def backoff(base_s: float, failures: int, cap_s: float) -> dt.timedelta:
    return dt.timedelta(seconds=min(cap_s, base_s * 2 ** max(0, failures - 1)))


# -- polling ---------------------------------------------------------------------------------------------


def fetch_feed(feed: Feed, etag: str | None, modified: str | None, timeout: float = 15.0) -> tuple[int, bytes, dict]:
    """(HTTP status, body, headers) with a conditional GET; 304 means unchanged."""
    from factdesk.ingest.fetch import USER_AGENT

    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(feed.url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise FetchError(f"{feed.url}: feed larger than {MAX_FEED_BYTES:,} bytes")
            return response.status, body, dict(response.headers)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", dict(exc.headers)
        raise FetchError(f"{feed.url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{feed.url}: cannot connect ({exc.reason})") from None
    except (TimeoutError, OSError, ValueError) as exc:
        raise FetchError(f"{feed.url}: {exc}") from None


class ParsedFeed(BaseModel):
    title: str | None = None
    items: list[tuple[str, str | None]] = []  # (http(s) link, title), at most MAX_ITEMS_PER_POLL


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """The title and the article links of an RSS or Atom document; FetchError if it is not one."""
    import feedparser

    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"{url}: not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})")
    items = []
    for entry in parsed.entries[:MAX_ITEMS_PER_POLL]:
        link = str(entry.get("link") or entry.get("id") or "").strip()
        if link.lower().startswith(("http://", "https://")):
            title = entry.get("title")
            items.append((link, str(title) if title is not None else None))
    title = parsed.feed.get("title")
    return ParsedFeed(title=str(title) if title else None, items=items)


def poll(store: ServiceStore, feed: Feed, interval_s: float, retry_s: float, allow_private: bool = False) -> int:
    """Fetch `feed` once and record its new items; returns how many are new. Failures are recorded, not raised."""
    with store.tx() as conn:
        etag, modified = conn.execute(select(feeds.c.etag, feeds.c.last_modified)
                                      .where(feeds.c.id == feed.id)).one()
    moment = now()
    try:
        check_url(feed.url, allow_private)
        status, body, headers = fetch_feed(feed, etag, modified)
        parsed = parse_feed(body, feed.url) if status != 304 else None
    except FactdeskError as exc:
        failures = feed.failures + 1
        log.warning("feed %s failed (%d in a row): %s", feed.url, failures, exc)
        with store.tx(write=True, action="record a feed failure in") as conn:
            conn.execute(update(feeds).where(feeds.c.id == feed.id).values(
                polled_at=moment, failures=failures, error=str(exc),
                next_poll_at=moment + backoff(retry_s, failures, max(interval_s, retry_s))))
        return 0
    new = 0
    if parsed is not None:
        for link, title in parsed.items:
            new += _record_item(store, feed.id, link, title)
    values = {"polled_at": moment, "failures": 0, "error": None,
              "next_poll_at": moment + dt.timedelta(seconds=interval_s)}
    if status != 304:
        values |= {"etag": headers.get("ETag") or headers.get("Etag"), "last_modified": headers.get("Last-Modified")}
        if parsed is not None and parsed.title:
            values["title"] = parsed.title
    with store.tx(write=True, action="record a feed poll in") as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed.id).values(**values))
    log.info("feed %s: %s, %d new item(s)", feed.url, "unchanged" if status == 304 else "fetched", new)
    return new


def _record_item(store: ServiceStore, feed_id: int, url: str, title: str | None) -> int:
    try:
        with store.tx(write=True, action="record a feed item in") as conn:
            if conn.execute(select(feed_items.c.id).where(feed_items.c.url == url)).first() is not None:
                return 0
            conn.execute(insert(feed_items).values(feed_id=feed_id, url=url, title=title, status="new", attempts=0,
                                                   seen_at=now()))
    except FactdeskError as exc:
        if isinstance(exc.__cause__, IntegrityError) or "UNIQUE" in str(exc) or "unique" in str(exc):
            return 0  # another watcher recorded it first
        raise
    return 1


def process_items(store: ServiceStore, fetch: Callable[[str], Article], retry_s: float,
                  on_queued: Callable[[], None] = lambda: None) -> int:
    """Fetch every new or due item and queue its check (or mark it a duplicate); returns how many were handled."""
    moment = now()
    with store.tx() as conn:
        due = conn.execute(
            select(feed_items.c.id, feed_items.c.url, feed_items.c.attempts, feeds.c.kb)
            .join(feeds, feeds.c.id == feed_items.c.feed_id)
            .where(or_(feed_items.c.status == "new",
                       (feed_items.c.status == "retry") & (feed_items.c.next_try_at <= moment)))
            .order_by(feed_items.c.id)
        ).all()
    for item in due:
        try:
            article = fetch(item.url)
        except (FetchError, InputError) as exc:
            attempts = item.attempts + 1
            final = attempts >= MAX_ITEM_ATTEMPTS or _permanent(exc)
            log.warning("feed item %s: %s (%s)", item.url, exc, "giving up" if final else f"attempt {attempts}")
            with store.tx(write=True, action="record a feed item failure in") as conn:
                conn.execute(update(feed_items).where(feed_items.c.id == item.id).values(
                    status="failed" if final else "retry", attempts=attempts, error=str(exc),
                    next_try_at=None if final else now() + backoff(retry_s, attempts, 3600)))
            continue
        digest = hashlib.sha256(" ".join(article.text.split()).encode("utf-8")).hexdigest()
        with store.tx(write=True, action="record a feed item in") as conn:
            twin = conn.execute(select(feed_items.c.url).where(
                feed_items.c.content_hash == digest, feed_items.c.id != item.id)).first()
            if twin is not None:
                conn.execute(update(feed_items).where(feed_items.c.id == item.id).values(
                    status="duplicate", content_hash=digest, attempts=item.attempts + 1,
                    error=f"same text as {twin.url}"))
                continue
            # the hash is claimed before the job exists, so a twin fetched meanwhile is seen as a duplicate
            conn.execute(update(feed_items).where(feed_items.c.id == item.id).values(content_hash=digest))
        job = jobs.enqueue(store, jobs.JobRequest(article=article, kb=item.kb))
        with store.tx(write=True, action="record a feed item in") as conn:
            conn.execute(update(feed_items).where(feed_items.c.id == item.id).values(
                status="queued", job_id=job.id, attempts=item.attempts + 1, error=None))
        on_queued()
    return len(due)


def _permanent(exc: FactdeskError) -> bool:
    """Unusable content, a refused address or a 4xx answer will not change by waiting (408 and 429 may)."""
    from factdesk.web.fetch import BlockedURLError

    status = re.search(r"HTTP (\d{3})", str(exc))
    client_error = bool(status) and status.group(1).startswith("4") and status.group(1) not in ("408", "429")
    return isinstance(exc, InputError | BlockedURLError) or client_error


def pending_items(store: ServiceStore) -> int:
    with store.tx() as conn:
        return len(conn.execute(select(feed_items.c.id).where(feed_items.c.status.in_(("new", "retry")))).all())


def next_retry(store: ServiceStore) -> dt.datetime | None:
    with store.tx() as conn:
        return utc(conn.execute(select(feed_items.c.next_try_at).where(feed_items.c.status == "retry")
                                .order_by(feed_items.c.next_try_at).limit(1)).scalar())


# -- the watcher thread ----------------------------------------------------------------------------------


class FeedWatcher:
    """Polls due feeds and handles their items in one background thread."""

    def __init__(self, store: ServiceStore, pool: object, interval_s: float = 300.0, retry_s: float = 30.0,
                 allow_private: bool = False, fetch: Callable[[str], Article] | None = None) -> None:
        from factdesk.service.inputs import guarded_fetch

        self.store, self.pool = store, pool
        self.interval_s, self.retry_s, self.allow_private = interval_s, retry_s, allow_private
        self.fetch = fetch or guarded_fetch(allow_private)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="factdesk-feeds", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def run_once(self) -> None:
        """Poll every due feed, then handle every new or due item."""
        moment = now()
        for feed in all_feeds(self.store):
            if feed.next_poll_at <= moment:
                poll(self.store, feed, self.interval_s, self.retry_s, self.allow_private)
        process_items(self.store, self.fetch, self.retry_s, on_queued=getattr(self.pool, "notify", lambda: None))

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run_once()
            except FactdeskError as exc:
                log.warning("feed watcher: %s", exc)
            except Exception:  # a bug must not end the watcher
                log.exception("feed watcher")
            self._wake.wait(self._sleep_s())

    def _sleep_s(self) -> float:
        moments = [f.next_poll_at for f in all_feeds(self.store)]
        if retry := next_retry(self.store):
            moments.append(retry)
        if not moments:
            return self.interval_s
        return min(self.interval_s, max(0.05, (min(moments) - now()).total_seconds()))
