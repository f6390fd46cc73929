"""The predictions ledger and spoken briefs in the service: the REST API under /v1/predictions, the brief as
audio at /v1/checks/{id}.wav, and the desk's predictions page (docs/predictions.md, docs/audio.md).

Handlers are plain `def`: they touch the database (and the voice), so FastAPI runs them in its thread pool.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from factdesk.errors import FactdeskError, InputError
from factdesk.predictions.ledger import OUTCOMES, LedgerEntry
from factdesk.predictions.scoring import decomposition, plot_reliability, reliability, scores
from factdesk.service import tokens
from factdesk.service.db import ServiceStore
from factdesk.service.pages import e

router = APIRouter(tags=["predictions"])
desk_router = APIRouter(include_in_schema=False)
_AUDIO_LOCK = threading.Lock()  # one synthesis at a time: it takes the CPU, and a second request waits for the file


def _store(request: Request) -> ServiceStore:
    return request.app.state.store


def _require_token(request: Request) -> str:
    """Who resolves: the token's name when tokens are in use, else "api" (same rule as the other writes)."""
    store = _store(request)
    if not tokens.required(store):
        return "api"
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    info = tokens.verify(store, token.strip()) if scheme.lower() == "bearer" else None
    if info is None:
        raise HTTPException(401, "a valid API token is required for this request (Authorization: Bearer ...)",
                            headers={"WWW-Authenticate": "Bearer"})
    return info.name


class Resolution(BaseModel):
    outcome: str = Field(description="true (the forecast event happened), false, void, or open to undo")
    note: str | None = Field(None, max_length=2000)
    evidence_url: str | None = Field(None, max_length=2000, description="an http(s) page that shows the outcome")
    who: str | None = Field(None, max_length=200, description="who resolves (default: the API token's name)")


def _entry_json(entry: LedgerEntry, today: dt.date) -> dict[str, Any]:
    return entry.model_dump(mode="json") | {"due": entry.is_due(today)}


@router.get("/v1/predictions")
def list_predictions(request: Request, due: bool = Query(False, description="only open predictions now due"),
                     source: str | None = Query(None, max_length=200), status: str | None = Query(None),
                     today: dt.date | None = None) -> list[dict[str, Any]]:
    """The ledger's predictions by due date, each with horizon, stated likelihood, source and status."""
    day = today or dt.date.today()
    if status is not None and status not in ("open", "true", "false", "void"):
        raise InputError(f"status is open, true, false or void, not {status!r}")
    entries = _store(request).entries(due_by=day if due else None, source=source, status=status)
    return [_entry_json(entry, day) for entry in entries]


@router.get("/v1/predictions/scores")
def prediction_scores(request: Request, by: str | None = Query(None, description="source or author")) -> dict:
    """Brier score, counts and resolution rate (overall or per source/author), the reliability table and
    Murphy's decomposition."""
    entries = _store(request).entries()
    parts = decomposition(entries)
    return {"scores": [s.model_dump() for s in scores(entries, by)],
            "reliability": [b.model_dump() for b in reliability(entries)],
            "decomposition": parts.model_dump() if parts else None}


