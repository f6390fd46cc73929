"""What the voice is given to read: numbers, dates, money, units and abbreviations in words (a table of cases)."""

from __future__ import annotations

import pytest

from factdesk.audio.normalise import speakable
from factdesk.audio.numbers import cardinal, decade, decimal, ordinal, year

SPOKEN: list[tuple[str, str]] = [
    ("Unemployment fell to 3.9% in March.", "Unemployment fell to three point nine percent in March."),
    ("Sales rose 12 percent.", "Sales rose twelve percent."),
    ("Revenue hit $1.2bn.", "Revenue hit one point two billion dollars."),
    ("The fund holds €40m.", "The fund holds forty million euros."),
    ("Tickets cost £15.", "Tickets cost fifteen pounds."),
    ("A coffee costs $4.50.", "A coffee costs four dollars fifty."),
    ("It cost US$3 million.", "It cost three million dollars."),
    ("About 1,250 people came.", "About one thousand two hundred fifty people came."),
    ("The bridge opened in 1937.", "The bridge opened in nineteen thirty-seven."),
    ("The tower will open in 2027.", "The tower will open in twenty twenty-seven."),
    ("It was built in 2005.", "It was built in two thousand five."),
    ("The company was founded in 1905.", "The company was founded in nineteen oh five."),
    ("The line closed in 1900.", "The line closed in nineteen hundred."),
    ("Due 2027-12-31.", "Due December thirty-first, twenty twenty-seven."),
    ("Talks resume on March 3, 2025.", "Talks resume on March third, twenty twenty-five."),
    ("Talks resume on 15 June 2026.", "Talks resume on the fifteenth of June twenty twenty-six."),
    ("It ran from 2019-2023.", "It ran from twenty nineteen to twenty twenty-three."),
    ("It ran from 1998–99.", "It ran from nineteen ninety-eight to nineteen ninety-nine."),
    ("Music of the 1990s.", "Music of the nineteen nineties."),
    ("The 21st century.", "The twenty-first century."),
    ("She finished 3rd.", "She finished third."),
    ("The line was 40 km long.", "The line was forty kilometres long."),
    ("Winds reached 120 km/h.", "Winds reached one hundred twenty kilometres per hour."),
    ("It weighs 1 kg.", "It weighs one kilogram."),
    ("Temperatures hit 41.5°C.", "Temperatures hit forty-one point five degrees Celsius."),
    ("The plant makes 500 MW.", "The plant makes five hundred megawatts."),
    ("Dr. Smith met Mr. Jones.", "Doctor Smith met Mister Jones."),
    ("The U.S. and the EU agreed.", "The U S and the E U agreed."),
    ("AI could lift GDP, e.g. in Japan.", "A I could lift G D P, for example in Japan."),
    ("He lives at No. 10.", "He lives at number ten."),
    ("Salt & pepper.", "Salt and pepper."),
    ("The rate is ~2%.", "The rate is about two percent."),
    ("Read more at https://example.org/story now.", "Read more at a link now."),
    ("It rose — sharply.", "It rose, sharply."),
    ("temperatures fell.", "Temperatures fell."),
    ("Race City USA.", "Race City U S A."),
]


@pytest.mark.parametrize(("written", "spoken"), SPOKEN)
def test_speakable(written: str, spoken: str) -> None:
    assert speakable(written) == spoken


def test_speakable_leaves_no_digit_in_a_news_paragraph() -> None:
    text = ("On 2024-03-01 the council approved a 4% rise, worth $2.5m, for the 2025-26 budget; 1,200 homes and "
            "3 schools, 15 km of road, the 2nd phase by 2030.")
    assert not any(ch.isdigit() for ch in speakable(text))


@pytest.mark.parametrize(("value", "words"), [
    (0, "zero"), (7, "seven"), (13, "thirteen"), (40, "forty"), (99, "ninety-nine"), (100, "one hundred"),
    (101, "one hundred one"), (1000, "one thousand"), (1_000_001, "one million one"),
    (2_300_000_000, "two billion three hundred million"), (-5, "minus five"),
])
def test_cardinal(value: int, words: str) -> None:
    assert cardinal(value) == words


@pytest.mark.parametrize(("value", "words"), [
    (1, "first"), (2, "second"), (3, "third"), (5, "fifth"), (8, "eighth"), (9, "ninth"), (12, "twelfth"),
    (20, "twentieth"), (21, "twenty-first"), (31, "thirty-first"), (100, "one hundredth"),
])
def test_ordinal(value: int, words: str) -> None:
    assert ordinal(value) == words


def test_years_decades_and_decimals() -> None:
    assert [year(y) for y in (1066, 1999, 2000, 2010, 2100)] == [
        "ten sixty-six", "nineteen ninety-nine", "two thousand", "twenty ten", "two thousand one hundred"]
    assert [decade(d) for d in (1960, 2000, 2020)] == ["nineteen sixties", "two thousands", "twenty twenties"]
    assert decimal("0.25") == "zero point two five" and decimal("1,000.5") == "one thousand point five"
