"""Fixtures of the service tests: a factdesk home with a small knowledge base, a real server on 127.0.0.1
(uvicorn in a thread of the test process, so the models load once per session), and an HTTP client."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

KB = "svc-tiny"
DOCS = [
    {"id": "eiffel", "title": "Eiffel Tower", "url": "https://en.wikipedia.org/wiki/Eiffel_Tower",
     "text": "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. It is named "
             "after the engineer Gustave Eiffel, whose company designed and built the tower. It opened in 1889."},
    {"id": "rome", "title": "Rome", "date": "2020-05-01",
     "text": "Rome is the capital city of Italy. It has a population of about 2.8 million."},
    # hostile knowledge-base content: shown as text, never run, never a clickable javascript: link
    {"id": "hostile", "title": "<script>window.kbOwned=1</script>Colosseum", "url": "javascript:alert(1)",
     "text": "The Colosseum is an amphitheatre in Rome <img src=x onerror=\"window.kbOwned=1\">. It could hold "
             "about 50,000 spectators."},
]
ARTICLE = """Eiffel Tower draws record crowds

The Eiffel Tower is a wrought-iron lattice tower in Paris, France, and it opened in 1889.
The Colosseum in Rome could hold about 50,000 spectators.
Officials said the tower is expected to welcome more visitors next year.
"""


@pytest.fixture(scope="package")
def service_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """FACTDESK_HOME while the service tests run, holding knowledge base `svc-tiny`."""
    from factdesk.evidence.kb import KnowledgeBase
    from factdesk.models import Document

    home = tmp_path_factory.mktemp("service-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACTDESK_HOME", str(home))
        patch.setenv("FACTDESK_DB", "")
        kb = KnowledgeBase.create(KB)
        kb.add_documents([Document(**doc) for doc in DOCS])
        kb.close()
        yield home


@dataclass
class Server:
    url: str
    app: Any

    @property
    def store(self) -> Any:
        return self.app.state.store


class Response:
    def __init__(self, status: int, body: bytes, headers: Message) -> None:
        self.status, self.body, self.headers = status, body, headers

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None,
         raw: bytes | None = None) -> Response:
    """One request with urllib; a JSON body when `body` is given, bytes as they are with `raw`."""
    headers = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Response(response.status, response.read(), response.headers)
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.read(), exc.headers)


def wait_done(base: str, check_id: str, timeout: float = 120.0) -> dict:
    """Poll GET /v1/checks/{id} until the check is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = http("GET", f"{base}/v1/checks/{check_id}").json()
        if data["status"] in ("done", "failed"):
            return data
        time.sleep(0.2)
    raise AssertionError(f"check {check_id} not finished after {timeout} s: {data}")


def start_server(app: Any) -> tuple[Any, threading.Thread, str]:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not (server.started and server.servers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def make_server(service_home: Path, db_url: str) -> Iterator[Callable[..., Server]]:
    """Start a real server on 127.0.0.1 on this test's fresh database; options as in ServiceConfig."""
    from factdesk.service.app import ServiceConfig, create_app

    running: list[tuple[Any, threading.Thread]] = []

    def make(**options: Any) -> Server:
        config = ServiceConfig(**{"db": db_url, "workers": 2, "kb": KB, "allow_private_urls": True, **options})
        app = create_app(config)
        server, thread, url = start_server(app)
        running.append((server, thread))
        return Server(url=url, app=app)

    yield make
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def server(make_server: Callable[..., Server]) -> Server:
    return make_server()


@pytest.fixture(scope="session")
def site() -> Iterator[Callable[[dict[str, tuple[int, str, bytes]]], str]]:
    """A real HTTP server on 127.0.0.1 serving the pages a test registers: path -> (status, type, body)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages: dict[str, tuple[int, str, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            status, kind, body = pages.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def register(new_pages: dict[str, tuple[int, str, bytes]]) -> str:
        pages.update(new_pages)
        return base

    yield register
    httpd.shutdown()


def env_for_subprocess(home: Path) -> dict[str, str]:
    return {**os.environ, "FACTDESK_HOME": str(home), "FACTDESK_DB": ""}
