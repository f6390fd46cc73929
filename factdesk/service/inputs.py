"""What a client may submit, checked before a job is queued: bad input is a 400 now, not a failed job later.

Text is never read as a file path (unlike the CLI's `load_article`): a server must not open files
named by its clients. Knowledge bases are named, never given as paths. URLs must be http(s) and, unless
the server allows it, must not point at loopback, private or link-local addresses (an SSRF guard).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from factdesk.errors import FetchError, InputError, NotFoundError
from factdesk.models import Article
from factdesk.service.jobs import JobRequest

if TYPE_CHECKING:
    from factdesk.web.fetch import FetchPolicy


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


def _policy(allow_private: bool) -> FetchPolicy:
    from factdesk.web.fetch import FetchPolicy

    everywhere = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
    return FetchPolicy(allow=everywhere if allow_private else ())


def check_url(url: str, allow_private: bool) -> str:
    """`url` if it is http(s) and (unless `allow_private`) every address of its host is public."""
    from factdesk.web.fetch import BlockedURLError, vet

    url = url.strip()
    try:
        vet(url, _policy(allow_private))
    except BlockedURLError as exc:
        hint = "" if allow_private else " (a server started with --allow-private-urls accepts private addresses)"
        raise InputError(f"refused: {str(exc).split(' (allow it')[0]}{hint}") from None
    return url


def job_request(data: CheckIn, allow_private: bool) -> JobRequest:
    if (data.text is None) == (data.url is None):
        raise InputError('give exactly one of "text" or "url"')
    options = {"kb": check_kb(data.kb), "as_of": data.as_of, "top_k": data.top_k}
    if data.url is not None:
        return JobRequest(url=check_url(data.url, allow_private), **options)
    return JobRequest(article=article_from_text(data.text or "", data.title), **options)


def guarded_fetch(allow_private: bool) -> Callable[[str], Article]:
    """The workers' fetch: every hop (redirects included) vetted and connected to the vetted address, by the
    SSRF-safe fetcher of factdesk.web; then the page is extracted as `factdesk check URL` would."""
    from factdesk.ingest.fetch import HTML_TYPES, TEXT_TYPES
    from factdesk.ingest.html import article_from_html
    from factdesk.ingest.text import decode, headline
    from factdesk.web.fetch import fetch_page

    def fetch(url: str) -> Article:
        page = fetch_page(url, _policy(allow_private))
        if page.content_type in HTML_TYPES:
            return article_from_html(page.body, source=url, url=page.final_url)
        if page.content_type in TEXT_TYPES:
            text = decode(page.body, url, page.charset or "utf-8")
            return Article(text=text, title=headline(text), source=url, url=page.final_url)
        raise FetchError(f"{url}: content type {page.content_type} is not HTML or text")

    return fetch
