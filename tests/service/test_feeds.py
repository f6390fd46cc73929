"""Feeds against a real feed server on 127.0.0.1: RSS and Atom, ETag/Last-Modified, dedupe, retries, failures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from factdesk.cli.main import group
from factdesk.errors import FactdeskError
from factdesk.service import feeds, jobs
from factdesk.service.db import ServiceStore

from .conftest import KB, Server, http

pytestmark = pytest.mark.slow

STORY = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p>"
         "</article></body></html>")
TEXTS = {
    "eiffel": "The Eiffel Tower is a wrought-iron lattice tower in Paris, France, and it opened in 1889.",
    "rome": "Rome is the capital city of Italy. It has a population of about 2.8 million people.",
}


class FeedSite:
    """Serves /rss.xml, /atom.xml, /broken.xml and article pages; remembers what it was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None, str | None]] = []  # path, If-None-Match, If-Modified-Since
        self.flaky_failures = 1  # /flaky.html answers 503 this many times first
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.requests.append((self.path, self.headers.get("If-None-Match"),
                                      self.headers.get("If-Modified-Since")))
                site.answer(self)

            def log_message(self, *_: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        if path == "/rss.xml":
            if handler.headers.get("If-None-Match") == '"rss-v1"':
                return self.send(handler, 304, "", b"")
            return self.send(handler, 200, "application/rss+xml", self.rss().encode(),
                             {"ETag": '"rss-v1"', "Last-Modified": "Mon, 01 Dec 2025 10:00:00 GMT"})
        if path == "/atom.xml":
            if handler.headers.get("If-Modified-Since") == "Mon, 01 Dec 2025 11:00:00 GMT":
                return self.send(handler, 304, "", b"")
            return self.send(handler, 200, "application/atom+xml", self.atom().encode(),
                             {"Last-Modified": "Mon, 01 Dec 2025 11:00:00 GMT"})
        if path == "/broken.xml":
            return self.send(handler, 500, "text/plain", b"down")
        if path == "/flaky.html" and self.flaky_failures > 0:
            self.flaky_failures -= 1
            return self.send(handler, 503, "text/plain", b"busy")
        pages = {"/eiffel.html": ("Tower story", TEXTS["eiffel"]), "/copy-of-eiffel.html": ("Tower story",
                 TEXTS["eiffel"]), "/flaky.html": ("Rome story", TEXTS["rome"])}
        if path in pages:
            title, text = pages[path]
            return self.send(handler, 200, "text/html; charset=utf-8", STORY.format(title=title, text=text).encode())
        self.send(handler, 404, "text/plain", b"not found")

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes,
             headers: dict[str, str] | None = None) -> None:
        handler.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(body)), **(headers or {})}.items():
            if value:
                handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def rss(self) -> str:
        items = "".join(f"<item><title>{t}</title><link>{self.base}{p}</link></item>" for t, p in
                        [("Tower story", "/eiffel.html"), ("Rome story", "/flaky.html"),
                         ("Tower again", "/copy-of-eiffel.html"), ("Gone", "/missing.html")])
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test RSS</title>{items}</channel></rss>'

    def atom(self) -> str:
        return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Test Atom'
                f'</title><id>urn:t</id><entry><title>Tower story</title><id>urn:1</id><link href="{self.base}'
                '/eiffel.html"/></entry></feed>')


@pytest.fixture
def feed_site() -> Iterator[FeedSite]:
    site = FeedSite()
    yield site
    site.httpd.shutdown()


