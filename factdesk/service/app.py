"""The FastAPI application: the REST API, the web desk and, in the background, the workers and the feed watcher.

Example::

    from factdesk.service.app import ServiceConfig, create_app
    app = create_app(ServiceConfig(db="sqlite:///desk.db", workers=2))   # then: uvicorn.run(app)
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from factdesk.errors import FactdeskError, FetchError, InputError, NotFoundError, StoreError

log = logging.getLogger("factdesk.service")

_STATUS = {InputError: 400, NotFoundError: 404, FetchError: 502, StoreError: 503}


@dataclass
class ServiceConfig:
    db: str | None = None  # store URL; None: $FACTDESK_DB or SQLite under $FACTDESK_HOME
    workers: int = 2  # checks run at the same time
    worker_processes: bool = False  # run them in separate processes (factdesk serve), not threads of this one
    kb: str | None = None  # default knowledge base; None: $FACTDESK_KB
    lease_s: float = 30.0  # a crashed worker's job is taken over after this long
    poll_s: float = 1.0
    max_body_bytes: int = 8_000_000  # requests larger than this get 413
    allow_private_urls: bool = False  # let clients and feeds point at 127.0.0.1 / private networks
    watch_feeds: bool = True  # poll the feeds table in this process
    feed_interval_s: float = 300.0


class BodyLimit:
    """413 for a body over `limit` bytes, whether announced by Content-Length or streamed in chunks."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(self.limit)(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": f"request body larger than the {limit:,} byte limit"}, status_code=413)


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    from fastapi_offline import FastAPIOffline

    from factdesk.service import desk, predictions, routes
    from factdesk.service.db import ServiceStore

    config = config or ServiceConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = ServiceStore(config.db)
        pool = _workers(config, store)
        app.state.store, app.state.pool, app.state.config = store, pool, config
        watcher = None
        if config.watch_feeds:
            from factdesk.service.feeds import FeedWatcher

            watcher = FeedWatcher(store, pool, interval_s=config.feed_interval_s,
                                  allow_private=config.allow_private_urls)
        app.state.watcher = watcher
        log.info("store: %s; %d worker(s)", store.shown_url, pool.workers)
        pool.start()
        if watcher:
            watcher.start()
        try:
            yield
        finally:
            if watcher:
                watcher.stop()
            pool.stop()
            store.close()

    # the offline variant serves Swagger UI's files itself: /docs works without a CDN
    app = FastAPIOffline(title="factdesk", summary="A local-first fact-checking desk: REST API and web desk.",
                         version=_version(), lifespan=lifespan, redoc_url=None)
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)

    @app.exception_handler(FactdeskError)
    async def factdesk_error(_: Request, exc: FactdeskError) -> JSONResponse:
        status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 422)
        if isinstance(exc, InputError) and "limit" in str(exc):
            status = 413
        return JSONResponse({"error": without_cli_hints(str(exc))}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first: dict[str, Any] = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "request"
        return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid')}"}, status_code=422)

    app.include_router(predictions.router)  # before routes: /v1/checks/{id}.wav is not one of its {id}.{fmt}
    app.include_router(routes.router)
    app.include_router(desk.router)
    app.include_router(predictions.desk_router)
    desk.mount_static(app)
    return app


def _workers(config: ServiceConfig, store: Any) -> Any:
    """Worker processes (the API process loads no model), or worker threads sharing this process's models."""
    if config.worker_processes:
        from factdesk.service.processes import WorkerProcesses, WorkerSettings

        settings = WorkerSettings(db=config.db, kb=config.kb, lease_s=config.lease_s, poll_s=config.poll_s,
                                  allow_private_urls=config.allow_private_urls)
        return WorkerProcesses(settings, config.workers)
    from factdesk.service.inputs import guarded_fetch
    from factdesk.service.worker import WorkerPool

    return WorkerPool(store, config.workers, default_kb=config.kb, lease_s=config.lease_s, poll_s=config.poll_s,
                      fetch=guarded_fetch(config.allow_private_urls))


# " (see `factdesk history`)" as a whole, or "; add one with `factdesk llm add`" inside a parenthesis
_CLI_HINT = re.compile(r"\s*\((?:see|try|run|use) `factdesk [^`]*`\)"
                       r"|;\s*(?:see|try|run|use|add one with) `factdesk [^`]*`")


def without_cli_hints(message: str) -> str:
    """An error message for an API client: the CLI's "(see `factdesk history`)" advice is left out."""
    return _CLI_HINT.sub("", message).strip()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("factdesk")
    except PackageNotFoundError:
        return "0"
