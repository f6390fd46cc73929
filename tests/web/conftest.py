"""A real HTTP server on 127.0.0.1 that answers like SearxNG, Brave and Serper (their documented JSON) and
serves the pages they point to, plus the awkward cases the SSRF-safe fetcher must handle."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BRAVE_KEY = "brave-secret-123"
SERPER_KEY = "serper-secret-456"

PAGES = {
    "/pages/eiffel.html": """<!doctype html><html><head><title>Eiffel Tower facts</title>
<meta property="article:published_time" content="2019-03-31"></head><body><article><h1>Eiffel Tower facts</h1>
<p>The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France.</p>
<p>The tower opened to the public in 1889 as the entrance arch of the World's Fair.</p>
<p>It was designed and built by the company of the engineer Gustave Eiffel.</p>
<p>Local bakeries sell a famous pastry shaped like a croissant near the river every morning.</p>
</article></body></html>""",
    "/pages/colosseum.html": """<!doctype html><html><head><title>The Colosseum</title></head><body><article>
<h1>The Colosseum</h1><p>The Colosseum is an oval amphitheatre in the centre of the city of Rome, Italy.</p>
<p>Construction began under the emperor Vespasian in AD 72 and was completed in AD 80.</p>
</article></body></html>""",
    "/pages/future.html": """<!doctype html><html><head><title>Tower news 2031</title></head><body><article>
<h1>Tower news</h1><p>The Eiffel Tower was repainted gold in 2031 for its anniversary celebrations in Paris.</p>
<p>Visitors said the gold Eiffel Tower looked spectacular at night over the river Seine.</p>
</article></body></html>""",
}


def results(base: str) -> list[dict]:
    """What every provider finds, whatever the query: the ranker has to pick the relevant sentences."""
    return [
        {"url": f"{base}/pages/eiffel.html", "title": "Eiffel Tower facts",
         "snippet": "The Eiffel Tower is a wrought-iron lattice tower in Paris.", "date": "2019-03-31"},
        {"url": f"{base}/pages/colosseum.html", "title": "The Colosseum",
         "snippet": "An oval amphitheatre in Rome.", "date": None},
        {"url": f"{base}/pages/future.html", "title": "Tower news 2031",
         "snippet": "The tower was repainted gold.", "date": "2031-07-14"},
        {"url": f"{base}/redirect-private", "title": "Moved", "snippet": "A page that moved to an intranet host.",
         "date": None},
    ]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list[tuple[str, str, dict]] = []  # (method, path, headers) of every request, for the tests

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        Handler.requests.append(("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query)
        if parts.path == "/searxng/search":
            if query.get("format") != ["json"] or not query.get("q"):
                return self._send(403, "text/plain", b"format not enabled")
            rows = [{"url": r["url"], "title": r["title"], "content": r["snippet"], "engine": "bing",
                     "publishedDate": r["date"] and f"{r['date']}T08:00:00"} for r in results(self.base)]
            return self._json({"query": query["q"][0], "number_of_results": len(rows), "results": rows,
                               "answers": [], "infoboxes": [], "suggestions": []})
        if parts.path == "/brave/res/v1/web/search":
            if self.headers.get("X-Subscription-Token") != BRAVE_KEY:
                return self._json({"type": "ErrorResponse", "error": {"code": "SUBSCRIPTION_TOKEN_INVALID"}}, 401)
            count = int(query.get("count", ["20"])[0])
            rows = [{"type": "search_result", "url": r["url"], "title": r["title"],
                     "description": f"<strong>{r['snippet']}</strong>",
                     **({"page_age": f"{r['date']}T00:00:00", "age": "March 31, 2019"} if r["date"] else {})}
                    for r in results(self.base)][:count]
            return self._json({"type": "search", "query": {"original": query["q"][0]},
                               "web": {"type": "search", "results": rows}})
        if parts.path in PAGES:
            return self._send(200, "text/html; charset=utf-8", PAGES[parts.path].encode())
        if parts.path == "/redirect-private":
            return self._redirect("http://10.20.30.40/internal")
        if parts.path == "/redirect-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if parts.path == "/redirect-loop":
            return self._redirect("/redirect-loop")
        if parts.path == "/redirect-ok":
            return self._redirect("/pages/eiffel.html")
        if parts.path == "/redirect-file":
            return self._redirect("file:///etc/passwd")
        if parts.path == "/big":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except OSError:
                pass
            self.close_connection = True
            return None
        if parts.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(30):  # a byte every 0.2 s: each read succeeds, the whole takes 6 s
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
            return None
        if parts.path == "/image.png":
            return self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        return self._send(404, "text/plain", b"not found")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        Handler.requests.append(("POST", self.path, {k.lower(): v for k, v in self.headers.items()}))
        if self.path == "/serper/search":
            if self.headers.get("X-API-KEY") != SERPER_KEY:
                return self._json({"message": "Unauthorized.", "statusCode": 403}, 403)
            rows = [{"title": r["title"], "link": r["url"], "snippet": r["snippet"], "position": i,
                     **({"date": "Mar 31, 2019"} if r["date"] == "2019-03-31" else {})}
                    for i, r in enumerate(results(self.base), start=1)][: body.get("num", 10)]
            return self._json({"searchParameters": {"q": body["q"], "type": "search", "engine": "google"},
                               "organic": rows})
        return self._send(404, "text/plain", b"not found")

    def _json(self, data: object, status: int = 200) -> None:
        self._send(status, "application/json", json.dumps(data).encode())

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def start_server() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def web_server() -> Iterator[str]:
    server, base = start_server()
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def web_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, and no web settings leaking in from the environment of the machine."""
    for name in ("FACTDESK_SEARXNG_URL", "BRAVE_API_KEY", "FACTDESK_BRAVE_API_KEY", "SERPER_API_KEY",
                 "FACTDESK_SERPER_API_KEY", "FACTDESK_WEB_PROVIDERS", "FACTDESK_WEB_ALLOW", "FACTDESK_WEB_CONFIG",
                 "FACTDESK_DB", "FACTDESK_KB"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("FACTDESK_HOME", str(home))
    return home
