"""The schema is pinned: changing a table without a migration (and this pin) fails here."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect, select

from factdesk.errors import StoreError
from factdesk.store import Store, schema
from factdesk.store import migrations as migrations_module

PINNED: dict[str, list[str]] = {
    "migrations": ["name", "applied_at"],
    "checks": [
        "id",
        "created_at",
        "schema_version",
        "source",
        "title",
        "url",
        "published",
        "article_text",
        "knowledge_base",
        "as_of",
        "models",
        "timings",
        "counts",
        "n_claims",
        "brief",
    ],
    "claims": [
        "check_id",
        "claim_id",
        "position",
        "text",
        "start",
        "end",
        "checkworthiness",
        "is_prediction",
        "checked",
    ],
    "verdicts": ["check_id", "claim_id", "label", "confidence", "probabilities", "model", "abstained"],
    "evidence": [
        "id",
        "check_id",
        "claim_id",
        "rank",
        "score",
        "cited",
        "passage_id",
        "doc_id",
        "text",
        "title",
        "url",
        "date",
    ],
    "jobs": [
        "id",
        "status",
        "created_at",
        "updated_at",
        "finished_at",
        "source",
        "title",
        "request",
        "progress",
        "error",
        "attempts",
        "worker",
        "lease_until",
    ],
    "feeds": [
        "id",
        "url",
        "title",
        "kb",
        "etag",
        "last_modified",
        "added_at",
        "polled_at",
        "next_poll_at",
        "failures",
        "error",
    ],
    "feed_items": [
        "id",
        "feed_id",
        "url",
        "title",
        "content_hash",
        "status",
        "job_id",
        "attempts",
        "next_try_at",
        "error",
        "seen_at",
    ],
    "tokens": ["id", "name", "hash", "created_at", "last_used_at", "revoked_at"],
    "llm_calls": [
        "id",
        "check_id",
        "position",
        "stage",
        "endpoint",
        "model",
        "request",
        "response",
        "prompt_tokens",
        "completion_tokens",
        "latency_ms",
        "cached",
        "error",
    ],
    "web_pages": [
        "id",
        "check_id",
        "url",
        "final_url",
        "title",
        "date",
        "source",
        "provider",
        "fetched_at",
        "error",
        "text",
    ],
    "predictions": [
        "id",
        "fingerprint",
        "text",
        "check_id",
        "claim_id",
        "outlet",
        "author",
        "url",
        "made_on",
        "horizon",
        "due_on",
        "likelihood",
        "likelihood_word",
        "status",
        "recorded_at",
        "resolved_at",
    ],
    "prediction_checks": ["prediction_id", "check_id"],
    "prediction_events": ["id", "prediction_id", "at", "who", "status", "note", "evidence_url"],
}
PINNED_INDEXES = {
    "checks": {"ix_checks_created_at", "ix_checks_source", "ix_checks_title"},
    "verdicts": {"ix_verdicts_label"},
    "evidence": {"ix_evidence_claim", "ix_evidence_doc_id"},
    "jobs": {"ix_jobs_status", "ix_jobs_created_at"},
    "feeds": {"ux_feeds_url"},
    "feed_items": {"ux_feed_items_url", "ix_feed_items_hash", "ix_feed_items_feed"},
    "tokens": {"ux_tokens_hash"},
    "llm_calls": {"ix_llm_calls_check"},
    "web_pages": {"ix_web_pages_check"},
    "predictions": {"ux_predictions_fingerprint", "ix_predictions_due", "ix_predictions_outlet",
                    "ix_predictions_author"},
    "prediction_events": {"ix_prediction_events_prediction"},
}
PINNED_MIGRATIONS = ["0001_initial", "0002_service", "0003_llm_calls", "0004_web_pages", "0005_predictions"]


def reflect(url: str) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    engine = create_engine(url)
    try:
        insp = inspect(engine)
        tables = {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}
        indexes = {t: {i["name"] for i in insp.get_indexes(t)} for t in tables}
    finally:
        engine.dispose()
    return tables, {t: names for t, names in indexes.items() if names}


def applied(url: str) -> list[tuple[str, dt.datetime]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(schema.migrations).order_by(schema.migrations.c.name))]
    finally:
        engine.dispose()


def test_migrated_database_matches_the_pinned_schema(db_url: str) -> None:
    Store(db_url).close()
    tables, indexes = reflect(db_url)
    assert tables == PINNED
    assert indexes == PINNED_INDEXES


def test_query_tables_match_the_pinned_schema() -> None:
    # schema.py (what the queries use) must describe what the migrations build.
    assert {t.name: [c.name for c in t.columns] for t in schema.metadata.sorted_tables} == PINNED
    assert [m.name for m in migrations_module.MIGRATIONS] == PINNED_MIGRATIONS


def test_migrations_are_recorded_once_and_reopening_is_idempotent(db_url: str) -> None:
    Store(db_url).close()
    first = applied(db_url)
    assert [name for name, _ in first] == PINNED_MIGRATIONS
    assert first[0][1] is not None
    Store(db_url).close()
    Store(db_url).close()
    assert applied(db_url) == first


def test_a_database_from_a_newer_factdesk_is_refused(db_url: str) -> None:
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(schema.migrations.insert().values(name="9999_future", applied_at=dt.datetime.now(dt.UTC)))
    engine.dispose()
    with pytest.raises(StoreError, match="newer factdesk .*9999_future"):
        Store(db_url)


def test_a_failing_migration_leaves_no_table_behind(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Migrations run in one transaction (DDL included, on SQLite too): a failure leaves nothing half-built.
    def broken(conn: object) -> None:
        raise StoreError("migration 0002_broken failed")

    monkeypatch.setattr(
        migrations_module,
        "MIGRATIONS",
        (*migrations_module.MIGRATIONS, migrations_module.Migration("0002_broken", broken)),
    )
    with pytest.raises(StoreError, match="0002_broken"):
        Store(db_url)
    tables, _ = reflect(db_url)
    assert tables == {}
