"""The predictions ledger in the check store: recorded with every check, resolved by people, read for scoring.

Recording happens inside `Store.save`'s transaction (`record`), so a check and its predictions are stored together
or not at all. A prediction is stored once per normalised text and source (author where the byline names one, else
the outlet): a syndicated copy, or a re-check of the same article, adds a sighting, not a row.

    >>> with Ledger(db_url) as ledger:
    ...     entry = ledger.resolve(3, "true", who="ana", note="opened on 2027-05-02")
    ...     [e.status for e in ledger.events(3)]
    ['open', 'true']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from factdesk.errors import InputError, NotFoundError
from factdesk.models import Brief, Forecast, TrackRecord
from factdesk.store import Store
from factdesk.store.schema import prediction_checks, prediction_events, predictions

#: What a person may set a prediction to; "open" undoes a resolution (the change is kept like any other).
OUTCOMES = ("true", "false", "void", "open")
RECORDER = "factdesk"  # the `who` of the event that records a prediction

_NON_WORD = re.compile(r"[^\w%$€£.]+|(?<!\d)\.|\.(?!\d)")


def normalise(text: str) -> str:
    """Lower case, quotes and punctuation dropped, whitespace collapsed ("3.9%" is kept)."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def fingerprint(text: str, source: str | None) -> str:
    return hashlib.sha256(f"{normalise(text)}\x1f{(source or '').lower()}".encode()).hexdigest()[:32]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _insert_ignoring_duplicates(conn: Connection, table: Any, row: dict[str, Any]) -> bool:
    """Insert `row` unless its key is there already; True when it was inserted. Two workers recording the same
    syndicated prediction at once must not fail either check."""
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    # RETURNING, not rowcount: with RETURNING psycopg reports a rowcount of -1 whether or not a row went in
    statement = dialect_insert(table).values(**row).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return conn.execute(statement).first() is not None


def record(conn: Connection, brief: Brief) -> list[int]:
    """Record the predictions of `brief` (called by `Store.save` in its transaction); their ledger ids."""
    texts = {p.id: p.text for p in brief.predictions}
    ids = []
    for forecast in brief.forecasts:
        if forecast.claim_id not in texts:
            continue
        text = " ".join(texts[forecast.claim_id].split())
        key = fingerprint(text, forecast.author or forecast.outlet)
        inserted = _insert_ignoring_duplicates(conn, predictions, _row(brief, forecast, text, key))
        existing = conn.execute(select(predictions.c.id).where(predictions.c.fingerprint == key)).scalar_one()
        if inserted:
            conn.execute(insert(prediction_events).values(prediction_id=existing, at=_now(), who=RECORDER,
                                                          status="open", note=f"recorded by check {brief.check_id}"))
        _insert_ignoring_duplicates(conn, prediction_checks, {"prediction_id": existing, "check_id": brief.check_id})
        ids.append(existing)
    return ids


def _row(brief: Brief, forecast: Forecast, text: str, key: str) -> dict[str, Any]:
    return {
        "fingerprint": key, "text": text, "check_id": brief.check_id, "claim_id": forecast.claim_id,
        "outlet": forecast.outlet, "author": forecast.author, "url": brief.article.url, "made_on": forecast.made_on,
        "horizon": forecast.horizon, "due_on": forecast.due, "likelihood": forecast.likelihood,
        "likelihood_word": forecast.likelihood_word, "status": "open", "recorded_at": _now(),
    }


class LedgerEntry(BaseModel):
    """One prediction of the ledger as `factdesk predictions list` shows it."""

    id: int
    text: str
    check_id: str
    outlet: str | None
    author: str | None
    url: str | None
    made_on: dt.date
    horizon: str | None
    due_on: dt.date | None
    likelihood: float | None
    likelihood_word: str | None
    status: str
    recorded_at: dt.datetime
    resolved_at: dt.datetime | None
    sightings: int = 1

    def is_due(self, today: dt.date) -> bool:
        return self.status == "open" and self.due_on is not None and self.due_on <= today

    @property
    def outcome(self) -> int | None:
        """1 or 0 once resolved true or false; None while open or when void."""
        return {"true": 1, "false": 0}.get(self.status)


class Event(BaseModel):
    """One change of a prediction's status: who, when, and the note and evidence they gave."""

    at: dt.datetime
    who: str
    status: str
    note: str | None
    evidence_url: str | None


def _entry(row: Any) -> LedgerEntry:
    values = row._asdict()
    values["recorded_at"] = _utc(values["recorded_at"])
    values["resolved_at"] = _utc(values["resolved_at"])
    return LedgerEntry.model_validate(values)


