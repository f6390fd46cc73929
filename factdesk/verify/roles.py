"""Names in their roles: the evidence gives what the claim says of one name to another.

"The Velmont Rovers are coached by Sid Kowal" against "The Velmont Rovers are coached by Dana Oyelaran; their
captain is Sid Kowal": every name of the claim is in the passage, and the cross-encoder says SUPPORTED (the contrast
suite's role swaps: 12 of 63 altered rows SUPPORTED with v5). The words that tie a name to its role in the claim
("coached by", "was elected") are looked up in the evidence: when there they tie another name, and never the
claim's, the evidence gives the role to someone else. The guard then takes SUPPORTED away (factdesk/verify/signals.py).

Asking the model instead (the claim with its name swapped for each rival, judged against the same evidence) was
tried first and dropped: MiniLM reads roles no better that way (contrast suite: 0 of 8 role swaps caught, 3 true
claims lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdesk.text import NAME, STOP_WORDS

_WORD = re.compile(r"[\w'’-]+")
#: up to two lowercase words may stand between a role's words and its name ("designed by the architect Sunniva Oduya")
_FILLER = r"(?:\s+[a-z]+){0,2}?\s+"
_MONTHS = frozenset("january february march april may june july august september october november december".split())


@dataclass(frozen=True)
class RoleConflict:
    name: str  # the claim's
    rival: str  # the evidence's, tied by the same words
    words: str  # the words that tie them ("coached by")

    def describe(self) -> str:
        return f'the claim says {self.name}, the evidence gives "{self.words}" to {self.rival}'


def _names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names in `text`, leading function words dropped ("The Salt Orchard")."""
    out = []
    for match in NAME.finditer(text):
        start, name = match.start(), match.group(0)
        while (first := name.split(" ", 1)[0]).lower() in STOP_WORDS | _MONTHS and " " in name:
            name = name[len(first) + 1:]
            start += len(first) + 1
        if name.lower() not in STOP_WORDS | _MONTHS and len(name) >= 3:
            out.append((start, start + len(name), name))
    return out


def _key(name: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(name) if w.lower() not in STOP_WORDS}


def _role_words(words: list[str]) -> str | None:
    """Two words that can tie a name to a role: lowercase (not part of a name), not all function words."""
    if len(words) != 2 or any(not w.islower() for w in words) or all(w in STOP_WORDS for w in words):
        return None
    return " ".join(words)


def _tied(evidence: str, words: str, before_name: bool) -> list[str]:
    """The names the evidence ties with `words`: right after them (`before_name`) or right before them."""
    phrase = r"\W+".join(re.escape(w) for w in words.split())
    if before_name:
        found = re.finditer(rf"(?i:\b{phrase}\b){_FILLER}({NAME.pattern})", evidence)
        return [n for n in (m.group(1) for m in found) if _key(n)]
    out = []
    for match in re.finditer(rf"\b{phrase}\b", evidence, flags=re.IGNORECASE):
        out += [n for _, end, n in _names(evidence[: match.start()]) if end >= match.start() - 1][-1:]
    return [n for n in out if _key(n)]


def role_conflicts(claim: str, evidence: str) -> list[RoleConflict]:
    """Names of the claim whose role words the evidence ties to another name and never to them."""
    names = _names(claim)
    taken = set().union(*(_key(n) for _, _, n in names)) if names else set()
    out = []
    for start, end, name in names:
        before = _role_words(_WORD.findall(claim[:start])[-2:])
        after = _role_words(_WORD.findall(claim[end:])[:2])
        for words, before_name in ((before, True), (after, False)):
            if words is None:
                continue
            tied = _tied(evidence, words, before_name)
            if not tied or any(_key(n) & _key(name) for n in tied):
                continue
            rivals = [n for n in tied if not _key(n) & taken]
            if rivals:
                out.append(RoleConflict(name, rivals[0], words))
                break
    return out