def watch(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(group, ["watch", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_watch_once_checks_each_new_article_once(feed_site: FeedSite, db_url: str, service_home: object) -> None:
    rss, atom = f"{feed_site.base}/rss.xml", f"{feed_site.base}/atom.xml"
    args = ["--db", db_url, "--kb", KB, "--once", "--retry", "0.05", "--allow-private-urls", "--json"]
    with pytest.raises(FactdeskError, match="1 feed.*or article.*failed"):  # /missing.html is a 404
        watch(rss, atom, *args)
    with ServiceStore(db_url) as store:
        by_url = {item.url.rsplit("/", 1)[1]: item for item in feeds.items(store)}
        assert {name: item.state for name, item in by_url.items()} == {
            "eiffel.html": "done", "flaky.html": "done", "copy-of-eiffel.html": "duplicate", "missing.html": "failed"}
        assert by_url["flaky.html"].attempts == 2  # a 503, retried after a backoff, then checked
        assert "HTTP 404" in (by_url["missing.html"].error or "")
        assert "eiffel.html" in (by_url["copy-of-eiffel.html"].error or "")  # same text under another URL
        assert by_url["eiffel.html"].feed_id == 1  # listed by both feeds, checked once
        brief = store.get(by_url["eiffel.html"].job_id or "")
        assert brief.knowledge_base == KB and brief.results and brief.article.url == f"{feed_site.base}/eiffel.html"
        assert store.count() == 2
        titles = {f.url: f.title for f in feeds.all_feeds(store)}
        assert titles == {rss: "Test RSS", atom: "Test Atom"}

    # the second run asks with the validators it was given and finds nothing new
    before = len(feed_site.requests)
    with pytest.raises(FactdeskError):  # the old 404 item is still reported as failed
        watch(*args)
    again = feed_site.requests[before:]
    assert (("/rss.xml", '"rss-v1"', "Mon, 01 Dec 2025 10:00:00 GMT") in again
            and ("/atom.xml", None, "Mon, 01 Dec 2025 11:00:00 GMT") in again)
    assert all(path.endswith(".xml") for path, _, _ in again)  # no article fetched twice
    with ServiceStore(db_url) as store:
        assert store.count() == 2 and jobs.counts(store)["done"] == 2


def test_a_failing_feed_is_reported_and_retried_with_backoff(feed_site: FeedSite, db_url: str) -> None:
    broken = f"{feed_site.base}/broken.xml"
    with ServiceStore(db_url) as store:
        feed = feeds.add(store, broken, allow_private=True)
        assert feeds.poll(store, feed, interval_s=300, retry_s=10, allow_private=True) == 0
        (first,) = feeds.all_feeds(store)
        assert first.failures == 1 and "HTTP 500" in (first.error or "")
        assert 9 <= (first.next_poll_at - first.polled_at).total_seconds() <= 11
        feeds.poll(store, first, interval_s=300, retry_s=10, allow_private=True)
        (second,) = feeds.all_feeds(store)
        assert second.failures == 2 and 19 <= (second.next_poll_at - second.polled_at).total_seconds() <= 21
        # a private address is refused unless allowed (SSRF guard)
        assert feeds.poll(store, second, interval_s=300, retry_s=10, allow_private=False) == 0
        assert "private" in (feeds.all_feeds(store)[0].error or "")
    result = CliRunner().invoke(group, ["watch", "--db", db_url, "--kb", KB, "--once", "--allow-private-urls"])
    assert result.exit_code == 1 and "FAILED: " in result.stdout and "HTTP 500" in result.stdout


def test_the_server_watches_feeds_added_through_the_api(feed_site: FeedSite, server: Server) -> None:
    added = http("POST", f"{server.url}/v1/feeds", {"url": f"{feed_site.base}/atom.xml", "kb": KB})
    assert added.status == 201, added.text
    feed_id = added.json()["id"]
    for _ in range(600):
        items = http("GET", f"{server.url}/v1/feeds/{feed_id}/items").json()
        if items and items[0]["state"] == "done":
            break
        threading.Event().wait(0.1)
    assert [(i["title"], i["state"]) for i in items] == [("Tower story", "done")], items
    assert http("GET", f"{server.url}/v1/checks/{items[0]['job_id']}").json()["brief"]["results"]
    page = http("GET", f"{server.url}/feeds")
    assert page.status == 200 and "Test Atom" in page.text and "Tower story" in page.text
    listed = http("GET", f"{server.url}/v1/feeds").json()
    assert listed[0]["title"] == "Test Atom" and listed[0]["failures"] == 0
    assert json.loads(http("POST", f"{server.url}/v1/feeds", {"url": "ftp://x"}).text)["error"]
    unknown = http("GET", f"{server.url}/v1/feeds/{feed_id + 999}/items")
    assert unknown.status == 404 and f"no feed {feed_id + 999}" in unknown.json()["error"]
