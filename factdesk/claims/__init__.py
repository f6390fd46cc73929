"""The claims stage: sentences with exact offsets -> check-worthy claims and predictions."""

from factdesk.claims.checkworthy import CheckworthyClassifier
from factdesk.claims.detect import CheckworthyDetector, is_statement
from factdesk.claims.predict import is_prediction
from factdesk.claims.segment import PysbdSegmenter

__all__ = ["CheckworthyClassifier", "CheckworthyDetector", "PysbdSegmenter", "is_prediction", "is_statement"]
