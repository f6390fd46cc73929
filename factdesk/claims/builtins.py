"""The built-in segmenter and claim detector, registered as a third-party plugin would be."""

from __future__ import annotations

from factdesk.claims.base import detectors, segmenters
from factdesk.claims.detect import CheckworthyDetector
from factdesk.claims.segment import PysbdSegmenter

segmenters.register("pysbd")(PysbdSegmenter)
detectors.register("minilm-lr")(CheckworthyDetector)
