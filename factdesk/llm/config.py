"""LLM endpoints as data: `$FACTDESK_HOME/llm.json` holds a list of endpoints (id, base URL, model, key variable).

Example file::

    {"endpoints": [
      {"id": "ollama", "base_url": "http://localhost:11434/v1", "model": "llama3.1:8b"},
      {"id": "openai", "base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini", "key_env": "OPENAI_API_KEY"}
    ]}

The API key itself is never stored: `key_env` names the environment variable that holds it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from factdesk import settings
from factdesk.errors import InputError, NotFoundError
from factdesk.llm.errors import LLMError

#: the stages an endpoint can serve; `--llm ID` switches on those listed in the endpoint's `stages`
STAGES = ("claims", "verify", "analysis", "translate")
JsonMode = Literal["auto", "json_schema", "json_object", "text"]
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Endpoint(BaseModel):
    """One OpenAI-compatible server and model."""

    model_config = ConfigDict(extra="forbid")

    id: str
    base_url: str = Field(description="up to and including /v1, e.g. http://localhost:11434/v1")
    model: str
    key_env: str | None = Field(None, description="environment variable holding the API key (none for local servers)")
    stages: list[Literal["claims", "verify", "analysis", "translate"]] = Field(default_factory=lambda: list(STAGES))
    timeout_s: float = Field(120.0, gt=0)
    max_retries: int = Field(4, ge=0, le=10)
    concurrency: int = Field(4, ge=1, le=64)
    temperature: float = Field(0.0, ge=0, le=2)
    max_tokens: int = Field(1024, ge=16)
    json_mode: JsonMode = Field("auto", description="auto: json_schema, then json_object, then plain text")
    fallback: Literal["offline", "nei"] = Field("offline", description="what a failed LLM step degrades to")
    context_chars: int = Field(4000, ge=200, description="article characters shown as context to claim extraction")
    cache: bool = True

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("an id is letters, digits, '.', '_' or '-' (at most 64)")
        return value

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"base_url must be an http(s) URL, got {value!r}")
        if value.endswith("/chat/completions"):
            value = value[: -len("/chat/completions")]
        return value

    def api_key(self) -> str | None:
        """The key from `key_env`; a clear error when the variable is named but unset."""
        if not self.key_env:
            return None
        key = os.environ.get(self.key_env, "").strip()
        if not key:
            raise LLMError(f"LLM endpoint '{self.id}' needs an API key: set the environment variable "
                                f"{self.key_env}")
        return key


def config_path() -> Path:
    return settings.home() / "llm.json"


def load(path: Path | None = None) -> list[Endpoint]:
    path = path or config_path()
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Endpoint.model_validate(item) for item in data.get("endpoints", [])]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise InputError(f"{path}: invalid endpoint ({where}: {first['msg']})") from None


def save(endpoints: list[Endpoint], path: Path | None = None) -> Path:
    path = path or config_path()
    data = {"endpoints": [e.model_dump(exclude_defaults=True) | {"id": e.id} for e in endpoints]}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a config
    return path


def get(endpoint_id: str) -> Endpoint:
    endpoints = load()
    for endpoint in endpoints:
        if endpoint.id == endpoint_id:
            return endpoint
    known = ", ".join(e.id for e in endpoints) or "none configured"
    raise NotFoundError(f"unknown LLM endpoint '{endpoint_id}' (known: {known}; add one with `factdesk llm add`)")


def upsert(endpoint: Endpoint) -> Path:
    endpoints = [e for e in load() if e.id != endpoint.id]
    return save([*endpoints, endpoint])


def remove(endpoint_id: str) -> None:
    endpoints = load()
    get(endpoint_id)
    save([e for e in endpoints if e.id != endpoint_id])
