"""The brief's analysis and outlook sections, written by a chat model and grounded in the check.

The model sees the article's title and summary, every judged claim with its verdict and the passages it cited,
and the article's predictions, each under a short id (c1, p1, e1). It answers a few points per section, each
citing the ids it rests on. Grounding is enforced, not requested: an id that is not in the check is removed,
and a point left citing nothing is dropped, both noted. On failure the sections stay empty, with a note.

Example::

    analysis, outlook = write_analysis(ChatClient(config.get("ollama")), brief)
"""

from __future__ import annotations

from pydantic import BaseModel

from factdesk.llm import trace
from factdesk.llm.client import ChatClient, LLMError
from factdesk.llm.structured import complete_json
from factdesk.models import Brief, GroundedPoint

MAX_POINTS = 5

SYSTEM = """You write two short sections of a fact-check brief, using only the material given.
ANALYSIS: 2 to 4 points on what the checked claims and their evidence add up to: what holds, what does not, \
what remains unverified.
OUTLOOK: 1 to 3 points on what to expect next, based on the article's predictions and the verified claims; \
say how well founded each expectation is.
Every point must cite the ids (c1, p1, e1, ...) of the claims, predictions and evidence it rests on, and only \
ids from the lists given. Do not add facts that are not in the material.
Answer with one JSON object and nothing else:
{"analysis": [{"text": "<point>", "cites": ["c1", "e2"]}], "outlook": [{"text": "<point>", "cites": ["p1"]}]}"""


class Point(BaseModel):
    text: str
    cites: list[str]


class Sections(BaseModel):
    analysis: list[Point]
    outlook: list[Point]


def material(brief: Brief) -> tuple[str, dict[str, str]]:
    """The prompt's material and the map from its short ids to the check's claim and passage ids."""
    ids: dict[str, str] = {}
    lines = [f"TITLE: {brief.article.title or '(none)'}", "SUMMARY:"]
    lines += [f"- {' '.join(s.split())}" for s in brief.summary] or ["- (none)"]
    lines.append("CLAIMS (id: verdict, confidence: claim; evidence cited):")
    for result in brief.results:
        claim, verdict = result.claim, result.verdict
        ids[claim.id] = claim.id
        lines.append(f"{claim.id}: {verdict.label.value}, {verdict.confidence:.0%}: {' '.join(claim.text.split())}")
        by_id = {e.passage.id: e.passage for e in verdict.evidence}
        for passage_id in verdict.cited:
            if passage_id in by_id:
                short = next((k for k, v in ids.items() if v == passage_id and k.startswith("e")), None)
                if short is None:
                    short = f"e{sum(k.startswith('e') for k in ids) + 1}"
                    ids[short] = passage_id
                passage = by_id[passage_id]
                title = f"({passage.title}) " if passage.title else ""
                lines.append(f"  {short}: {title}{' '.join(passage.text.split())}")
    if not brief.results:
        lines.append("(no claims were checked)")
    lines.append("PREDICTIONS (id: forecast):")
    for prediction in brief.predictions:
        ids[prediction.id] = prediction.id
        lines.append(f"{prediction.id}: {' '.join(prediction.text.split())}")
    if not brief.predictions:
        lines.append("(none)")
    return "\n".join(lines), ids


def _ground(points: list[Point], ids: dict[str, str], section: str) -> list[GroundedPoint]:
    out: list[GroundedPoint] = []
    unknown: set[str] = set()
    dropped = 0
    for point in points[:MAX_POINTS]:
        text = " ".join(point.text.split())
        cites = []
        for cite in point.cites:
            key = cite.strip().strip("[]()").lower()
            if key in ids:
                cites.append(ids[key])
            else:
                unknown.add(cite)
        if text and cites:
            out.append(GroundedPoint(text=text, cites=list(dict.fromkeys(cites))))
        elif text:
            dropped += 1
    if unknown:
        trace.note(f"{section}: citations of ids not in this check removed: {', '.join(sorted(unknown))}")
    if dropped:
        trace.note(f"{section}: {dropped} point(s) citing nothing from this check dropped as ungrounded")
    return out


def write_analysis(client: ChatClient, brief: Brief) -> tuple[list[GroundedPoint], list[GroundedPoint]]:
    """(analysis, outlook) for `brief`; empty lists, with a note, when the model fails."""
    if not brief.results and not brief.predictions:
        return [], []
    text, ids = material(brief)
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]
    try:
        answer = complete_json(client, messages, Sections, stage="analysis", max_tokens=800)
    except LLMError as exc:
        trace.note(f"analysis and outlook not written: {exc}")
        return [], []
    return _ground(answer.analysis, ids, "analysis"), _ground(answer.outlook, ids, "outlook")
