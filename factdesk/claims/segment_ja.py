"""Japanese sentence segmentation with exact character offsets (`text[span.start:span.end] == span.text`).

A sentence ends at 。！？ (or their half-width forms) outside quotation brackets, together with the closing
brackets that follow the mark (…と述べた。」), and after a quotation that ends with one unless a quotative particle
follows (「遅れている。」首相は… is two sentences). Inside 「」『』（）the marks do not cut: a quoted remark is part
of the sentence that reports it (首相は「景気は回復している。」と述べた。 is one sentence). A line break
ends a sentence too (a headline, a list item), and resets brackets left open, so one stray 「 cannot swallow
the rest of the article.
"""

from __future__ import annotations

from factdesk.claims.base import Span
from factdesk.claims.segment import _trim

TERMINALS = "。！？!?．"
_OPENING = "「『（(【〔［"
_CLOSING = "」』）)】〕］"
#: the particles that make a closing quote part of a longer sentence (「…」と述べた, 「…」って)
_QUOTATIVE = ("と", "っ")


def _ends(text: str, start: int, end: int) -> list[int]:
    """Cut positions in text[start:end] (one line): after each sentence mark at bracket depth 0."""
    cuts: list[int] = []
    depth = 0
    position = start
    while position < end:
        char = text[position]
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
            # a quotation that is a sentence of its own: 「遅れている。」首相は… (but 「…。」と述べた goes on)
            if depth == 0 and position > start and text[position - 1] in TERMINALS \
                    and text[position + 1 : position + 2] not in _QUOTATIVE:
                cuts.append(position + 1)
        elif char in TERMINALS and depth == 0:
            position += 1
            while position < end and (text[position] in TERMINALS or text[position] in _CLOSING):
                position += 1  # ！？ and the closing brackets that belong to the sentence
            cuts.append(position)
            continue
        position += 1
    return cuts


class JapaneseSegmenter:
    """Sentences of Japanese text, cut at 。！？ outside 「」 and at line breaks.

        >>> [s.text for s in JapaneseSegmenter().segment("首相は「回復した。」と述べた。株価は上昇した！")]
        ['首相は「回復した。」と述べた。', '株価は上昇した！']
    """

    name = "segment.ja-punct.v1"

    def segment(self, text: str) -> list[Span]:
        spans: list[Span] = []
        line_start = 0
        for line in text.splitlines(keepends=True):
            line_end = line_start + len(line)
            bounds = [line_start, *_ends(text, line_start, line_end), line_end]
            for a, b in zip(bounds, bounds[1:], strict=False):
                start, end = _trim(text, a, b)
                if start < end and any(ch.isalnum() for ch in text[start:end]):
                    spans.append(Span(start, end, text[start:end]))
            line_start = line_end
        return spans
