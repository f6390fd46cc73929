"""What one worker does with one item: load the article, run the pipeline, return the brief (stores nothing).

The same function runs in a local worker process and in a Ray actor, and `factdesk check` runs the same
pipeline (`factdesk.api.pipeline_for`), so a batch's briefs equal `check`'s apart from ids and times.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from factdesk.batch.sources import BatchItem
from factdesk.errors import FactdeskError
from factdesk.models import Brief


@dataclass(frozen=True)
class CheckOptions:
    """The options of `factdesk check` that a batch passes on to every article."""

    kb: str | None = None
    as_of: dt.date | None = None
    top_k: int | None = None
    verifier: str | None = None
    all_sentences: bool = False


@dataclass(frozen=True)
class ItemResult:
    """A brief with the check id it must be stored under, or the one-line error that stopped the item."""

    key: str
    check_id: str
    brief: Brief | None = None
    error: str | None = None


def check_id_for(batch_id: str, key: str) -> str:
    """The same id every time this batch checks this item: a retried item cannot be stored twice."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"factdesk-batch:{batch_id}:{key}").hex


def warm_up(options: CheckOptions) -> None:
    """Load the models once per worker, before its first item."""
    from factdesk.api import pipeline_for

    pipeline_for(options.kb, options.verifier, options.top_k).warm_up()


def check_item(item: BatchItem, check_id: str, options: CheckOptions) -> ItemResult:
    """Check one item; an expected failure (unreadable file, unreachable URL) is the item's error, not the batch's."""
    from factdesk.api import pipeline_for
    from factdesk.ingest import load_article

    try:
        article = item.source if not isinstance(item.source, str) else load_article(item.source)
        pipeline = pipeline_for(options.kb, options.verifier, options.top_k)
        brief = pipeline.run(article, as_of=options.as_of, all_sentences=options.all_sentences)
    except FactdeskError as exc:
        return ItemResult(item.key, check_id, error=str(exc))
    return ItemResult(item.key, check_id, brief=brief.model_copy(update={"check_id": check_id}))
