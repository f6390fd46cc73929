"""Web search configuration: `$FACTDESK_HOME/web.json` (or `$FACTDESK_WEB_CONFIG`), then environment variables.

    {"providers": ["searxng"], "searxng_url": "http://localhost:8888", "results": 5,
     "allow_networks": ["192.168.1.0/24"]}

Environment variables override the file: FACTDESK_SEARXNG_URL, BRAVE_API_KEY (or FACTDESK_BRAVE_API_KEY),
SERPER_API_KEY (or FACTDESK_SERPER_API_KEY), FACTDESK_WEB_PROVIDERS and FACTDESK_WEB_ALLOW (comma-separated).
API keys are `SecretStr`, so they never appear in a repr, a log line or an error message.
"""

from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from factdesk import settings
from factdesk.errors import InputError

BRAVE_ENDPOINT = "https://api.search.brave.com/res/v1/web/search"
SERPER_ENDPOINT = "https://google.serper.dev/search"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class WebConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    providers: list[str] = Field(default_factory=list, description="providers to ask, in order; empty: all configured")
    searxng_url: str | None = Field(None, description="base URL of a SearxNG instance with the JSON format enabled")
    brave_api_key: SecretStr | None = None
    brave_url: str = BRAVE_ENDPOINT
    serper_api_key: SecretStr | None = None
    serper_url: str = SERPER_ENDPOINT
    results: int = Field(5, ge=1, le=20, description="results taken from each provider per claim")
    timeout_s: float = Field(10.0, gt=0, description="time limit of one search request or one page fetch")
    max_page_bytes: int = Field(2_000_000, ge=1024, description="pages larger than this are not read")
    max_redirects: int = Field(5, ge=0, le=20)
    allow_networks: list[str] = Field(
        default_factory=list,
        description="address ranges exempt from the SSRF guard (e.g. '10.0.0.0/8'); by default pages on "
        "private, loopback, link-local, multicast and reserved addresses are refused",
    )
    workers: int = Field(8, ge=1, le=32, description="pages fetched at the same time")

    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"'{item}' is not an address or network (e.g. 10.0.0.0/8)") from None
        return value

    def networks(self) -> tuple[Network, ...]:
        return tuple(ipaddress.ip_network(item, strict=False) for item in self.allow_networks)

    def configured(self) -> list[str]:
        """The providers that will be asked: `providers` if given, else every one with its URL or key set."""
        if self.providers:
            return list(self.providers)
        present = {"searxng": self.searxng_url, "brave": self.brave_api_key, "serper": self.serper_api_key}
        return [name for name, value in present.items() if value]


def config_path() -> Path:
    return Path(os.environ.get("FACTDESK_WEB_CONFIG") or settings.home() / "web.json").expanduser()


def _env(*names: str) -> str | None:
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return None


def load_config(path: Path | None = None) -> WebConfig:
    """The configuration from the file (if any) with environment variables on top."""
    path = path or config_path()
    data: dict = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read the web configuration ({exc})") from None
        if not isinstance(data, dict):
            raise InputError(f"{path}: the web configuration must be a JSON object")
    overrides = {
        "searxng_url": _env("FACTDESK_SEARXNG_URL"),
        "brave_api_key": _env("FACTDESK_BRAVE_API_KEY", "BRAVE_API_KEY"),
        "serper_api_key": _env("FACTDESK_SERPER_API_KEY", "SERPER_API_KEY"),
        "providers": _split(_env("FACTDESK_WEB_PROVIDERS")),
        "allow_networks": _split(_env("FACTDESK_WEB_ALLOW")),
    }
    data.update({key: value for key, value in overrides.items() if value})
    try:
        return WebConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "(top level)"
        # input values are left out of the message: they may be API keys
        raise InputError(f"web configuration ({path} and environment): {where}: {first['msg']}") from None


def _split(value: str | None) -> list[str] | None:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None