@router.get("/v1/predictions/reliability.png", response_class=Response)
def reliability_plot(request: Request) -> Response:
    """The reliability diagram of the ledger as a PNG (needs matplotlib on the server)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reliability.png"
        plot_reliability(reliability(_store(request).entries()), path)
        return Response(path.read_bytes(), media_type="image/png")


@router.get("/v1/predictions/review")
def review_predictions(request: Request, kb: str | None = Query(None, max_length=200),
                       today: dt.date | None = None) -> list[dict[str, Any]]:
    """Proposed resolutions for the due predictions, with quoted evidence; nothing is resolved (POST a
    resolution to accept one)."""
    from factdesk.api import pipeline_for
    from factdesk.predictions.review import propose
    from factdesk.service.inputs import check_kb

    day = today or dt.date.today()
    due = _store(request).entries(due_by=day)
    if not due:
        return []
    pipeline = pipeline_for(check_kb(kb) or request.app.state.config.kb)
    return [p.as_dict() for p in propose(due, pipeline, day)]


@router.get("/v1/predictions/{prediction_id}")
def get_prediction(request: Request, prediction_id: int) -> dict[str, Any]:
    """One prediction with every change of its status (who, when, note, evidence)."""
    store = _store(request)
    entry = store.entry(prediction_id)
    return _entry_json(entry, dt.date.today()) | {
        "events": [ev.model_dump(mode="json") for ev in store.events(prediction_id)]}


@router.post("/v1/predictions/{prediction_id}/resolution")
def resolve_prediction(request: Request, prediction_id: int, body: Resolution,
                       who: str = Depends(_require_token)) -> dict[str, Any]:
    """Resolve a prediction true, false or void (or open it again); the change is kept with who and when."""
    entry = _store(request).resolve(prediction_id, body.outcome, who=body.who or who, note=body.note,
                                    evidence_url=body.evidence_url)
    return _entry_json(entry, dt.date.today())


def audio_file(store: ServiceStore, check_id: str) -> Path:
    """The spoken brief of a stored check as WAV, made on the first request and kept under $FACTDESK_HOME/audio."""
    from factdesk import settings

    brief = store.get(check_id)
    folder = settings.home() / "audio"
    path = folder / f"{brief.check_id}.wav"
    with _AUDIO_LOCK:
        if not path.exists():
            from factdesk.audio import brief_audio

            folder.mkdir(parents=True, exist_ok=True)
            partial = folder / f"{brief.check_id}.partial.wav"
            brief_audio(brief, partial)
            partial.replace(path)  # a reader never sees half a file
    return path


@router.get("/v1/checks/{check_id}.wav", response_class=FileResponse, tags=["checks"])
def get_check_audio(request: Request, check_id: str) -> FileResponse:
    """The brief spoken (WAV, offline Piper voice; needs the audio extra on the server). Made once, then cached."""
    from factdesk.service.routes import _done_brief

    _done_brief(_store(request), check_id)  # 404 unknown, 409 still running
    try:
        path = audio_file(_store(request), check_id)
    except InputError as exc:
        if "audio extra" in str(exc):
            raise HTTPException(501, str(exc)) from None
        raise
    return FileResponse(path, media_type="audio/wav", filename=path.name)


# -- the desk's page ------------------------------------------------------------------------------------------


def _row(entry: LedgerEntry, resolve_form: str = "") -> str:
    stated = f"{entry.likelihood:.0%} “{e(entry.likelihood_word)}”" if entry.likelihood is not None else "–"
    source = e(entry.author or entry.outlet or "–")
    check = f'<a href="/checks/{e(entry.check_id)}">check</a>'
    return (f"<tr><td>{entry.id}</td><td>“{e(entry.text)}” ({check})</td><td>{source}</td>"
            f"<td>{e(entry.due_on or 'open-ended')}</td><td>{stated}</td>"
            f'<td><span class="badge">{e(entry.status)}</span>{resolve_form}</td></tr>')


def _resolve_form(entry: LedgerEntry, token_needed: bool) -> str:
    options = "".join(f'<option value="{o}">{o}</option>' for o in OUTCOMES[:3])
    token = ('<input name="token" type="password" autocomplete="off" placeholder="API token" '
             'aria-label="API token">' if token_needed else "")
    return (f'<form method="post" action="/predictions/{entry.id}/resolve" class="row">'
            f'<select name="outcome" aria-label="outcome of prediction {entry.id}">{options}</select>'
            f'<input name="note" placeholder="note (what happened)" aria-label="note">{token}'
            f"<button type=\"submit\">Resolve</button></form>")


def _table(caption: str, rows: str) -> str:
    return (f"<table><caption>{e(caption)}</caption><thead><tr><th scope=col>#</th><th scope=col>Prediction</th>"
            "<th scope=col>Source</th><th scope=col>Due</th><th scope=col>Stated</th><th scope=col>Status</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


@desk_router.get("/predictions", response_class=HTMLResponse)
def predictions_page(request: Request) -> HTMLResponse:
    from factdesk.service.desk import page

    store, today = _store(request), dt.date.today()
    entries = store.entries()
    token_needed = tokens.required(store)
    due = [x for x in entries if x.is_due(today)]
    still_open = [x for x in entries if x.status == "open" and not x.is_due(today)]
    resolved = [x for x in entries if x.status != "open"]
    per_source = "".join(
        f"<tr><td>{e(s.group)}</td><td>{s.count}</td><td>{s.resolved}</td><td>{s.resolution_rate:.0%}</td>"
        f"<td>{'–' if s.brier is None else f'{s.brier:.3f}'}</td></tr>" for s in scores(entries, "source"))
    table = reliability(entries)
    rel = "".join(f"<tr><td>{b.stated:.0%}</td><td>{b.count}</td><td>{b.observed:.0%}</td></tr>" for b in table)
    plot = ('<p><img src="/v1/predictions/reliability.png" width="400" height="400" alt="Reliability diagram: '
            'stated likelihood against the share that came true"></p>'
            if table and importlib.util.find_spec("matplotlib") else "")
    body = f"""<h1>Predictions</h1>
