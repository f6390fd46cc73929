"""`load_article`: the single entry point of the ingest stage."""

from __future__ import annotations

import os
import re
from pathlib import Path

from factdesk.errors import InputError
from factdesk.ingest.base import Loader, loaders
from factdesk.ingest.fetch import is_url
from factdesk.ingest.text import check_size, check_text, headline
from factdesk.models import Article

#: the catch-all loader, tried after every other (third-party loaders included)
FALLBACK = "file"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def looks_like_path(source: str) -> bool:
    """A string that names a file rather than being text: it exists, or is one short line with a
    file suffix or a path separator and no spaces around sentences."""
    if "\n" in source or "\x00" in source or len(source) > 1024:  # no file name holds a NUL
        return False
    if os.path.exists(source):
        return True
    stripped = source.strip()
    return bool(stripped) and " " not in stripped and (bool(Path(stripped).suffix) or os.sep in stripped)


def load_article(source: str, *, allow_text: bool = False) -> Article:
    """Load SOURCE: a file path (.txt, .md, .html/.htm), '-' for stdin, or an http(s) URL.

    With `allow_text=True` a string that is neither a path nor a URL is the article text itself.
    Raises InputError / FetchError with a one-line message for anything unusable.

        >>> load_article("The Eiffel Tower is 330 metres tall.", allow_text=True).source
        '<text>'
    """
    if allow_text and source != "-" and not is_url(source) and not looks_like_path(source):
        check_size(source.encode("utf-8", "surrogatepass"), "<text>")
        check_text(source, "<text>")
        return Article(text=source, title=headline(source), source="<text>")
    if not source.strip():
        raise InputError("empty source: give a file path, '-' for stdin, or a URL")
    scheme = _SCHEME.match(source)
    if scheme and not is_url(source):  # ftp://, file://…: not a file named so either
        raise InputError(f"{source}: unsupported URL scheme '{scheme.group(1)}' (use http or https)")
    names = sorted(loaders.names(), key=lambda name: name == FALLBACK)
    for name in names:
        loader: Loader = loaders.create(name)
        if loader.accepts(source):
            return loader.load(source)
    raise InputError(f"{source}: no loader accepts this source (known: {', '.join(names)})")
