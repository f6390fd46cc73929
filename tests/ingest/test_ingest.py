"""The ingest stage on real files, real stdin streams and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factdesk.errors import FetchError, InputError
from factdesk.ingest import load_article
from factdesk.ingest.base import MAX_ARTICLE_BYTES, Loader, loaders

ARTICLE_HTML = """<!doctype html>
<html><head><title>Council approves park budget | Springfield News</title>
<meta property="og:title" content="Council approves park budget">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/jobs">Jobs</a></nav>
<article><h1>Council approves park budget</h1>
<p>The city council voted 7-2 on Tuesday to approve a budget of 4.2 million dollars for new parks, officials said.</p>
<p>Mayor Jane Smith said construction of the three parks would start in the spring and employ about 120 workers.</p>
<p>Critics argued that the money should have gone to the city's schools, which lost 300 teachers last year.</p>
</article><footer>Copyright 2024 Springfield News. All rights reserved.</footer></body></html>
"""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def one_line(exc: pytest.ExceptionInfo) -> str:
    message = str(exc.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


# -- files ---------------------------------------------------------------------------------------


def test_text_file_keeps_text_exactly_and_takes_the_headline(tmp_path: Path) -> None:
    raw = "Council approves park budget\r\n\r\nThe council voted 7-2 on Tuesday.  It cost $4.2m.\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode())
    article = load_article(str(path))
    assert article.text == raw  # CRLF and double spaces untouched: offsets point into this text
    assert article.title == "Council approves park budget"
    assert article.source == str(path)


def test_text_file_without_headline_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The council voted 7-2 on Tuesday to approve the budget.\nIt cost $4.2m.\n")
    assert load_article(str(path)).title is None


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Council approves park budget\n\nThe council voted on Tuesday. It was a long meeting, "
                    "which ended with a vote of seven to two in favour of the plan.\n")
    article = load_article(str(path))
    assert article.title == "Council approves park budget"
    assert article.text.startswith("# Council")


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfCaf\xc3\xa9 prices rose 5% in Paris.")
    assert load_article(str(path)).text == "Café prices rose 5% in Paris."


def test_html_file_goes_through_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(ARTICLE_HTML)
    article = load_article(str(path))
    assert "voted 7-2 on Tuesday" in article.text
    assert "About us" not in article.text and "<p>" not in article.text
    assert article.title == "Council approves park budget"
    assert article.published == dt.date(2024, 3, 5)


def test_html_without_suffix_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text(ARTICLE_HTML)
    assert "<html" not in load_article(str(path)).text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t\n  ", "empty"),
        (PNG, "looks binary"),
        (b"text with a NUL \x00 byte in it", "looks binary"),
        (bytes(range(1, 9)) * 50, "looks binary"),
        (b"caf\xc3\xa9 ok then \xff\xfe broken", "byte offset 14"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        load_article(str(path))
    assert expected in one_line(exc)


def test_html_with_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>")
    with pytest.raises(InputError) as exc:
        load_article(str(path))
    assert "no article text" in one_line(exc)


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_article(str(tmp_path / "nope.txt"))
    assert "no such file" in one_line(exc)
    with pytest.raises(InputError) as exc:
        load_article(str(tmp_path))
    assert "directory" in one_line(exc)


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("The council voted on Tuesday.")
    path.chmod(0)
    try:
        if path.stat().st_mode and _can_read(path):
            pytest.skip("running as a user who can read any file (root)")
        with pytest.raises(InputError) as exc:
            load_article(str(path))
        assert "cannot read" in one_line(exc)
    finally:
        path.chmod(0o644)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


def test_too_large_file_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"The council voted. " * (MAX_ARTICLE_BYTES // 19 + 1))
    with pytest.raises(InputError) as exc:
        load_article(str(path))
    assert "2 MB limit" in one_line(exc)


# -- raw text and stdin ------------------------------------------------------------------------


def test_raw_text_only_with_allow_text() -> None:
    text = "The council voted 7-2 on Tuesday to approve the budget."
    article = load_article(text, allow_text=True)
    assert article.text == text and article.source == "<text>"
    with pytest.raises(InputError):
        load_article(text)  # without allow_text it is a (missing) path


def test_allow_text_still_reads_paths(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("From the file.")
    assert load_article(str(path), allow_text=True).text == "From the file."
    with pytest.raises(InputError):
        load_article(str(tmp_path / "missing.md"), allow_text=True)  # a path-like string stays a path
    with pytest.raises(InputError) as exc:
        load_article("   \n ", allow_text=True)
    assert "empty" in one_line(exc)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Headline here\n\nBody text é.\n".encode())))
    article = load_article("-")
    assert article.text == "Headline here\n\nBody text é.\n"
    assert article.source == "<stdin>" and article.title == "Headline here"


def test_stdin_html_and_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE_HTML.encode())))
    assert "voted 7-2" in load_article("-").text
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(InputError) as exc:
        load_article("-")
    assert "<stdin>" in one_line(exc)


# -- URLs ----------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/article.html": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
            "/notes.txt": (200, "text/plain", b"Short note\n\nThe council voted 7-2.\n"),
            "/image.png": (200, "image/png", PNG),
            "/empty.html": (200, "text/html", b"<html><body><script>x()</script></body></html>"),
            "/big.html": (200, "text/html", b"<p>" + b"a" * (MAX_ARTICLE_BYTES + 10) + b"</p>"),
        }
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.end_headers()
            return
        # /big-unsized.html: no Content-Length, so the client must stop reading at the cap itself
        unsized = self.path == "/big-unsized.html"
        status, content_type, body = routes.get(self.path.replace("-unsized", ""),
                                                (404, "text/html", b"<h1>Not Found</h1>"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if not unsized:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client refused an oversized body
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_article(server: str) -> None:
    article = load_article(f"{server}/article.html")
    assert "voted 7-2 on Tuesday" in article.text and "About us" not in article.text
    assert article.title == "Council approves park budget"
    assert article.url == f"{server}/article.html" and article.published == dt.date(2024, 3, 5)
    assert Handler.user_agents[-1].startswith("factdesk")


def test_url_redirect_is_followed(server: str) -> None:
    article = load_article(f"{server}/redirect")
    assert "voted 7-2" in article.text
    assert article.source == f"{server}/redirect" and article.url == f"{server}/article.html"


def test_url_plain_text(server: str) -> None:
    article = load_article(f"{server}/notes.txt", allow_text=True)
    assert article.text == "Short note\n\nThe council voted 7-2.\n" and article.title == "Short note"


def test_url_not_html(server: str) -> None:
    with pytest.raises(FetchError) as exc:
        load_article(f"{server}/image.png")
    assert "image/png" in one_line(exc)


def test_url_404(server: str) -> None:
    with pytest.raises(FetchError) as exc:
        load_article(f"{server}/missing")
    assert "HTTP 404" in one_line(exc)


def test_url_without_text_or_too_large(server: str) -> None:
    with pytest.raises(InputError) as exc:
        load_article(f"{server}/empty.html")
    assert "no article text" in one_line(exc)
    for path in ("/big.html", "/big-unsized.html"):
        with pytest.raises(InputError) as exc:
            load_article(server + path)
        assert "2 MB limit" in one_line(exc)


def test_unreachable_url() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as exc:
        load_article(f"http://127.0.0.1:{port}/article.html")
    assert "cannot connect" in one_line(exc)
    assert FetchError.exit_code == 5 and InputError.exit_code == 3


# -- the registry ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", loaders.names())
def test_every_loader_satisfies_the_protocol(name: str) -> None:
    loader = loaders.create(name)
    assert isinstance(loader, Loader)
    assert loader.name == name
    assert not loader.accepts("") or name == "file"
