"""http(s) URL -> article, with urllib: a timeout, a size cap, a User-Agent; redirects are followed."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from importlib.metadata import PackageNotFoundError, version

from factdesk.errors import FetchError, InputError
from factdesk.ingest.base import MAX_ARTICLE_BYTES
from factdesk.ingest.html import article_from_html
from factdesk.ingest.text import decode, headline, limit_message
from factdesk.models import Article

TIMEOUT_S = 10.0


def _user_agent() -> str:
    try:
        return f"factdesk/{version('factdesk')} (local fact-checking desk)"
    except PackageNotFoundError:
        return "factdesk (local fact-checking desk)"


USER_AGENT = _user_agent()
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = TIMEOUT_S) -> tuple[bytes, Message, str]:
    """(body, headers, final URL); FetchError for network and HTTP failures, InputError past the size cap."""
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_ARTICLE_BYTES:
                raise InputError(limit_message(url))
            body = response.read(MAX_ARTICLE_BYTES + 1)
            return body, response.headers, response.geturl()
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {timeout:g} s") from None
        raise FetchError(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # connection reset mid-body, malformed URL
        raise FetchError(f"{url}: {exc}") from None


def load_url(url: str) -> Article:
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:  # 'http://[x': urlopen would raise it too, not a FetchError
        host = None
    if not host:
        raise InputError(f"{url}: not a URL with a host name")
    body, headers, final_url = fetch(url)
    return article_from_response(body, headers.get_content_type(), headers.get_content_charset(), url, final_url)


def article_from_response(body: bytes, content_type: str, charset: str | None, url: str,
                          final_url: str | None = None) -> Article:
    """The article of an HTTP response body; InputError (too large, not text) or FetchError (not HTML/text)."""
    final_url = final_url or url
    if len(body) > MAX_ARTICLE_BYTES:
        raise InputError(limit_message(url))
    if content_type in HTML_TYPES:
        try:
            html: str | bytes = body.decode(charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            html = body  # let trafilatura detect the encoding from <meta charset>
        return article_from_html(html, source=url, url=final_url)
    if content_type in TEXT_TYPES:
        text = decode(body, url, charset or "utf-8")
        return Article(text=text, title=headline(text), source=url, url=final_url)
    raise FetchError(f"{url}: content type {content_type} is not HTML or text")
