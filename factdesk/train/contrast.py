"""Contrastive training pairs made from gold ones, the way VitaminC made them by hand.

Every generator takes a gold (claim, evidence, label) pair and returns an edited pair whose label follows from
the edit, or None when the edit does not apply. Edits on the *evidence* side keep the claim unchanged, so the
same claim appears with SUPPORTED, REFUTED and NOT_ENOUGH_INFO evidence and its wording alone cannot give the
label away (the claim-only bias of Schuster et al. 2019).

- ``claim_number`` / ``evidence_number``: a number or year that the claim and the evidence share is changed on
  one side (SUPPORTED -> REFUTED);
- ``claim_month`` / ``claim_entity``: a month, country, nationality or a name found in both is swapped;
- ``claim_role_swap``: a name or place in the claim swapped for another one the evidence gives in another role
  ("directed by X" where the evidence has X as the producer; "born in Y" where Y is where she died);
- ``claim_direction``: a direction or comparison word is turned round (rose/fell, more/less, before/after);
- ``claim_negation`` / ``evidence_negation``: "not" is added to the first auxiliary verb;
- ``evidence_hedge``: the decisive evidence is reported as unconfirmed or under study (-> NOT_ENOUGH_INFO).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

SUPPORTED, REFUTED, NEI = "SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"

#: a number standing alone (not part of a name like COVID-19, a URL or a code), 10 or more: small counts are
#: too often incidental ("in the last 5 years") for a change to contradict the evidence
_NUMBER = re.compile(r"(?<![\w.,/=-])(\d{1,3}(?:,\d{3})+|[1-9]\d+(?:\.\d+)?|\d\.\d+)(?![\w,/-]|\.\d)")
MONTHS = ("January February March April May June July August September October November December").split()
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
COUNTRIES = ("France Germany Italy Spain Portugal Poland Sweden Norway Denmark Finland Ireland Scotland England "
             "Wales Canada Mexico Brazil Argentina Chile Peru Colombia Japan China India Pakistan Russia Ukraine "
             "Turkey Egypt Nigeria Kenya Australia Greece Austria Hungary Belgium Netherlands Switzerland Iran Iraq "
             "Israel Vietnam Thailand Indonesia Korea Cuba Jamaica Morocco Algeria Ethiopia").split()
NATIONALITIES = ("American British French German Italian Spanish Portuguese Polish Swedish Norwegian Danish Finnish "
                 "Irish Scottish English Welsh Canadian Mexican Brazilian Argentine Chilean Japanese Chinese Indian "
                 "Russian Ukrainian Turkish Egyptian Nigerian Kenyan Australian Greek Austrian Hungarian Belgian "
                 "Dutch Swiss Iranian Israeli Korean Cuban").split()
_PLACE = re.compile(r"\b(" + "|".join(COUNTRIES + NATIONALITIES) + r")\b")
#: word -> its opposite; each pair is listed once and used both ways
_OPPOSITES = dict(
    pair
    for a, b in [
        ("increased", "decreased"), ("rose", "fell"), ("rising", "falling"), ("more", "fewer"), ("higher", "lower"),
        ("larger", "smaller"), ("largest", "smallest"), ("before", "after"), ("first", "last"), ("won", "lost"),
        ("older", "younger"), ("above", "below"), ("increase", "decrease"), ("increases", "decreases"),
        ("north", "south"), ("east", "west"), ("highest", "lowest"), ("longer", "shorter"), ("earlier", "later"),
        ("gained", "lost"), ("grew", "shrank"), ("expanded", "contracted"), ("male", "female"), ("oldest", "youngest"),
        ("majority", "minority"), ("success", "failure"), ("successful", "unsuccessful"), ("positive", "negative"),
        ("reduces", "raises"), ("reduced", "raised"), ("lowers", "raises"), ("prevents", "causes"),
        ("effective", "ineffective"), ("always", "never"), ("entered", "left"),
    ]
    for pair in ((a, b), (b, a))
)
_DIRECTION = re.compile(r"\b(" + "|".join(sorted(_OPPOSITES, key=len, reverse=True)) + r")\b", re.IGNORECASE)
#: the auxiliary that "not" follows; has/have/had only before a participle ("had a widow" is not an auxiliary)
_AUX = re.compile(r"\b(is|are|was|were|can|could|will|would|does|did|do|should"
                  r"|(?:has|have|had)(?= (?:been|\w+ed|\w+en)\b))\b(?! not\b)")
_NEGATED = re.compile(r"\b(not|n't|never|no)\b", re.IGNORECASE)
_NAME = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)+)\b")
_HEDGES = (
    "It has not been confirmed whether {s}",
    "Some reports have speculated, without evidence, that {s}",
    "Researchers are still studying whether {s}",
    "It remains unclear whether {s}",
    "An unverified rumour claimed that {s}",
    "Officials declined to say whether {s}",
)


@dataclass(frozen=True)
class Edited:
    claim: str
    evidence: str
    label: str
    generator: str


def _swap_number(token: str, rng: random.Random) -> str:
    digits = token.replace(",", "")
    if "." in digits:
        value = float(digits)
        return f"{value * rng.choice([0.5, 0.7, 1.3, 1.6, 2.0]):.{len(digits.split('.')[1])}f}"
    value = int(digits)
    if 1000 <= value <= 2100 and "," not in token:  # a year: a plausible nearby one
        new = value + rng.choice([-30, -20, -11, -7, -3, 3, 5, 9, 14, 25])
    elif value < 10:
        new = rng.choice([n for n in range(0, 13) if n != value])
    else:
        new = int(value * rng.choice([0.4, 0.6, 0.75, 1.25, 1.5, 2.5, 3]))
        new = new if new != value else value + 1
    return f"{new:,}" if "," in token else str(new)


def _shared(pattern: re.Pattern[str], claim: str, evidence: str) -> list[str]:
    in_evidence = {m.group(1) for m in pattern.finditer(evidence)}
    return [m.group(1) for m in pattern.finditer(claim) if m.group(1) in in_evidence]


def _replace_word(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w,.]){re.escape(old)}(?![\w]|,\d|\.\d)", new, text)


def claim_number(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    shared = _shared(_NUMBER, claim, evidence)
    if not shared:
        return None
    token = rng.choice(shared)
    return _replace_word(claim, token, _swap_number(token, rng)), evidence


def evidence_number(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    shared = _shared(_NUMBER, claim, evidence)
    if not shared:
        return None
    token = rng.choice(shared)
    return claim, _replace_word(evidence, token, _swap_number(token, rng))


def _swap_from(pattern: re.Pattern[str], pool: list[str], claim: str, evidence: str,
               rng: random.Random) -> tuple[str, str] | None:
    shared = _shared(pattern, claim, evidence)
    if not shared:
        return None
    old = rng.choice(shared)
    candidates = [w for w in pool if w != old and w not in evidence]
    return (re.sub(rf"\b{re.escape(old)}\b", rng.choice(candidates), claim), evidence) if candidates else None


def claim_month(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    return _swap_from(_MONTH, MONTHS, claim, evidence, rng)


def claim_entity(claim: str, evidence: str, rng: random.Random, names: list[str] | None = None
                 ) -> tuple[str, str] | None:
    """A country or nationality, else a multi-word name (not the subject) that the evidence also gives, swapped
    for another of the same kind."""
    places = _shared(_PLACE, claim, evidence)
    if places:
        old = rng.choice(places)
        pool = COUNTRIES if old in COUNTRIES else NATIONALITIES
        candidates = [w for w in pool if w != old and w not in evidence]
        return re.sub(rf"\b{re.escape(old)}\b", rng.choice(candidates), claim), evidence
    shared = [n for n in _shared(_NAME, claim, evidence) if not claim.startswith(n)]
    if not shared or not names:
        return None
    old = rng.choice(shared)
    candidates = [n for n in names if n != old and n not in evidence and len(n.split()) == len(old.split())]
    return (claim.replace(old, rng.choice(candidates)), evidence) if candidates else None


#: a whole name: capitalised words, none capitalised right after it ("Jr.", "(film)" and titles with small words
#: such as "The Catcher in the Rye" are left alone because the word before must be a role word)
_PROPER = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+(?: [A-Z][a-z]+)*)(?![\w'’-]| [A-Z(]|\.\w| \d|,? Jr)")
#: the word before a name that gives its role: who did it ("by"), where ("in"), what it is ("is")
_ROLE_WORD = re.compile(r"(?:^|[^\w'’])(by|in|at|from|near|into|with|is|was|named|called)\s$")
_PLACE_ROLES = frozenset({"in", "at", "from", "near", "into"})
_NOT_SWAPPABLE = frozenset(NATIONALITIES) | frozenset(MONTHS) | frozenset(
    "English Arabic Latin Greek Hindi Bollywood Hollywood God".split())
#: two names joined by these share one role ("X and Y starred"): swapping one for the other is still true
_JOINED = re.compile(r"^\W{0,3}(?:and|or|,|&|with|/|\(|nor)\W", re.IGNORECASE)


def _roled_names(text: str) -> list[tuple[re.Match[str], str]]:
    """Whole names with the role word before them, its own word before that not capitalised."""
    out = []
    for match in _PROPER.finditer(text):
        before = text[max(0, match.start() - 40): match.start()]
        role = _ROLE_WORD.search(before)
        if not role or match.group(1) in _NOT_SWAPPABLE:
            continue
        earlier = before[: role.start(1)].split()
        if earlier and earlier[-1][:1].isupper() and not earlier[-1].endswith((",", ";")):
            continue  # "Catcher in the Rye", "Menace II Society": part of a longer title
        out.append((match, role.group(1)))
    return out


def _joined(evidence: str, a: str, b: str) -> bool:
    """Whether `a` and `b` stand side by side in the evidence as one role ("X and Y", "X, Y")."""
    for first, second in ((a, b), (b, a)):
        for match in re.finditer(re.escape(first), evidence):
            after = evidence[match.end(): match.end() + len(second) + 8]
            if second in after and _JOINED.match(after):
                return True
    return False


def claim_role_swap(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    """A name or place the claim and the evidence share, swapped for another the evidence gives in another role:
    every word is still in the evidence, only who did what, or where, has changed. A place ("in", "at", "from")
    only for a place, a person or body ("by", "is") only for a name of as many words; never two names the evidence
    joins as one role. The claim's name must stand in a role in the evidence too, not inside a title there."""
    in_evidence = _roled_names(evidence)
    given = {m.group(1) for m, _ in in_evidence}
    in_claim = [(m, role) for m, role in _roled_names(claim) if m.group(1) in given]
    if not in_claim:
        return None
    old, role = rng.choice(in_claim)
    old_name, place = old.group(1), role in _PLACE_ROLES
    candidates = {
        m.group(1) for m, other_role in in_evidence
        if (other_role in _PLACE_ROLES) == place and m.group(1) not in claim
        and old_name not in m.group(1) and m.group(1) not in old_name
        and (place or len(m.group(1).split()) == len(old_name.split()))
        and not _joined(evidence, old_name, m.group(1))
    }
    if not candidates:
        return None
    return claim[: old.start()] + rng.choice(sorted(candidates)) + claim[old.end():], evidence


