"""The Loader protocol: turn a source (file path, '-', URL, raw text) into an `Article`.

Loaders are tried in registry order by `load_article`; the first whose `accepts()` says yes loads.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from factdesk.models import Article
from factdesk.registry import Registry

#: Articles larger than this are refused with a clear error (documented in the README).
MAX_ARTICLE_BYTES = 2_000_000


@runtime_checkable
class Loader(Protocol):
    name: str

    def accepts(self, source: str) -> bool: ...

    def load(self, source: str) -> Article: ...


loaders: Registry[Loader] = Registry("loader", "factdesk.ingest.builtins")
