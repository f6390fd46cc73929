"""Serper (Google results): `POST https://google.serper.dev/search` with JSON `{"q": ..., "num": N}` and the key
in the `X-API-KEY` header; results are `organic[]` with `link`, `title`, `snippet` and sometimes `date`.
"""

from __future__ import annotations

from factdesk.errors import FactdeskError
from factdesk.web.base import SearchResult, clean, parse_date, providers, request_json
from factdesk.web.config import WebConfig


class SerperProvider:
    name = "web.serper.v1"

    def __init__(self, api_key: str, endpoint: str, timeout: float = 10.0) -> None:
        self._api_key = api_key
        self.endpoint = endpoint
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"SerperProvider(endpoint={self.endpoint!r})"  # never the key

    def search(self, query: str, count: int = 5) -> list[SearchResult]:
        answer = request_json("serper", self.endpoint, headers={"X-API-KEY": self._api_key},
                              body={"q": query, "num": count}, timeout=self.timeout)
        rows = answer.get("organic") if isinstance(answer, dict) else None
        results = []
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("link"), str):
                results.append(SearchResult(url=row["link"], title=clean(row.get("title")) or None,
                                            snippet=clean(row.get("snippet")), date=parse_date(row.get("date")),
                                            provider="serper"))
        return results[:count]


@providers.register("serper")
def make_serper(config: WebConfig, **_: object) -> SerperProvider:
    if config.serper_api_key is None:
        raise FactdeskError("serper is not configured: set SERPER_API_KEY or serper_api_key in web.json")
    return SerperProvider(config.serper_api_key.get_secret_value(), config.serper_url, config.timeout_s)
