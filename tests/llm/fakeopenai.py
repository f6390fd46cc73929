"""A local HTTP server that answers `POST /v1/chat/completions` exactly as the OpenAI API documents it:
the chat.completion object on success, `{"error": {...}}` bodies on errors, `Retry-After` on 429.

Tests script it: `push()` queues raw responses (status, body, headers) served first, in order; otherwise
`responder(request) -> str` writes the assistant's content. `json_schema=False` makes it refuse
`response_format: json_schema` with a 400, as servers without structured outputs do.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], str]


def completion(content: str, model: str = "fake-model", prompt_tokens: int = 11, completion_tokens: int = 7) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": None},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def error(message: str, type_: str = "invalid_request_error", param: str | None = None,
          code: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


class FakeOpenAI:
    def __init__(self, responder: Responder | None = None) -> None:
        self.responder: Responder = responder or (lambda _: '{"answer": "Paris"}')
        self.queue: deque[tuple[int, bytes, dict[str, str]]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.json_schema = True
        self.delay_s = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def push(self, status: int, body: dict | bytes, headers: dict[str, str] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.queue.append((status, raw, headers or {}))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, request: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
        with self._lock:
            if self.queue:
                return self.queue.popleft()
        fmt = (request.get("response_format") or {}).get("type")
        if fmt == "json_schema" and not self.json_schema:
            body = error("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this "
                         "model.", param="response_format")
            return 400, json.dumps(body).encode(), {}
        return 200, json.dumps(completion(self.responder(request), model=request.get("model", "?"))).encode(), {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length))
                with fake._lock:
                    fake.requests.append(request)
                    fake.headers.append(dict(self.headers))
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    if self.path != "/v1/chat/completions":
                        status, body, headers = 404, json.dumps(error(f"Unknown path {self.path}")).encode(), {}
                    else:
                        time.sleep(fake.delay_s)
                        status, body, headers = fake._answer(request)
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def log_message(self, *_: object) -> None:
                pass

        return Handler


# -- a responder that plays each factdesk task the way a sensible model would --------------------------------


def _user(request: dict[str, Any]) -> str:
    return next((m["content"] for m in request["messages"] if m["role"] == "user"), "")


def _system(request: dict[str, Any]) -> str:
    return next((m["content"] for m in request["messages"] if m["role"] == "system"), "")


def desk_responder(request: dict[str, Any]) -> str:
    """Claims: each numbered sentence is one claim, 'The company'/'It' resolved to the article's title subject.
    Verify: SUPPORTED citing passage 1 when a passage shares most of the claim's words, else NOT_ENOUGH_INFO.
    Analysis: one point per claim and prediction, citing it. Answers are wrapped in prose when no
    response_format was asked for, as chat models do."""
    system, user = _system(request), _user(request)
    if "extract checkable factual claims" in system:
        title = re.search(r"^TITLE: (.+)$", user, re.MULTILINE)
        subject = title.group(1).split(" ")[0] if title else "Acme"
        sentences = re.findall(r"^\[(\d+)\] (.+)$", user.split("SENTENCES:", 1)[1], re.MULTILINE)
        claims = []
        for number, text in sentences:
            text = re.sub(r"^(The company|It)\b", subject, text)
            claims.append({"sentence": int(number), "text": text, "prediction": " will " in f" {text} ",
                           "checkworthiness": 0.9})
        answer: dict[str, Any] = {"claims": claims}
    elif "careful fact-checker" in system:
        claim = re.search(r"^CLAIM: (.+)$", user, re.MULTILINE).group(1)  # type: ignore[union-attr]
        passages = re.findall(r"^\[(\d+)\] (.+)$", user, re.MULTILINE)
        words = set(re.findall(r"\w{4,}", claim.lower()))
        best = max(passages, key=lambda p: len(words & set(re.findall(r"\w{4,}", p[1].lower()))))
        overlap = len(words & set(re.findall(r"\w{4,}", best[1].lower()))) / max(1, len(words))
        if overlap >= 0.5:
            answer = {"label": "SUPPORTED", "confidence": 0.9, "rationale": f"Passage {best[0]} says so.",
                      "cited": [int(best[0])]}
        else:
            answer = {"label": "NOT_ENOUGH_INFO", "confidence": 0.8, "rationale": "Nothing on this.", "cited": []}
    elif "sections of a fact-check brief" in system:
        claims = re.findall(r"^(c\d+): (\w+)", user, re.MULTILINE)
        predictions = re.findall(r"^(p\d+): ", user, re.MULTILINE)
        answer = {"analysis": [{"text": f"Claim {cid} was judged {label}.", "cites": [cid]} for cid, label in claims]
                  + [{"text": "An invented point.", "cites": ["c99"]}],
                  "outlook": [{"text": f"Forecast {pid} remains to be seen.", "cites": [pid]} for pid in predictions]}
    else:
        answer = {"answer": "Paris"}
    text = json.dumps(answer)
    return text if request.get("response_format") else f"Sure! Here is the JSON:\n```json\n{text}\n```"
