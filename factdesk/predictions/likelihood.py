"""A prediction's stated likelihood: the probability its wording gives the event, from a table of estimative words.

The bands are those of the US Intelligence Community's scale of estimative language (ICD 203, 2015; a descendant of
Sherman Kent's "Words of Estimative Probability", 1964); each word maps to the middle of its band. Words the scale
does not list are placed in the band of their nearest synonym there (docs/predictions.md has the whole table).
The likelihood is that of the event the sentence forecasts: "X is unlikely to happen" gives X 0.325, and a
resolution of `true` means X happened.

    >>> parse_likelihood("Prices are likely to fall next year.")
    Likelihood(probability=0.675, word='likely', band='likely')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ICD 203 bands: name -> (low, high); the stated likelihood is the middle of the band.
BANDS: dict[str, tuple[float, float]] = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even chance": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}

#: (band, wording) in the order they are tried: hedged and negated phrases before the words inside them
#: ("very unlikely" before "unlikely" before "likely"; "not expected" before "expected").
WORDS: list[tuple[str, str]] = [
    ("almost no chance", r"almost no chance|no chance|(?:is|are)\s+(?:almost\s+)?impossible|"
                         r"remote\s+(?:chance|possibility)"),
    ("very unlikely", r"(?:very|highly|extremely|deeply)\s+unlikely|very\s+doubtful|slim\s+chance"),
    ("unlikely", r"unlikely|improbable|doubtful|(?:is|are|was|were)\s+not\s+(?:likely|expected)|"
                 r"(?:isn't|aren't)\s+(?:likely|expected)|probably\s+(?:won't|will\s+not|not)"),
    ("almost certain", r"(?:is|are)\s+(?:almost\s+|all\s+but\s+|virtually\s+)?(?:certain|sure|guaranteed)\s+to|"
                       r"certainly|definitely|undoubtedly|without\s+(?:a\s+)?doubt|inevitabl[ey]"),
    ("very likely", r"(?:very|highly|extremely|overwhelmingly)\s+likely|"
                    r"(?:is|are|was|were)\s+(?:set|scheduled|slated|due|poised|on\s+track|bound)\s+to|"
                    r"(?:is|are|was|were)\s+widely\s+expected"),
    ("likely", r"likely|probably|probable|(?:is|are|was|were|'s|'re)\s+(?:also\s+|now\s+)?expected|"
               r"expects?|anticipated?s?|forecasts?|projected|predicts?|predicted|(?:is|are)\s+going\s+to|"
               r"should\s+(?!not\b|have\b)"),
    ("roughly even chance", r"(?:even|fifty[- ]fifty|50-50)\s+chance|toss-?up|could|(?-i:may)|might|possibly|perhaps|"
                            r"maybe|plans?\s+to|planning\s+to|aims?\s+to|intends?\s+to|hopes?\s+to|vows?\s+to|"
                            r"vowed\s+to|pledged?\s+to|promised?\s+to"),
    ("almost certain", r"will|won't|shall|'ll"),
]
_PATTERNS = [(band, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for band, words in WORDS]


@dataclass(frozen=True)
class Likelihood:
    probability: float
    word: str  # the words in the sentence that decided it, as written
    band: str  # the ICD 203 band


def band_probability(band: str) -> float:
    low, high = BANDS[band]
    return round((low + high) / 2, 4)


def parse_likelihood(sentence: str) -> Likelihood | None:
    """The stated likelihood of `sentence`; None when no estimative word is found (the prediction is not scored).

    A phrase higher in `WORDS` wins over one lower down wherever it stands in the sentence: "will likely" is
    "likely", because the hedge qualifies the modal.
    """
    for band, pattern in _PATTERNS:
        match = pattern.search(sentence)
        if match:
            return Likelihood(band_probability(band), " ".join(match[0].split()), band)
    return None
