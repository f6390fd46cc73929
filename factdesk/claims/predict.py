"""Is a sentence a statement about the future? Such predictions cannot be checked against evidence
yet, so the detector sets them apart. Rules, not a model: each pattern is a test case."""

from __future__ import annotations

import datetime as dt
import re

_FUTURE_VERB = re.compile(
    # "will" as a modal, not the noun ("the will of the people", "free will", "against her will")
    r"(?<!\bthe )(?<!\bfree )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bits )(?<!\bown )(?<!\bgood )"
    r"\b(will|won't|shall|'ll)\b(?!\s*power\b)",
    re.IGNORECASE,
)
_PHRASES = re.compile(
    r"\b(?:"
    r"(?:is|are|am|'s|'re)\s+going\s+to\s+(?!the\b|a\b|an\b|school\b|church\b|work\b)"
    r"|(?:is|are|was|were|seems?|appears?)\s+(?:widely\s+|now\s+|also\s+)?"
    r"(?:expected|likely|unlikely|set|poised|projected|predicted|forecast|slated|scheduled|due|bound|on\s+track)\s+to"
    r"|forecasts?|forecasters?|projections?|projected|predicts?|predicted|predictions?|outlook"
    r"|(?:could|might|may)\s+(?:soon\s+|eventually\s+|even\s+|well\s+)?"
    r"(?:reach|rise|fall|climb|drop|hit|top|exceed|double|triple|halve|grow|increase|decrease|decline|surge|"
    r"soar|collapse|become|cost|lead|face|lose|gain|end|run\s+out)"
    r"|in\s+the\s+(?:coming|next)\s+(?:days|weeks|months|years|decades?)"
    r"|next\s+(?:week|month|year|decade|season|spring|summer|autumn|fall|winter)\b(?!'s)"
    r")",
    re.IGNORECASE,
)
#: an intention is a forecast when it is the sentence's main verb ("The company plans to cut 500 jobs"), not when a
#: relative clause describes something that exists ("has outlined a proposal that aims to redefine ..."): that
#: sentence states a fact, the story's main one
_INTENT = re.compile(
    r"(?<!\bthat )(?<!\bwhich )(?<!\bwho )"
    r"\b(?:plans?|planning|planned|intends?|intending|aims?|aiming|vows?|vowed|pledges?|pledged|promises?|promised)"
    r"\s+to\s+(?!the\b|a\b|an\b)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:by|in|until|before|through)\s+(?:the\s+end\s+of\s+)?((?:19|20|21)\d\d)\b", re.IGNORECASE)


def is_prediction(sentence: str, *, today: dt.date | None = None) -> bool:
    """True for statements about the future: "will", "is expected to", "plans to", "forecast",
    "by 2030" (a year after `today`), "could reach", "next year" ...

        >>> is_prediction("Sales are expected to double by 2030.")
        True
        >>> is_prediction("Sales doubled in 2020.")
        False
    """
    if _FUTURE_VERB.search(sentence) or _PHRASES.search(sentence) or _INTENT.search(sentence):
        return True
    year = (today or dt.date.today()).year
    return any(int(match.group(1)) > year for match in _YEAR.finditer(sentence))
