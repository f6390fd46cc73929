"""Sentence segmentation with exact character offsets (`text[span.start:span.end] == span.text`).

Text is first cut into blocks at line breaks (a headline or bullet line without a final period is its
own sentence; a hard-wrapped line that continues in lower case is not cut), then pysbd splits each
block. Offsets come from pysbd's boundaries only, never from its (possibly altered) sentence strings,
and every span is sliced from the original text, so the invariant holds for any input.

pysbd never cuts inside quotation marks, so on scraped pages, whose quotes often do not pair (“ … "), a
whole paragraph became one "sentence". pysbd therefore reads the block with its quotation marks blanked
out (same length, so offsets hold), and a closing quote that ends a sentence is kept with it.
"""

from __future__ import annotations

import re
from functools import cache

from factdesk.claims.base import Span
from factdesk.ingest.page import is_pictograph

#: markdown heading / bullet / quote / numbered-list markers that are not part of the sentence
_MARKER = re.compile(r"(?:#{1,6}\s+|[-*+•–—]\s+|>\s*|\d{1,3}[.)]\s+)+")
_TERMINAL = ".!?:;\"'”’)»"
#: quotation marks blanked out before pysbd reads a block (apostrophes inside words are kept)
_QUOTE_MARK = re.compile("[\"“”«»„]|(?<!\\w)['‘’]|['‘’](?!\\w)")
_CLOSING = "\"'”’»)]"
_CONTINUES_LOWER = re.compile(r"\s*[a-z]")
_CONTINUES = re.compile(r"[a-z(,]")
_DANGLING = {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "that",
             "said", "says", "as", "than", "is", "was", "are", "were"}


@cache
def _pysbd(language: str):  # noqa: ANN202 - pysbd has no type hints
    import pysbd

    return pysbd.Segmenter(language=language, clean=False, char_span=True)


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of line blocks; a line joins the previous one only when it visibly continues it."""
    blocks: list[list[int]] = []
    pos = 0
    previous = ""
    for line in text.splitlines(keepends=True):
        content = line.strip()
        start, end = pos, pos + len(line)
        pos = end
        if not content:
            previous = ""
            continue
        joins = (
            previous
            and not previous.endswith(tuple(_TERMINAL))
            and not _MARKER.match(content)
            and not _MARKER.match(previous)
            and (
                _CONTINUES.match(content)
                or previous.endswith((",", "-", "("))
                or previous.rsplit(None, 1)[-1].lower() in _DANGLING
            )
        )
        if joins:
            blocks[-1][1] = end
        else:
            blocks.append([start, end])
        previous = content
    return [(a, b) for a, b in blocks]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and leading list/heading markers."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    marker = _MARKER.match(text, start, end)
    if marker and marker.end() < end:
        start = marker.end()
    # an emoji bullet ("✅ Japan's party ...", "📈 Sales will ...") is not part of the sentence
    symbols = start
    while symbols < end and (is_pictograph(text[symbols]) or text[symbols].isspace()):
        symbols += 1
    if symbols < end and _has_word(text[symbols:end]):
        start = symbols
    return start, end


def _past_closing(text: str, cut: int, end: int) -> int:
    """Move a cut made after "fact." past the closing quotes that end the sentence ("fact.” Next")."""
    while cut < end and text[cut].isspace():
        cut += 1
    position = cut
    while position < end and text[position] in _CLOSING:
        position += 1
    if position > cut and (position == end or text[position].isspace()):
        return position
    return cut


def _has_word(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


class PysbdSegmenter:
    """pysbd sentence boundaries inside line blocks.

        >>> [s.text for s in PysbdSegmenter().segment("Budget passes\\nDr. Lee said so. It cost $3m.")]
        ['Budget passes', 'Dr. Lee said so.', 'It cost $3m.']
    """

    name = "segment.pysbd.v1"

    def __init__(self, language: str = "en") -> None:
        self.language = language

    def segment(self, text: str) -> list[Span]:
        spans: list[Span] = []
        for block_start, block_end in _blocks(text):
            # pysbd cuts at every newline; a block's inner newlines are hard wraps (same length, so offsets hold)
            block = text[block_start:block_end].replace("\r", " ").replace("\n", " ")
            blanked = _QUOTE_MARK.sub(" ", block)
            # a cut goes right after the sentence's last mark, then past the closing quotes that belong to it
            cuts = sorted({_past_closing(text, block_start + len(blanked[: piece.end].rstrip()), block_end)
                           for piece in _pysbd(self.language).segment(blanked)
                           if 0 < piece.end < len(block)})
            # a quotation ends but the sentence goes on: “Stop!” she shouted.
            cuts = [cut for cut in cuts if not _CONTINUES_LOWER.match(blanked, cut - block_start)]
            bounds = [block_start, *cuts, block_end]
            pending: tuple[int, int] | None = None
            for a, b in zip(bounds, bounds[1:], strict=False):
                start, end = _trim(text, a, b)
                if start >= end:
                    continue
                # pysbd sometimes cuts "..." or a closing quote off a sentence: glue it back
                if pending and not _has_word(text[start:end]):
                    pending = (pending[0], end)
                    continue
                if pending:
                    spans.append(Span(pending[0], pending[1], text[pending[0] : pending[1]]))
                pending = (start, end)
            if pending:
                spans.append(Span(pending[0], pending[1], text[pending[0] : pending[1]]))
        return spans
