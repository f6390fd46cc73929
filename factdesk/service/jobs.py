"""The job queue, kept in the database so that a check accepted before a crash is finished after it.

A job moves queued -> running -> done | failed. A worker claims the oldest queued job with a
compare-and-set UPDATE (safe on SQLite, whose writers are serialised, and on PostgreSQL, where the
UPDATE re-checks its condition) and holds a lease that it renews while the check runs. A job whose
lease ran out belongs to a worker that died: the next worker to look claims it again, up to
`MAX_ATTEMPTS` times, after which it fails with a reason. The job id becomes the check id, so a job
whose brief was stored just before a crash is recognised as done rather than run twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Row, and_, func, insert, or_, select, update

from factdesk.errors import NotFoundError
from factdesk.models import Article
from factdesk.service.db import ServiceStore, now, utc
from factdesk.store.schema import checks, jobs

Status = Literal["queued", "running", "done", "failed"]
MAX_ATTEMPTS = 3
_SHORT = 500  # progress and error messages are one line, cut here


class JobRequest(BaseModel):
    """What to check and how: an extracted article, or a URL the worker fetches; options as on the CLI."""

    model_config = ConfigDict(extra="forbid")

    article: Article | None = None
    url: str | None = None
    kb: str | None = None
    as_of: dt.date | None = None
    top_k: int | None = Field(None, ge=1, le=50)


class Job(BaseModel):
    """A job as the API shows it."""

    id: str
    status: Status
    created_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None = None
    source: str
    title: str | None = None
    kb: str | None = None
    progress: str | None = None
    error: str | None = None
    attempts: int = 0


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SHORT else line[: _SHORT - 1] + "…"


def enqueue(store: ServiceStore, request: JobRequest) -> Job:
    """Record a queued job and return it (its id is also the future check id)."""
    moment = now()
    source = request.url or (request.article.source if request.article else "<text>")
    title = request.article.title if request.article else None
    row = {
        "id": uuid.uuid4().hex,
        "status": "queued",
        "created_at": moment,
        "updated_at": moment,
        "source": source,
        "title": title,
        "request": request.model_dump_json(exclude_none=True),
        "attempts": 0,
    }
    with store.tx(write=True, action="queue a check in") as conn:
        conn.execute(insert(jobs).values(**row))
    return Job(id=row["id"], status="queued", created_at=moment, updated_at=moment, source=source, title=title,
               kb=request.kb)


def get(store: ServiceStore, job_id: str) -> Job:
    with store.tx() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
    if row is None:
        raise NotFoundError(f"no job with id {job_id!r}")
    return _job(row)


def find(store: ServiceStore, job_id: str) -> Job | None:
    try:
        return get(store, job_id)
    except NotFoundError:
        return None


def request_of(store: ServiceStore, job_id: str) -> JobRequest:
    with store.tx() as conn:
        raw = conn.execute(select(jobs.c.request).where(jobs.c.id == job_id)).scalar_one()
    return JobRequest.model_validate_json(raw)


def recent(store: ServiceStore, statuses: tuple[str, ...] = ("queued", "running", "failed"), limit: int = 20,
           offset: int = 0) -> list[Job]:
    """Jobs with one of `statuses`, newest first."""
    with store.tx() as conn:
        rows = conn.execute(
            select(jobs).where(jobs.c.status.in_(statuses))
            .order_by(jobs.c.created_at.desc(), jobs.c.id.desc()).limit(limit).offset(offset)
        ).all()
    return [_job(r) for r in rows]


def counts(store: ServiceStore) -> dict[str, int]:
    with store.tx() as conn:
        rows = conn.execute(select(jobs.c.status, func.count()).group_by(jobs.c.status)).all()
    return {"queued": 0, "running": 0, "done": 0, "failed": 0} | {status: int(n) for status, n in rows}


def claim(store: ServiceStore, worker: str, lease_s: float) -> Job | None:
    """Take the oldest claimable job for `worker`, or None when there is none."""
    while True:
        moment = now()
        claimable = or_(jobs.c.status == "queued", and_(jobs.c.status == "running", jobs.c.lease_until < moment))
        with store.tx(write=True, action="claim a job in") as conn:
            row = conn.execute(
                select(jobs.c.id, jobs.c.status, jobs.c.attempts).where(claimable)
                .order_by(jobs.c.created_at, jobs.c.id).limit(1)
            ).first()
            if row is None:
                return None
            stored = conn.execute(select(checks.c.id).where(checks.c.id == row.id)).first() is not None
            if stored or row.attempts >= MAX_ATTEMPTS:
                # the brief was saved just before a crash, or the job keeps killing its worker
                values = {"status": "done"} if stored else {
                    "status": "failed",
                    "error": f"interrupted {row.attempts} times (the server stopped while checking); not retried",
                }
                conn.execute(update(jobs).where(jobs.c.id == row.id, claimable)
                             .values(**values, updated_at=moment, finished_at=moment, worker=None, lease_until=None))
                continue
            note = "resumed after an interruption" if row.status == "running" or row.attempts else "starting"
            claimed = conn.execute(
                update(jobs).where(jobs.c.id == row.id, claimable).values(
                    status="running", attempts=row.attempts + 1, worker=worker, progress=note, updated_at=moment,
                    lease_until=moment + dt.timedelta(seconds=lease_s))
            ).rowcount
            if claimed == 1:
                job = conn.execute(select(jobs).where(jobs.c.id == row.id)).one()
                return _job(job)


def renew(store: ServiceStore, worker: str, lease_s: float) -> None:
    """Extend the leases of every job `worker` is running."""
    moment = now()
    with store.tx(write=True, action="renew job leases in") as conn:
        conn.execute(update(jobs).where(jobs.c.worker == worker, jobs.c.status == "running")
                     .values(lease_until=moment + dt.timedelta(seconds=lease_s)))


def set_progress(store: ServiceStore, job_id: str, message: str) -> None:
    with store.tx(write=True, action="record progress in") as conn:
        conn.execute(update(jobs).where(jobs.c.id == job_id, jobs.c.status == "running")
                     .values(progress=_one_line(message), updated_at=now()))


def finish(store: ServiceStore, job_id: str, title: str | None) -> None:
    moment = now()
    with store.tx(write=True, action="finish a job in") as conn:
        conn.execute(update(jobs).where(jobs.c.id == job_id).values(
            status="done", progress="done", title=title, updated_at=moment, finished_at=moment, worker=None,
            lease_until=None, error=None))


def fail(store: ServiceStore, job_id: str, reason: str) -> None:
    moment = now()
    with store.tx(write=True, action="record a failed job in") as conn:
        conn.execute(update(jobs).where(jobs.c.id == job_id).values(
            status="failed", error=_one_line(reason), updated_at=moment, finished_at=moment, worker=None,
            lease_until=None))


def release(store: ServiceStore, worker: str) -> int:
    """Put `worker`'s running jobs back in the queue (a clean shutdown); returns how many."""
    with store.tx(write=True, action="release jobs in") as conn:
        return conn.execute(
            update(jobs).where(jobs.c.worker == worker, jobs.c.status == "running").values(
                status="queued", attempts=jobs.c.attempts - 1, worker=None, lease_until=None,
                progress="queued again (the server stopped)", updated_at=now())
        ).rowcount


def _job(row: Row[Any]) -> Job:
    request = JobRequest.model_validate_json(row.request)
    return Job(
        id=row.id,
        status=row.status,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
        finished_at=utc(row.finished_at),
        source=row.source,
        title=row.title,
        kb=request.kb,
        progress=row.progress,
        error=row.error,
        attempts=row.attempts,
    )
