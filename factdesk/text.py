"""Words of a text for overlap and lexical scoring, with one stop-word list for the whole package.

`terms` keeps order and repeats (term counts for BM25); `content_words` is the set of words long enough to
carry a topic (four characters or more: "1889", "tower", "Eiffel"), as the off-topic gate compares them.

    >>> sorted(content_words("The Eiffel Tower was built in 1889 for the fair."))
    ['1889', 'built', 'eiffel', 'fair', 'tower']
    >>> terms("It is the tallest tower in Paris.")
    ['tallest', 'tower', 'paris']
"""

from __future__ import annotations

import re

#: function words: articles, pronouns, auxiliaries, prepositions, conjunctions (English)
STOP_WORDS = frozenset(
    "a an the of in on at to for by with from and or as is was are were be been being has had have do does did "
    "it its this that these those he she they them his her their there which who whom what when where while will "
    "would could not no also more most such other than then into about after before under over between".split()
)
#: month names, lowercased (dates in claims and evidence; words that are no name of their own)
MONTHS = ("january february march april may june july august september october november december").split()
_WORD = re.compile(r"\w+")
_NAME_TOKEN = r"(?:[A-Z][\w'’.]*[a-z][\w'’]*|[A-Z]{2,})(?:-\w+)*"
#: a name: capitalised words or acronyms, "of"/"de"/"van"... between them ("Bank of England", "UN")
NAME = re.compile(_NAME_TOKEN + r"(?:\s+(?:(?:of|de|da|del|van|von|the|la|le|al|bin)\s+)?" + _NAME_TOKEN + r")*")
_CONTENT_WORD = re.compile(r"[a-z0-9]{4,}")


def terms(text: str) -> list[str]:
    """The lowercased words of `text` that are not stop words, in order, repeats kept."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def content_words(text: str) -> set[str]:
    """The distinct lowercased words of four or more letters or digits that are not stop words."""
    return set(_CONTENT_WORD.findall(text.lower())) - STOP_WORDS
