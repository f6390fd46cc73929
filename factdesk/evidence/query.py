"""Search queries from claims (issue 15, query formulation).

A claim that opens on a pronoun or on a phrase such as "the company" names nothing a search can match: "It was
restored in 1951" finds every restoration in the knowledge base. Its query borrows the name it stands for from the
article: the first name of the nearest sentence before it that gives one (a pronoun mostly stands for the subject
of the sentence before). Only the query changes; the verifier judges the claim as the article wrote it.
Measured in docs/benchmarks.md (`bench/query_formulation.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdesk.models import Claim
from factdesk.text import NAME

#: words that open a claim and stand for something named earlier
_REFERRING = re.compile(
    r"^\W*(?:(?P<pronoun>he|she|it|they|his|her|its|their|this|these)\b|the (?:company|firm|group|film|movie|album|"
    r"song|band|book|novel|series|show|city|town|village|country|state|house|building|team|club|party|"
    r"government|ministry|agency|court|university|school|museum|hospital|bridge|station|river|player|"
    r"president|minister|mayor|singer|actor|actress|author|director|ceo|chief executive|report|study|"
    r"project|plant|factory|programme|program|law|bill|railroad|railway|road|highway)\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n\s*\n")
#: capitalised only because they open a sentence, or no name at all
_NOT_NAMES = frozenset(
    "The A An In On At It He She They This That These Those His Her Its Their There Here When While After Before "
    "During Since Until From For With By Of And But Or If As Some Many Most All Both Each Other Another Such Also "
    "However Although Not No Yes One Two Three About Across Near Today Yesterday Now Then Later Meanwhile".split())
#: how far back a name is looked for
_LOOK_BACK_SENTENCES = 3


def _leading_name(sentence: str) -> str | None:
    """The first name in `sentence`, its sentence-opening word dropped when that is no name ("The Alfred ...").
    A capitalised common word opening a sentence ("Markets fell") passes for a name: on fever-gold a wrong word
    before the claim cost 0 to 3.5 points of recall@5, a right name gained 44 (docs/benchmarks.md)."""
    for match in NAME.finditer(sentence):
        words = match.group(0).split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower() in {"of", "the", "and", "de", "du", "van", "von"}:
            words = words[:-1]
        if words:
            return " ".join(words)
    return None


def referent(text_before: str) -> str | None:
    """The name a claim opening on a pronoun most likely stands for, from the article text before it."""
    sentences = [s for s in _SENTENCE_END.split(text_before) if s.strip()]
    for sentence in reversed(sentences[-_LOOK_BACK_SENTENCES:]):
        name = _leading_name(sentence)
        if name:
            return name
    return None


def search_query(article_text: str, claim: Claim) -> str:
    """The text to search with for `claim`: the claim, led by the name it refers to when it opens on a pronoun,
    or on a phrase like "the company" and names nothing else (then "the state will build a visitor centre at
    Huntington Beach State Park" is searched as it is: the park is a better query than a guessed state)."""
    opening = _REFERRING.match(claim.text)
    if not opening:
        return claim.text
    if not opening.group("pronoun") and _leading_name(claim.text[opening.end():]):
        return claim.text
    name = referent(article_text[: claim.start])
    if not name or name.lower() in claim.text.lower():
        return claim.text
    return f"{name}: {claim.text}"


def search_queries(article_text: str, claims: Sequence[Claim]) -> list[str]:
    return [search_query(article_text, claim) for claim in claims]
