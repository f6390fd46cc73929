"""When a prediction comes due: its horizon, parsed from the sentence ("by 2030", "next year", "in the coming
months", "by the end of the decade", "by March 2027"). A horizon is the last day on which the prediction can
still come true; relative phrases count from the day the prediction was made. No phrase: the prediction is open.

Example::

    >>> parse_horizon("Sales will double by 2030.", dt.date(2026, 5, 1))
    Horizon(phrase='by 2030', due=datetime.date(2030, 12, 31))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

_MONTHS = {name: n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name
}
_MONTH = "|".join(sorted((m for m in _MONTHS if m[0].isupper()), key=len, reverse=True))
_MONTH += r"|Sept?|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Oct|Nov|Dec"
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "eighteen": 18, "several": 3, "few": 3}
_COUNT = r"(\d{1,3}|" + "|".join(_NUMBERS) + r")"
_SEASON_END = {"spring": (6, 20), "summer": (9, 22), "autumn": (12, 20), "fall": (12, 20), "winter": (3, 20)}
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@dataclass(frozen=True)
class Horizon:
    """`due` is None for an open prediction (no horizon in the text); `phrase` is the words that set it."""

    phrase: str | None
    due: dt.date | None


OPEN = Horizon(None, None)


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return _MONTHS.get(word[:3] if word != "sept" else "sep", 0)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _span(unit: str, n: int, made: dt.date) -> dt.date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return made + dt.timedelta(days=n)
    if unit == "week":
        return made + dt.timedelta(weeks=n)
    if unit == "month":
        return _add_months(made, n)
    if unit == "decade":
        return _add_months(made, 120 * n)
    return _add_months(made, 12 * n)


def _season(name: str, year: int) -> dt.date:
    month, day = _SEASON_END[name.lower()]
    # winter ends in March of the following year
    return dt.date(year + (1 if name.lower() == "winter" else 0), month, day)


def _next_season(name: str, made: dt.date) -> dt.date:
    due = _season(name, made.year)
    return due if due > made + dt.timedelta(days=90) else _season(name, made.year + 1)


def _this_season(name: str, made: dt.date) -> dt.date:
    due = _season(name, made.year)
    return due if due >= made else _season(name, made.year + 1)


def _day_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    try:
        return dt.date(int(groups["y"]), _month_number(groups["mon"]), int(groups["d"]))
    except ValueError:
        return None


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], dt.date | None]]

# Checked in order; the first that matches decides. Specific dates before years, years before relative words.
_RULES: list[Rule] = [
    (re.compile(rf"\b(?:by|on|before|until|in|from)?\s*(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                r"(?P<y>(?:19|20|21)\d\d)\b"), lambda m, _: _day_date(m)),
    (re.compile(rf"\b(?:by|on|before|until)?\s*(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                rf"(?P<mon>{_MONTH})\.?,?\s+(?P<y>(?:19|20|21)\d\d)\b"), lambda m, _: _day_date(m)),
    (re.compile(r"\b(?P<y>(?:19|20|21)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
     lambda m, _: dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if 1 <= int(m["m"]) <= 12 else None),
    (re.compile(rf"\b(?:by|in|before|until|through)\s+(?:the\s+end\s+of\s+)?(?P<mon>{_MONTH})\.?\s+"
                r"(?P<y>(?:19|20|21)\d\d)\b"),
     lambda m, _: _end_of_month(int(m["y"]), _month_number(m["mon"]))),
    (re.compile(r"\b(?:Q(?P<q>[1-4])|(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?)\s+"
                r"(?P<y>(?:19|20|21)\d\d)\b", re.I),
     lambda m, _: dt.date(int(m["y"]), *_QUARTER_END[int(m["q"]) if m["q"] else _ORDINAL_QUARTER[m["ord"].lower()]])),
    (re.compile(r"\b(?:by|in|before|until)\s+(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
                r"(?P<y>(?:19|20|21)\d\d)\b", re.I), lambda m, _: _season(m["s"], int(m["y"]))),
    (re.compile(r"\b(?:by|before|until|in|through)\s+(?:the\s+(?:end|close)\s+of\s+)?(?:the\s+)?(?P<y>(?:19|20|21)\d\d)s\b",
                re.I),
     lambda m, _: dt.date(int(m["y"]) + 9, 12, 31)),
    (re.compile(r"\b(?:by|in|before|until|through|during|within|for|from)\s+(?:the\s+(?:end|close|start|"
                r"beginning)\s+of\s+)?(?:fiscal\s+(?:year\s+)?|FY\s*)?(?P<y>(?:19|20|21)\d\d)\b", re.I),
     lambda m, _: dt.date(int(m["y"]), 12, 31)),
    (re.compile(rf"\b(?:within|in|over)\s+(?:the\s+next\s+|the\s+coming\s+|the\s+following\s+)?{_COUNT}\s+"
                r"(?P<unit>days?|weeks?|months?|years?|decades?)\b", re.I),
     lambda m, made: _span(m["unit"], _count(m[1]), made)),
    (re.compile(r"\b(?:within|in|over)\s+(?:the\s+)?(?:next|coming|following)\s+(?P<unit>days|weeks|months|years)\b",
                re.I), lambda m, made: _span(m["unit"], {"day": 7, "week": 3, "month": 6, "year": 3}
                                             [m["unit"].lower().rstrip("s")], made)),
    (re.compile(r"\b(?:within|in|over)\s+(?:the\s+)?(?:next|coming|following)\s+(?P<unit>day|week|month|year)\b",
                re.I), lambda m, made: _span(m["unit"], 1, made)),
    (re.compile(r"\b(?:the\s+)?end\s+of\s+the\s+decade\b", re.I),
     lambda _, made: dt.date(made.year - made.year % 10 + 9, 12, 31)),
    (re.compile(r"\b(?:the\s+)?(?:next|coming)\s+decade\b", re.I),
     lambda _, made: dt.date(made.year - made.year % 10 + 19, 12, 31)),
    (re.compile(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+year\b|\b(?:later|by\s+the\s+end\s+of)\s+this\s+"
                r"year\b|\bthis\s+year\b", re.I),
     lambda _, made: dt.date(made.year, 12, 31)),
    (re.compile(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+next\s+year\b|\bnext\s+year\b", re.I),
     lambda _, made: dt.date(made.year + 1, 12, 31)),
    (re.compile(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+month\b|\bthis\s+month\b", re.I),
     lambda _, made: _end_of_month(made.year, made.month)),
    (re.compile(r"\bnext\s+month\b", re.I),
     lambda _, made: _end_of_month(_add_months(made, 1).year, _add_months(made, 1).month)),
    (re.compile(r"\b(?:this|next)\s+week\b", re.I),
     lambda m, made: made + dt.timedelta(days=(6 - made.weekday()) + (7 if "next" in m[0].lower() else 0))),
    (re.compile(r"\bnext\s+(?P<s>spring|summer|autumn|fall|winter)\b", re.I),
     lambda m, made: _next_season(m["s"], made)),
    (re.compile(r"\b(?:this|by|in\s+the|by\s+the|over\s+the)\s+(?P<s>spring|summer|autumn|fall|winter)\b", re.I),
     lambda m, made: _this_season(m["s"], made)),
]


def parse_horizon(sentence: str, made_on: dt.date) -> Horizon:
    """The horizon of `sentence`, a prediction made on `made_on`; `OPEN` when the text sets none.

    A due date before `made_on` (a past year named in passing) is ignored: it cannot be the horizon.
    """
    for pattern, due_of in _RULES:
        for match in pattern.finditer(sentence):
            due = due_of(match, made_on)
            if due is not None and due >= made_on:
                return Horizon(" ".join(match[0].split()), due)
    return OPEN
