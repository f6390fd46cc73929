"""Text as it should be spoken: numbers, dates, money, units and abbreviations written out in words, so that the
voice reads "3.9%" as "three point nine percent" and "2027-12-31" as "December thirty-first, twenty twenty-seven".

The rules run in order (docs/audio.md); each is one case of tests/audio/test_normalise.py.

    >>> speakable("Sales rose 3.9% to $1.2bn in 2024.")
    'Sales rose three point nine percent to one point two billion dollars in twenty twenty-four.'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from factdesk.audio.numbers import cardinal, decade, decimal, ordinal, year

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = {"$": ("dollar", "dollars"), "US$": ("dollar", "dollars"), "€": ("euro", "euros"),
             "£": ("pound", "pounds"), "¥": ("yen", "yen")}
_SCALE = {"k": "thousand", "thousand": "thousand", "m": "million", "mn": "million", "million": "million",
          "bn": "billion", "b": "billion", "billion": "billion", "tn": "trillion", "trillion": "trillion"}
#: unit -> (singular, plural); matched only right after a number
UNITS: dict[str, tuple[str, str]] = {
    "km/h": ("kilometre per hour", "kilometres per hour"), "mph": ("mile per hour", "miles per hour"),
    "km²": ("square kilometre", "square kilometres"), "km2": ("square kilometre", "square kilometres"),
    "km": ("kilometre", "kilometres"), "cm": ("centimetre", "centimetres"), "mm": ("millimetre", "millimetres"),
    "m": ("metre", "metres"), "mi": ("mile", "miles"), "ft": ("foot", "feet"), "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"), "lb": ("pound", "pounds"), "lbs": ("pounds", "pounds"), "t": ("tonne", "tonnes"),
    "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "kWh": ("kilowatt hour", "kilowatt hours"), "MW": ("megawatt", "megawatts"), "GW": ("gigawatt", "gigawatts"),
    "kW": ("kilowatt", "kilowatts"), "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"),
    "ha": ("hectare", "hectares"), "L": ("litre", "litres"), "ml": ("millilitre", "millilitres"),
}
#: written form -> spoken form, matched as whole words (case-sensitive)
ABBREVIATIONS: dict[str, str] = {
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus", "approx.": "approximately",
    "Dr.": "Doctor", "Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Prof.": "Professor", "Gov.": "Governor",
    "Sen.": "Senator", "Rep.": "Representative", "Gen.": "General", "Jr.": "Junior", "Sr.": "Senior",
    "St.": "Saint", "Mt.": "Mount", "Inc.": "Incorporated", "Ltd.": "Limited", "Co.": "Company",
    "U.S.": "U S", "USA": "U S A", "U.K.": "U K", "U.N.": "U N", "E.U.": "E U", "US": "U S", "UK": "U K",
    "UN": "U N", "EU": "E U",
    "AI": "A I", "CEO": "C E O", "GDP": "G D P", "NHS": "N H S", "FBI": "F B I", "IMF": "I M F", "LDP": "L D P",
    "NC": "North Carolina", "&": "and", "No.": "number", "Nos.": "numbers", "a.m.": "A M", "p.m.": "P M",
}
_MONTHS = {name.lower()[:3]: name for name in calendar.month_name if name}


def _scale_words(scale: str | None) -> str:
    return f" {_SCALE[scale.lower()]}" if scale else ""


def _money(m: re.Match[str]) -> str:
    one, many = _CURRENCY[m["cur"]]
    amount = m["num"].replace(",", "")
    scale = _scale_words(m["scale"])
    if "." in amount and not scale and len(amount.partition(".")[2]) == 2:  # $4.50: four dollars fifty
        whole, cents = amount.split(".")
        return f"{cardinal(int(whole))} {one if whole == '1' else many} {cardinal(int(cents))}"
    return f"{decimal(amount)}{scale} {one if amount == '1' and not scale else many}"


def _unit(m: re.Match[str]) -> str:
    one, many = UNITS[m["unit"]]
    return f"{decimal(m['num'])} {one if m['num'] == '1' else many}"


def _iso_date(m: re.Match[str]) -> str:
    month = calendar.month_name[int(m["m"])]
    return f"{month} {ordinal(int(m['d']))}, {year(int(m['y']))}"


def _month_day(m: re.Match[str]) -> str:
    month = _MONTHS[m["mon"][:3].lower()]
    tail = f", {year(int(m['y']))}" if m["y"] else ""
    return f"{month} {ordinal(int(m['d']))}{tail}"


def _day_month(m: re.Match[str]) -> str:
    month = _MONTHS[m["mon"][:3].lower()]
    tail = f" {year(int(m['y']))}" if m["y"] else ""
    return f"the {ordinal(int(m['d']))} of {month}{tail}"


_MONTH_RE = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
            r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w$])")

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
RULES: list[Rule] = [
    (re.compile(r"https?://\S+|www\.\S+"), lambda m: "a link"),
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"), _iso_date),
    (re.compile(rf"\b{_MONTH_RE}\s+(?P<d>[12]?\d|3[01])(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?"), _month_day),
    (re.compile(rf"\b(?P<d>[12]?\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:\s+(?P<y>\d{{4}})\b)?"),
     _day_month),
    (re.compile(rf"(?P<cur>US\$|[$€£¥])\s?(?P<num>{_NUMBER})(?:\s?(?P<scale>bn|tn|mn|[kmb]|thousand|million|"
                r"billion|trillion)\b)?", re.IGNORECASE), _money),
    (re.compile(rf"(?P<num>{_NUMBER})\s?(?:%|percent\b|per\s+cent\b)"), lambda m: f"{decimal(m['num'])} percent"),
    (re.compile(rf"(?P<num>{_NUMBER})\s?(?P<unit>" + "|".join(re.escape(u) for u in sorted(UNITS, key=len,
                reverse=True)) + r")(?![\w/²])"), _unit),
    (re.compile(r"\b(?P<a>(?:1[1-9]|20)\d\d)\s?[–-]\s?(?P<b>(?:1[1-9]|20)\d\d|\d\d)\b"),
     lambda m: f"{year(int(m['a']))} to {year(int(m['b']) if len(m['b']) == 4 else int(m['a'][:2] + m['b']))}"),
    (re.compile(r"\b(?P<y>(?:1[1-9]|20)\d0)'?s\b"), lambda m: decade(int(m["y"]))),
    (re.compile(r"\b(?P<n>\d+)(?:st|nd|rd|th)\b"), lambda m: ordinal(int(m["n"]))),
    (re.compile(r"(?<![\d,.])(?P<y>1[1-9]\d\d|20\d\d)(?!\d|,\d{3}|\.\d)"), lambda m: year(int(m["y"]))),
    (re.compile(rf"(?<![\d.])(?P<num>{_NUMBER})(?![\d])"), lambda m: decimal(m["num"])),
    (re.compile(r"\s*[—–]\s*"), lambda m: ", "),
    (re.compile(r"[~≈]\s?"), lambda m: "about "),
]


def speakable(text: str) -> str:
    """`text` with numbers, dates, money, units and abbreviations written out, whitespace collapsed."""
    text = " ".join(text.split())
    text = _ABBREVIATION_RE.sub(lambda m: ABBREVIATIONS[m[1]], text)
    for pattern, spoken in RULES:
        text = pattern.sub(spoken, text)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]
