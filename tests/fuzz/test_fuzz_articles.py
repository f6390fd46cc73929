"""Article loading (pasted text, files' bytes, HTML, URL responses) only returns an Article or raises its
documented error."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import BYTESISH, TEXTISH, html_documents

from factdesk.errors import FetchError, InputError
from factdesk.ingest.builtins import article_from_bytes
from factdesk.ingest.fetch import article_from_response
from factdesk.ingest.html import article_from_html
from factdesk.ingest.load import load_article
from factdesk.models import Article

STDIN_ARTICLE = "Read from standard input. The tower opened in 1889."


@given(TEXTISH)
@example("-")  # the long run's find: '-' is the documented stdin marker, not pasted text
@example("/\x00")  # the long run's find: read as a path, os.stat raised ValueError (embedded null byte)
@example("HTTP://")  # the long run's find: a URL without a host went to the network
@example("http://[x")  # urlopen raises ValueError for it
@example("~.0")  # the long run's find: ~USER of no such user made Path.expanduser raise RuntimeError
def test_pasted_text(text: str) -> None:
    # load_article documents '-' as stdin even with allow_text (factdesk.check("-") reads a pipe), so the test
    # gives it a stdin to read; pytest's own stdin refuses reads
    saved, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(STDIN_ARTICLE.encode()), encoding="utf-8")
    try:
        article = load_article(text, allow_text=True)
    except (InputError, FetchError):  # documented: FetchError for a URL that cannot be fetched
        return
    finally:
        sys.stdin = saved
    assert isinstance(article, Article) and article.text.strip()
    assert (article.source == "<stdin>") == (text == "-")
    assert text != "-" or article.text == STDIN_ARTICLE


def test_a_name_with_a_nul_is_text_or_one_error() -> None:
    """No file name holds a NUL: pasted, such a string is text; named as a file, it is one InputError."""
    assert load_article("/tmp/a\x00b.txt", allow_text=True).source == "<text>"
    with pytest.raises(InputError, match=r"not a file name \(it holds a NUL character\)$"):
        load_article("/\x00")


def test_a_home_of_no_such_user_is_no_such_file() -> None:
    with pytest.raises(InputError, match=r"^~nosuchuser-h14/story\.txt: no such file$"):
        load_article("~nosuchuser-h14/story.txt")


def test_a_url_without_a_host_is_one_error_before_any_request() -> None:
    for url in ("HTTP://", "https:///path", "http://[x"):
        with pytest.raises(InputError, match="not a URL with a host name$"):
            load_article(url, allow_text=True)


@given(BYTESISH, st.sampled_from([None, True, False]))
def test_file_bytes(data: bytes, html: bool | None) -> None:
    try:
        article = article_from_bytes(data, "fuzz.txt", html=html)
    except InputError:
        return
    assert article.text.strip()


@given(html_documents())
def test_html(html: str) -> None:
    try:
        article = article_from_html(html, source="fuzz.html")
    except InputError:
        return
    assert article.text.strip()


@given(st.one_of(BYTESISH, html_documents().map(str.encode)),
       st.sampled_from(["text/html", "application/xhtml+xml", "text/plain", "text/markdown", "image/png",
                        "application/octet-stream", ""]),
       st.sampled_from([None, "utf-8", "latin-1", "utf-16", "no-such-charset", ""]))
def test_url_response(body: bytes, content_type: str, charset: str | None) -> None:
    try:
        article = article_from_response(body, content_type, charset, "https://example.org/story")
    except (InputError, FetchError):
        return
    assert article.text.strip() and article.url == "https://example.org/story"
