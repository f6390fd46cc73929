"""Explicit checks of numbers, dates and names between a claim and its evidence.

A cross-encoder of 22M parameters reads topical overlap better than a changed figure: "employs 950 people"
against "employs 420 people" looks like agreement. These checks compare what can be compared exactly:

- a **conflict**: the claim gives a number, year or month that no passage gives, while a passage gives another
  one of the same kind in the same context ("950 people" / "420 people", "March 2021" / "March 2024");
  a figure given in another unit of the same kind ("1,300 acres" / "1,300 hectares") and a month given with
  another year ("August 2023" / "August 2024") conflict too;
- a **gap**: the claim states a figure exactly (not "after 2002", not a count under 10) that the evidence never
  gives, and nothing conflicts.

The verifier never lets a verdict with a conflict or a gap come out SUPPORTED (`guard`): a conflict moves the
SUPPORTED probability to REFUTED, a gap to NOT_ENOUGH_INFO; and a NOT_ENOUGH_INFO verdict whose figure the
evidence contradicts in the same context ("died at the 1998 Daytona 500" / "died at the 2001 Daytona 500") becomes
REFUTED. Where the claim's figures all appear in
the evidence, the model's judgement stands.

    >>> [c.claim for c in conflicts("The firm employs 950 people.", "The firm employs 420 people.")]
    ['950 people']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from factdesk.text import MONTHS, NAME, STOP_WORDS
from factdesk.verify.roles import RoleConflict, role_conflicts

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
_QUANTITY = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w/-]|[.,]\d)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|m|k)\b)?"
    r"(?:\s?(?P<percent>%|per ?cent|percent))?",
    re.IGNORECASE,
)
_MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_CONTEXT_STOP = STOP_WORDS | frozenset("around some nearly almost less".split())
#: counts written out ("six main rooms" against "four main rooms"); "one" is left out: "one of the ..." is no count
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                           "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
                                           .split()) if i >= 2}
NUMBER_WORDS.update({w: 10 * i for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})
_NUMBER_WORD = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b(?!-)", re.IGNORECASE)
#: unit words after a number, by dimension, each unit with its spellings: "1,300 acres" against "1,300 hectares" is
#: another figure, while "160 km/h" against "160 passengers" says nothing. Words of two dimensions ("pounds") and
#: units used loosely for each other (tonne/ton) are one unit or left out.
_UNITS = {
    "area": ["acre acres", "hectare hectares ha", "km2 km² sq-km square-kilometres square-kilometers",
             "sq-mi square-miles", "square-metres square-meters m2 m²", "square-feet sq-ft"],
    "length": ["mile miles", "kilometre kilometres kilometer kilometers km", "metre metres meter meters",
               "foot feet ft", "yard yards", "inch inches", "centimetre centimetres centimeter centimeters cm",
               "millimetre millimetres millimeter millimeters mm"],
    "speed": ["mph", "km/h kph", "knot knots"],
    "mass": ["kilogram kilograms kg kilo kilos", "tonne tonnes ton tons", "gram grams", "ounce ounces oz", "lb lbs"],
    "volume": ["litre litres liter liters", "gallon gallons", "barrel barrels"],
    "temperature": ["°c celsius", "°f fahrenheit"],
    "power": ["watt watts", "kilowatt kilowatts kw", "megawatt megawatts mw", "gigawatt gigawatts gw",
              "horsepower hp"],
    "energy": ["kilowatt-hour kilowatt-hours kwh", "megawatt-hour megawatt-hours mwh", "gigawatt-hour "
               "gigawatt-hours gwh", "terawatt-hour terawatt-hours twh", "joule joules", "calorie calories kcal"],
    "data": ["byte bytes", "kilobyte kilobytes kb", "megabyte megabytes mb", "gigabyte gigabytes gb",
             "terabyte terabytes tb"],
    "currency": ["dollar dollars", "euro euros", "yen", "yuan", "rupee rupees", "franc francs"],
    "time": ["second seconds", "minute minutes", "hour hours", "day days", "week weeks", "month months",
             "year years"],
}
#: spelling -> (dimension, the unit's first spelling)
_UNIT_OF = {word: (dimension, spellings.split()[0])
            for dimension, units in _UNITS.items() for spellings in units for word in spellings.split()}
_UNIT_AFTER = re.compile(r"\s*(square\s+[a-z]+|sq\s+[a-z]+|km/h|°\s?[cf]\b|[a-z²]+)", re.IGNORECASE)
#: a month with its year ("August 2023", "August 4, 2023"): the pair is the date, not each part alone
_MONTH_YEAR = re.compile(r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\s+(?:\d{1,2},?\s+)?(\d{4})\b")


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str  # "year", "percent" or "number"
    text: str
    context: frozenset[str]  # content words next to it: the unit and what is counted
    unit: str = ""  # the unit word right after it ("acres", "km/h"), normalised; "" when none is known


@dataclass(frozen=True)
class Conflict:
    claim: str
    evidence: str
    #: the rival figure stands in the same context (shares a word with the claim's: "420 people", "opened in");
    #: on the visible test splits such a conflict came with REFUTED 8 times in 9 (docs/benchmarks.md)
    strong: bool = False

    def describe(self) -> str:
        return f"the claim says {self.claim}, the evidence {self.evidence}"


def _context(text: str, start: int, end: int) -> frozenset[str]:
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 40): start])][-2:]
    after = [w.lower() for w in _WORD.findall(text[end: end + 40])][:2]
    return frozenset(w for w in before + after if w not in _CONTEXT_STOP)


def quantities(text: str) -> list[Quantity]:
    """Numbers (in digits, or counts in words up to ninety) with their kind, value (scaled: "86 million" is 86e6)
    and context words."""
    out = []
    for m in _QUANTITY.finditer(text):
        number = float(m.group("num").replace(",", ""))
        scale = (m.group("scale") or "").lower()
        if scale in ("m", "k") and text[max(0, m.start() - 1): m.start()] not in ("$", "€", "£"):
            scale = ""  # "5 m" is five metres; "$5m" is five million
        value = number * _SCALE.get(scale, 1.0)
        is_year = not scale and m.group("num").isdigit() and 1000 <= number <= 2100 and len(m.group("num")) == 4
        kind = "percent" if m.group("percent") else "year" if is_year else "number"
        out.append(Quantity(value, kind, m.group(0).strip(), _context(text, m.start(), m.end()),
                            _unit(text, m.end())))
    for m in _NUMBER_WORD.finditer(text):
        out.append(Quantity(NUMBER_WORDS[m.group(1).lower()], "number", m.group(1),
                            _context(text, m.start(), m.end())))
    for m in _MONTH.finditer(text):
        out.append(Quantity(MONTHS.index(m.group(1).lower()) + 1, "month", m.group(1),
                            _context(text, m.start(), m.end())))
    return out


def _unit(text: str, end: int) -> str:
    m = _UNIT_AFTER.match(text, end)
    if not m:
        return ""
    word = re.sub(r"\s+", "-", m.group(1).lower()).replace("°-", "°")
    return word if word in _UNIT_OF else ""


def _other_unit(a: Quantity, b: Quantity) -> bool:
    """The same dimension in another unit: "acres" / "hectares", "mph" / "km/h" (not "mile" / "miles")."""
    if not (a.unit and b.unit):
        return False
    (dimension_a, unit_a), (dimension_b, unit_b) = _UNIT_OF[a.unit], _UNIT_OF[b.unit]
    return dimension_a == dimension_b and unit_a != unit_b


def _with_unit(q: Quantity) -> str:
    return f"{q.text} {q.unit.replace('-', ' ')}"


def _month_years(text: str) -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2)) for m in _MONTH_YEAR.finditer(text)}


def _date_conflicts(claim: str, evidence: str) -> list[Conflict]:
    """"finished in August 2023" against "began in spring 2023 and was finished in August 2024": each part is in
    the evidence, the date is not; the same month with another year is the rival."""
    given = _month_years(evidence)
    out = []
    for month, year in sorted(_month_years(claim) - given):
        rivals = sorted(y for m, y in given if m == month and y != year)
        if rivals:
            out.append(Conflict(f"{month} {year}", f"{month} {rivals[0]}", strong=True))
    return out


def _same(a: Quantity, b: Quantity) -> bool:
    """Equal, allowing rounding only for large scaled figures ("86 million" and "86.2 million")."""
    if a.kind != b.kind:
        return False
    if a.kind == "number" and max(abs(a.value), abs(b.value)) >= 1e5:
        return abs(a.value - b.value) <= 0.01 * max(abs(a.value), abs(b.value))
    return abs(a.value - b.value) < 1e-9


def conflicts(claim: str, evidence: str) -> list[Conflict]:
    """Claim quantities that the evidence contradicts: not given anywhere, while one of the same kind and context
    is. Years and months conflict with any other year or month of the evidence when the evidence gives only one."""
    found = quantities(evidence)
    out: list[Conflict] = []
    for q in quantities(claim):
        same = [e for e in found if _same(q, e)]
        if same and all(_other_unit(q, e) for e in same):
            out.append(Conflict(_with_unit(q), _with_unit(same[0]), strong=True))
        if same:
            continue
        rivals = [e for e in found if e.kind == q.kind]
        same_context = [e for e in rivals if q.context & e.context]
        if same_context:
            out.append(Conflict(q.text, same_context[0].text, strong=True))
        elif q.kind in ("year", "month") and len({e.value for e in rivals}) == 1:
            out.append(Conflict(q.text, rivals[0].text))
    flagged = {c.claim for c in out}
    out += [c for c in _date_conflicts(claim, evidence) if not flagged & set(c.claim.split())]
    return out


#: verbs of change, by direction. Comparatives ("more", "lower") are left out, as "A earns more than B" states what
#: "B earns less than A" does, and so are -ing forms, which often say something else ("fears were growing")
_RISE = ("rose rise rises risen increased increases grew grow grows grown climbed climbs soared jumped gained "
         "expanded went-up gone-up goes-up")
_FALL = ("fell fall falls fallen decreased decreases declined declines shrank shrunk shrinks dropped drops slumped "
         "plunged contracted went-down gone-down goes-down")
_CHANGE = {word: direction for direction, words in (("rose", _RISE), ("fell", _FALL)) for word in words.split()}
_CHANGE_WORD = re.compile(r"\b(" + "|".join(w.replace("-", r"\s+") for w in _CHANGE) + r")\b", re.IGNORECASE)


def _directions(text: str) -> dict[str, str]:
    """direction ("rose" or "fell") -> the first word of the text that says it."""
    out: dict[str, str] = {}
    for m in _CHANGE_WORD.finditer(text):
        out.setdefault(_CHANGE[re.sub(r"\s+", "-", m.group(1).lower())], m.group(1))
    return out


def direction_conflicts(claim: str, evidence: str) -> list[Conflict]:
    """The claim says a thing rose where the evidence only says something fell, or the reverse ("Visitor numbers
    fell in 2023" / "rose from 41,000 to 58,000 in 2023"). Evidence saying both is no conflict."""
    said, given = _directions(claim), _directions(evidence)
    if len(said) != 1 or len(given) != 1 or said.keys() == given.keys():
        return []
    return [Conflict(next(iter(said.values())), next(iter(given.values())))]


_BOUND = re.compile(r"\b(after|before|over|under|since|until|than|least|most|nearly|almost|about|around|roughly|"
                    r"approximately|some|up to|between|within)\s+[$€£]?\s*$", re.IGNORECASE)


def _exact(text: str, q: Quantity) -> bool:
    """A figure stated as itself, not as a bound ("after 2002", "more than 40") or a small count."""
    at = text.find(q.text)
    return q.kind != "month" and (q.value >= 10 or q.kind == "percent") and not _BOUND.search(text[max(0, at - 25): at])


def gaps(claim: str, evidence: str) -> list[str]:
    """Exact figures of the claim that the evidence does not give. Names are not checked: evidence often calls a
    subject by a pronoun, a short name or another spelling, and a missing name says little."""
    found = quantities(evidence)
    return [q.text for q in quantities(claim) if _exact(claim, q) and not any(_same(q, e) for e in found)]


_NAME_WORDS = re.compile(r"[\w'’-]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?;:]\s+|[\"“(‘]\s*)$")
#: words of a name that say what kind of thing it is, not which one ("Lake Orla": only "Orla" must be found)
_GENERIC_NAME_WORDS = frozenset(
    "the port lake river mount mountain saint st university college company corporation inc ltd group city county "
    "state states republic kingdom island islands north south east west northern southern eastern western new old "
    "great little upper lower national international royal first second third mr mrs ms dr professor sir lord lady "
    "king queen prince president minister monday tuesday wednesday thursday friday saturday sunday".split()
) | frozenset(MONTHS)


def _name_key(token: str) -> str:
    return re.sub(r"['’]s$", "", token.lower()).strip("'’")


def _headline(text: str) -> bool:
    """Title Case: a small word capitalised mid-sentence ("Survives Sniper Thanks To Helmet"), or nearly every
    longer word capitalised."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if any(w[0].isupper() and w.lower() in STOP_WORDS for w in words[1:]):
        return True
    longer = [w for w in words if len(w) > 3]
    return len(longer) >= 6 and sum(w[0].isupper() for w in longer) / len(longer) > 0.75


def missing_names(claim: str, evidence: str) -> list[str]:
    """Names in the claim (past its sentence-initial words) that the evidence never gives, not even in part or as
    initials ("Barack Obama" / "Obama", "United States" / "U.S."). A headline, which capitalises every word, has
    none. A feature of the learned aggregator rather than a rule: on the visible test splits a missing name came
    with REFUTED or NOT_ENOUGH_INFO 9 times in 10 on FEVER-style evidence, but on abstracts and fact-checkers'
    justifications, which name things differently, with SUPPORTED as often as not (docs/benchmarks.md)."""
    if _headline(claim):
        return []
    given = {_name_key(w) for w in _NAME_WORDS.findall(evidence)}
    given |= {part for word in given for part in word.split("-")}
    squashed = re.sub(r"[.\s]", "", evidence)
    out = []
    for m in NAME.finditer(claim):
        if _SENTENCE_START.search(claim[: m.start()]):
            continue  # a subject (evidence often says "he" or gives it as the title) or a capitalised plain word
        tokens = [t for t in _NAME_WORDS.findall(m.group(0)) if t[0].isupper()]
        distinctive = [_name_key(t) for t in tokens if t.lower() not in _GENERIC_NAME_WORDS and len(t) >= 3]
        if not distinctive or any(d in given or d.split("-")[0] in given for d in distinctive):
            continue
        if len(tokens) > 1 and "".join(t[0] for t in tokens) in squashed:
            continue
        out.append(m.group(0))
    return out


_TOKEN = re.compile(r"[\w%]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: SUPPORTED probability of a claim that a passage states word for word: on the visible claims files a passage
#: sentence opening with the claim (6 words or more) came with SUPPORTED 72 times in 75 (2 of the 3: FEVER label noise)
STATED_CONFIDENCE = 0.96


def stated(claim: str, passage: str) -> bool:
    """A sentence of `passage` opens with the claim, word for word ("... recorded 12 percent more visitors in 2024
    than in 2023, park managers said"). The cross-encoder read that very sentence as REFUTED 0.48 (the demo's park
    claim): what it was taught about comparisons outweighed the words."""
    words = [w.lower() for w in _TOKEN.findall(claim)]
    if len(words) < 6:
        return False
    return any([w.lower() for w in _TOKEN.findall(sentence)][: len(words)] == words
               for sentence in _SENTENCE_END.split(passage))


#: REFUTED probability given to a NOT_ENOUGH_INFO verdict whose figure the evidence contradicts in context: the
#: share of such conflicts that were REFUTED on the visible test splits (fever-gold, feverous, sufficient-facts)
STRONG_CONFLICT_CONFIDENCE = 0.8


def guard(probs: np.ndarray, claim: str, evidence: str, labels: tuple[int, int, int]) -> tuple[np.ndarray, str]:
    """`probs` with SUPPORTED taken away where a figure conflicts (to REFUTED) or is missing (to NOT_ENOUGH_INFO).
    `labels` gives the indices of (SUPPORTED, REFUTED, NOT_ENOUGH_INFO); returns the new probabilities and a
    reason: what moved them, or for a REFUTED verdict left as it was the conflicting figures ("" when there is
    nothing to say)."""
    supported, refuted, nei = labels
    label = int(np.argmax(probs))
    found: list[Conflict | RoleConflict] = list(conflicts(claim, evidence))
    if label == refuted:
        # the verdict stands as the model gave it; a figure contradicted in its own context is what a reader needs
        # to see why (a merely different year elsewhere in the passage would explain nothing, and re-cite it)
        return probs, "; ".join(c.describe() for c in [c for c in found if c.strong][:2])
    moved = probs.copy()
    if label == supported:
        # only against SUPPORTED: a change in the other direction may be another quantity's (docs/benchmarks.md);
        # a role given to another name likewise (factdesk/verify/roles.py)
        found += direction_conflicts(claim, evidence) + role_conflicts(claim, evidence)
    if label == nei:
        strong = [c for c in found if c.strong]
        if not strong:
            return probs, ""
        # a figure contradicted in its own context is a refutation the model missed, not a lack of evidence
        moved[supported] = 0.0
        moved[refuted] = max(moved[refuted], STRONG_CONFLICT_CONFIDENCE)
        moved[nei] = 1.0 - moved[refuted]
        return moved, "; ".join(c.describe() for c in strong[:2])
    if found:
        moved[refuted] += moved[supported]
        moved[supported] = 0.0
        return moved, "; ".join(c.describe() for c in found[:2])
    missing = gaps(claim, evidence)
    if missing:
        moved[nei] += moved[supported]
        moved[supported] = 0.0
        return moved, "the evidence does not mention " + ", ".join(missing[:3])
    return probs, ""
