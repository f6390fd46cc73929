"""How a claim and its evidence become one cross-encoder input; shared by training and inference,
so the model is always fed text the way it was trained."""

from __future__ import annotations

from collections.abc import Sequence

PASSAGE_SEPARATOR = " | "


def evidence_text(passages: Sequence[tuple[str | None, str]]) -> str:
    """Join (title, text) pairs; a title is prefixed so pronoun-led sentences keep their subject."""
    parts = []
    for title, text in passages:
        text = " ".join(text.split())
        parts.append(f"{title}: {text}" if title else text)
    return PASSAGE_SEPARATOR.join(parts)
