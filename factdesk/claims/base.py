"""Protocols of the claims stage: a Segmenter splits text into sentences with exact offsets,
a ClaimDetector keeps the check-worthy ones and sets the predictions apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from factdesk.models import Article, Claim
from factdesk.registry import Registry


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str  # == article.text[start:end]


@runtime_checkable
class Segmenter(Protocol):
    name: str

    def segment(self, text: str) -> list[Span]: ...


@runtime_checkable
class ClaimDetector(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def detect(self, article: Article, sentences: Sequence[Span]) -> tuple[list[Claim], list[Claim]]:
        """Return (claims to check, predictions); predictions have `is_prediction=True`."""
        ...


segmenters: Registry[Segmenter] = Registry("segmenter", "factdesk.claims.builtins")
detectors: Registry[ClaimDetector] = Registry("claim detector", "factdesk.claims.builtins")
