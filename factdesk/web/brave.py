"""Brave Search API: `GET https://api.search.brave.com/res/v1/web/search?q=...&count=N` with the key in the
`X-Subscription-Token` header; results are `web.results[]` with `url`, `title`, `description` and, when Brave
knows it, `page_age` (ISO date) or `age` ('2 days ago', 'August 1, 2023').
"""

from __future__ import annotations

import urllib.parse

from factdesk.errors import FactdeskError
from factdesk.web.base import SearchResult, clean, parse_date, providers, request_json
from factdesk.web.config import WebConfig


class BraveProvider:
    name = "web.brave.v1"

    def __init__(self, api_key: str, endpoint: str, timeout: float = 10.0) -> None:
        self._api_key = api_key
        self.endpoint = endpoint
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"BraveProvider(endpoint={self.endpoint!r})"  # never the key

    def search(self, query: str, count: int = 5) -> list[SearchResult]:
        url = f"{self.endpoint}?" + urllib.parse.urlencode({"q": query, "count": min(count, 20)})
        answer = request_json("brave", url, headers={"X-Subscription-Token": self._api_key}, timeout=self.timeout)
        web = answer.get("web") if isinstance(answer, dict) else None
        rows = web.get("results") if isinstance(web, dict) else None
        results = []
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("url"), str):
                date = parse_date(row.get("page_age")) or parse_date(row.get("age"))
                results.append(SearchResult(url=row["url"], title=clean(row.get("title")) or None,
                                            snippet=clean(row.get("description")), date=date, provider="brave"))
        return results[:count]


@providers.register("brave")
def make_brave(config: WebConfig, **_: object) -> BraveProvider:
    if config.brave_api_key is None:
        raise FactdeskError("brave is not configured: set BRAVE_API_KEY or brave_api_key in web.json")
    return BraveProvider(config.brave_api_key.get_secret_value(), config.brave_url, config.timeout_s)
