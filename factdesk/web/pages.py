"""Search result -> page snapshot: the page fetched safely, its main text extracted, split into passages.

A page that cannot be fetched or read (refused by the guard, too big, not HTML) falls back to the search
result's snippet, so the check still sees what the search engine said, marked `source="snippet"`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from pydantic import BaseModel, ConfigDict

from factdesk.errors import FactdeskError
from factdesk.models import Document, Passage
from factdesk.web.base import SearchResult
from factdesk.web.fetch import FetchPolicy, fetch_page

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown"}
MAX_PASSAGES = 300  # per page: the main text of a long page is rarely evidence past this point


class PageSnapshot(BaseModel):
    """What a check saw of one web page; stored with the check so that it can be replayed offline."""

    model_config = ConfigDict(extra="forbid")

    url: str
    final_url: str
    title: str | None = None
    date: dt.date | None = None
    text: str
    source: str  # "page" (fetched and extracted) or "snippet" (the search engine's summary)
    provider: str
    fetched_at: dt.datetime
    error: str | None = None

    @property
    def doc_id(self) -> str:
        return "web:" + hashlib.sha1(self.final_url.encode("utf-8")).hexdigest()[:16]

    def passages(self) -> list[Passage]:
        from factdesk.evidence.sources import to_passages  # pysbd, loaded on first use

        doc = Document(id=self.doc_id, text=self.text, title=self.title, url=self.final_url, date=self.date)
        if self.source == "snippet":
            return [Passage(id=f"{self.doc_id}#0", text=self.text, doc_id=self.doc_id, title=self.title,
                            url=self.final_url, date=self.date)] if self.text.strip() else []
        # trafilatura puts one paragraph (or heading) per line: keep a heading out of the sentence after it
        doc = doc.model_copy(update={"text": re.sub(r"\n+", "\n\n", doc.text)})
        return to_passages(doc)[:MAX_PASSAGES]


def snapshot(result: SearchResult, policy: FetchPolicy) -> PageSnapshot:
    """Fetch and extract the page of `result`; its snippet when the page cannot be used."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        page = fetch_page(result.url, policy)
        title, date, text = _extract(page.body, page.content_type, page.charset, page.final_url)
    except FactdeskError as exc:
        return PageSnapshot(url=result.url, final_url=result.url, title=result.title, date=result.date,
                            text=result.snippet, source="snippet", provider=result.provider, fetched_at=now,
                            error=str(exc))
    return PageSnapshot(url=result.url, final_url=page.final_url, title=title or result.title,
                        date=date or result.date, text=text, source="page", provider=result.provider,
                        fetched_at=now)


def _extract(body: bytes, content_type: str, charset: str | None, url: str) -> tuple[str | None, dt.date | None, str]:
    if content_type in HTML_TYPES:
        from factdesk.ingest.html import article_from_html  # the same extraction as `factdesk check URL`

        try:
            html: str | bytes = body.decode(charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            html = body  # trafilatura finds the encoding from <meta charset>
        article = article_from_html(html, source=url, url=url)
        return article.title, article.published, article.text
    if content_type in TEXT_TYPES:
        from factdesk.ingest.text import decode, headline

        text = decode(body, url, charset or "utf-8")
        return headline(text), None, text
    raise FactdeskError(f"{url}: content type {content_type} is not HTML or text")
