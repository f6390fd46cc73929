"""The built-in loaders: http(s) URLs, '-' for stdin, and files (.txt, .md, .html/.htm)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from factdesk.errors import InputError
from factdesk.ingest.base import MAX_ARTICLE_BYTES, loaders
from factdesk.ingest.fetch import is_url, load_url
from factdesk.ingest.html import article_from_html
from factdesk.ingest.text import check_size, decode, headline, limit_message, looks_html
from factdesk.models import Article

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def article_from_bytes(data: bytes, source: str, *, html: bool | None = None) -> Article:
    """Decode and check `data`; HTML (by suffix, or sniffed when `html` is None) goes through trafilatura."""
    text = decode(data, source)
    if html or (html is None and looks_html(data)):
        return article_from_html(text, source=source)
    return Article(text=text, title=headline(text), source=source)


class UrlLoader:
    name = "url"

    def accepts(self, source: str) -> bool:
        return is_url(source)

    def load(self, source: str) -> Article:
        return load_url(source)


class StdinLoader:
    name = "stdin"

    def accepts(self, source: str) -> bool:
        return source == "-"

    def load(self, source: str) -> Article:
        stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        data = stream.read(MAX_ARTICLE_BYTES + 1) if stream else sys.stdin.read().encode()
        return article_from_bytes(data, "<stdin>")


class FileLoader:
    """Any other source is a path; unknown suffixes are read as text, HTML sniffed from the content."""

    name = "file"

    def accepts(self, source: str) -> bool:
        return bool(source) and source != "-" and not is_url(source)

    def load(self, source: str) -> Article:
        # os.path's expanduser leaves '~nosuchuser/x' as it is (then "no such file"); Path's raises RuntimeError
        path = Path(os.path.expanduser(source))
        try:
            if path.is_dir():
                raise InputError(f"{source}: is a directory, not an article file")
            if path.stat().st_size > MAX_ARTICLE_BYTES:
                raise InputError(limit_message(source))
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
        except ValueError:  # the OS refuses the name itself: a NUL character
            raise InputError(f"{source!r}: not a file name (it holds a NUL character)") from None
        check_size(data, source)
        html = True if path.suffix.lower() in HTML_SUFFIXES else None
        return article_from_bytes(data, source, html=html)


loaders.register("url")(UrlLoader)
loaders.register("stdin")(StdinLoader)
loaders.register("file")(FileLoader)
