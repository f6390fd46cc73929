"""Store behaviour, run on SQLite and on PostgreSQL (the `db_url` fixture)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, func, select

from factdesk.errors import FactdeskError, InputError, NotFoundError, StoreError
from factdesk.models import Brief, Claim, ClaimCheck, Label
from factdesk.store import CheckSummary, Store
from factdesk.store.schema import DATA_TABLES, checks, claims, evidence, verdicts

MakeBrief = Callable[..., Brief]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s


def row_counts(url: str) -> dict[str, int]:
    """Rows per data table, read through a separate engine (not the store under test)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in DATA_TABLES}
    finally:
        engine.dispose()


def test_save_then_get_returns_the_identical_brief(store: Store, brief_factory: MakeBrief) -> None:
    brief = brief_factory()
    assert store.save(brief) == brief.check_id
    again = store.get(brief.check_id)
    assert again == brief
    assert again.model_dump_json() == brief.model_dump_json()


def test_rows_hold_claims_verdicts_and_evidence_exactly_as_used(
    store: Store, db_url: str, brief_factory: MakeBrief
) -> None:
    brief = brief_factory()
    store.save(brief)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        check = conn.execute(select(checks)).one()
        claim_rows = conn.execute(select(claims).order_by(claims.c.position)).all()
        verdict_rows = conn.execute(select(verdicts).order_by(verdicts.c.claim_id)).all()
        evidence_rows = conn.execute(select(evidence).order_by(evidence.c.claim_id, evidence.c.rank)).all()
    engine.dispose()

    assert (check.id, check.title, check.source, check.knowledge_base) == (
        brief.check_id,
        "Council passes budget",
        "https://news.example/budget",
        "demo",
    )
    assert check.as_of == dt.date(2025, 4, 1) and check.published == dt.date(2025, 4, 30)
    assert check.counts == {"SUPPORTED": 1, "REFUTED": 1, "NOT_ENOUGH_INFO": 0}
    assert check.models == brief.models and check.timings == brief.timings_ms
    assert check.article_text == brief.article.text and check.n_claims == 2

    assert [(r.claim_id, r.checked, r.is_prediction) for r in claim_rows] == [
        ("c1", True, False),
        ("c2", True, False),
        ("p1", False, True),
    ]
    c1 = brief.results[0].claim
    assert (claim_rows[0].text, claim_rows[0].start, claim_rows[0].end) == (c1.text, c1.start, c1.end)
    assert claim_rows[0].checkworthiness == pytest.approx(0.25)

    assert [(r.claim_id, r.label, r.abstained) for r in verdict_rows] == [
        ("c1", "SUPPORTED", False),
        ("c2", "REFUTED", False),
    ]
    assert verdict_rows[0].probabilities == {"SUPPORTED": 0.8, "REFUTED": 0.1, "NOT_ENOUGH_INFO": 0.1}
    assert verdict_rows[0].model == "verifier.minilm-xenc.v1"

    used = [ev for result in brief.results for ev in result.verdict.evidence]
    assert len(evidence_rows) == len(used) == 6
    for row, ev in zip(evidence_rows, used, strict=True):
        p = ev.passage
        assert (row.passage_id, row.doc_id, row.text, row.title, row.url, row.date) == (
            p.id,
            p.doc_id,
            p.text,
            p.title,
            p.url,
            p.date,
        )
        assert (row.rank, row.score, row.cited) == (ev.rank, ev.score, ev.rank == 1)


def test_a_checked_prediction_is_one_claim_row(store: Store, db_url: str, brief_factory: MakeBrief) -> None:
    brief = brief_factory()
    brief.predictions.append(brief.results[0].claim)
    store.save(brief)
    assert row_counts(db_url)["claims"] == 3
    assert store.get(brief.check_id) == brief


def test_brief_without_claims(store: Store, brief_factory: MakeBrief) -> None:
    brief = brief_factory().model_copy(update={"results": [], "predictions": [], "references": []})
    store.save(brief)
    assert store.get(brief.check_id) == brief
    assert store.list()[0].counts == {"SUPPORTED": 0, "REFUTED": 0, "NOT_ENOUGH_INFO": 0}


def test_get_by_unique_prefix_unknown_and_ambiguous(store: Store, brief_factory: MakeBrief) -> None:
    a = brief_factory(check_id="abc123" + "0" * 26)
    b = brief_factory(check_id="abd456" + "0" * 26)
    store.save(a)
    store.save(b)
    assert store.get("abc").check_id == a.check_id
    assert store.get(" abd4 ").check_id == b.check_id
    with pytest.raises(FactdeskError, match="ambiguous: abc1230+, abd4560+") as ambiguous:
        store.get("ab")
    assert type(ambiguous.value) is FactdeskError
    with pytest.raises(NotFoundError, match="no check with id 'ffff'"):
        store.get("ffff")
    # Prefix matching is literal and case-sensitive on every backend.
    for literal in ("ABC", "a%", "a_c"):
        with pytest.raises(NotFoundError):
            store.get(literal)
    with pytest.raises(InputError):
        store.get("  ")


def test_saving_the_same_check_twice_is_refused(store: Store, db_url: str, brief_factory: MakeBrief) -> None:
    brief = brief_factory()
    store.save(brief)
    with pytest.raises(StoreError, match=f"check {brief.check_id} is already stored"):
        store.save(brief)
    assert row_counts(db_url) == {"checks": 1, "claims": 3, "verdicts": 2, "evidence": 6}


