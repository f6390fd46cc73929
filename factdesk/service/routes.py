"""The REST API under /v1 (OpenAPI at /docs). Handlers are plain `def` where they touch the database,
so FastAPI runs them in its thread pool and a slow query never blocks the event loop."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from factdesk.errors import InputError
from factdesk.models import Brief, Document
from factdesk.service import jobs, tokens
from factdesk.service.db import ServiceStore
from factdesk.service.inputs import CheckIn, article_from_upload, check_kb, job_request
from factdesk.store import CheckSummary

router = APIRouter()
FORMATS = {"md": "md", "html": "html", "jsonld": "claimreview", "json": "json"}
_MULTIPART = {
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary", "description": "a .txt, .md or .html article"},
        "text": {"type": "string"}, "url": {"type": "string"}, "kb": {"type": "string"},
        "as_of": {"type": "string", "format": "date"}, "top_k": {"type": "integer"}}}},
}


def store_of(request: Request) -> ServiceStore:
    return request.app.state.store


def require_token(request: Request) -> None:
    """Writes need `Authorization: Bearer <token>` once any token exists (`factdesk tokens create`)."""
    store = store_of(request)
    if not tokens.required(store):
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or tokens.verify(store, token.strip()) is None:
        raise HTTPException(401, "a valid API token is required for this request (Authorization: Bearer ...)",
                            headers={"WWW-Authenticate": "Bearer"})


class CheckStatus(BaseModel):
    id: str
    status: jobs.Status
    created_at: Any = None
    finished_at: Any = None
    source: str | None = None
    title: str | None = None
    progress: str | None = None
    error: str | None = Field(None, description="why the check failed (status 'failed')")
    brief: dict[str, Any] | None = Field(None, description="the brief's JSON (status 'done'), see docs/formats.md")


class CheckList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CheckSummary]


class Accepted(BaseModel):
    id: str
    status: jobs.Status
    links: dict[str, str]


class DocumentsIn(BaseModel):
    documents: list[Document] = Field(min_length=1, max_length=10_000)


@router.post("/v1/checks", status_code=202, response_model=Accepted, dependencies=[Depends(require_token)],
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": CheckIn.model_json_schema()}, **_MULTIPART}}})
async def submit(request: Request) -> JSONResponse:
    """Queue a check of `text`, a `url` or an uploaded `file`; returns its id at once (poll GET /v1/checks/{id})."""
    config = request.app.state.config
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v.strip()}
        if upload is not None and not isinstance(upload, str):
            data = await upload.read()
            build = lambda: _upload_request(data, upload.filename, fields)  # noqa: E731
        else:
            build = lambda: job_request(_check_in(fields), config.allow_private_urls)  # noqa: E731
    else:
        try:
            payload = json.loads(await request.body() or b"null")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"the body is not JSON: {exc}") from None
        build = lambda: job_request(_check_in(payload), config.allow_private_urls)  # noqa: E731
    job = await run_in_threadpool(lambda: jobs.enqueue(store_of(request), build()))
    request.app.state.pool.notify()
    links = {"self": f"/v1/checks/{job.id}", "desk": f"/checks/{job.id}"}
    return JSONResponse(Accepted(id=job.id, status=job.status, links=links).model_dump(), status_code=202,
                        headers={"Location": links["self"]})


def _check_in(payload: Any) -> CheckIn:
    if not isinstance(payload, dict):
        raise InputError('the body must be a JSON object: {"text": ...} or {"url": ...}')
    try:
        return CheckIn.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "body"
        raise InputError(f"{where}: {first['msg']}") from None


def _upload_request(data: bytes, filename: str | None, fields: dict[str, Any]) -> jobs.JobRequest:
    options = _check_in({k: v for k, v in fields.items() if k in ("kb", "as_of", "top_k", "title")})
    article = article_from_upload(data, filename)
    if options.title:
        article = article.model_copy(update={"title": options.title})
    return jobs.JobRequest(article=article, kb=check_kb(options.kb), as_of=options.as_of, top_k=options.top_k)


@router.get("/v1/checks", response_model=CheckList)
def list_checks(request: Request, limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0),
                q: str | None = Query(None, max_length=200, description="search title, source, URL, claims")) -> Any:
    """Stored checks, newest first (queued, running and failed ones: GET /v1/jobs)."""
    store = store_of(request)
    return CheckList(total=store.count(q), limit=limit, offset=offset, items=store.list(limit, offset, q))


@router.get("/v1/jobs", response_model=list[jobs.Job])
def list_jobs(request: Request, status: list[jobs.Status] = Query(["queued", "running", "failed"]),  # noqa: B008
              limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0)) -> Any:
    """Checks that are not (yet) in the store: queued, running or failed; newest first."""
    return jobs.recent(store_of(request), tuple(status), limit, offset)


@router.get("/v1/checks/{check_id}.{fmt}", response_class=Response)
def get_check_as(request: Request, check_id: str, fmt: str) -> Response:
    """The brief as Markdown (.md), a standalone page (.html), ClaimReview JSON-LD (.jsonld) or JSON (.json)."""
    from factdesk.brief.base import renderers

    if fmt not in FORMATS:
        raise HTTPException(404, f"unknown format .{fmt} (known: {', '.join('.' + f for f in FORMATS)})")
    brief = _done_brief(store_of(request), check_id)
    renderer = renderers.create(FORMATS[fmt])
    media = "application/ld+json" if fmt == "jsonld" else renderer.media_type
    return Response(renderer.render(brief), media_type=media)


@router.get("/v1/checks/{check_id}", response_model=CheckStatus)
def get_check(request: Request, check_id: str) -> Any:
    """Status of a check (queued, running, done, failed with a reason) and, when done, its brief."""
    return check_status(store_of(request), check_id)


def check_status(store: ServiceStore, check_id: str) -> CheckStatus:
    job = jobs.find(store, check_id)
    if job is None or job.status == "done":
        brief = store.get(check_id)  # checks made by `factdesk check` have no job; a unique prefix works too
        return CheckStatus(id=brief.check_id, status="done", created_at=brief.created_at,
                           finished_at=job.finished_at if job else brief.created_at, source=brief.article.source,
                           title=brief.article.title, brief=json.loads(brief.model_dump_json()))
    return CheckStatus(id=job.id, status=job.status, created_at=job.created_at, finished_at=job.finished_at,
                       source=job.source, title=job.title, progress=job.progress, error=job.error)


def _done_brief(store: ServiceStore, check_id: str) -> Brief:
    job = jobs.find(store, check_id)
    if job is not None and job.status != "done":
        raise HTTPException(409, f"check {check_id} is {job.status}" + (f": {job.error}" if job.error else ""))
    return store.get(check_id)


@router.get("/v1/kbs")
def list_kbs() -> list[dict[str, Any]]:
    """The knowledge bases on this server: name, documents, passages."""
    from factdesk.evidence.kb import list_knowledge_bases

    return [{k: kb[k] for k in ("name", "documents", "passages")} for kb in list_knowledge_bases()]


@router.post("/v1/kbs/{name}/documents", dependencies=[Depends(require_token)])
def add_documents(name: str, body: DocumentsIn) -> dict[str, Any]:
    """Add documents ({id, text, title, url, date}) to knowledge base `name`, creating it if needed.

    Documents that are all blank, or that give no passage to a new knowledge base, are a 400 and create
    nothing (the rules of `factdesk kb add`)."""
    from factdesk.evidence.kb import KnowledgeBase, is_path, resolve

    if is_path(name):
        raise InputError(f"invalid knowledge base name '{name}' (a name, not a path)")
    resolve(name)  # validates the name
    kb, report = KnowledgeBase.add_documents_to(name, body.documents)
    kb.close()
    return {"kb": kb.name, **report}


@router.get("/healthz")
def healthz(request: Request) -> dict[str, Any]:
    """Liveness and readiness: the database answers, the models are loaded, the queue's size."""
    pool = request.app.state.pool
    return {"status": "ok", "models_loaded": pool.ready.is_set(), "workers": pool.workers, "busy": pool.busy,
            "jobs": jobs.counts(store_of(request)), "database": store_of(request).url.get_backend_name()}


