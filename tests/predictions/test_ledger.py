"""The ledger on both databases: recorded with every check, stored once, resolved by people, scored by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from ledger_briefs import prediction_brief
from sqlalchemy import create_engine, func, select

from factdesk.errors import InputError, NotFoundError
from factdesk.predictions.ledger import Ledger, normalise
from factdesk.predictions.scoring import decomposition, reliability, scores
from factdesk.store.schema import predictions

# Outlet A states: will (0.97) x2, expected (0.675), unlikely (0.325); outlet B: could (0.5) x2, very unlikely (0.125),
# and one open-ended prediction that stays open.
A = ["Rail fares will rise by 2026.", "The mine will close by 2026.",
     "The stadium is expected to open in 2026.", "Rates are unlikely to fall in 2026."]
B = ["The talks could succeed in 2026.", "The strike could end in 2026.",
     "A snap election is highly unlikely in 2026.", "The company will eventually be sold."]
OUTCOMES_A = ["true", "false", "true", "false"]
OUTCOMES_B = ["true", "void", "false", None]

# Brier by hand: (p - o)², o = 1 when the forecast event happened.
BRIER_A = ((0.97 - 1) ** 2 + (0.97 - 0) ** 2 + (0.675 - 1) ** 2 + (0.325 - 0) ** 2) / 4  # = 0.2882625
BRIER_B = ((0.5 - 1) ** 2 + (0.125 - 0) ** 2) / 2  # void and open are not scored: = 0.1328125
BRIER_ALL = (4 * BRIER_A + 2 * BRIER_B) / 6


def _filled(url: str) -> Ledger:
    ledger = Ledger(url)
    ledger.save(prediction_brief(A, url="https://www.a-news.example/x", byline=None))
    ledger.save(prediction_brief(B, url="https://b-times.example/y"))
    by_text = {e.text: e.id for e in ledger.entries()}
    for sentences, outcomes in ((A, OUTCOMES_A), (B, OUTCOMES_B)):
        for sentence, outcome in zip(sentences, outcomes, strict=True):
            if outcome:
                ledger.resolve(by_text[sentence], outcome, who="tester", note=f"{outcome} by hand")
    return ledger


def test_every_prediction_is_recorded_with_horizon_likelihood_and_source(db_url: str) -> None:
    brief = prediction_brief(A, byline="Jane Q Doe")
    with Ledger(db_url) as ledger:
        ledger.save(brief)
        entries = ledger.entries()
    assert [e.text for e in entries] == A
    first = entries[0]
    assert (first.outlet, first.author, first.url) == ("daily.example", "Jane Q Doe", "https://www.daily.example/story")
    assert (first.made_on, first.horizon, first.due_on) == (dt.date(2025, 1, 10), "by 2026", dt.date(2026, 12, 31))
    assert (first.likelihood, first.likelihood_word, first.status) == (0.97, "will", "open")
    assert first.check_id == brief.check_id


def test_a_syndicated_copy_is_stored_once_and_counted_as_a_sighting(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.save(prediction_brief(["Rail fares will rise by 2026."], url="https://daily.example/a"))
        # the same prediction, re-punctuated, on another page of the same outlet
        ledger.save(prediction_brief(["Rail fares  will rise by 2026 !"], url="https://www.daily.example/b"))
        ledger.save(prediction_brief(["Rail fares will rise by 2026."], url="https://other.example/c"))
        entries = ledger.entries()
        events = ledger.events(entries[0].id)
    assert normalise("“Rail fares will rise by 2026!”") == "rail fares will rise by 2026"
    assert [(e.outlet, e.sightings) for e in entries] == [("daily.example", 2), ("other.example", 1)]
    assert [(e.who, e.status) for e in events] == [("factdesk", "open")]  # recorded once, seen twice


def test_without_a_date_the_prediction_is_made_on_the_check_day(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.save(prediction_brief(["Rates will fall next year."], published=None, url=None))
        (entry,) = ledger.entries()
    assert (entry.made_on, entry.due_on, entry.outlet) == (dt.date(2025, 1, 11), dt.date(2026, 12, 31), None)


def test_list_due_and_by_source(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.save(prediction_brief(["Fares will rise next year.", "The mine will close by 2030."]))
        ledger.save(prediction_brief(["The talks could succeed in 2026."], url="https://b-times.example/y"))
        assert [e.text for e in ledger.entries(due_by=dt.date(2026, 12, 31))] == [
            "Fares will rise next year.", "The talks could succeed in 2026."]
        assert [e.text for e in ledger.entries(due_by=dt.date(2026, 12, 30))] == []
        assert [e.outlet for e in ledger.entries(source="B-TIMES")] == ["b-times.example"]
        assert ledger.entries(source="%") == [] and ledger.entries(source="_") == []  # LIKE wildcards are text
        entry = ledger.entries()[0]
        assert entry.is_due(dt.date(2026, 12, 31)) and not entry.is_due(dt.date(2026, 12, 30))


def test_every_change_is_kept_with_who_and_when(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.save(prediction_brief(["Fares will rise next year."]))
        (entry,) = ledger.entries()
        ledger.resolve(entry.id, "false", who="ana", note="fares froze", evidence_url="https://gov.example/fares")
        ledger.resolve(entry.id, "open", who="ben", note="freeze reversed in December")
        resolved = ledger.resolve(entry.id, "true", who="ana")
        events = ledger.events(entry.id)
    assert resolved.status == "true" and resolved.resolved_at is not None
    assert [(e.who, e.status) for e in events] == [("factdesk", "open"), ("ana", "false"), ("ben", "open"),
                                                   ("ana", "true")]
    assert events[1].note == "fares froze" and events[1].evidence_url == "https://gov.example/fares"
    assert all(e.at.tzinfo is not None for e in events)


def test_bad_resolutions_are_refused_and_change_nothing(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.save(prediction_brief(["Fares will rise next year."]))
        (entry,) = ledger.entries()
        with pytest.raises(InputError, match="true, false, void or open"):
            ledger.resolve(entry.id, "maybe", who="ana")
        with pytest.raises(InputError, match="http"):
            ledger.resolve(entry.id, "true", who="ana", evidence_url="javascript:alert(1)")
        with pytest.raises(NotFoundError, match="no prediction with id 999"):
            ledger.resolve(999, "true", who="ana")
        assert ledger.entry(entry.id).status == "open"
        assert len(ledger.events(entry.id)) == 1


def test_brier_scores_match_the_hand_computation(db_url: str) -> None:
    with _filled(db_url) as ledger:
        entries = ledger.entries()
    (overall,) = scores(entries)
    assert overall.brier == pytest.approx(BRIER_ALL, abs=1e-6)
    assert (overall.count, overall.resolved, overall.void, overall.scored) == (8, 6, 1, 6)
    assert overall.resolution_rate == pytest.approx(7 / 8)
    by_source = {s.group: s for s in scores(entries, by="source")}
    assert by_source["a-news.example"].brier == pytest.approx(0.2882625, abs=1e-6) == pytest.approx(BRIER_A)
    assert by_source["b-times.example"].brier == pytest.approx(0.1328125, abs=1e-6) == pytest.approx(BRIER_B)
    assert [s.group for s in scores(entries, by="source")] == ["b-times.example", "a-news.example"]  # best first
    assert by_source["b-times.example"].resolution_rate == pytest.approx(3 / 4)


def test_reliability_table_and_decomposition(db_url: str) -> None:
    with _filled(db_url) as ledger:
        entries = ledger.entries()
    table = [(b.stated, b.count, b.observed) for b in reliability(entries)]
    assert table == [(0.125, 1, 0.0), (0.325, 1, 0.0), (0.5, 1, 1.0), (0.675, 1, 1.0), (0.97, 2, 0.5)]
    parts = decomposition(entries)
    assert parts is not None
    # Murphy's identity holds exactly with one bin per stated value
    assert parts.reliability - parts.resolution + parts.uncertainty == pytest.approx(BRIER_ALL, abs=1e-5)
    assert parts.uncertainty == pytest.approx(0.5 * 0.5)  # 3 of the 6 scored predictions came true


def test_track_record_is_shown_for_the_source_of_a_new_check(db_url: str) -> None:
    with _filled(db_url) as ledger:
        later = ledger.annotate(prediction_brief(["Fares will rise again next year."],
                                                 url="https://a-news.example/later"))
        unknown = ledger.annotate(prediction_brief(["Fares will rise next year."], url="https://new.example/z"))
    record = later.forecasts[0].track_record
    assert record is not None
    assert (record.scope, record.name, record.resolved) == ("outlet", "a-news.example", 4)
    assert record.brier == pytest.approx(BRIER_A, abs=1e-6)
    assert unknown.forecasts[0].track_record is None


def test_a_failed_check_save_records_no_prediction(db_url: str) -> None:
    brief = prediction_brief(A)
    with Ledger(db_url) as ledger:
        ledger.save(brief)
        with pytest.raises(Exception, match="already stored"):
            ledger.save(brief.model_copy(update={"predictions": brief.predictions[:1]}))
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(predictions)).scalar_one() == 4
    engine.dispose()
