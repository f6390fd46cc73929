"""The web desk: server-rendered pages plus a little vanilla JS (static/desk.js), no build step.

Forms work without JavaScript (a POST and a redirect; a check in progress refreshes itself); with it, a
check is submitted through the API and its progress is polled. Pages send a Content-Security-Policy
that allows scripts and styles from this server only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from factdesk.errors import FactdeskError, NotFoundError
from factdesk.service import feeds as feed_store
from factdesk.service import jobs, tokens
from factdesk.service.db import ServiceStore
from factdesk.service.inputs import CheckIn, job_request
from factdesk.service.pages import brief_page, counts_badges, e, layout, path_part, query

router = APIRouter(include_in_schema=False)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
PAGE_SIZE = 20


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")


def page(title: str, body: str, active: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(layout(title, body, active), status_code=status,
                        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                 "Referrer-Policy": "no-referrer"})


def _store(request: Request) -> ServiceStore:
    return request.app.state.store


def _kb_options(selected: str | None = None) -> str:
    """The knowledge bases holding passages, the server's default preselected (and always offered: `demo` is
    built on first use); an empty one (a failed or interrupted first add) would only give empty briefs."""
    from factdesk.evidence.kb import list_knowledge_bases
    from factdesk.settings import get

    default = selected or get("kb")
    names = [kb["name"] for kb in list_knowledge_bases() if kb["passages"] or kb["name"] == default]
    names = names if default in names else [default, *names]
    return "".join(f'<option value="{e(n)}"{" selected" if n == default else ""}>{e(n)}</option>' for n in names)


def _token_field(store: ServiceStore) -> str:
    if not tokens.required(store):
        return ""
    return ('<p><label for="token">API token (this server requires one)</label>'
            '<input id="token" name="token" type="password" autocomplete="off" data-token></p>')


def _check_form(store: ServiceStore, error: str = "", default_kb: str | None = None) -> str:
    alert = f'<p class="error" role="alert">{e(error)}</p>' if error else '<p class="error" role="alert" hidden></p>'
    return f"""<h1>Check an article</h1>
<form method="post" action="/checks" id="check-form" data-api="/v1/checks">
{alert}
<p><label for="text">Article text</label>
<textarea id="text" name="text" rows="12" placeholder="Paste the article here"></textarea></p>
<p><label for="url">…or the article's URL</label>
<input id="url" name="url" type="url" inputmode="url" placeholder="https://"></p>
<div class="row">
<p><label for="kb">Knowledge base</label><select id="kb" name="kb">{_kb_options(default_kb)}</select></p>
<p><label for="as_of">Evidence as of (optional)</label><input id="as_of" name="as_of" type="date"></p>
</div>
{_token_field(store)}
<p><button type="submit">Check</button></p>
</form>"""


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    store = _store(request)
    recent = store.list(limit=5)
    items = "".join(f'<li><a href="/checks/{e(c.id)}">{e(c.title or c.source)}</a> {counts_badges(c.counts)}</li>'
                    for c in recent)
    body = _check_form(store, default_kb=request.app.state.config.kb)
    if items:
        body += f'<h2>Recent checks</h2><ul class="list">{items}</ul><p><a href="/history">All checks</a></p>'
    return page("New check", body, "/")


@router.post("/checks", response_class=HTMLResponse)
def submit_form(request: Request, text: str = Form(""), url: str = Form(""), kb: str = Form(""),
                as_of: str = Form(""), token: str = Form("")) -> Any:
    """The no-JavaScript path: queue the check and redirect to its page."""
    store = _store(request)
    if tokens.required(store) and tokens.verify(store, token.strip()) is None:
        return page("New check", _check_form(store, "A valid API token is required.", kb or None), "/", 401)
    try:
        data = CheckIn(text=text if text.strip() else None, url=url.strip() or None, kb=kb or None,
                       as_of=as_of or None)
        job = jobs.enqueue(store, job_request(data, request.app.state.config.allow_private_urls))
    except FactdeskError as exc:
        return page("New check", _check_form(store, str(exc), kb or None), "/", 400)
    except ValueError as exc:  # pydantic: a malformed date
        return page("New check", _check_form(store, f"invalid input: {exc.errors()[0]['msg']}", kb or None), "/",
                    400)
    request.app.state.pool.notify()
    return RedirectResponse(f"/checks/{job.id}", status_code=303)


@router.get("/checks/{check_id}", response_class=HTMLResponse)
def check_page(request: Request, check_id: str) -> HTMLResponse:
    store = _store(request)
    job = jobs.find(store, check_id)
    if job is None or job.status == "done":
        try:
            brief = store.get(check_id)
        except NotFoundError:
            return page("Not found", f"<h1>Not found</h1><p>No check with id {e(check_id)}.</p>", status=404)
        return page(brief.article.title or "Brief", brief_page(brief))
    if job.status == "failed":
        body = (f"<h1>Check failed</h1><p class=\"meta\">{e(job.source)}</p>"
                f'<p class="error" role="alert">{e(job.error)}</p><p><a href="/">Check another article</a></p>')
        return page("Check failed", body)
    body = f"""<h1>Checking…</h1>
