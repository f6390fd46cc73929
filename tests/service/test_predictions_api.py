"""The predictions ledger and the spoken brief over real HTTP: /v1/predictions, the desk's page, /v1/checks/{id}.wav."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import urllib.request

import pytest

from factdesk.service import tokens

from .conftest import ARTICLE, KB, Server, http, wait_done

pytestmark = pytest.mark.slow


def checked(server: Server) -> str:
    response = http("POST", f"{server.url}/v1/checks", {"text": ARTICLE, "kb": KB})
    assert response.status == 202, response.text
    check_id = response.json()["id"]
    assert wait_done(server.url, check_id)["status"] == "done"
    return check_id


def test_the_ledger_over_the_api(server: Server) -> None:
    check_id = checked(server)
    listed = http("GET", f"{server.url}/v1/predictions").json()
    assert len(listed) == 1
    entry = listed[0]
    assert entry["text"] == "Officials said the tower is expected to welcome more visitors next year."
    assert (entry["likelihood"], entry["likelihood_word"], entry["horizon"]) == (0.675, "is expected", "next year")
    assert entry["due_on"] == f"{dt.date.today().year + 1}-12-31" and entry["check_id"] == check_id
    assert entry["status"] == "open" and entry["due"] is False
    due_later = http("GET", f"{server.url}/v1/predictions?due=true&today={dt.date.today().year + 2}-01-01").json()
    assert [x["id"] for x in due_later] == [entry["id"]]
    assert http("GET", f"{server.url}/v1/predictions?due=true").json() == []

    resolved = http("POST", f"{server.url}/v1/predictions/{entry['id']}/resolution",
                    {"outcome": "true", "note": "record crowds", "evidence_url": "https://example.org/crowds"})
    assert resolved.status == 200 and resolved.json()["status"] == "true"
    detail = http("GET", f"{server.url}/v1/predictions/{entry['id']}").json()
    assert [(ev["who"], ev["status"]) for ev in detail["events"]] == [("factdesk", "open"), ("api", "true")]
    scored = http("GET", f"{server.url}/v1/predictions/scores?by=source").json()
    assert scored["scores"][0]["brier"] == pytest.approx((0.675 - 1) ** 2)  # by hand: 0.105625
    assert scored["reliability"] == [{"stated": 0.675, "count": 1, "observed": 1.0}]

    assert http("POST", f"{server.url}/v1/predictions/{entry['id']}/resolution", {"outcome": "maybe"}).status == 400
    assert http("POST", f"{server.url}/v1/predictions/999/resolution", {"outcome": "true"}).status == 404
    assert http("GET", f"{server.url}/v1/predictions/scores?by=planet").status == 400
    assert http("GET", f"{server.url}/v1/predictions/{entry['id']}").json()["status"] == "true"


def test_resolving_needs_a_token_once_tokens_exist(server: Server) -> None:
    checked(server)
    (entry,) = http("GET", f"{server.url}/v1/predictions").json()
    _, secret = tokens.create(server.store, "ana")
    url = f"{server.url}/v1/predictions/{entry['id']}/resolution"
    assert http("POST", url, {"outcome": "false"}).status == 401
    done = http("POST", url, {"outcome": "false"}, {"Authorization": f"Bearer {secret}"})
    assert done.status == 200
    events = http("GET", f"{server.url}/v1/predictions/{entry['id']}").json()["events"]
    assert events[-1]["who"] == "ana"


def test_the_desk_page_lists_due_open_resolved_and_scores(server: Server) -> None:
    check_id = checked(server)
    page = http("GET", f"{server.url}/predictions")
    assert page.status == 200 and "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "<h2>Open (1)</h2>" in page.text and "expected to welcome more visitors" in page.text
    assert "<h2>Due (0)</h2>" in page.text and "Scores by source" in page.text
    brief = http("GET", f"{server.url}/checks/{check_id}").text
    assert f'<audio controls preload="none" src="/v1/checks/{check_id}.wav">' in brief
    assert "stated likelihood 68% (“is expected”)" in brief
    (entry,) = http("GET", f"{server.url}/v1/predictions").json()
    form = urllib.parse.urlencode({"outcome": "void", "note": "<b>unclear</b>"}).encode()
    after = http("POST", f"{server.url}/predictions/{entry['id']}/resolve", raw=form,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert after.status == 200 and "<h2>Resolved (1)</h2>" in after.text
    assert re.search(r'<span class="badge">void</span>', after.text)


def test_the_brief_is_spoken_once_then_served_from_the_cache(server: Server, service_home: object) -> None:
    pytest.importorskip("piper", reason="the audio extra is not installed: pip install 'factdesk[audio]'")
    check_id = checked(server)
    # the first request speaks the brief: a minute or more on 2 busy cores, so wait longer than `http` does
    with urllib.request.urlopen(f"{server.url}/v1/checks/{check_id}.wav", timeout=600) as response:
        assert response.status == 200 and response.headers["Content-Type"] == "audio/wav"
        body = response.read()
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and len(body) > 100_000
    cached = list((service_home / "audio").glob(f"{check_id}*"))  # type: ignore[operator]
    assert [p.name for p in cached] == [f"{check_id}.wav"]
    stamp = cached[0].stat().st_mtime_ns
    again = http("GET", f"{server.url}/v1/checks/{check_id[:10]}.wav")
    assert again.body == body and cached[0].stat().st_mtime_ns == stamp
    assert http("GET", f"{server.url}/v1/checks/{'f' * 32}.wav").status == 404
