"""What a client may submit, checked before a job is queued: bad input is a 400 now, not a failed job later.

Text is never read as a file path (unlike the CLI's `load_article`): a server must not open files
named by its clients. Knowledge bases are named, never given as paths. URLs must be http(s) and, unless
the server allows it, must not point at loopback, private or link-local addresses (an SSRF guard).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from collections.abc import Callable
from pathlib import PurePath
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from factdesk.errors import FetchError, InputError, NotFoundError
from factdesk.models import Article
from factdesk.service.jobs import JobRequest


class CheckIn(BaseModel):
    """The JSON body of POST /v1/checks: `text` or `url`, and the options of `factdesk check`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "The Eiffel Tower is in Rome.", "kb": "demo"}, {"url": "https://example.org/story"}]})

    text: str | None = Field(None, description="the article text")
    url: str | None = Field(None, description="an http(s) URL the server fetches")
    title: str | None = Field(None, description="a title for text (default: its first line when it looks like one)")
    kb: str | None = Field(None, description="knowledge base name (default: the server's)")
    as_of: dt.date | None = Field(None, description="ignore evidence dated after this day")
    top_k: int | None = Field(None, ge=1, le=50, description="passages retrieved per claim")


def article_from_text(text: str, title: str | None = None, source: str = "<text>") -> Article:
    from factdesk.ingest.text import check_size, check_text, headline

    check_size(text.encode("utf-8", "surrogatepass"), source)
    check_text(text, source)
    return Article(text=text, title=(title or "").strip() or headline(text), source=source)


def article_from_upload(data: bytes, filename: str | None) -> Article:
    from factdesk.ingest.builtins import HTML_SUFFIXES, article_from_bytes

    name = PurePath(filename or "upload").name or "upload"  # never a client's path
    html = True if PurePath(name).suffix.lower() in HTML_SUFFIXES else None
    return article_from_bytes(data, f"upload:{name}", html=html)


def check_kb(name: str | None) -> str | None:
    """A knowledge base name that exists (or 'demo', built on first use); None means the server's default."""
    from factdesk.evidence.kb import DB_FILE, list_knowledge_bases, resolve

    if name is None or not name.strip():
        return None
    name = name.strip()
    if "/" in name or "\\" in name or name.startswith("."):
        raise InputError(f"invalid knowledge base name '{name}' (a name, not a path)")
    if name != "demo" and not (resolve(name) / DB_FILE).exists():
        known = ", ".join(kb["name"] for kb in list_knowledge_bases()) or "none"
        raise NotFoundError(f"unknown knowledge base '{name}' (known: {known})")
    return name


def check_url(url: str, allow_private: bool) -> str:
    """`url` if it is http(s) and (unless `allow_private`) every address of its host is public."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url[:200]!r}")
    if allow_private:
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise InputError(f"{url}: refused, {parts.hostname} is a local or private address "
                             "(start the server with --allow-private-urls to allow it)")
    return url


def job_request(data: CheckIn, allow_private: bool) -> JobRequest:
    if (data.text is None) == (data.url is None):
        raise InputError('give exactly one of "text" or "url"')
    options = {"kb": check_kb(data.kb), "as_of": data.as_of, "top_k": data.top_k}
    if data.url is not None:
        return JobRequest(url=check_url(data.url, allow_private), **options)
    return JobRequest(article=article_from_text(data.text or "", data.title), **options)


def guarded_fetch(allow_private: bool) -> Callable[[str], Article]:
    """The fetch the workers use: the guard again (DNS may have changed since submission), then ingest."""
    from factdesk.ingest.fetch import load_url

    def fetch(url: str) -> Article:
        return load_url(check_url(url, allow_private))

    return fetch
