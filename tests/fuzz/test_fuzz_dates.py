"""`--as-of` dates: a date or one InputError naming the option."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from factdesk.cli.options import parse_date
from factdesk.errors import InputError

DATE_LIKE = st.one_of(st.text(max_size=30), st.dates().map(dt.date.isoformat),
                      st.tuples(st.integers(-1, 10000), st.integers(-1, 14), st.integers(-1, 33)).map(
                          lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"))


@given(DATE_LIKE)
@example("\n")  # a long run found it: the message spanned two lines
@example("2021-06-01\x00")
def test_as_of(value: str) -> None:
    try:
        parsed = parse_date(value)
    except InputError as exc:
        assert str(exc).startswith("--as-of: ") and "\n" not in str(exc)
        return
    assert isinstance(parsed, dt.date)


def test_a_valid_date_round_trips() -> None:
    assert parse_date("2021-06-01") == dt.date(2021, 6, 1)
    with pytest.raises(InputError):
        parse_date("yesterday")
