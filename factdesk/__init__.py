"""factdesk: a local-first fact-checking desk for news.

The public API is imported lazily so that `import factdesk` (and the CLI's start-up) stays fast::

    import factdesk
    brief = factdesk.check("article.html", kb="demo")
    factdesk.render(brief, "md")
    kb = factdesk.KnowledgeBase.create("newsroom"); kb.add_paths([Path("archive/")])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["check", "render", "KnowledgeBase", "Brief", "Article", "Claim", "Evidence", "Passage", "Verdict", "Label"]

if TYPE_CHECKING:
    from factdesk.api import check
    from factdesk.brief.base import render
    from factdesk.evidence.kb import KnowledgeBase
    from factdesk.models import Article, Brief, Claim, Evidence, Label, Passage, Verdict

_WHERE = {
    "check": "factdesk.api",
    "render": "factdesk.brief.base",
    "KnowledgeBase": "factdesk.evidence.kb",
    **{name: "factdesk.models" for name in ("Brief", "Article", "Claim", "Evidence", "Passage", "Verdict", "Label")},
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(name)
