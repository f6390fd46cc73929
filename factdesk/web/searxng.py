"""SearxNG through its JSON API: `GET {base}/search?q=...&format=json` (the instance must enable the json format).

Each result carries `url`, `title`, `content` (the snippet) and, for news engines, `publishedDate`.
"""

from __future__ import annotations

import urllib.parse

from factdesk.errors import FactdeskError
from factdesk.web.base import SearchResult, clean, parse_date, providers, request_json
from factdesk.web.config import WebConfig


class SearxngProvider:
    name = "web.searxng.v1"

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def search(self, query: str, count: int = 5) -> list[SearchResult]:
        url = f"{self.base_url}/search?" + urllib.parse.urlencode({"q": query, "format": "json"})
        answer = request_json("searxng", url, timeout=self.timeout)
        rows = answer.get("results") if isinstance(answer, dict) else None
        results = []
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("url"), str):
                date = parse_date(row.get("publishedDate"))
                results.append(SearchResult(url=row["url"], title=clean(row.get("title")) or None,
                                            snippet=clean(row.get("content")), date=date, provider="searxng"))
        return results[:count]


@providers.register("searxng")
def make_searxng(config: WebConfig, **_: object) -> SearxngProvider:
    if not config.searxng_url:
        raise FactdeskError("searxng is not configured: set FACTDESK_SEARXNG_URL or searxng_url in web.json")
    return SearxngProvider(config.searxng_url, config.timeout_s)
