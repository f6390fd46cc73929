"""The web desk's HTML over real HTTP (no browser): escaping, security headers, the no-JavaScript paths."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from .conftest import ARTICLE, KB, Server, http, wait_done

pytestmark = pytest.mark.slow
HOSTILE = "Breaking <script>window.owned=1</script> news\n\n" + ARTICLE


def form_post(server: Server, path: str, fields: dict[str, str]) -> object:
    return http("POST", f"{server.url}{path}", raw=urllib.parse.urlencode(fields).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_no_javascript_check_flow_and_escaping(server: Server) -> None:
    home = http("GET", f"{server.url}/")
    assert home.status == 200 and "script-src 'self'" in home.headers["Content-Security-Policy"]
    assert '<label for="text">' in home.text and f'<option value="{KB}"' in home.text
    # urllib follows the 303 to the check's page
    queued = form_post(server, "/checks", {"text": HOSTILE, "kb": KB})
    assert queued.status == 200
    check_id = re.search(r'data-poll="/v1/checks/([0-9a-f]{32})"', queued.text) or re.search(
        r"check <code>([0-9a-f]{32})</code>", queued.text)
    assert check_id, queued.text[:2000]
    wait_done(server.url, check_id.group(1))
    page = http("GET", f"{server.url}/checks/{check_id.group(1)}").text
    assert "<script>window" not in page and "&lt;script&gt;window.owned=1&lt;/script&gt;" in page
    # KB content is hostile too: its title, text and javascript: URL arrive as text only
    assert "<script>window.kbOwned" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert 'href="javascript:' not in page
    # every checked claim is marked in the article and linked to its result, and back
    for claim_id in re.findall(r'id="claim-(c[^"]+)"', page):
        assert f'href="#claim-{claim_id}"' in page and f'href="#in-text-{claim_id}"' in page
    assert 'class="hl supported"' in page and 'class="hl prediction"' in page
    assert "<script src=\"/static/desk.js\" defer></script>" in page and "<script>" not in page


def test_bad_form_input_shows_the_error_on_the_form(server: Server) -> None:
    response = form_post(server, "/checks", {"text": "   ", "url": ""})
    assert response.status == 400 and 'role="alert"' in response.text and "exactly one" in response.text
    response = form_post(server, "/checks", {"text": "The sky is blue.", "kb": "<b>x"})
    assert response.status == 400 and "&#x27;&lt;b&gt;x&#x27;" in response.text and "<b>x" not in response.text


def test_history_kb_feeds_pages_and_not_found(server: Server) -> None:
    titled = http("POST", f"{server.url}/v1/checks", {"text": "Rome is the capital city of Italy.", "kb": KB,
                                                       "title": "Capital <i>story</i>"}).json()["id"]
    wait_done(server.url, titled)
    found = http("GET", f"{server.url}/history?q=capital")
    assert found.status == 200 and f'href="/checks/{titled}"' in found.text
    assert "Capital &lt;i&gt;story&lt;/i&gt;" in found.text
    assert "No checks found" in http("GET", f"{server.url}/history?q=zzzz-nothing").text
    kb_page = http("GET", f"{server.url}/kbs/{KB}?q=Colosseum")
    assert kb_page.status == 200 and "&lt;script&gt;window.kbOwned" in kb_page.text
    assert "<script>window" not in kb_page.text
    assert http("GET", f"{server.url}/kbs").status == 200
    assert http("GET", f"{server.url}/kbs/nosuch").status == 404
    assert http("GET", f"{server.url}/kbs/..%2F..%2Fetc").status == 404
    assert http("GET", f"{server.url}/checks/{'0' * 32}").status == 404
    assert http("GET", f"{server.url}/feeds").status == 200
    css = http("GET", f"{server.url}/static/desk.css")
    assert css.status == 200 and "@media" in css.text


def test_the_form_preselects_the_default_kb_and_hides_empty_ones(server: Server, monkeypatch) -> None:
    from factdesk.evidence.kb import KnowledgeBase
    from factdesk.service.desk import _kb_options

    empty = KnowledgeBase.create("aaa-empty", dense=False)  # sorts first: it would have been the one shown
    try:
        options = re.findall(r'<option value="([^"]+)"( selected)?>', http("GET", f"{server.url}/").text)
        assert "aaa-empty" not in [name for name, _ in options]
        assert [name for name, mark in options if mark] == [KB]
        # a server started without --kb preselects $FACTDESK_KB, the knowledge base its checks use
        monkeypatch.setenv("FACTDESK_KB", KB)
        assert re.findall(r'<option value="([^"]+)" selected>', _kb_options(None)) == [KB]
    finally:
        empty.remove()
