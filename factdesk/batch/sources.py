"""SOURCES of `factdesk batch` expanded into items: one article each, with a key that names it for good.

    folder            every .txt/.md/.html/.htm file below it (sorted)   key: the file's path
    FILE.jsonl        one article per line: {"text", "title"?, "url"?, "published"?, "source"?, "id"?}
                                                                         key: FILE:id (or FILE:line number)
    FILE.urls / .txt  a list of http(s) URLs, one a line ('#' comments)  key: the URL
    http(s) URL       an RSS/Atom feed (each item's link) or an article  key: the URL
    any other file    one article (.txt, .md, .html)                     key: the file's path
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from factdesk.errors import FactdeskError, InputError
from factdesk.models import Article

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class BatchItem:
    """One article to check: `source` is what `load_article` reads (a path or URL), or the article itself."""

    key: str
    source: str | Article


def expand(sources: list[str], fetch_feed: Callable[[str], list[str] | None] | None = None) -> list[BatchItem]:
    """Every article the SOURCES name, in order, each key once. InputError names the first unusable source.

    `fetch_feed(url)` gives the item links of the feed at `url`, or None when it is not a feed (an article).
    """
    fetch_feed = fetch_feed or feed_links
    items: dict[str, BatchItem] = {}
    for source in sources:
        for item in _expand_one(source, fetch_feed):
            items.setdefault(item.key, item)
    if not items:
        raise InputError(f"no articles in {', '.join(sources) or 'the sources'}")
    return list(items.values())


def _expand_one(source: str, fetch_feed: Callable[[str], list[str] | None]) -> list[BatchItem]:
    if _is_url(source):
        links = fetch_feed(source)
        return [BatchItem(link, link) for link in links] if links is not None else [BatchItem(source, source)]
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        return [BatchItem(str(p), str(p)) for p in files]
    if not path.is_file():
        raise InputError(f"{source}: no such file, folder or http(s) URL")
    if path.suffix.lower() == ".jsonl":
        return _jsonl(path)
    urls = _url_list(path)
    if urls is not None:
        return [BatchItem(url, url) for url in urls]
    return [BatchItem(str(path), str(path))]


def _jsonl(path: Path) -> list[BatchItem]:
    items = []
    for number, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            key = f"{path}:{row.pop('id', number)}"
            row.setdefault("source", key)
            items.append(BatchItem(key, Article.model_validate(row)))
        except ValueError as exc:  # json and pydantic errors: the line and the first problem
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{path}:{number}: not an article ({reason[:120]})") from None
    return items


def _url_list(path: Path) -> list[str] | None:
    """The URLs of a .urls file, or of a text file whose every line is one; None for an article."""
    if path.suffix.lower() not in (".urls", ".txt"):
        return None
    lines = [line.strip() for line in _read(path).splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if path.suffix.lower() == ".urls" or (lines and all(_is_url(line) and " " not in line for line in lines)):
        bad = next((line for line in lines if not _is_url(line)), None)
        if bad is not None:
            raise InputError(f"{path}: {bad[:80]!r} is not an http(s) URL")
        return lines
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def feed_links(url: str) -> list[str] | None:
    """The item links of the RSS/Atom feed at `url`, or None when the document there is not a feed."""
    import datetime as dt

    from factdesk.service.feeds import Feed, fetch_feed, parse_feed

    try:
        _, body, _ = fetch_feed(Feed(id=0, url=url, next_poll_at=dt.datetime.now(dt.UTC)), None, None)
        return [link for link, _ in parse_feed(body, url).items] or None
    except FactdeskError:
        return None  # not a feed (or unreachable): checked as an article, which reports the error itself
