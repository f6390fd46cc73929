"""Fixtures of the batch tests: a home with a small knowledge base, articles in every source form, an HTTP
server for URL lists and feeds, and a real Ray head node on 127.0.0.1 (tests/batch/test_ray.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from batch_helpers import ARTICLES, KB_DOCS, run


@pytest.fixture(scope="session")
def kb_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A factdesk home holding the knowledge base 'tiny' (copy it: tests write their own stores)."""
    home = tmp_path_factory.mktemp("batch-home")
    docs = home.parent / "kb.jsonl"
    docs.write_text("".join(json.dumps(doc) + "\n" for doc in KB_DOCS))
    result = run(["kb", "add", "tiny", str(docs)], home)
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def home(kb_home: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "home"
    shutil.copytree(kb_home, copy, ignore=shutil.ignore_patterns("factdesk.db*", "batches.json"))
    return copy


@pytest.fixture
def article_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number, text in enumerate(ARTICLES):
        (folder / f"article{number}.md").write_text(f"# Story {number}\n\n{text}\n")
    (folder / "notes.json").write_text("{}")  # not an article suffix: not part of the batch
    return folder


class _Site(BaseHTTPRequestHandler):
    """/story/N: article N as HTML; /feed.xml: an RSS feed of stories 0 and 1."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        host = f"http://{self.headers['Host']}"
        if self.path.startswith("/story/"):
            number = int(self.path.rsplit("/", 1)[1])
            body = (f"<html><head><title>Story {number}</title></head><body><article><h1>Story {number}</h1>"
                    f"<p>{ARTICLES[number]}</p></article></body></html>").encode()
            self._send("text/html; charset=utf-8", body)
        elif self.path == "/feed.xml":
            items = "".join(f"<item><title>Story {n}</title><link>{host}/story/{n}</link></item>" for n in (0, 1))
            self._send("application/rss+xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>News'
                                              f"</title>{items}</channel></rss>".encode())
        else:
            self.send_error(404)

    def _send(self, content_type: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def ray_address() -> Iterator[str]:
    """The address of a real Ray head node on 127.0.0.1 (skipped without the ray extra, unless CI requires it)."""
    import os

    try:
        import ray  # noqa: F401
    except ImportError:
        if os.environ.get("FACTDESK_REQUIRE_RAY") == "1":
            pytest.fail("FACTDESK_REQUIRE_RAY=1 but the ray extra is not installed: pip install -e '.[ray]'")
        pytest.skip("the Ray tests need the ray extra: pip install -e '.[ray]'")
    from ray_head import ray_head

    with ray_head() as address:
        yield address