def test_a_failing_claim_insert_leaves_nothing(store: Store, db_url: str, brief_factory: MakeBrief) -> None:
    # Two results with the same claim id: the checks row goes in, then the claims insert fails.
    brief = brief_factory()
    brief.results.append(brief.results[0])
    with pytest.raises(StoreError, match=f"cannot save check {brief.check_id} to the check store"):
        store.save(brief)
    assert row_counts(db_url) == {"checks": 0, "claims": 0, "verdicts": 0, "evidence": 0}
    assert store.count() == 0


def test_a_failing_verdict_insert_leaves_nothing(store: Store, db_url: str, brief_factory: MakeBrief) -> None:
    # A verdict about a claim the brief does not hold: checks and claims rows go in, then the verdict's
    # foreign key fails (enforced on SQLite too).
    brief = brief_factory()
    orphan = brief.results[1].verdict.model_copy(update={"claim_id": "nope"})
    brief.results[1] = ClaimCheck(claim=brief.results[1].claim, verdict=orphan)
    with pytest.raises(StoreError, match="cannot save check"):
        store.save(brief)
    assert row_counts(db_url) == {"checks": 0, "claims": 0, "verdicts": 0, "evidence": 0}
    # The store is still usable after the rollback.
    good = brief_factory()
    store.save(good)
    assert store.count() == 1


def test_list_is_newest_first_with_pagination(store: Store, brief_factory: MakeBrief) -> None:
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    ids = []
    for day in range(5):
        brief = brief_factory(title=f"Story {day}", created_at=base + dt.timedelta(days=day))
        ids.append(store.save(brief))
    assert store.count() == 5
    page = store.list(limit=2)
    assert [s.title for s in page] == ["Story 4", "Story 3"]
    assert [s.title for s in store.list(limit=2, offset=2)] == ["Story 2", "Story 1"]
    assert [s.title for s in store.list(limit=10, offset=4)] == ["Story 0"]
    assert store.list(limit=0) == []
    first = page[0]
    assert isinstance(first, CheckSummary)
    assert first == CheckSummary(
        id=ids[4],
        created_at=base + dt.timedelta(days=4),
        title="Story 4",
        source="https://news.example/budget",
        counts={"SUPPORTED": 1, "REFUTED": 1, "NOT_ENOUGH_INFO": 0},
    )
    assert first.created_at.tzinfo is not None
    with pytest.raises(InputError):
        store.list(limit=-1)


def test_created_at_in_other_timezones_sorts_by_instant(store: Store, brief_factory: MakeBrief) -> None:
    plus2 = dt.timezone(dt.timedelta(hours=2))
    store.save(brief_factory(title="earlier", created_at=dt.datetime(2025, 1, 1, 13, 0, tzinfo=plus2)))  # 11:00Z
    store.save(brief_factory(title="later", created_at=dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)))
    summaries = store.list()
    assert [s.title for s in summaries] == ["later", "earlier"]
    assert summaries[1].created_at == dt.datetime(2025, 1, 1, 11, 0, tzinfo=dt.UTC)


def test_search_matches_title_source_and_claim_text(store: Store, brief_factory: MakeBrief) -> None:
    store.save(brief_factory(title="Council passes budget", source="a.txt"))
    store.save(
        brief_factory(
            title="Weather report",
            source="https://news.example/weather",
            claims=[("c1", "It rained for 40 days.", Label.REFUTED)],
        )
    )
    store.save(
        brief_factory(
            title="Sports",
            source="<stdin>",
            claims=[("c1", "The team won 100% of its games_in 2024.", Label.NOT_ENOUGH_INFO)],
        )
    )
    assert [s.title for s in store.list(search="BUDGET")] == ["Council passes budget"]
    assert [s.title for s in store.list(search="news.example/weather")] == ["Weather report"]
    assert [s.title for s in store.list(search="won 100%")] == ["Sports"]
    assert [s.title for s in store.list(search="games_in")] == ["Sports"]
    # % and _ are literal, not wildcards.
    assert store.list(search="100_") == []
    assert [s.title for s in store.list(search="0%")] == ["Sports"]
    assert store.count(search="example") == 1 and store.count(search="zzz") == 0
    assert store.count(search="") == 3


def test_data_survives_reopening(db_url: str, brief_factory: MakeBrief) -> None:
    brief = brief_factory()
    with Store(db_url) as first:
        first.save(brief)
    with Store(db_url) as second:
        assert second.get(brief.check_id) == brief
        assert second.count() == 1


def test_a_closed_store_refuses_work(db_url: str, brief_factory: MakeBrief) -> None:
    store = Store(db_url)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.save(brief_factory())


def test_claims_of_other_checks_do_not_clash(store: Store, brief_factory: MakeBrief) -> None:
    # Claim ids are per check ("c1" in every brief).
    one, two = brief_factory(), brief_factory()
    store.save(one)
    store.save(two)
    assert store.get(two.check_id).results[0].claim == Claim.model_validate(one.results[0].claim.model_dump())


def test_concurrent_openers_and_writers(db_url: str, brief_factory: MakeBrief) -> None:
    # Several stores opening a new database at once: the migrations run once, every save lands.
    errors: list[BaseException] = []
    briefs = [brief_factory(title=f"Story {n}") for n in range(6)]

    def work(brief: Brief) -> None:
        try:
            with Store(db_url) as store:
                store.save(brief)
        except BaseException as exc:  # collected: an exception in a thread would not fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(b,)) for b in briefs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(db_url) as store:
        assert store.count() == len(briefs)
        assert {s.id for s in store.list()} == {b.check_id for b in briefs}
