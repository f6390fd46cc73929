"""HTML -> article: the main text with trafilatura, title and date from its metadata."""

from __future__ import annotations

import datetime as dt

from factdesk.errors import InputError
from factdesk.models import Article


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def article_from_html(html: str | bytes, source: str, url: str | None = None) -> Article:
    import trafilatura  # heavy import (lxml, dateparser), paid only when an HTML page is read

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                                include_tables=False)
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on broken markup
        raise InputError(f"{source}: cannot parse the HTML ({type(exc).__name__})") from None
    # trafilatura 2 returns a Document, 1.x a dict
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    text = doc.get("text") or ""
    if not text.strip():
        raise InputError(f"{source}: no article text could be extracted from the HTML")
    return Article(text=text, title=_page_title(doc.get("title"), text), source=source, url=url,
                   published=_date(doc.get("date")))


def _page_title(title: object, text: str) -> str | None:
    """The page's own title (trafilatura reads og:title, <title> and the first <h1>), unless it is furniture
    such as "Listen to this Post"; then the text's first heading."""
    from factdesk.ingest.page import is_furniture
    from factdesk.ingest.text import headline

    if isinstance(title, str) and title.strip() and not is_furniture(title):
        return " ".join(title.split())
    return headline(text)