<p class="meta">{e(job.title or job.source)}</p>
<div class="progress" data-poll="/v1/checks/{e(job.id)}" role="status" aria-live="polite">
<p><span class="spinner" aria-hidden="true"></span> <span class="status" data-status>{e(job.status)}</span>:
<span data-progress>{e(job.progress or "waiting for a worker")}</span></p></div>
<noscript><p>This page does not refresh by itself without JavaScript: <a href="/checks/{e(job.id)}">reload</a>.</p>
</noscript>"""
    return page("Checking", body)


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, q: str = Query("", max_length=200), page_no: int = Query(1, ge=1, alias="page")) -> Any:
    store = _store(request)
    offset = (page_no - 1) * PAGE_SIZE
    total = store.count(q or None)
    rows = store.list(PAGE_SIZE, offset, q or None)
    lines = "".join(
        f'<tr><td><a href="/checks/{e(c.id)}">{e(c.title or c.source)}</a></td>'
        f"<td>{e(c.created_at.strftime('%Y-%m-%d %H:%M'))}</td><td>{counts_badges(c.counts)}</td></tr>"
        for c in rows)
    table = (f'<table><caption>{total} check(s){" matching " + e(q) if q else ""}</caption>'
             f"<thead><tr><th scope=col>Article</th><th scope=col>Checked (UTC)</th><th scope=col>Verdicts</th>"
             f"</tr></thead><tbody>{lines}</tbody></table>") if rows else "<p>No checks found.</p>"
    pager = []
    if page_no > 1:
        pager.append(f'<a href="{e(query("/history", q=q, page=page_no - 1))}" rel="prev">Newer</a>')
    if offset + PAGE_SIZE < total:
        pager.append(f'<a href="{e(query("/history", q=q, page=page_no + 1))}" rel="next">Older</a>')
    pending = jobs.recent(store, limit=10) if page_no == 1 and not q else []
    pending_html = "".join(
        f'<li><a href="/checks/{e(j.id)}">{e(j.title or j.source)}</a> <span class="badge {e(j.status)}">'
        f"{e(j.status)}</span> {e(j.error or j.progress or '')}</li>" for j in pending)
    body = f"""<h1>History</h1>
