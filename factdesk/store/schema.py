"""The store's tables as the queries see them (SQLAlchemy Core).

This is the *current* shape of the database. The database itself is only ever built by the named
migrations in `migrations.py`; tests/store/test_schema.py checks that the two agree and pins the
table and column names, so changing a table here without a migration fails the tests.

The whole brief is kept as JSON text in `checks.brief` so that `Store.get` re-renders exactly what
was produced; the other tables hold the same facts in queryable form (claims, verdicts, and the
passages exactly as the verifier saw them).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

# JSONB on PostgreSQL so that the models/timings columns can be queried and indexed there.
Json = JSON().with_variant(JSONB(), "postgresql")

migrations = Table(
    "migrations",
    metadata,
    Column("name", String, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

checks = Table(
    "checks",
    metadata,
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
    Column("models", Json, nullable=False),
    Column("timings", Json, nullable=False),
    Column("counts", Json, nullable=False),
    Column("n_claims", Integer, nullable=False),
    Column("brief", Text, nullable=False),
)

claims = Table(
    "claims",
    metadata,
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
    metadata,
    Column("check_id", String, primary_key=True),
    Column("claim_id", String, primary_key=True),
    Column("label", String, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("probabilities", Json, nullable=False),
    Column("model", String, nullable=False),
    Column("abstained", Boolean, nullable=False),
    ForeignKeyConstraint(["check_id", "claim_id"], ["claims.check_id", "claims.claim_id"], ondelete="CASCADE"),
)

evidence = Table(
    "evidence",
    metadata,
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

# -- factdesk serve / watch (migration 0002_service) -------------------------------------------------

#: A check submitted to the service; `request` is the JSON of factdesk.service.jobs.JobRequest. Its id becomes
#: the check id once the brief is stored. A running job holds a lease that its worker renews.
jobs = Table(
    "jobs",
    metadata,
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
    metadata,
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

feed_items = Table(
    "feed_items",
    metadata,
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

#: API tokens: only a SHA-256 of each token is kept.
tokens = Table(
    "tokens",
    metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("hash", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

#: Every LLM request a check made (migration 0003_llm_calls); `request` is the JSON body sent (never the key),
#: `response` the answer's text. Written with the check, in the same transaction (docs/llm.md).
llm_calls = Table(
    "llm_calls",
    metadata,
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

#: The web pages a check read (migration 0004_web_pages): what `--web` saw, kept with the check (docs/web.md).
web_pages = Table(
    "web_pages",
    metadata,
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

#: Every data table, parents first (the order rows are written in).
DATA_TABLES: tuple[Table, ...] = (checks, claims, verdicts, evidence)

#: The predictions ledger (migration 0005_predictions, docs/predictions.md): each prediction once per normalised
#: text and source (`fingerprint`), the checks that saw it, and every change of its status with who and when.
predictions = Table(
    "predictions",
    metadata,
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

prediction_checks = Table(
    "prediction_checks",
    metadata,
    Column("prediction_id", Integer, primary_key=True),
    Column("check_id", String, primary_key=True),
    ForeignKeyConstraint(["prediction_id"], ["predictions.id"], ondelete="CASCADE"),
    ForeignKeyConstraint(["check_id"], ["checks.id"], ondelete="CASCADE"),
)

prediction_events = Table(
    "prediction_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("prediction_id", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String, nullable=False),
    Column("status", String, nullable=False),
    Column("note", Text),
    Column("evidence_url", Text),
    ForeignKeyConstraint(["prediction_id"], ["predictions.id"], ondelete="CASCADE"),
)
