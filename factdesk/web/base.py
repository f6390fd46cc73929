"""The SearchProvider protocol, its registry, and what providers share: one JSON request, date parsing.

    from factdesk.web.base import providers
    from factdesk.web.config import load_config

    searxng = providers.create("searxng", config=load_config())
    for result in searxng.search("Alectrosaurus fossils Mongolia", count=5):
        print(result.url, result.date, result.title)

A provider's endpoint comes from the user's own configuration (often a SearxNG on localhost), so it is
called directly; the pages it returns are fetched through the SSRF guard (`factdesk.web.fetch`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from factdesk.errors import FetchError
from factdesk.registry import Registry


@dataclass(frozen=True)
class SearchResult:
    url: str
    title: str | None
    snippet: str
    date: dt.date | None
    provider: str


@runtime_checkable
class SearchProvider(Protocol):
    name: str  # versioned, recorded with the check: "web.searxng.v1"

    def search(self, query: str, count: int = 5) -> list[SearchResult]:
        """At most `count` results, best first; FetchError when the service cannot be used."""
        ...


providers: Registry[SearchProvider] = Registry("search provider", "factdesk.web.builtins")


def request_json(provider: str, url: str, *, headers: Mapping[str, str] | None = None,
                 body: dict[str, Any] | None = None, timeout: float = 10.0) -> Any:
    """GET (or POST `body` as JSON) and decode the answer; errors name the provider and status, never headers."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    all_headers = {"Accept": "application/json", **(headers or {})}
    if data is not None:
        all_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=all_headers, method="POST" if data else "GET")
    shown = url.split("?", 1)[0]  # the query string may hold the claim text; keep messages short
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(20_000_000)
    except urllib.error.HTTPError as exc:
        hint = " (check the API key)" if exc.code in (401, 403) else ""
        raise FetchError(f"web search via {provider} failed: HTTP {exc.code} from {shown}{hint}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"web search via {provider} failed: cannot reach {shown} ({reason})") from None
    try:
        return json.loads(raw)
    except ValueError:
        raise FetchError(f"web search via {provider} failed: {shown} did not answer JSON") from None


_RELATIVE = re.compile(r"^(\d+)\s+(minute|hour|day|week|month|year)s?\s+ago$", re.IGNORECASE)
_DAYS = {"minute": 0, "hour": 0, "day": 1, "week": 7, "month": 30, "year": 365}
_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d")


def parse_date(value: object, today: dt.date | None = None) -> dt.date | None:
    """A day from what search APIs send: ISO 8601, 'Jan 5, 2024', '3 days ago'; None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = _RELATIVE.match(text)
    if match:
        days = int(match.group(1)) * _DAYS[match.group(2).lower()]
        return (today or dt.date.today()) - dt.timedelta(days=days)
    return None


def clean(text: object) -> str:
    """Snippets come with HTML emphasis tags (<strong>); keep only the words."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() if isinstance(text, str) else ""
