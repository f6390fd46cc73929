"""Horizon and stated likelihood of news-style predictions, as tables of cases (made on 2026-05-01)."""

from __future__ import annotations

import datetime as dt

import pytest

from factdesk.predictions.horizon import parse_horizon
from factdesk.predictions.likelihood import BANDS, WORDS, band_probability, parse_likelihood

MADE = dt.date(2026, 5, 1)  # a Friday

# (sentence, words that set the horizon, due date); None, None: open-ended
HORIZONS: list[tuple[str, str | None, dt.date | None]] = [
    ("Global demand for lithium will double by 2030, the agency said.", "by 2030", dt.date(2030, 12, 31)),
    ("The bridge is expected to open in 2027.", "in 2027", dt.date(2027, 12, 31)),
    ("The central bank is likely to cut rates next year.", "next year", dt.date(2027, 12, 31)),
    ("Prices could rise further in the coming months.", "in the coming months", dt.date(2026, 11, 1)),
    ("Analysts expect a recovery in the coming weeks.", "in the coming weeks", dt.date(2026, 5, 22)),
    ("The country will be carbon neutral by the end of the decade.", "the end of the decade",
     dt.date(2029, 12, 31)),
    ("The merger is set to close by March 31, 2027.", "by March 31, 2027", dt.date(2027, 3, 31)),
    ("Talks are due to resume on 15 June 2026.", "on 15 June 2026", dt.date(2026, 6, 15)),
    ("The law takes effect by 1st of January 2028, officials say it will.", "by 1st of January 2028",
     dt.date(2028, 1, 1)),
    ("The plant will reopen in September 2026.", "in September 2026", dt.date(2026, 9, 30)),
    ("The company plans to list its shares by Sept. 2027.", "by Sept. 2027", dt.date(2027, 9, 30)),
    ("Deliveries should start in the third quarter of 2026.", "third quarter of 2026", dt.date(2026, 9, 30)),
    ("Revenue will top $1bn in Q4 2027.", "Q4 2027", dt.date(2027, 12, 31)),
    ("The strike could end this week.", "this week", dt.date(2026, 5, 3)),
    ("Ministers will meet again next week.", "next week", dt.date(2026, 5, 10)),
    ("The vote is expected next month.", "next month", dt.date(2026, 6, 30)),
    ("The report will be published later this year.", "later this year", dt.date(2026, 12, 31)),
    ("Unemployment is forecast to fall by the end of the year.", "by the end of the year", dt.date(2026, 12, 31)),
    ("The stadium will be finished by the end of next year.", "by the end of next year", dt.date(2027, 12, 31)),
    ("Inflation may ease within two years.", "within two years", dt.date(2028, 5, 1)),
    ("The rover will reach the crater in 18 months.", "in 18 months", dt.date(2027, 11, 1)),
    ("Engineers say the dam could fail within five years.", "within five years", dt.date(2031, 5, 1)),
    ("The mine is likely to close in the next decade.", "the next decade", dt.date(2039, 12, 31)),
    ("Sales are projected to grow by fiscal 2028.", "by fiscal 2028", dt.date(2028, 12, 31)),
    ("Electric cars will outsell petrol cars by the 2030s.", "by the 2030s", dt.date(2039, 12, 31)),
    ("The new line will open next spring.", "next spring", dt.date(2027, 6, 20)),
    ("Harvests are expected to recover by the summer.", "by the summer", dt.date(2026, 9, 22)),
    ("The ceasefire will hold until the summer of 2027.", "until the summer of 2027", dt.date(2027, 9, 22)),
    ("The treaty could be signed on 2026-09-30.", "2026-09-30", dt.date(2026, 9, 30)),
    ("Rates will stay high in the next few months.", "in the next few months", dt.date(2026, 8, 1)),
    ("The mayor will decide within the next year.", "within the next year", dt.date(2027, 5, 1)),
    ("The ban, first proposed in 2019, will take effect in 2027.", "in 2027", dt.date(2027, 12, 31)),
    ("Shares will rally, as they did in 2020.", None, None),
    ("The government will eventually privatise the railway.", None, None),
    ("Experts warn that the glacier may disappear.", None, None),
    ("The company will remain profitable for the foreseeable future.", None, None),
    ("Hospitals will need more nurses, the union says.", None, None),
    ("The party is expected to win the election.", None, None),
    ("In May, the minister said the plan will work.", None, None),
    ("Officials hope the road will open soon.", None, None),
]

