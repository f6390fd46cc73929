"""Is a sentence opinion or analysis rather than a checkable statement of fact? Such sentences are set apart as
their own kind ("opinion": shown in the brief, not judged). Rules, not a model: each pattern is a test case.

A sentence is opinion when it judges, urges or interprets ("is overdue", "should", "this suggests", "the real
strength of"), unless it reports what someone said ("X said the tax should rise" is a checkable claim about X).
A section headed "Analysis", "Opinion", "What we think", "Our view" ... is opinion as a whole.

    >>> is_opinion("The decision to move away from domestic-only development is overdue.")
    True
    >>> is_opinion("The party published the draft on Monday.")
    False
"""

from __future__ import annotations

import re

_CUES = re.compile(
    r"\b(?:"
    # the writer's own stance
    r"i (?:think|believe|feel|suspect|doubt|would argue)"
    r"|we (?:think|believe|feel|would argue)|in (?:my|our) (?:view|opinion)"
    r"|to me\b|arguably|undoubtedly|admittedly|frankly|ultimately|in summary|in short|in conclusion|of course"
    # urging and judging
    r"|should|ought to|must|needs? to be|it is (?:important|essential|crucial|vital|time) to"
    r"|(?:is|are|was|seems?|remains?) (?:not just|no longer (?:just|about)|overdue|particularly \w+|critical|crucial"
    r"|essential|vital|clear|obvious|remarkable|impressive|disappointing|troubling|worrying|welcome|encouraging"
    r"|a (?:critical|crucial|key|major|significant|real|clear|welcome) (?:distinction|step|issue|question|gap|risk"
    r"|advantage|challenge|sign|shift|pivot))"
    r"|the (?:real|key|main|bigger|critical|central) (?:question|issue|challenge|strength|weakness|problem|lesson|test)"
    r"|the question (?:is|remains) whether|remains to be seen|it is (?:unclear|uncertain) whether|there is a tension"
    r"|cannot be ignored|is (?:likely|unlikely) to (?:dominate|succeed|fail)"
    # interpreting: what something means rather than what happened
    r"|this (?:suggests|means|shows|signals|reflects|is (?:not|a|an|the))|(?:signals|reflects) (?:a|an|the) "
    r"(?:deeper|broader|strategic|shift|pivot|maturity|recognition)|signals maturity|is seen as|can be seen as"
    r"|if executed|without (?:rapid|aggressive|serious)|therefore|not merely|at (?:its|the) core|in other words"
    r"|(?:is|are) signal(?:l)?ing"
    r")\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:said|says|told|stated|announced|argued|wrote|according to|claimed|claims|insisted|added|warned)\b",
    re.IGNORECASE)
_FIGURE = re.compile(r"\d")
_OPINION_SECTION = re.compile(
    r"\b(?:opinion|analysis|commentary|editorial|our (?:view|take)"
    r"|my (?:view|take)|perspective|what \w+ (?:say|says|think)"
    r"|conclusion|final thoughts|verdict|takeaways?|the bottom line)\b",
    re.IGNORECASE)


def is_opinion(sentence: str) -> bool:
    """True for a judgement, an exhortation or an interpretation by the writer (see the module docstring); a
    sentence with a figure in it states something checkable ("I believe there are 1.4 million ...")."""
    return bool(_CUES.search(sentence)) and not _REPORTED.search(sentence) and not _FIGURE.search(sentence)


def is_opinion_heading(heading: str) -> bool:
    """A section heading under which the sentences are the writer's analysis ("What Undercode Say: ...")."""
    return bool(_OPINION_SECTION.search(heading))
