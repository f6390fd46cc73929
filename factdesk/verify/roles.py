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

from factdesk.text import MONTHS, NAME, STOP_WORDS
from factdesk.verify.decompose import CLAUSE_BOUNDARY

_WORD = re.compile(r"[\w'’-]+")
#: up to two lowercase words may stand between a role's words and its name ("designed by the architect Sunniva Oduya")
_FILLER = r"(?:\s+[a-z]+){0,2}?\s+"
NEAR = 80
_STOP = re.compile(r"[.;!?](?:\s|$)|\s\|\s")  # a full stop, or the next passage of joined evidence
_NOT_NAMES = STOP_WORDS | frozenset(MONTHS)


@dataclass(frozen=True)
class RoleConflict:
    name: str  # the claim's
    rival: str  # the evidence's, tied by the same words
    words: str  # the words that tie them ("coached by")

    def describe(self) -> str:
        return f'the claim says {self.name}, the evidence gives "{self.words}" to {self.rival}'


#: one capitalised word that says where from rather than who ("American", "Californian", "English"): an adjective
_DEMONYM = re.compile(r"[A-Z]\w*(?:ian|ican|ean|ish|ese)(?:-\w+)?")


def _names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the names in `text`, leading function words dropped ("The Salt Orchard"); not
    nationalities and other adjectives of place ("American")."""
    out = []
    for match in NAME.finditer(text):
        start, name = match.start(), match.group(0)
        while (first := name.split(" ", 1)[0]).lower() in _NOT_NAMES and " " in name:
            name = name[len(first) + 1:]
            start += len(first) + 1
        if name.lower() not in _NOT_NAMES and len(name) > 3 and not _DEMONYM.fullmatch(name):
            out.append((start, start + len(name), name))
    return out


def _key(name: str) -> set[str]:
    """The name's words, lowercased, possessives dropped ("Africa’s" is "africa")."""
    words = (re.sub(r"['’]s$", "", w.lower()) for w in _WORD.findall(name.replace("’", "'")))
    return {w for w in words if w and w not in STOP_WORDS}


def _role_words(words: list[str]) -> str | None:
    """Two words that can tie a name to a role: lowercase (not part of a name), not all function words."""
    if len(words) != 2 or any(not w.islower() for w in words) or all(w in STOP_WORDS for w in words):
        return None
    return " ".join(words)


def _tied(evidence: str, words: str, before_name: bool, name: str) -> list[str] | None:
    """The names the evidence ties with `words` (right after them, `before_name`, or right before them); None when
    `name` stands near them too, in the same clause on that side: a list ("operates in Belarus, Kazakhstan") or a
    second holder ("directed by Andrew Stanton and co-directed by Angus MacLane") is no other role."""
    phrase = r"\W+".join(re.escape(w) for w in words.split())
    own = _key(name)
    out = []
    for match in re.finditer(rf"\b{phrase}\b", evidence, flags=re.IGNORECASE):
        if own <= _key(_same_clause(evidence, match.start(), match.end(), before_name)):
            return None
        if before_name:
            tied = re.match(rf"{_FILLER}({NAME.pattern})", evidence[match.end():])
            out += [tied.group(1)] if tied else []
        else:
            out += [n for _, end, n in _names(evidence[: match.start()]) if end >= match.start() - 1][-1:]
    # an acronym may be the claim's name shortened ("NIH", "WHO's"): not a rival
    return [n for n in out if _key(n) and len(n) > 3 and not _DEMONYM.fullmatch(n)
            and not re.fullmatch(r"[A-Z]{2,}(?:['’]s)?", n)]


def _same_clause(text: str, start: int, end: int, after: bool) -> str:
    """Up to `NEAR` characters after `end` (`after`) or before `start`, cut at a clause boundary or a full stop."""
    if after:
        near = text[end: end + NEAR]
        cut = min((m.start() for m in (CLAUSE_BOUNDARY.search(near), _STOP.search(near)) if m), default=len(near))
        return near[:cut]
    near = text[max(0, start - NEAR): start]
    cuts = [m.end() for m in CLAUSE_BOUNDARY.finditer(near)] + [m.end() for m in _STOP.finditer(near)]
    return near[max(cuts, default=0):]


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
            tied = _tied(evidence, words, before_name, name)
            if not tied or any(_key(n) & _key(name) for n in tied):
                continue
            rivals = [n for n in tied if not _key(n) & taken]
            if rivals:
                out.append(RoleConflict(name, rivals[0], words))
                break
    return out
