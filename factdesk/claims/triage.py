"""Which sentences of a page can be claims at all: headings, page furniture, duplicates and fragments are not,
and a sentence under an opinion heading ("What we think", "Analysis") is opinion. Every sentence gets a place, so
the brief can list what was not checked and why (`not_checked`).

    >>> places = read_page(text, PysbdSegmenter().segment(text))  # doctest: +SKIP
    >>> places[0].reason
    'heading'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factdesk.claims.base import Span
from factdesk.claims.opinion import is_opinion_heading
from factdesk.ingest.page import is_furniture, is_heading, strip_symbols
from factdesk.models import Claim, SkippedSentence, SkipReason

_LIST_MARKER = re.compile(r"^\s*(?:[-*+•–—]|\d{1,3}[.)])\s")
_REFERENCE_SECTION = re.compile(r"^(?:references?|sources?|credits?|image sources?|related|read more|tags|see also)\b",
                                re.IGNORECASE)
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Place:
    """Where a sentence stands on the page: why it cannot be a claim (None: it can), and its section."""

    reason: SkipReason | None
    opinion_section: bool = False


def _line_of(text: str, span: Span) -> tuple[str, str]:
    """(what precedes the sentence on its line, what follows it)."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    return text[line_start : span.start], text[span.end : len(text) if line_end < 0 else line_end]


def _key(sentence: str) -> str:
    return " ".join(_WORDS.findall(sentence.lower()))


def read_page(text: str, spans: Sequence[Span], statement: object = None) -> list[Place]:
    """The place of each span of `text` (in order): heading, page furniture, duplicate, or a candidate with its
    section. `statement(text) -> bool` marks fragments, questions and requests as "not a claim"."""
    places: list[Place] = []
    seen: set[str] = set()
    opinion_section = references = False
    for span in spans:
        before, after = _line_of(text, span)
        whole_line = not strip_symbols(before).strip() and not after.strip()
        listed = bool(_LIST_MARKER.match(before + " "))
        key = _key(span.text)
        reason: SkipReason | None = None
        if whole_line and (is_furniture(span.text) or references):
            reason = "page furniture"
        elif whole_line and not listed and is_heading(span.text):
            reason = "heading"
            heading = strip_symbols(span.text).lstrip("#").strip()
            opinion_section = is_opinion_heading(heading)
            references = bool(_REFERENCE_SECTION.match(heading))
        elif key in seen:
            reason = "duplicate"
        elif callable(statement) and not statement(span.text):
            reason = "not a claim"
        if key:
            seen.add(key)
        places.append(Place(reason, opinion_section))
    return places


def not_checked(spans: Sequence[Span], places: Sequence[Place], kept: Sequence[Claim]) -> list[SkippedSentence]:
    """The spans that became neither a claim, a prediction nor an opinion, each with its reason."""
    taken = {(claim.start, claim.end) for claim in kept}
    return [SkippedSentence(text=span.text, start=span.start, end=span.end, reason=place.reason or "not a claim")
            for span, place in zip(spans, places, strict=True) if (span.start, span.end) not in taken]
