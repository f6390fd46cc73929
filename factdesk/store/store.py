"""The check store: every brief is recorded, in SQLite by default or in PostgreSQL.

>>> store = Store("sqlite://")            # in memory; Store() uses factdesk.settings.db_url()
>>> check_id = store.save(brief)          # one transaction: all rows or none
>>> store.get(check_id[:8]) == brief      # a unique prefix is enough
True
>>> [s.title for s in store.list(search="vaccine")]
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import Connection, Engine, create_engine, event, exists, func, insert, or_, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from factdesk import settings
from factdesk.errors import FactdeskError, InputError, NotFoundError, StoreError
from factdesk.models import Brief, Claim
from factdesk.store import migrations, schema, urls
from factdesk.store.schema import checks, claims, evidence, verdicts

if TYPE_CHECKING:
    from factdesk.llm.trace import CallRecord

#: get() lists at most this many candidates when a prefix is ambiguous.
_MAX_CANDIDATES = 5


class CheckSummary(BaseModel):
    """One line of `factdesk history`: enough to pick a check without loading its brief."""

    model_config = ConfigDict(frozen=True)

    id: str
    created_at: dt.datetime
    title: str | None
    source: str
    counts: dict[str, int]


class Store:
    """Records briefs and reads them back; see the module docstring for an example."""

    def __init__(self, url: str | None = None) -> None:
        self.url: URL = urls.parse(url if url is not None else settings.db_url())
        #: The URL as it may be shown: the password masked.
        self.shown_url: str = urls.mask(self.url)
        self._check_sqlite_folder()
        self._engine = self._create_engine()
        self._closed = False
        try:
            with self._errors("open"), self._transaction(write=True) as conn:
                migrations.apply(conn)
        except BaseException:
            self._engine.dispose()
            raise

    # -- public API ---------------------------------------------------------------------------

    def save(self, brief: Brief, llm_calls: Sequence[CallRecord] = (),
             web_pages: Sequence[Mapping[str, Any]] = ()) -> str:
        """Record `brief` (and the LLM calls that made it, and the web pages it read: dicts with the columns of
        `schema.web_pages` but check_id) and return its check id; nothing is written if any row fails."""
        check_id = brief.check_id
        with self._errors(f"save check {check_id} to"), self._transaction(write=True) as conn:
            if conn.execute(select(checks.c.id).where(checks.c.id == check_id)).first() is not None:
                raise StoreError(f"check {check_id} is already stored in {self.shown_url}")
            for table, rows in _rows(brief):
                if rows:
                    conn.execute(insert(table), rows)
            if llm_calls:
                conn.execute(insert(schema.llm_calls), _llm_call_rows(check_id, llm_calls))
            if web_pages:
                conn.execute(insert(schema.web_pages), [{**page, "check_id": check_id} for page in web_pages])
            from factdesk.predictions.ledger import record  # the ledger keeps its own tables (docs/predictions.md)

            record(conn, brief)
        return check_id

    def web_pages(self, check_id: str) -> list[dict[str, Any]]:
        """The web pages recorded with a check (full id), in the order they were stored."""
        table = schema.web_pages
        with self._errors("read"), self._transaction(write=False) as conn:
            rows = conn.execute(select(table).where(table.c.check_id == check_id).order_by(table.c.id)).all()
        return [row._asdict() for row in rows]

    def llm_calls(self, check_id: str) -> list[dict[str, Any]]:
        """The LLM calls recorded with a check (full id), in the order they were made."""
        table = schema.llm_calls
        with self._errors("read"), self._transaction(write=False) as conn:
            rows = conn.execute(select(table).where(table.c.check_id == check_id).order_by(table.c.position)).all()
        return [{**row._asdict(), "request": json.loads(row.request)} for row in rows]

    def get(self, check_id: str) -> Brief:
        """The brief of `check_id`, or of the only check whose id starts with it."""
        key = check_id.strip()
        if not key:
            raise InputError("no check id given")
        with self._errors("read"), self._transaction(write=False) as conn:
            stored = conn.execute(select(checks.c.brief).where(checks.c.id == key)).scalar()
            if stored is None:
                # substr rather than LIKE: LIKE is case-insensitive on SQLite but not on PostgreSQL.
                matches = (
                    conn.execute(
                        select(checks.c.id)
                        .where(func.substr(checks.c.id, 1, len(key)) == key)
                        .order_by(checks.c.id)
                        .limit(_MAX_CANDIDATES + 1)
                    )
                    .scalars()
                    .all()
                )
                if not matches:
                    raise NotFoundError(f"no check with id {key!r} (see `factdesk history`)")
                if len(matches) > 1:
                    shown = ", ".join(matches[:_MAX_CANDIDATES]) + (", ..." if len(matches) > _MAX_CANDIDATES else "")
                    raise FactdeskError(f"check id prefix {key!r} is ambiguous: {shown}; give more characters")
                key = matches[0]
                stored = conn.execute(select(checks.c.brief).where(checks.c.id == key)).scalar_one()
        try:
            return Brief.model_validate_json(stored)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise StoreError(
                f"check {key} is stored in a form this factdesk cannot read "
                f"({exc.error_count()} error(s), first at {'.'.join(map(str, first['loc']))}: {first['msg']})"
            ) from None

    def list(self, limit: int = 20, offset: int = 0, search: str | None = None) -> list[CheckSummary]:
        """Checks newest first; `search` matches title, source, URL or claim text, ignoring case."""
        if limit < 0 or offset < 0:
            raise InputError(f"limit and offset must be >= 0 (got limit={limit}, offset={offset})")
        query = (
            select(checks.c.id, checks.c.created_at, checks.c.title, checks.c.source, checks.c.counts)
            .order_by(checks.c.created_at.desc(), checks.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        if search:
            query = query.where(_matches(search))
        with self._errors("read"), self._transaction(write=False) as conn:
            rows = conn.execute(query).all()
        return [
            CheckSummary(id=r.id, created_at=_utc(r.created_at), title=r.title, source=r.source, counts=r.counts)
            for r in rows
        ]

    def count(self, search: str | None = None) -> int:
        """How many checks are stored (matching `search`, as in `list`)."""
        query = select(func.count()).select_from(checks)
        if search:
            query = query.where(_matches(search))
        with self._errors("read"), self._transaction(write=False) as conn:
            return int(conn.execute(query).scalar_one())

    def close(self) -> None:
        """Release the connections; the store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.shown_url!r})"

    # -- plumbing -----------------------------------------------------------------------------

    def _check_sqlite_folder(self) -> None:
        # SQLite's own message for these is "unable to open database file", which says nothing.
        path = urls.sqlite_path(self.url)
        if path is None:
            return
        folder = path.expanduser().absolute().parent
        if not folder.exists():
            raise StoreError(f"cannot open the check store at {self.shown_url}: folder {folder} does not exist")
        if not folder.is_dir():
            raise StoreError(f"cannot open the check store at {self.shown_url}: {folder} is not a folder")
        if path.is_dir():
            raise StoreError(f"cannot open the check store at {self.shown_url}: {path} is a folder, not a file")

    def _create_engine(self) -> Engine:
        backend = self.url.get_backend_name()
        connect_args: dict[str, Any] = {}
        if backend == "postgresql" and "connect_timeout" not in self.url.query:
            connect_args["connect_timeout"] = 10  # an unreachable host should fail, not hang
        try:
            engine = create_engine(self.url, connect_args=connect_args)
        except NoSuchModuleError:
            raise StoreError(f"unknown database type {self.url.drivername!r} in {self.shown_url}") from None
        except ImportError as exc:
            raise StoreError(
                f"the database driver for {self.url.drivername} is not installed ({exc.name}); "
                "for PostgreSQL: pip install 'psycopg[binary]'"
            ) from None
        except ArgumentError as exc:
            raise StoreError(f"bad database URL {self.shown_url}: {_first_line(str(exc), self.url)}") from None
        if backend == "sqlite":
            _make_sqlite_transactional(engine)
        return engine

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        if self._closed:
            raise StoreError("the check store is closed")
        with self._engine.connect() as conn:
            if write:
                conn.execution_options(factdesk_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn database errors into one-line StoreErrors that name the (masked) database."""
        try:
            yield
        except DBAPIError as exc:
            reason = _first_line(str(exc.orig), self.url)
            raise StoreError(f"cannot {action} the check store at {self.shown_url}: {reason}") from None
        except SQLAlchemyError as exc:
            reason = _first_line(str(exc), self.url)
            raise StoreError(f"cannot {action} the check store at {self.shown_url}: {reason}") from None


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy own SQLite transactions, so that DDL (migrations) is transactional too.

    pysqlite otherwise commits around DDL on its own. Writers take the write lock up front
    (BEGIN IMMEDIATE), so two processes opening a new database cannot both run the migrations.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("factdesk_write") else "BEGIN")


def _first_line(message: str, url: URL) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return urls.scrub(lines[0] if lines else "unknown error", url)


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything is written in UTC.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _matches(search: str) -> ColumnElement[bool]:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(
        checks.c.title.ilike(pattern, escape="\\"),
        checks.c.source.ilike(pattern, escape="\\"),
        checks.c.url.ilike(pattern, escape="\\"),
        exists().where(claims.c.check_id == checks.c.id, claims.c.text.ilike(pattern, escape="\\")),
    )


def _rows(brief: Brief) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows of every table for `brief`, parents first."""
    cid = brief.check_id
    counts = brief.counts()
    check = {
        "id": cid,
        "created_at": _utc(brief.created_at),
        "schema_version": brief.schema_version,
        "source": brief.article.source,
        "title": brief.article.title,
        "url": brief.article.url,
        "published": brief.article.published,
        "article_text": brief.article.text,
        "knowledge_base": brief.knowledge_base,
        "as_of": brief.as_of,
        "models": brief.models,
        "timings": brief.timings_ms,
        "counts": counts,
        "n_claims": len(brief.results),
        "brief": brief.model_dump_json(),
    }
    claim_rows: list[dict[str, Any]] = []
    verdict_rows: list[dict[str, Any]] = []
    evidence_rows: list[dict[str, Any]] = []
    for result in brief.results:
        claim_rows.append(_claim_row(cid, result.claim, len(claim_rows), checked=True))
        v = result.verdict
        verdict_rows.append(
            {
                "check_id": cid,
                "claim_id": v.claim_id,
                "label": v.label.value,
                "confidence": v.confidence,
                "probabilities": {label.value: p for label, p in v.probabilities.items()},
                "model": v.model,
                "abstained": v.abstained,
            }
        )
        cited = set(v.cited)
        for ev in v.evidence:
            p = ev.passage
            evidence_rows.append(
                {
                    "check_id": cid,
                    "claim_id": v.claim_id,
                    "rank": ev.rank,
                    "score": ev.score,
                    "cited": p.id in cited,
                    "passage_id": p.id,
                    "doc_id": p.doc_id,
                    "text": p.text,
                    "title": p.title,
                    "url": p.url,
                    "date": p.date,
                }
            )
    # A prediction may also have been checked; it is then one claim row, not two.
    checked_ids = {r["claim_id"] for r in claim_rows}
    for claim in brief.predictions:
        if claim.id not in checked_ids:
            claim_rows.append(_claim_row(cid, claim, len(claim_rows), checked=False))
    return [(checks, [check]), (claims, claim_rows), (verdicts, verdict_rows), (evidence, evidence_rows)]


def _claim_row(check_id: str, claim: Claim, position: int, checked: bool) -> dict[str, Any]:
    return {
        "check_id": check_id,
        "claim_id": claim.id,
        "position": position,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "checkworthiness": claim.checkworthiness,
        "is_prediction": claim.is_prediction,
        "checked": checked,
    }


def _llm_call_rows(check_id: str, calls: Sequence[CallRecord]) -> list[dict[str, Any]]:
    return [
        {
            "check_id": check_id,
            "position": position,
            "stage": call.stage,
            "endpoint": call.endpoint,
            "model": call.model,
            "request": json.dumps(call.request, ensure_ascii=False),
            "response": call.response,
            "prompt_tokens": call.prompt_tokens,
            "completion_tokens": call.completion_tokens,
            "latency_ms": call.latency_ms,
            "cached": call.cached,
            "error": call.error,
        }
        for position, call in enumerate(calls)
    ]