<form method="get" action="/history" role="search"><label for="q">Search titles, sources and claims</label>
<div class="row"><input id="q" name="q" type="search" value="{e(q)}"><button type="submit">Search</button></div></form>
{"<h2>In progress or failed</h2><ul class='list'>" + pending_html + "</ul>" if pending_html else ""}
{table}<nav class="pager" aria-label="Pages">{" ".join(pager)}</nav>"""
    return page("History", body, "/history")


@router.get("/kbs", response_class=HTMLResponse)
def kbs(request: Request) -> HTMLResponse:
    from factdesk.evidence.kb import list_knowledge_bases

    rows = "".join(f'<tr><td><a href="/kbs/{e(path_part(kb["name"]))}">{e(kb["name"])}</a></td>'
                   f'<td>{kb["documents"]}</td><td>{kb["passages"]}</td></tr>' for kb in list_knowledge_bases())
    body = ("<h1>Knowledge bases</h1>" + (
        "<table><thead><tr><th scope=col>Name</th><th scope=col>Documents</th><th scope=col>Passages</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>" if rows else
        "<p>No knowledge base yet: <code>factdesk kb add NAME FILES</code>, or POST /v1/kbs/NAME/documents.</p>"))
    return page("Knowledge bases", body, "/kbs")


@router.get("/kbs/{name}", response_class=HTMLResponse)
def kb_page(request: Request, name: str, q: str = Query("", max_length=500)) -> HTMLResponse:
    from factdesk.brief.view import source_name
    from factdesk.evidence.kb import KnowledgeBase
    from factdesk.service.inputs import check_kb
    from factdesk.service.pages import link

    try:
        kb = KnowledgeBase.open(check_kb(name) or "")
    except FactdeskError as exc:
        return page("Not found", f"<h1>Not found</h1><p>{e(exc)}</p>", "/kbs", 404)
    try:
        stats = kb.stats()
        hits = kb.search(q, top_k=10) if q.strip() else []
    finally:
        kb.close()
    facts = "".join(f"<tr><th scope=row>{e(k.replace('_', ' '))}</th><td>{e(v)}</td></tr>" for k, v in stats.items()
                    if k not in ("path", "name"))
    found = "".join(f"<li><blockquote>{e(h.passage.text)}<cite>— {link(h.passage.url, source_name(h.passage))}"
                    f"{' · ' + h.passage.date.isoformat() if h.passage.date else ''}</cite></blockquote></li>"
                    for h in hits)
    body = f"""<h1>Knowledge base {e(stats['name'])}</h1><table>{facts}</table>
<h2>Search its passages</h2>
<form method="get" role="search"><label for="q">Query</label>
<div class="row"><input id="q" name="q" type="search" value="{e(q)}"><button type="submit">Search</button></div></form>
{f'<ol class="hits">{found}</ol>' if found else ('<p>No passage matches.</p>' if q.strip() else '')}"""
    return page(f"Knowledge base {stats['name']}", body, "/kbs")


@router.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request) -> HTMLResponse:
    store = _store(request)
    sections = []
    for feed in feed_store.all_feeds(store):
        items = feed_store.items(store, feed.id, limit=20)
        lines = "".join(
            f"<li>{_item_link(item)} <span class=\"badge {e(item.state)}\">{e(item.state)}</span>"
            f"{' ' + e(item.error) if item.error else ''}</li>" for item in items)
        state = (f'<p class="error">Failing ({feed.failures} time(s) in a row): {e(feed.error)}</p>'
                 if feed.failures else "")
        polled = feed.polled_at.strftime("%Y-%m-%d %H:%M UTC") if feed.polled_at else "never"
        sections.append(f"""<section class="feed"><h2>{e(feed.title or feed.url)}</h2>
<p class="meta"><a href="{e(feed.url)}" rel="noopener noreferrer">{e(feed.url)}</a> · last polled {e(polled)}
 · knowledge base {e(feed.kb or "default")}</p>{state}
{f'<ul class="list">{lines}</ul>' if lines else '<p>No items yet.</p>'}</section>""")
    body = f"""<h1>Feeds</h1>
<form method="post" action="/feeds" id="feed-form" data-api="/v1/feeds">
<p class="error" role="alert" hidden></p>
<p><label for="feed-url">Watch a feed (RSS or Atom)</label>
<span class="row"><input id="feed-url" name="url" type="url" required placeholder="https://example.org/feed.xml">
<button type="submit">Watch</button></span></p>{_token_field(store)}</form>
{"".join(sections) or "<p>No feed watched yet.</p>"}"""
    return page("Feeds", body, "/feeds")


@router.post("/feeds", response_class=HTMLResponse)
def add_feed_form(request: Request, url: str = Form(...), token: str = Form("")) -> Any:
    store = _store(request)
    if tokens.required(store) and tokens.verify(store, token.strip()) is None:
        raise HTTPException(401, "a valid API token is required")
    feed_store.add(store, url, allow_private=request.app.state.config.allow_private_urls)
    if request.app.state.watcher:
        request.app.state.watcher.notify()
    return RedirectResponse("/feeds", status_code=303)


def _item_link(item: feed_store.FeedItem) -> str:
    title = e(item.title or item.url)
    return f'<a href="/checks/{e(item.job_id)}">{title}</a>' if item.job_id else title
