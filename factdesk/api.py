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
    kb, verifier, top_k, retriever, llm = config_key
    config = PipelineConfig()
    config.kb = kb or config.kb
    config.verifier = verifier or config.verifier
    config.top_k = top_k or config.top_k
    config.retriever = retriever or config.retriever
    if llm:
        from factdesk.llm.stages import use_llm

        use_llm(config, llm)
        config.verifier = verifier or config.verifier  # an explicit --verifier still wins
    if config.kb == "demo":
        from factdesk.evidence.demo import ensure_demo_kb

        ensure_demo_kb()
    return Pipeline(config)


def pipeline_for(kb: str | None = None, verifier: str | None = None, top_k: int | None = None,
                 retriever: str | None = None, llm: str | None = None) -> Pipeline:
    """One pipeline per configuration per process, so models load once."""
    return _pipeline((kb, verifier, top_k, retriever, llm))


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
    retriever: str | None = None,
    llm: str | None = None,
    all_sentences: bool = False,
) -> Brief:
    """Check an article given as text, a file path, '-' (stdin), a URL, or an `Article`.

    Only check-worthy sentences are checked (a text of one sentence always is); `all_sentences=True` checks
    every sentence. The brief lists every sentence not checked, and why.

    `retriever="kb+web"` adds web search evidence to the knowledge base's (docs/web.md).
    `llm="ID"` hands the stages listed for LLM endpoint ID to it; its calls are stored with the check (docs/llm.md).
    """
    from factdesk.ingest import load_article

    article = source if isinstance(source, Article) else load_article(source, allow_text=True)
    from factdesk.llm.trace import tracing

    pipeline = pipeline_for(kb, verifier, top_k, retriever, llm)
    with tracing() as trace:
        brief = pipeline.run(article, as_of=as_of, progress=progress, all_sentences=all_sentences)
    if record:
        from factdesk.predictions.ledger import Ledger  # a Store that also reads the predictions ledger

        store = Ledger(db)
        try:
            brief = store.annotate(brief)  # the track record of each prediction's source, as of now
            store.save(brief, llm_calls=trace.calls, web_pages=_web_pages(pipeline, brief))
        finally:
            store.close()
    return brief


def _web_pages(pipeline: Pipeline, brief: Brief) -> list[dict]:
    """Snapshots of the web pages whose passages the check used (none without a web retriever)."""
    pages_for = getattr(pipeline.retriever, "pages_for", None)
    if pages_for is None:
        return []
    urls = [e.passage.url for r in brief.results for e in r.verdict.evidence
            if e.passage.url and e.passage.doc_id.startswith("web:")]
    return [page.model_dump() for page in pages_for(urls)]


def replay(
    check_id: str,
    *,
    verifier: str | None = None,
    record: bool = True,
    db: str | None = None,
    progress: Progress | None = None,
) -> tuple[Brief, Brief]:
    """Re-run stored check `check_id` offline with exactly the evidence it had: (replayed, stored).

    The article, claims and `as_of` come from the store and each claim gets the passages stored with it
    (the "snapshot" retriever: no knowledge base, no network); with unchanged models the verdicts equal
    the stored ones. The replay is recorded as a new check unless `record=False`.
    """
    from factdesk.evidence.snapshot import SnapshotRetriever
    from factdesk.store import Store

    with Store(db) as store:
        stored = store.get(check_id)
    config = PipelineConfig()
    config.verifier = verifier or config.verifier
    config.kb = stored.knowledge_base or config.kb
    pipeline = Pipeline(config, retriever=SnapshotRetriever(stored), kb_name=stored.knowledge_base)
    brief = pipeline.run(stored.article, as_of=stored.as_of, progress=progress)
    if record:
        with Store(db) as store:
            store.save(brief)
    return brief, stored
