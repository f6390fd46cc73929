"""Numbers as English words, the way a newsreader says them: cardinals, ordinals, years, decimals.

    >>> cardinal(1_250_000), ordinal(21), year(2027), decimal("3.90")
    ('one million two hundred fifty thousand', 'twenty-first', 'twenty twenty-seven', 'three point nine zero')
"""

from __future__ import annotations

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}


def _below_hundred(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{_ONES[hundreds]} hundred"] if hundreds else []
    if rest or not hundreds:
        words.append(_below_hundred(rest))
    return " ".join(words)


def cardinal(n: int) -> str:
    """1234 -> 'one thousand two hundred thirty-four'; negative numbers say 'minus'."""
    if n < 0:
        return "minus " + cardinal(-n)
    words = []
    for size, name in _SCALES:
        if n >= size:
            words.append(f"{cardinal(n // size)} {name}")
            n %= size
    if n or not words:
        words.append(_below_thousand(n))
    return " ".join(words)


def ordinal(n: int) -> str:
    """21 -> 'twenty-first', 100 -> 'one hundredth'."""
    words = cardinal(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year(n: int) -> str:
    """2027 -> 'twenty twenty-seven', 2005 -> 'two thousand five', 1900 -> 'nineteen hundred'."""
    if not 1000 <= n <= 2099 or n % 1000 < 10:  # 2005: "two thousand five", not "twenty oh five"
        return cardinal(n)
    century, rest = divmod(n, 100)
    if rest == 0:
        return f"{_below_hundred(century)} hundred"
    return f"{_below_hundred(century)} {'oh ' + _ONES[rest] if rest < 10 else _below_hundred(rest)}"


def decade(n: int) -> str:
    """1990 -> 'nineteen nineties', 2020 -> 'twenty twenties', 2000 -> 'two thousands'."""
    words = year(n)
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + "s"


def decimal(text: str) -> str:
    """'3.9' -> 'three point nine', '1,250' -> 'one thousand two hundred fifty'; digits after the point one by one."""
    whole, _, fraction = text.replace(",", "").partition(".")
    words = cardinal(int(whole or "0"))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return words
