"""What the md and html renderers show of the LLM-written sections (analysis, outlook) and the notes.

A point's citations are shown as readers can follow them: a claim as its result number ("claim 2"), a
prediction as its place in the predictions list ("prediction 1"), a passage as its reference number ("[3]").
"""

from __future__ import annotations

from factdesk.brief.view import BriefView, source_key
from factdesk.models import GroundedPoint


def cite_labels(view: BriefView, point: GroundedPoint) -> list[str]:
    brief = view.brief
    claims = {r.check.claim.id: f"claim {r.number}" for r in view.results}
    predictions = {p.id: f"prediction {n}" for n, p in enumerate(brief.predictions, 1)}
    refs = {source_key(p): n for n, p in enumerate(view.sources, 1)}
    passages = {e.passage.id: e.passage for r in brief.results for e in r.verdict.evidence}
    labels = []
    for cite in point.cites:
        if cite in claims:
            labels.append(claims[cite])
        elif cite in predictions:
            labels.append(predictions[cite])
        elif cite in passages:
            passage = passages[cite]
            ref = refs.get(source_key(passage))
            labels.append(f"[{ref}]" if ref else (passage.title or passage.doc_id))
    return list(dict.fromkeys(labels))


def sections(view: BriefView) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(heading, [(text, cite labels)]) for each non-empty LLM section, in the order shown."""
    out = []
    for heading, points in (("Analysis", view.brief.analysis), ("Outlook", view.brief.outlook)):
        if points:
            out.append((heading, [(p.text, cite_labels(view, p)) for p in points]))
    return out