class FeedIn(BaseModel):
    url: str = Field(description="an RSS or Atom feed URL")
    kb: str | None = Field(None, description="knowledge base its articles are checked against")


@router.get("/v1/feeds")
def list_feeds(request: Request) -> list[dict[str, Any]]:
    """Watched feeds with their last poll, failures and last error."""
    from factdesk.service import feeds

    return [f.model_dump(mode="json") for f in feeds.all_feeds(store_of(request))]


@router.post("/v1/feeds", status_code=201, dependencies=[Depends(require_token)])
def add_feed(request: Request, body: FeedIn) -> dict[str, Any]:
    """Watch a feed: it is polled at once, then on the server's schedule."""
    from factdesk.service import feeds

    feed = feeds.add(store_of(request), body.url, body.kb, request.app.state.config.allow_private_urls)
    if request.app.state.watcher:
        request.app.state.watcher.notify()
    return feed.model_dump(mode="json")


@router.get("/v1/feeds/{feed_id}/items")
def feed_items(request: Request, feed_id: int, limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
    """A feed's items, newest first, each with its check's status; 404 for a feed that does not exist (an empty
    list would read as "watched, nothing yet")."""
    from factdesk.service import feeds

    store = store_of(request)
    if not any(feed.id == feed_id for feed in feeds.all_feeds(store)):
        raise HTTPException(404, f"no feed {feed_id} (GET /v1/feeds lists them)")
    return [{**i.model_dump(mode="json"), "state": i.state} for i in feeds.items(store, feed_id, limit)]
