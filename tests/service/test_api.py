"""The REST API against a real server on 127.0.0.1, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from .conftest import ARTICLE, KB, Server, http, wait_done

pytestmark = pytest.mark.slow


def submit(server: Server, body: dict, headers: dict[str, str] | None = None) -> str:
    response = http("POST", f"{server.url}/v1/checks", body, headers)
    assert response.status == 202, response.text
    data = response.json()
    assert data["status"] == "queued" and response.headers["Location"] == f"/v1/checks/{data['id']}"
    return data["id"]


def test_text_check_runs_in_a_worker_and_is_stored(server: Server) -> None:
    from factdesk.brief.jsonout import brief_json_schema

    check_id = submit(server, {"text": ARTICLE, "kb": KB})
    data = wait_done(server.url, check_id)
    assert data["status"] == "done", data
    brief = data["brief"]
    jsonschema.validate(brief, brief_json_schema())
    assert brief["check_id"] == check_id  # one id from submission to brief
    assert brief["knowledge_base"] == KB and brief["article"]["title"] == "Eiffel Tower draws record crowds"
    assert brief["results"], "the article's factual sentences should be judged"
    for result in brief["results"]:
        assert ARTICLE[result["claim"]["start"]:result["claim"]["end"]] == result["claim"]["text"]
    eiffel = next(r for r in brief["results"] if "lattice tower" in r["claim"]["text"])
    assert eiffel["verdict"]["evidence"][0]["passage"]["title"] == "Eiffel Tower"
    assert server.store.get(check_id).check_id == check_id  # the store `factdesk history` reads

    markdown = http("GET", f"{server.url}/v1/checks/{check_id}.md")
    assert markdown.status == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert "Eiffel Tower" in markdown.text
    page = http("GET", f"{server.url}/v1/checks/{check_id}.html")
    assert page.status == 200 and page.text.startswith("<!DOCTYPE html>")
    jsonld = http("GET", f"{server.url}/v1/checks/{check_id}.jsonld")
    assert jsonld.status == 200 and jsonld.headers["content-type"].startswith("application/ld+json")
    # one ClaimReview per verdict that did not abstain (whatever the verifier decided here)
    reviews = json.loads(jsonld.text)["@graph"]
    assert len(reviews) == sum(not r["verdict"]["abstained"] for r in brief["results"])
    assert all(r["@type"] == "ClaimReview" for r in reviews)
    assert http("GET", f"{server.url}/v1/checks/{check_id}.pdf").status == 404


def test_url_and_uploaded_file_and_options(server: Server, site: Callable) -> None:
    story = (b"<html><head><title>Paris story</title></head><body><article><h1>Paris story</h1><p>The Eiffel Tower "
             b"is a wrought-iron lattice tower in Paris, France. It was designed by the company of the engineer "
             b"Gustave Eiffel.</p></article></body></html>")
    base = site({"/svc/story.html": (200, "text/html; charset=utf-8", story)})
    by_url = submit(server, {"url": f"{base}/svc/story.html", "top_k": 2, "as_of": "2019-01-01"})
    boundary = uuid.uuid4().hex
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/draft.md\"\r\n"
            f"Content-Type: text/markdown\r\n\r\n{ARTICLE}\r\n--{boundary}\r\n"
            f"Content-Disposition: form-data; name=\"kb\"\r\n\r\n{KB}\r\n--{boundary}--\r\n").encode()
    uploaded = http("POST", f"{server.url}/v1/checks", raw=form,
                    headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert uploaded.status == 202, uploaded.text
    url_brief = wait_done(server.url, by_url)["brief"]
    assert url_brief["article"]["url"] == f"{base}/svc/story.html" and url_brief["as_of"] == "2019-01-01"
    assert all(len(r["verdict"]["evidence"]) <= 2 for r in url_brief["results"])
    file_brief = wait_done(server.url, uploaded.json()["id"])["brief"]
    assert file_brief["article"]["source"] == "upload:draft.md"  # the client's path is dropped
    assert file_brief["results"]

    missing = submit(server, {"url": f"{base}/svc/missing.html"})
    failed = wait_done(server.url, missing)
    assert failed["status"] == "failed" and "HTTP 404" in failed["error"] and failed["brief"] is None
    assert http("GET", f"{server.url}/v1/checks/{missing}.md").status == 409
    queue = http("GET", f"{server.url}/v1/jobs?status=failed").json()
    assert [job["id"] for job in queue] == [missing]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"text": "   "}, 400, "empty"),
    ({"text": "a", "url": "https://example.org/"}, 400, "exactly one"),
    ({}, 400, "exactly one"),
    ({"text": "The sky is blue.", "kb": "nosuchkb"}, 404, "unknown knowledge base"),
    ({"text": "The sky is blue.", "kb": "../../etc"}, 400, "not a path"),
    ({"text": "The sky is blue.", "top_k": 0}, 400, "top_k"),
    ({"text": "The sky is blue.", "as_of": "yesterday"}, 400, "as_of"),
    ({"url": "file:///etc/passwd"}, 400, "http and https"),
    ({"text": "/etc/passwd"}, 202, ""),  # text is text: a server never opens a path named by a client
    ([1, 2], 400, "JSON object"),
])
def test_bad_input_is_refused_before_queueing(server: Server, body: object, status: int, message: str) -> None:
    response = http("POST", f"{server.url}/v1/checks", body)
    assert response.status == status, response.text
    if status == 202:
        done = wait_done(server.url, response.json()["id"])
        assert done["brief"]["article"]["text"] == "/etc/passwd"
        return
    assert message in response.json()["error"]
    assert http("GET", f"{server.url}/v1/jobs?status=queued&status=running&status=failed").json() == []


def test_size_limits(make_server: Callable[..., Server]) -> None:
    server = make_server(max_body_bytes=100_000)
    announced = http("POST", f"{server.url}/v1/checks", {"text": "The tower is tall. " * 10_000})
    assert announced.status == 413 and "limit" in announced.json()["error"]
    assert http("POST", f"{server.url}/v1/checks", {"text": "The tower is tall."}).status == 202


def test_article_over_the_ingest_limit_is_413(server: Server) -> None:
    response = http("POST", f"{server.url}/v1/checks", {"text": "The tower is tall. " * 120_000})
    assert response.status == 413 and "MB limit" in response.json()["error"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_checks_run_at_lower_priority_than_requests(server: Server) -> None:
    wait_done(server.url, submit(server, {"text": ARTICLE, "kb": KB}))  # the workers have started
    workers = [t for t in threading.enumerate() if t.name.startswith("factdesk-worker")]
    baseline = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert workers
    for worker in workers:
        assert worker.native_id is not None
        assert os.getpriority(os.PRIO_PROCESS, worker.native_id) == max(10, baseline)


def test_listing_paging_and_search(server: Server) -> None:
    ids = [submit(server, {"text": f"Report {n}\n\nRome is the capital city of Italy.", "kb": KB})
           for n in range(3)]
    for check_id in ids:
        assert wait_done(server.url, check_id)["status"] == "done"
    page = http("GET", f"{server.url}/v1/checks?limit=2").json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = http("GET", f"{server.url}/v1/checks?limit=2&offset=2").json()
    assert {i["id"] for i in page["items"] + rest["items"]} == set(ids)
    found = http("GET", f"{server.url}/v1/checks?q=Report%201").json()
    assert [i["id"] for i in found["items"]] == [ids[1]]
    assert http("GET", f"{server.url}/v1/checks/{ids[0][:10]}").json()["id"] == ids[0]  # a unique prefix
    assert http("GET", f"{server.url}/v1/checks/{'f' * 32}").status == 404
    assert http("GET", f"{server.url}/v1/checks?limit=0").status == 422


@pytest.mark.parametrize("texts", [[""], ["  ", "\n\t\n"]], ids=["empty", "blank"])
def test_documents_that_are_all_blank_create_no_kb(make_server: Callable[..., Server], service_home: Path,
                                                   texts: list[str]) -> None:
    server = make_server(workers=0)  # no check runs here: no model to load
    listed = lambda: {kb["name"]: kb for kb in http("GET", f"{server.url}/v1/kbs").json()}  # noqa: E731
    before = listed()
    name = f"svc-blank-{uuid.uuid4().hex[:6]}"
    blank = {"documents": [{"id": str(number), "text": text} for number, text in enumerate(texts)]}
    response = http("POST", f"{server.url}/v1/kbs/{name}/documents", blank)
    assert response.status == 400 and "no text to add" in response.json()["error"], response.text
    assert not (service_home / "kbs" / name).exists()
    # too short to give a passage: the new knowledge base is removed again, as `kb add` does
    short = http("POST", f"{server.url}/v1/kbs/{name}/documents", {"documents": [{"id": "a", "text": "Too short."}]})
    assert short.status == 400 and "no document gave a passage" in short.json()["error"], short.text
    assert not (service_home / "kbs" / name).exists()
    # an existing knowledge base is left as it was
    assert http("POST", f"{server.url}/v1/kbs/{KB}/documents", blank).status == 400
    assert listed() == before


def test_knowledge_bases_health_and_docs(server: Server) -> None:
    kbs = http("GET", f"{server.url}/v1/kbs").json()
    tiny = next(kb for kb in kbs if kb["name"] == KB)
    assert tiny["documents"] == 3 and tiny["passages"] >= 3 and set(tiny) == {"name", "documents", "passages"}
    name = f"svc-added-{uuid.uuid4().hex[:6]}"
    added = http("POST", f"{server.url}/v1/kbs/{name}/documents", {"documents": [
        {"id": "moon", "title": "Moon", "text": "The Moon orbits the Earth. It is about 384,400 km away."}]})
    assert added.status == 200 and added.json()["added"] == 1
    assert name in {kb["name"] for kb in http("GET", f"{server.url}/v1/kbs").json()}
    check_id = submit(server, {"text": "The Moon orbits the Earth at about 384,400 km.", "kb": name})
    brief = wait_done(server.url, check_id)["brief"]
    assert brief["knowledge_base"] == name
    assert brief["results"][0]["verdict"]["evidence"][0]["passage"]["doc_id"] == "moon"
    assert http("POST", f"{server.url}/v1/kbs/{name}/documents", {"documents": []}).status == 422

    health = http("GET", f"{server.url}/healthz").json()
    assert health["status"] == "ok" and health["workers"] == 2 and health["jobs"]["done"] == 1
    docs = http("GET", f"{server.url}/docs")
    assert docs.status == 200 and "swagger-ui" in docs.text and "cdn" not in docs.text.lower()
    spec = http("GET", f"{server.url}/openapi.json").json()
    assert {"/v1/checks", "/v1/checks/{check_id}", "/v1/kbs", "/healthz"} <= set(spec["paths"])


def test_404s_do_not_tell_api_clients_to_run_cli_commands(server: Server) -> None:
    for path in (f"/v1/checks/{'f' * 32}", f"/v1/checks/{'f' * 32}.md"):
        response = http("GET", f"{server.url}{path}")
        assert response.status == 404 and response.json()["error"].startswith("no check with id")
        assert "factdesk " not in response.json()["error"] and "`" not in response.json()["error"]
