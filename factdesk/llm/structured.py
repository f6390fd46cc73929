"""JSON out of any chat server: a `json_schema` response format where the server supports it, else
`json_object`, else plain text parsed tolerantly (code fences, prose around the object).

A server that answers HTTP 400 to a response format is asked again with the next one, and the client
remembers what works for the rest of the process. An answer that is not valid JSON of the expected shape
is retried once in the next mode; then `StructuredOutputError` is raised for the caller's fallback.

Example::

    answer = complete_json(client, messages, Verdict, stage="verify")
"""

from __future__ import annotations

import json
import threading
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from factdesk.llm import trace
from factdesk.llm.client import ChatClient, LLMError, LLMHTTPError

M = TypeVar("M", bound=BaseModel)
MODES = ("json_schema", "json_object", "text")
_modes: dict[tuple[str, str, str], str] = {}  # (endpoint id, base_url, model) -> the mode that works
_modes_lock = threading.Lock()


class StructuredOutputError(LLMError):
    """The server's answers could not be read as the expected JSON."""


def extract_json(text: str) -> Any:
    """The first JSON object in `text`: the whole text, a ```json fence, or a balanced {...} inside prose."""
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            value, _ = decoder.raw_decode(text, start)
            return value
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
    raise ValueError("no JSON object in the answer")


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in the form OpenAI's strict mode accepts: every property required,
    no additional properties, no defaults, references inlined."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return fix(defs[node["$ref"].split("/")[-1]])
            out = {k: fix(v) for k, v in node.items() if k not in ("default", "title")}
            if out.get("type") == "object" and "properties" in out:
                out["required"] = list(out["properties"])
                out["additionalProperties"] = False
            return out
        if isinstance(node, list):
            return [fix(item) for item in node]
        return node

    return fix(schema)


def _response_format(mode: str, model: type[BaseModel], name: str) -> dict[str, Any] | None:
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": strict_schema(model)}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def _start_mode(client: ChatClient) -> str:
    endpoint = client.endpoint
    if endpoint.json_mode != "auto":
        return endpoint.json_mode
    with _modes_lock:
        return _modes.get((endpoint.id, endpoint.base_url, endpoint.model), MODES[0])


def _downgrade(client: ChatClient, mode: str, reason: str) -> str | None:
    endpoint = client.endpoint
    if endpoint.json_mode != "auto" or mode == MODES[-1]:
        return None
    following = MODES[MODES.index(mode) + 1]
    with _modes_lock:
        _modes[(endpoint.id, endpoint.base_url, endpoint.model)] = following
    trace.note(f"LLM endpoint '{endpoint.id}' refused response_format {mode} ({reason}); using {following}")
    return following


def complete_json(client: ChatClient, messages: list[dict[str, str]], model: type[M], *, stage: str,
                  max_tokens: int | None = None) -> M:
    """Ask for an answer shaped like `model`; see the module docstring for the fallbacks."""
    mode: str | None = _start_mode(client)
    problems: list[str] = []
    retried_bad_answer = False
    while mode is not None:
        try:
            result = client.chat(messages, stage=stage, response_format=_response_format(mode, model, stage),
                                 max_tokens=max_tokens)
        except LLMHTTPError as exc:
            if (exc.status not in (400, 422) and "response_format" not in str(exc)) or mode == "text":
                raise
            mode = _downgrade(client, mode, str(exc).rsplit(": ", 1)[-1][:120])
            if mode is None:
                raise
            continue
        try:
            return model.model_validate(extract_json(result.content))
        except (ValueError, ValidationError) as exc:
            reason = str(exc).splitlines()[0][:200]
            if result.finish_reason == "length":
                reason += " (the answer was cut off at max_tokens)"
            problems.append(f"{mode}: {reason}")
        # a malformed answer is retried once, in the next mode (a model that ignores a schema may still
        # follow a plain instruction); it does not change the mode used for later requests
        if retried_bad_answer or mode == MODES[-1]:
            break
        retried_bad_answer = True
        mode = MODES[MODES.index(mode) + 1]
    raise StructuredOutputError(f"unusable answer from LLM endpoint '{client.endpoint.id}': {'; '.join(problems)}")
