"""The built-in segmenter and claim detector, registered as a third-party plugin would be."""

from __future__ import annotations

from factdesk.claims.base import ClaimDetector, detectors, segmenters
from factdesk.claims.detect import CheckworthyDetector
from factdesk.claims.segment import PysbdSegmenter
from factdesk.claims.segment_ja import JapaneseSegmenter

segmenters.register("pysbd")(PysbdSegmenter)
segmenters.register("ja")(JapaneseSegmenter)
detectors.register("minilm-lr")(CheckworthyDetector)


@detectors.register("llm")
def _llm(arg: str, **_: object) -> ClaimDetector:
    """`llm:ID`: atomic, self-contained claims from the chat model of endpoint ID (docs/llm.md)."""
    from factdesk.claims.llm import LLMClaimDetector
    from factdesk.llm.config import get

    return LLMClaimDetector(get(arg))