def claim_direction(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    found = [m for m in _DIRECTION.finditer(claim) if m.group(1).lower() in evidence.lower()]
    if not found:
        return None
    match = rng.choice(found)
    word = match.group(1)
    opposite = _OPPOSITES[word.lower()]
    opposite = opposite.capitalize() if word[0].isupper() else opposite
    return claim[: match.start()] + opposite + claim[match.end():], evidence


def _negate(sentence: str) -> str | None:
    """"not" after the main auxiliary; None for long or already negative sentences, where the first auxiliary
    is too often in a subordinate clause and the edit would not flip the whole."""
    if _NEGATED.search(sentence) or len(sentence.split()) > 30:
        return None
    match = _AUX.search(sentence)
    if not match or len(sentence[: match.start()].split()) > 10:
        return None
    return sentence[: match.end()] + " not" + sentence[match.end():]


def claim_negation(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    negated = _negate(claim)
    return (negated, evidence) if negated else None


def _decisive_sentence(claim: str, evidence: str) -> tuple[int, int] | None:
    """The span of the evidence sentence sharing most of the claim's words (the one an edit must change)."""
    words = set(re.findall(r"[a-z0-9]{3,}", claim.lower()))
    best, best_score = None, 0
    for match in re.finditer(r"[^.!?|]+[.!?]?", evidence):
        score = len(words & set(re.findall(r"[a-z0-9]{3,}", match.group(0).lower())))
        if score > best_score:
            best, best_score = (match.start(), match.end()), score
    return best


def evidence_negation(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    span = _decisive_sentence(claim, evidence)
    if not span or evidence.count(". ") > 1 or " | " in evidence:  # the edit must flip the whole evidence
        return None
    negated = _negate(evidence[span[0]: span[1]])
    return (claim, evidence[: span[0]] + negated + evidence[span[1]:]) if negated else None


def evidence_hedge(claim: str, evidence: str, rng: random.Random) -> tuple[str, str] | None:
    """The evidence reduced to its decisive sentence, reported as unconfirmed: it no longer settles the claim."""
    span = _decisive_sentence(claim, evidence)
    if not span:
        return None
    sentence = evidence[span[0]: span[1]].strip().rstrip(".")
    if ":" in sentence[:60]:
        sentence = sentence.split(":", 1)[1].strip()
    if len(sentence.split()) < 4:
        return None
    sentence = sentence[0].lower() + sentence[1:] if not sentence[:2].isupper() else sentence
    return claim, rng.choice(_HEDGES).format(s=sentence) + "."


Generator = Callable[[str, str, random.Random], "tuple[str, str] | None"]

#: name -> (generator, label of the edited pair), applied to SUPPORTED pairs
GENERATORS: dict[str, tuple[Generator, str]] = {
    "claim_number": (claim_number, REFUTED),
    "evidence_number": (evidence_number, REFUTED),
    "claim_month": (claim_month, REFUTED),
    "claim_entity": (claim_entity, REFUTED),
    "claim_role_swap": (claim_role_swap, REFUTED),
    "claim_direction": (claim_direction, REFUTED),
    "claim_negation": (claim_negation, REFUTED),
    "evidence_negation": (evidence_negation, REFUTED),
    "evidence_hedge": (evidence_hedge, NEI),
}


def contrast(claim: str, evidence: str, name: str, rng: random.Random) -> Edited | None:
    generator, label = GENERATORS[name]
    edited = generator(claim, evidence, rng)
    if not edited or edited == (claim, evidence):
        return None
    return Edited(edited[0], edited[1], label, name)
