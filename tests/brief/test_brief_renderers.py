"""Every registered renderer runs on the fixture brief; then what each format must say."""

from __future__ import annotations

import pytest

from factdesk.brief.base import Renderer, render, renderers
from factdesk.errors import NotFoundError
from factdesk.models import Brief


def test_builtin_formats_registered() -> None:
    assert {"md", "json", "html", "claimreview"} <= set(renderers.names())


@pytest.mark.parametrize("fmt", renderers.names())
def test_every_renderer_conforms(fmt: str, brief: Brief) -> None:
    renderer = renderers.create(fmt)
    assert isinstance(renderer, Renderer)
    assert renderer.name == fmt and "/" in renderer.media_type
    out = renderer.render(brief)
    assert isinstance(out, str) and brief.results[0].claim.text in out.replace("\\", "")
    assert render(brief, fmt) == out  # deterministic


def test_unknown_format_is_a_one_line_error() -> None:
    with pytest.raises(NotFoundError, match="unknown format 'pdf'"):
        renderers.create("pdf")