# (sentence, deciding words, ICD 203 band)
LIKELIHOODS: list[tuple[str, str | None, str | None]] = [
    ("Global demand for lithium will double by 2030.", "will", "almost certain"),
    ("The deal won't close before the summer.", "won't", "almost certain"),
    ("The company shall repay the loan in full.", "shall", "almost certain"),
    ("Analysts say the merger is certain to be approved.", "is certain to", "almost certain"),
    ("Prices will definitely rise.", "definitely", "almost certain"),
    ("A recession is all but certain to follow.", "is all but certain to", "almost certain"),
    ("The bill is very likely to pass the Senate.", "very likely", "very likely"),
    ("The launch is scheduled to take place in June.", "is scheduled to", "very likely"),
    ("The merger is set to close by March.", "is set to", "very likely"),
    ("The party is widely expected to win.", "is widely expected", "very likely"),
    ("Ministers are poised to approve the budget.", "are poised to", "very likely"),
    ("The central bank is likely to cut rates next year.", "likely", "likely"),
    ("The bridge is expected to open in 2027.", "is expected", "likely"),
    ("The mayor expects the bridge to open in 2027.", "expects", "likely"),
    ("Inflation will probably ease by the autumn.", "probably", "likely"),
    ("Forecasters predict a wet winter.", "predict", "likely"),
    ("Output is projected to grow 2% this year.", "projected", "likely"),
    ("The IMF forecasts growth of 3% next year.", "forecasts", "likely"),
    ("The storm is going to hit the coast tonight.", "is going to", "likely"),
    ("Deliveries should start in the third quarter.", "should", "likely"),
    ("Prices could rise further in the coming months.", "could", "roughly even chance"),
    ("The talks may collapse.", "may", "roughly even chance"),
    ("The rover might find water.", "might", "roughly even chance"),
    ("It is a toss-up whether the vote passes.", "toss-up", "roughly even chance"),
    ("The firm plans to hire 500 people.", "plans to", "roughly even chance"),
    ("The government aims to halve emissions by 2030.", "aims to", "roughly even chance"),
    ("The minister vowed to cut waiting lists.", "vowed to", "roughly even chance"),
    ("Rates are unlikely to fall before 2027.", "unlikely", "unlikely"),
    ("A deal is not expected before the summer.", "is not expected", "unlikely"),
    ("Investors are doubtful that the plan will work.", "doubtful", "unlikely"),
    ("The vote probably won't pass.", "probably won't", "unlikely"),
    ("A full recovery is highly unlikely this year.", "highly unlikely", "very unlikely"),
    ("There is a slim chance the talks will succeed.", "slim chance", "very unlikely"),
    ("There is almost no chance the rule will be repealed.", "almost no chance", "almost no chance"),
    ("Experts say a return to growth is impossible in 2026.", "is impossible", "almost no chance"),
    ("The bridge will open in May 2027.", "will", "almost certain"),
    ("Growth will likely slow next year.", "likely", "likely"),
    ("Remote work will become the norm.", "will", "almost certain"),
    ("Sales rose 4% in March.", None, None),
    ("Next year's budget was published on Monday.", None, None),
]


@pytest.mark.parametrize(("sentence", "phrase", "due"), HORIZONS)
def test_horizon(sentence: str, phrase: str | None, due: dt.date | None) -> None:
    horizon = parse_horizon(sentence, MADE)
    assert (horizon.phrase, horizon.due) == (phrase, due)


@pytest.mark.parametrize(("sentence", "word", "band"), LIKELIHOODS)
def test_likelihood(sentence: str, word: str | None, band: str | None) -> None:
    likelihood = parse_likelihood(sentence)
    if band is None:
        assert likelihood is None
    else:
        assert likelihood is not None
        assert (likelihood.word, likelihood.band) == (word, band)
        assert likelihood.probability == band_probability(band)


def test_relative_horizons_count_from_the_day_the_prediction_was_made() -> None:
    assert parse_horizon("Rates will fall next year.", dt.date(2031, 2, 1)).due == dt.date(2032, 12, 31)
    assert parse_horizon("by the end of the decade", dt.date(2031, 2, 1)).due == dt.date(2039, 12, 31)
    # a named year already past when the prediction was made is not its horizon
    assert parse_horizon("The law passed in 2024 will take effect.", dt.date(2026, 1, 1)).due is None


def test_the_scale_is_ordered_and_every_band_is_reachable() -> None:
    middles = [band_probability(band) for band in BANDS]
    assert middles == sorted(middles) and middles[0] == 0.03 and middles[-1] == 0.97
    assert {band for band, _ in WORDS} == set(BANDS)


def test_at_least_forty_news_sentences_per_table() -> None:
    assert len(HORIZONS) >= 40 and len(LIKELIHOODS) >= 40