class Ledger(Store):
    """The check store seen as a predictions ledger (same database, same migrations, same errors)."""

    def entries(self, *, due_by: dt.date | None = None, source: str | None = None, status: str | None = None,
                ids: list[int] | None = None) -> list[LedgerEntry]:
        """Predictions by due date (open-ended last); `due_by`: open ones due on or before that day;
        `source`: outlet or author containing it, ignoring case."""
        sightings = (select(func.count()).where(prediction_checks.c.prediction_id == predictions.c.id)
                     .scalar_subquery().label("sightings"))
        query = select(*[c for c in predictions.c if c.name not in ("fingerprint", "claim_id")], sightings)
        if due_by is not None:
            query = query.where(predictions.c.status == "open", predictions.c.due_on <= due_by)
        if status:
            query = query.where(predictions.c.status == status)
        if source:
            escaped = source.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            query = query.where(or_(func.lower(predictions.c.outlet).like(pattern, escape="\\"),
                                    func.lower(predictions.c.author).like(pattern, escape="\\")))
        if ids is not None:
            query = query.where(predictions.c.id.in_(ids))
        query = query.order_by(predictions.c.due_on.is_(None), predictions.c.due_on, predictions.c.id)
        with self._errors("read"), self._transaction(write=False) as conn:
            return [_entry(row) for row in conn.execute(query)]

    def entry(self, prediction_id: int) -> LedgerEntry:
        found = self.entries(ids=[prediction_id])
        if not found:
            raise NotFoundError(f"no prediction with id {prediction_id} (see `factdesk predictions list`)")
        return found[0]

    def events(self, prediction_id: int) -> list[Event]:
        """Every change of the prediction's status, oldest first."""
        table = prediction_events
        query = select(table.c.at, table.c.who, table.c.status, table.c.note, table.c.evidence_url).where(
            table.c.prediction_id == prediction_id).order_by(table.c.id)
        with self._errors("read"), self._transaction(write=False) as conn:
            return [Event.model_validate({**row._asdict(), "at": _utc(row.at)}) for row in conn.execute(query)]

    def resolve(self, prediction_id: int, outcome: str, who: str, note: str | None = None,
                evidence_url: str | None = None) -> LedgerEntry:
        """Set a prediction true, false or void (or open again); the change is kept with `who` and the time."""
        if outcome not in OUTCOMES:
            raise InputError(f"a prediction is resolved {', '.join(OUTCOMES[:-1])} or open, not {outcome!r}")
        if evidence_url and not evidence_url.startswith(("http://", "https://")):
            raise InputError(f"--evidence must be an http(s) URL, not {evidence_url!r}")
        if not who.strip():
            raise InputError("say who resolves the prediction (--who)")
        at = _now()
        with self._errors("write"), self._transaction(write=True) as conn:
            changed = conn.execute(update(predictions).where(predictions.c.id == prediction_id).values(
                status=outcome, resolved_at=None if outcome == "open" else at)).rowcount
            if not changed:
                raise NotFoundError(f"no prediction with id {prediction_id} (see `factdesk predictions list`)")
            conn.execute(insert(prediction_events).values(prediction_id=prediction_id, at=at, who=who.strip(),
                                                          status=outcome, note=note, evidence_url=evidence_url))
        return self.entry(prediction_id)

    def track_record(self, outlet: str | None, author: str | None) -> TrackRecord | None:
        """The author's record where the byline names one with resolved predictions, else the outlet's."""
        from factdesk.predictions.scoring import brier

        for scope, name, column in (("author", author, predictions.c.author), ("outlet", outlet, predictions.c.outlet)):
            if not name:
                continue
            query = select(predictions.c.status, predictions.c.likelihood).where(
                column == name, predictions.c.status.in_(("true", "false")))
            with self._errors("read"), self._transaction(write=False) as conn:
                rows = conn.execute(query).all()
            if rows:
                scored = [(r.likelihood, 1 if r.status == "true" else 0) for r in rows if r.likelihood is not None]
                return TrackRecord(scope=scope, name=name, resolved=len(rows), brier=brier(scored))
        return None

    def annotate(self, brief: Brief) -> Brief:
        """`brief` with each forecast's track record as the ledger has it now (before this check is recorded)."""
        if not brief.forecasts:
            return brief
        forecasts = [f.model_copy(update={"track_record": self.track_record(f.outlet, f.author)})
                     for f in brief.forecasts]
        return brief.model_copy(update={"forecasts": forecasts})
