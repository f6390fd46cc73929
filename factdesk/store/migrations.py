"""Named migrations, applied in order on open and recorded in the `migrations` table.

Each migration is frozen once released: it builds its tables from its own definitions (never from
`schema.py`), so that a database created today and one upgraded from an old release end up the same.
To change the schema, append a migration here and update `schema.py` and the pinned schema test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from factdesk.errors import StoreError
from factdesk.store import schema


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _m0001_initial(conn: Connection) -> None:
    md = MetaData()
    json = JSON().with_variant(JSONB(), "postgresql")
    checks = Table(
        "checks",
        md,
        Column("id", String, primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("schema_version", String, nullable=False),
        Column("source", Text, nullable=False),
        Column("title", Text),
        Column("url", Text),
        Column("published", Date),
        Column("article_text", Text, nullable=False),
        Column("knowledge_base", String),
        Column("as_of", Date),
        Column("models", json, nullable=False),
        Column("timings", json, nullable=False),
        Column("counts", json, nullable=False),
        Column("n_claims", Integer, nullable=False),
        Column("brief", Text, nullable=False),
    )
    Table(
        "claims",
        md,
        Column("check_id", String, primary_key=True),
        Column("claim_id", String, primary_key=True),
        Column("position", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("checkworthiness", Float, nullable=False),
        Column("is_prediction", Boolean, nullable=False),
        Column("checked", Boolean, nullable=False),
        ForeignKeyConstraint(["check_id"], ["checks.id"], ondelete="CASCADE"),
    )
    verdicts = Table(
        "verdicts",
        md,
        Column("check_id", String, primary_key=True),
        Column("claim_id", String, primary_key=True),
        Column("label", String, nullable=False),
        Column("confidence", Float, nullable=False),
        Column("probabilities", json, nullable=False),
        Column("model", String, nullable=False),
        Column("abstained", Boolean, nullable=False),
        ForeignKeyConstraint(["check_id", "claim_id"], ["claims.check_id", "claims.claim_id"], ondelete="CASCADE"),
    )
    evidence = Table(
        "evidence",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("check_id", String, nullable=False),
        Column("claim_id", String, nullable=False),
        Column("rank", Integer, nullable=False),
        Column("score", Float, nullable=False),
        Column("cited", Boolean, nullable=False),
        Column("passage_id", String, nullable=False),
        Column("doc_id", String, nullable=False),
        Column("text", Text, nullable=False),
        Column("title", Text),
        Column("url", Text),
        Column("date", Date),
        ForeignKeyConstraint(["check_id", "claim_id"], ["verdicts.check_id", "verdicts.claim_id"], ondelete="CASCADE"),
    )
    # Listing is newest first with the id as tie-break; search filters on source and title, and
    # "which checks used this document / got this label" are the common analysis queries.
    Index("ix_checks_created_at", checks.c.created_at, checks.c.id)
    Index("ix_checks_source", checks.c.source)
    Index("ix_checks_title", checks.c.title)
    Index("ix_verdicts_label", verdicts.c.label)
    Index("ix_evidence_claim", evidence.c.check_id, evidence.c.claim_id)
    Index("ix_evidence_doc_id", evidence.c.doc_id)
    md.create_all(conn, checkfirst=False)


def _m0002_service(conn: Connection) -> None:
    """`factdesk serve` and `factdesk watch`: the job queue, watched feeds and their items, API tokens."""
    md = MetaData()
    jobs = Table(
        "jobs",
        md,
        Column("id", String, primary_key=True),
        Column("status", String, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Column("finished_at", DateTime(timezone=True)),
        Column("source", Text, nullable=False),
        Column("title", Text),
        Column("request", Text, nullable=False),
        Column("progress", Text),
        Column("error", Text),
        Column("attempts", Integer, nullable=False),
        Column("worker", String),
        Column("lease_until", DateTime(timezone=True)),
    )
    feeds = Table(
        "feeds",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("url", Text, nullable=False),
        Column("title", Text),
        Column("kb", String),
        Column("etag", Text),
        Column("last_modified", Text),
        Column("added_at", DateTime(timezone=True), nullable=False),
        Column("polled_at", DateTime(timezone=True)),
        Column("next_poll_at", DateTime(timezone=True), nullable=False),
        Column("failures", Integer, nullable=False),
        Column("error", Text),
    )
    items = Table(
        "feed_items",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("feed_id", Integer, nullable=False),
        Column("url", Text, nullable=False),
        Column("title", Text),
        Column("content_hash", String),
        Column("status", String, nullable=False),
        Column("job_id", String),
        Column("attempts", Integer, nullable=False),
        Column("next_try_at", DateTime(timezone=True)),
        Column("error", Text),
        Column("seen_at", DateTime(timezone=True), nullable=False),
        ForeignKeyConstraint(["feed_id"], ["feeds.id"], ondelete="CASCADE"),
    )
    tokens = Table(
        "tokens",
        md,
        Column("id", String, primary_key=True),
        Column("name", Text, nullable=False),
        Column("hash", String, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("last_used_at", DateTime(timezone=True)),
        Column("revoked_at", DateTime(timezone=True)),
    )
    # Workers claim the oldest queued job; a URL is checked once whichever feed lists it, and an
    # article reposted under a new URL is found by its content hash.
    Index("ix_jobs_status", jobs.c.status, jobs.c.created_at)
    Index("ix_jobs_created_at", jobs.c.created_at)
    Index("ux_feeds_url", feeds.c.url, unique=True)
    Index("ux_feed_items_url", items.c.url, unique=True)
    Index("ix_feed_items_hash", items.c.content_hash)
    Index("ix_feed_items_feed", items.c.feed_id, items.c.seen_at)
    Index("ux_tokens_hash", tokens.c.hash, unique=True)
    md.create_all(conn, checkfirst=False)


def _m0003_llm_calls(conn: Connection) -> None:
    """Every LLM request a check made and its answer (docs/llm.md): prompt, model, tokens, latency."""
    md = MetaData()
    Table("checks", md, Column("id", String, primary_key=True))  # the parent, for the foreign key only
    calls = Table(
        "llm_calls",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("check_id", String, nullable=False),
        Column("position", Integer, nullable=False),
        Column("stage", String, nullable=False),
        Column("endpoint", String, nullable=False),
        Column("model", String, nullable=False),
        Column("request", Text, nullable=False),
        Column("response", Text),
        Column("prompt_tokens", Integer),
        Column("completion_tokens", Integer),
        Column("latency_ms", Float, nullable=False),
        Column("cached", Boolean, nullable=False),
        Column("error", Text),
        ForeignKeyConstraint(["check_id"], ["checks.id"], ondelete="CASCADE"),
    )
    Index("ix_llm_calls_check", calls.c.check_id, calls.c.position)
    calls.create(conn, checkfirst=False)


def _m0004_web_pages(conn: Connection) -> None:
    """The web pages a check read (docs/web.md): extracted text, final URL, date, as seen at fetch time."""
    md = MetaData()
    Table("checks", md, Column("id", String, primary_key=True))  # the parent, for the foreign key only
    pages = Table(
        "web_pages",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("check_id", String, nullable=False),
        Column("url", Text, nullable=False),
        Column("final_url", Text, nullable=False),
        Column("title", Text),
        Column("date", Date),
        Column("source", String, nullable=False),
        Column("provider", String, nullable=False),
        Column("fetched_at", DateTime(timezone=True), nullable=False),
        Column("error", Text),
        Column("text", Text, nullable=False),
        ForeignKeyConstraint(["check_id"], ["checks.id"], ondelete="CASCADE"),
    )
    Index("ix_web_pages_check", pages.c.check_id)
    pages.create(conn, checkfirst=False)


def _m0005_predictions(conn: Connection) -> None:
    """The predictions ledger (docs/predictions.md): predictions, the checks that saw them, their status changes."""
    md = MetaData()
    Table("checks", md, Column("id", String, primary_key=True))  # the parent, for the foreign key only
    predictions = Table(
        "predictions",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("fingerprint", String, nullable=False),
        Column("text", Text, nullable=False),
        Column("check_id", String, nullable=False),
        Column("claim_id", String, nullable=False),
        Column("outlet", String),
        Column("author", String),
        Column("url", Text),
        Column("made_on", Date, nullable=False),
        Column("horizon", Text),
        Column("due_on", Date),
        Column("likelihood", Float),
        Column("likelihood_word", String),
        Column("status", String, nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("resolved_at", DateTime(timezone=True)),
    )
    seen = Table(
        "prediction_checks",
        md,
        Column("prediction_id", Integer, primary_key=True),
        Column("check_id", String, primary_key=True),
        ForeignKeyConstraint(["prediction_id"], ["predictions.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["check_id"], ["checks.id"], ondelete="CASCADE"),
    )
    events = Table(
        "prediction_events",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("prediction_id", Integer, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("who", String, nullable=False),
        Column("status", String, nullable=False),
        Column("note", Text),
        Column("evidence_url", Text),
        ForeignKeyConstraint(["prediction_id"], ["predictions.id"], ondelete="CASCADE"),
    )
    # A syndicated copy is found by its fingerprint; `list --due` reads open predictions by due date; scores group
    # by outlet or author.
    Index("ux_predictions_fingerprint", predictions.c.fingerprint, unique=True)
    Index("ix_predictions_due", predictions.c.status, predictions.c.due_on)
    Index("ix_predictions_outlet", predictions.c.outlet)
    Index("ix_predictions_author", predictions.c.author)
    Index("ix_prediction_events_prediction", events.c.prediction_id, events.c.id)
    for table in (predictions, seen, events):
        table.create(conn, checkfirst=False)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _m0001_initial),
    Migration("0002_service", _m0002_service),
    Migration("0003_llm_calls", _m0003_llm_calls),
    Migration("0004_web_pages", _m0004_web_pages),
    Migration("0005_predictions", _m0005_predictions),
)

# Any constant shared by every factdesk process: serialises concurrent openers on PostgreSQL.
_PG_LOCK_KEY = 0x66616374


def apply(conn: Connection) -> list[str]:
    """Apply the pending migrations inside the caller's transaction; returns the names applied.

    Idempotent: a migration already recorded is skipped. A database that records a migration this
    version does not know was written by a newer factdesk and is refused rather than misread.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(text(f"pg_advisory_xact_lock({_PG_LOCK_KEY})")))
    if not inspect(conn).has_table("migrations"):
        schema.migrations.create(conn)
    applied = set(conn.execute(select(schema.migrations.c.name)).scalars())
    known = {m.name for m in MIGRATIONS}
    if unknown := sorted(applied - known):
        raise StoreError(
            f"the database was written by a newer factdesk (unknown migrations: {', '.join(unknown)}); upgrade factdesk"
        )
    done: list[str] = []
    for migration in MIGRATIONS:
        if migration.name in applied:
            continue
        migration.apply(conn)
        conn.execute(schema.migrations.insert().values(name=migration.name, applied_at=dt.datetime.now(dt.UTC)))
        done.append(migration.name)
    return done
