"""`run_batch`: expand the sources, skip what a resumed batch stored, check the rest, record each brief once.

This process is the only writer of the store (the workers compute and return briefs): each brief is annotated
and saved here, in one transaction, under the check id `work.check_id_for` derives from the batch id and the
item's key. A batch killed at any point is finished by `--resume`, which reuses the batch id and skips every
stored id; a brief computed twice (a worker died after computing it) is still stored once.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factdesk import settings
from factdesk.batch.sources import BatchItem, expand
from factdesk.batch.work import CheckOptions, ItemResult, check_id_for
from factdesk.errors import NotFoundError
from factdesk.models import Brief

#: called once per article with its report entry, whatever its status
OnEntry = Callable[[dict[str, Any]], None]
Backend = Callable[[list[tuple[BatchItem, str]], CheckOptions, Callable[[ItemResult], None]], None]


def run_batch(sources: list[str], options: CheckOptions, backend: Backend, *, resume: bool = False,
              db: str | None = None, items: list[BatchItem] | None = None,
              on_start: Callable[[int, int], None] | None = None,
              on_entry: OnEntry | None = None) -> list[dict[str, Any]]:
    """Check every article of `sources` with `backend`; the report has one entry per article, in source order.

    `items`: the sources already expanded (`sources.expand`). `on_start(total, already_stored)` is called once
    the stored articles are known.
    """
    from factdesk.predictions.ledger import Ledger  # a Store that also annotates predictions, as `check` does

    items = items if items is not None else expand(sources)
    batch_id = _batch_id(sources, options, db, resume)
    jobs = [(item, check_id_for(batch_id, item.key)) for item in items]
    entries: dict[str, dict[str, Any]] = {}
    with Ledger(db) as store:
        def record(result: ItemResult) -> None:
            if result.brief is not None and not _stored(store, result.check_id):
                store.save(store.annotate(result.brief))
            entries[result.key] = _entry(result.key, result.check_id, result.brief, result.error)
            if on_entry:
                on_entry(entries[result.key])

        todo = []
        for item, check_id in jobs:
            stored = _stored(store, check_id)
            if stored is not None:
                entries[item.key] = _entry(item.key, check_id, stored, None, status="stored before")
            else:
                todo.append((item, check_id))
        if on_start:
            on_start(len(jobs), len(jobs) - len(todo))
        if todo:
            backend(todo, options, record)
    return [entries[item.key] for item, _ in jobs]


def _stored(store: Any, check_id: str) -> Brief | None:
    try:
        return store.get(check_id)
    except NotFoundError:
        return None


def _entry(key: str, check_id: str, brief: Brief | None, error: str | None, status: str = "checked") -> dict[str, Any]:
    if brief is None:
        return {"source": key, "check_id": None, "status": "failed", "error": error, "counts": {}, "verdicts": []}
    labels = [result.verdict.label.value for result in brief.results]
    counts = {label: labels.count(label) for label in dict.fromkeys(labels)}
    return {"source": key, "check_id": check_id, "status": status, "counts": counts, "verdicts": labels}


def _batch_id(sources: list[str], options: CheckOptions, db: str | None, resume: bool) -> str:
    """A new id, or with `resume` the id of the last batch of the same sources, options and store."""
    state_file = settings.home() / "batches.json"
    fingerprint = hashlib.sha256(json.dumps(
        [[_absolute(s) for s in sources], repr(options), db or settings.db_url()]).encode()).hexdigest()
    state = _read_state(state_file)
    if resume and fingerprint in state:
        return state[fingerprint]
    batch_id = uuid.uuid4().hex
    state[fingerprint] = batch_id
    temporary = state_file.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=1) + "\n")
    temporary.replace(state_file)  # atomic: a batch killed here leaves the old state or the new one
    return batch_id


def _read_state(path: Path) -> dict[str, str]:
    try:
        state = json.loads(path.read_text())
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _absolute(source: str) -> str:
    return source if source.lower().startswith(("http://", "https://")) else str(Path(source).resolve())
