from __future__ import annotations

import datetime as dt

import pytest

from factdesk.claims.predict import is_prediction

TODAY = dt.date(2024, 6, 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "The plant will open in May.",
        "The population will of course grow.",
        "We'll see the results soon.",
        "The minister said the reform won't cost taxpayers anything.",
        "Sales are expected to double.",
        "Inflation is likely to ease this autumn.",
        "Parliament is set to vote on the bill.",
        "The company plans to cut 500 jobs.",
        "The IMF forecast growth of 3% for the region.",
        "Half of new cars sold in Europe are electric by 2030, the report says.",
        "Inflation could reach 5 percent.",
        "Prices might soon double.",
        "The stadium opens next year.",
        "Demand is projected to fall in the coming decades.",
        "Analysts predict a recession.",
        "The government is going to raise taxes.",
    ],
)
def test_predictions(sentence: str) -> None:
    assert is_prediction(sentence, today=TODAY)


@pytest.mark.parametrize(
    "sentence",
    [
        "It was the will of the people.",
        "She signed her will in 1999.",
        "Unemployment fell to 3.5 percent in 2019.",
        "He went to school in 2010.",
        "The plant opened last year.",
        "He is going to the store.",
        "The bridge, built in 1932, is 503 metres long.",
        "Paris is the capital of France.",
        "The council voted 7-2 on Tuesday to approve the budget.",
        "Japan’s ruling Liberal Democratic Party has outlined a draft proposal that aims to redefine the country’s "
        "approach to artificial intelligence.",
        "The ministry published a plan which intends to double rail freight.",
    ],
)
def test_not_predictions(sentence: str) -> None:
    assert not is_prediction(sentence, today=TODAY)


def test_a_year_is_future_relative_to_today() -> None:
    sentence = "Coal production dropped by a third in 2025."
    assert is_prediction("Coal production drops by a third by 2025.", today=dt.date(2024, 1, 1))
    assert not is_prediction(sentence, today=dt.date(2026, 1, 1))
