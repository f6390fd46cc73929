"""The Markdown brief: what a reader sees in the terminal, in a chat or in a notes app.

Layout (docs/formats.md): `# title`, the source line, the counts line, then `## Summary`,
`## Fact-check results`, `## Predictions`, `## References` and a footer with the models and check id.
All article and evidence text is escaped, so a `<script>` or `[link](...)` in it stays text.
"""

from __future__ import annotations

import re

from factdesk.brief.forecasts import prediction_details
from factdesk.brief.sections import sections
from factdesk.brief.view import (
    NOT_CHECKED_INTRO,
    OPINIONS_INTRO,
    BriefView,
    ResultView,
    build_view,
    models_line,
    not_checked_lines,
    safe_url,
    source_name,
    when,
)
from factdesk.models import Brief, Passage
from factdesk.translate.base import language_note

_SPECIAL = re.compile(r"([\\`*_\[\]<>&~])")


def md_text(text: str) -> str:
    """One line of literal text: whitespace collapsed (a newline would end a quote), markup escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_link(url: str | None) -> str | None:
    link = safe_url(url)
    if link and "<" not in link and ">" not in link:
        return f"<{link}>"
    return md_text(url) if url else None


def _source_line(brief: Brief) -> str:
    article = brief.article
    parts = [md_link(article.url) or md_text(article.source)]
    if article.published:
        parts.append(f"published {article.published.isoformat()}")
    parts.append(f"checked {when(brief.created_at)}")
    if note := language_note(article.language, brief.models.get("translator")):  # docs/japanese.md
        parts.append(md_text(note))
    if brief.knowledge_base:
        parts.append(f"knowledge base: {md_text(brief.knowledge_base)}")
    if brief.as_of:
        parts.append(f"as of {brief.as_of.isoformat()}")
    return "**Source:** " + " · ".join(parts)


def _attribution(passage: Passage, ref: int) -> str:
    parts = [f"*{md_text(source_name(passage))}*"]
    if passage.url and passage.url != source_name(passage):
        parts.append(md_link(passage.url) or "")
    if passage.date:
        parts.append(passage.date.isoformat())
    return "— " + ", ".join(parts) + f" [{ref}]"


def _result(result: ResultView) -> list[str]:
    claim, verdict = result.check.claim, result.check.verdict
    heading = f"### {result.number}. {result.label.display} · {md_text(result.explanation.detail)}"
    lines = [heading, "", f"“{md_text(claim.text)}”", ""]
    if claim.translation:
        lines += [f"*English:* “{md_text(claim.translation)}”", ""]
    if verdict.rationale:
        lines += [f"*Rationale:* {md_text(verdict.rationale)}", ""]
    lines += [f"*Why:* {md_text(result.explanation.text)}", ""]
    for quote in result.quotes:
        lines += [f"> {md_text(quote.passage.text)}", ">"]
        if quote.passage.translation:
            lines += [f"> *English:* {md_text(quote.passage.translation)}", ">"]
        lines += [f"> {_attribution(quote.passage, quote.ref)}", ""]
    return lines


def _reference(number: int, passage: Passage) -> str:
    parts = [f"*{md_text(source_name(passage))}*"]
    if passage.url and passage.url != source_name(passage):
        parts.append(md_link(passage.url) or "")
    if passage.date:
        parts.append(passage.date.isoformat())
    return f"{number}. " + " — ".join(parts)


def to_markdown(view: BriefView) -> str:
    brief = view.brief
    title = brief.article.title or "Fact-check brief"
    lines = [f"# {md_text(title)}", "", _source_line(brief), "", f"**Verdicts:** {view.counts_line}", ""]
    lines += ["## Summary", ""]
    lines += [f"- {md_text(s)}" for s in brief.summary] or ["No summary."]
    lines += ["", "## Fact-check results", ""]
    for result in view.results:
        lines += _result(result)
    if not view.results:
        lines += ["No check-worthy claim was found.", ""]
    lines += ["## Predictions", ""]
    if brief.predictions:
        lines += ["Forecasts in the article, listed but not fact-checked:", ""]
        lines += [f"- “{md_text(text)}”" + (f" — {md_text(details)}" if details else "")
                  for text, details in prediction_details(brief)]
    else:
        lines += ["No predictions."]
    if brief.opinions:
        lines += ["", "## Opinion and analysis", "", OPINIONS_INTRO, ""]
        lines += [f"- “{md_text(o.text)}”" + (f" — *English:* “{md_text(o.translation)}”" if o.translation else "")
                  for o in brief.opinions]
    if brief.not_checked:
        lines += ["", "## Not checked", "", NOT_CHECKED_INTRO, ""]
        lines += [f"- “{md_text(text)}” — {why}" for text, why in not_checked_lines(brief)]
    for heading, points in sections(view):
        lines += ["", f"## {heading}", ""]
        lines += [f"- {md_text(text)}" + (f" ({md_text(', '.join(cites))})" if cites else "") for text, cites in points]
    lines += ["", "## References", ""]
    lines += [_reference(n, p) for n, p in enumerate(view.sources, 1)] or ["No sources cited."]
    if brief.notes:
        lines += ["", "## Notes", ""] + [f"- {md_text(note)}" for note in brief.notes]
    lines += ["", "---", "", f"Models: {md_text(models_line(brief))}  ", f"Check id: {md_text(brief.check_id)}", ""]
    return "\n".join(lines)


class MarkdownRenderer:
    name = "md"
    media_type = "text/markdown; charset=utf-8"

    def render(self, brief: Brief) -> str:
        return to_markdown(build_view(brief))
