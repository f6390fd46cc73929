"""The check store: `Store(url).save(brief)`, `.get(id_or_prefix)`, `.list()`; see store.py."""

from factdesk.store.store import CheckSummary, Store

__all__ = ["CheckSummary", "Store"]