<p class="meta">Every prediction a check set apart, with its horizon and stated likelihood. Resolve the due ones;
sources are scored with the Brier score (0 perfect, 0.25 always “even chance”, 1 always wrong). Review proposals:
<code>factdesk predictions review</code> or GET /v1/predictions/review.</p>
<h2>Due ({len(due)})</h2>
{_table("due: the horizon has passed", "".join(_row(x, _resolve_form(x, token_needed)) for x in due))
 if due else "<p>No prediction is due.</p>"}
<h2>Open ({len(still_open)})</h2>
{_table("open", "".join(_row(x) for x in still_open)) if still_open else "<p>No open prediction.</p>"}
<h2>Resolved ({len(resolved)})</h2>
{_table("resolved", "".join(_row(x) for x in resolved)) if resolved else "<p>Nothing resolved yet.</p>"}
<h2>Scores by source</h2>
{"<table><thead><tr><th scope=col>Source</th><th scope=col>Predictions</th><th scope=col>Resolved</th>"
 "<th scope=col>Resolution rate</th><th scope=col>Brier</th></tr></thead><tbody>" + per_source + "</tbody></table>"
 if entries else "<p>The ledger is empty.</p>"}
<h2>Reliability</h2>
{"<table><thead><tr><th scope=col>Stated likelihood</th><th scope=col>Resolved</th><th scope=col>Came true</th>"
 "</tr></thead><tbody>" + rel + "</tbody></table>" if rel else "<p>No resolved prediction with a stated likelihood."
 "</p>"}{plot}"""
    return page("Predictions", body, "/predictions")


@desk_router.post("/predictions/{prediction_id}/resolve", response_class=HTMLResponse)
def resolve_form(request: Request, prediction_id: int, outcome: str = Form(...), note: str = Form(""),
                 token: str = Form("")) -> Any:
    """The no-JavaScript path: resolve and go back to the predictions page."""
    from factdesk.service.desk import page

    store = _store(request)
    who = "desk"
    if tokens.required(store):
        info = tokens.verify(store, token.strip())
        if info is None:
            return page("Predictions", '<p class="error" role="alert">A valid API token is required.</p>',
                        "/predictions", 401)
        who = info.name
    try:
        store.resolve(prediction_id, outcome, who=who, note=note.strip() or None)
    except FactdeskError as exc:
        return page("Predictions", f'<p class="error" role="alert">{e(exc)}</p>', "/predictions", 400)
    return RedirectResponse("/predictions", status_code=303)
