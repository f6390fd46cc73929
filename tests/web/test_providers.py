"""Search providers against a real server speaking their documented JSON, and the configuration."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from factdesk.errors import FactdeskError, FetchError, InputError
from factdesk.web.base import SearchProvider, parse_date, providers
from factdesk.web.config import WebConfig, load_config

from .conftest import BRAVE_KEY, SERPER_KEY, Handler


def configs(base: str) -> dict[str, WebConfig]:
    return {
        "searxng": WebConfig(searxng_url=f"{base}/searxng/"),
        "brave": WebConfig(brave_api_key=BRAVE_KEY, brave_url=f"{base}/brave/res/v1/web/search"),
        "serper": WebConfig(serper_api_key=SERPER_KEY, serper_url=f"{base}/serper/search"),
    }


@pytest.mark.parametrize("name", ["searxng", "brave", "serper"])
def test_provider_conformance(name: str, web_server: str) -> None:
    provider = providers.create(name, config=configs(web_server)[name])
    assert isinstance(provider, SearchProvider) and provider.name == f"web.{name}.v1"
    results = provider.search("when did the Eiffel Tower open", count=3)
    assert [r.url for r in results] == [f"{web_server}/pages/{p}.html" for p in ("eiffel", "colosseum", "future")]
    first = results[0]
    assert first.title == "Eiffel Tower facts" and first.provider == name
    assert first.snippet == "The Eiffel Tower is a wrought-iron lattice tower in Paris."  # <strong> removed
    assert first.date == dt.date(2019, 3, 31)
    assert results[1].date is None


def test_requests_follow_each_documented_wire_format(web_server: str) -> None:
    Handler.requests.clear()
    for name, config in configs(web_server).items():
        providers.create(name, config=config).search("Eiffel Tower", count=2)
    (sx_method, sx_path, _), (br_method, br_path, br_headers), (se_method, se_path, se_headers) = Handler.requests
    assert sx_method == "GET" and sx_path.startswith("/searxng/search?") and "format=json" in sx_path
    assert br_method == "GET" and "q=Eiffel+Tower" in br_path and "count=2" in br_path
    assert br_headers["x-subscription-token"] == BRAVE_KEY and br_headers["accept"] == "application/json"
    assert se_method == "POST" and se_path == "/serper/search" and se_headers["x-api-key"] == SERPER_KEY


@pytest.mark.parametrize("name", ["brave", "serper"])
def test_a_bad_key_is_a_clear_error_that_never_shows_the_key(name: str, web_server: str) -> None:
    config = configs(web_server)[name].model_copy(update={f"{name}_api_key": "wrong-key-789"})
    provider = providers.create(name, config=WebConfig.model_validate(config.model_dump()))
    with pytest.raises(FetchError, match=f"web search via {name} failed: HTTP (401|403).*check the API key") as info:
        provider.search("x")
    assert "wrong-key-789" not in str(info.value) and "wrong-key-789" not in repr(provider)


def test_unreachable_or_non_json_provider(web_server: str) -> None:
    with pytest.raises(FetchError, match="cannot reach"):
        providers.create("searxng", config=WebConfig(searxng_url="http://127.0.0.1:9")).search("x")
    with pytest.raises(FetchError, match="did not answer JSON"):
        providers.create("searxng", config=WebConfig(searxng_url=f"{web_server}/pages/eiffel.html#")).search("x")


def test_unconfigured_provider_says_how_to_configure() -> None:
    with pytest.raises(FactdeskError, match="BRAVE_API_KEY"):
        providers.create("brave", config=WebConfig())


def test_config_file_then_environment(web_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config().configured() == []
    web_env.mkdir(parents=True, exist_ok=True)
    (web_env / "web.json").write_text(json.dumps({"searxng_url": "http://search.lan:8888", "results": 3,
                                                  "allow_networks": ["192.168.1.0/24"]}))
    config = load_config()
    assert config.configured() == ["searxng"] and config.results == 3
    assert [str(n) for n in config.networks()] == ["192.168.1.0/24"]
    monkeypatch.setenv("BRAVE_API_KEY", "env-key-000")
    monkeypatch.setenv("FACTDESK_WEB_ALLOW", "127.0.0.1, ::1")
    config = load_config()
    assert config.configured() == ["searxng", "brave"]
    assert config.brave_api_key is not None and config.brave_api_key.get_secret_value() == "env-key-000"
    assert "env-key-000" not in repr(config) and "env-key-000" not in str(config.model_dump())
    assert config.allow_networks == ["127.0.0.1", "::1"]
    monkeypatch.setenv("FACTDESK_WEB_PROVIDERS", "brave")
    assert load_config().configured() == ["brave"]


@pytest.mark.parametrize("content, message", [
    ("{not json", "cannot read the web configuration"),
    ("[1, 2]", "must be a JSON object"),
    ('{"results": 0}', "results"),
    ('{"allow_networks": ["intranet"]}', "not an address or network"),
    ('{"brave_key": "abc-secret"}', "brave_key"),
])
def test_bad_config_is_one_line_without_values(web_env: Path, content: str, message: str) -> None:
    web_env.mkdir(parents=True, exist_ok=True)
    (web_env / "web.json").write_text(content)
    with pytest.raises(InputError, match=message) as info:
        load_config()
    assert "abc-secret" not in str(info.value) and "\n" not in str(info.value)


def test_dates_as_search_apis_send_them() -> None:
    today = dt.date(2024, 5, 10)
    assert parse_date("2023-08-01T12:30:00Z") == dt.date(2023, 8, 1)
    assert parse_date("2023-08-01T12:30:00.123456") == dt.date(2023, 8, 1)
    assert parse_date("August 1, 2023") == parse_date("Aug 1, 2023") == dt.date(2023, 8, 1)
    assert parse_date("3 days ago", today) == dt.date(2024, 5, 7)
    assert parse_date("2 weeks ago", today) == dt.date(2024, 4, 26)
    assert parse_date("5 hours ago", today) == today
    assert parse_date("soon") is None and parse_date(None) is None and parse_date("") is None
