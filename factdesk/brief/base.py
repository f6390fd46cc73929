"""Renderers turn a `Brief` into one output format (md, json, html, claimreview)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from factdesk.models import Brief
from factdesk.registry import Registry


@runtime_checkable
class Renderer(Protocol):
    name: str
    media_type: str

    def render(self, brief: Brief) -> str: ...


renderers: Registry[Renderer] = Registry("format", "factdesk.brief.builtins")


def render(brief: Brief, fmt: str = "md") -> str:
    return renderers.create(fmt).render(brief)
