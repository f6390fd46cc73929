"""The built-in renderers, registered the way a plugin would register its own."""

from __future__ import annotations

from factdesk.brief.base import renderers
from factdesk.brief.claimreview import ClaimReviewRenderer
from factdesk.brief.htmlpage import HtmlRenderer
from factdesk.brief.jsonout import JsonRenderer
from factdesk.brief.markdown import MarkdownRenderer

for _renderer in (MarkdownRenderer, JsonRenderer, HtmlRenderer, ClaimReviewRenderer):
    renderers.register(_renderer.name)(_renderer)
