"""The Python API: `check()` runs the pipeline and records the brief in the store.

Example::

    import factdesk
    brief = factdesk.check("The Eiffel Tower is in Rome.", kb="demo")
    print(factdesk.render(brief, "md"))
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from factdesk.models import Article, Brief
from factdesk.pipeline import Pipeline, PipelineConfig, Progress


@cache
def _pipeline(config_key: tuple) -> Pipeline:
    kb, verifier, top_k = config_key
    config = PipelineConfig()
    config.kb = kb or config.kb
    config.verifier = verifier or config.verifier
    config.top_k = top_k or config.top_k
    if config.kb == "demo":
        from factdesk.evidence.demo import ensure_demo_kb

        ensure_demo_kb()
    return Pipeline(config)


def pipeline_for(kb: str | None = None, verifier: str | None = None, top_k: int | None = None) -> Pipeline:
    """One pipeline per configuration per process, so models load once."""
    return _pipeline((kb, verifier, top_k))


def check(
    source: str | Article,
    *,
    kb: str | None = None,
    as_of: dt.date | None = None,
    top_k: int | None = None,
    verifier: str | None = None,
    record: bool = True,
    db: str | None = None,
    progress: Progress | None = None,
) -> Brief:
    """Check an article given as text, a file path, '-' (stdin), a URL, or an `Article`."""
    from factdesk.ingest import load_article

    article = source if isinstance(source, Article) else load_article(source, allow_text=True)
    pipeline = pipeline_for(kb, verifier, top_k)
    brief = pipeline.run(article, as_of=as_of, progress=progress)
    if record:
        from factdesk.store import Store

        store = Store(db)
        try:
            store.save(brief)
        finally:
            store.close()
    return brief
