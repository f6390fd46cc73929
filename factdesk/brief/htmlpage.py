"""The HTML brief: one standalone page (inline CSS, no scripts, no external assets) that reads well on a phone.

Same content as the Markdown brief. Every piece of article or evidence text goes through `html.escape`,
and only http(s) URLs become links.
"""

from __future__ import annotations

from html import escape

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
from factdesk.models import Brief, Claim, Label, Passage
from factdesk.translate.base import language_note

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#fafafa;margin:0}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin:0 0 .5rem}
.meta,.counts,footer{color:#555;font-size:.9rem}
.result{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:.8rem 1rem;margin:1rem 0}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:4px;font-weight:600;font-size:.85rem}
.supported{background:#dff5e1;color:#11612a}
.refuted{background:#fde2e1;color:#9b1c1c}
.nei{background:#fff3cd;color:#7a5b00}
.claim{font-weight:600}
blockquote{margin:.5rem 0;padding:.3rem .8rem;border-left:4px solid #ccc;background:#f4f4f4}
cite{display:block;font-style:normal;font-size:.85rem;color:#555;margin-top:.3rem}
.note{font-size:.9rem;color:#555}
a{color:#0b57d0;overflow-wrap:anywhere}
"""

# defence in depth: even text that escaped escaping could not run a script or load anything
_CSP = """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"""

_BADGE = {Label.SUPPORTED: "supported", Label.REFUTED: "refuted", Label.NOT_ENOUGH_INFO: "nei"}


def _link(url: str | None, text: str | None = None) -> str:
    link = safe_url(url)
    label = escape(text or url or "")
    return f'<a href="{escape(link)}" rel="noopener noreferrer">{label}</a>' if link else label


def _source_line(brief: Brief) -> str:
    article = brief.article
    parts = [_link(article.url) if article.url else escape(article.source)]
    if article.published:
        parts.append(f"published {article.published.isoformat()}")
    parts.append(f"checked {escape(when(brief.created_at))}")
    if note := language_note(article.language, brief.models.get("translator")):  # docs/japanese.md
        parts.append(escape(note))
    if brief.knowledge_base:
        parts.append(f"knowledge base: {escape(brief.knowledge_base)}")
    if brief.as_of:
        parts.append(f"as of {brief.as_of.isoformat()}")
    return f'<p class="meta">Source: {" · ".join(parts)}</p>'


def _attribution(passage: Passage, ref: int) -> str:
    parts = [f"<em>{escape(source_name(passage))}</em>"]
    if passage.url and passage.url != source_name(passage):
        parts.append(_link(passage.url))
    if passage.date:
        parts.append(passage.date.isoformat())
    return f'<cite>— {", ".join(parts)} <a href="#ref-{ref}">[{ref}]</a></cite>'


def _result(result: ResultView) -> str:
    claim, verdict = result.check.claim, result.check.verdict
    badge = f'<span class="badge {_BADGE[result.label]}">{escape(result.label.display)}</span>'
    out = [f'<section class="result" id="claim-{escape(claim.id)}">',
           f"<h3>{result.number}. {badge} · {escape(result.explanation.detail)}</h3>",
           f'<p class="claim">“{escape(claim.text)}”</p>']
    if claim.translation:
        out.append(f'<p class="translation"><em>English:</em> “{escape(claim.translation)}”</p>')
    if verdict.rationale:
        out.append(f'<p class="note"><strong>Rationale:</strong> {escape(verdict.rationale)}</p>')
    out.append(f'<p class="note"><strong>Why:</strong> {escape(result.explanation.text)}</p>')
    for quote in result.quotes:
        english = (f'<br><span class="translation"><em>English:</em> {escape(quote.passage.translation)}</span>'
                   if quote.passage.translation else "")
        out.append(f"<blockquote>{escape(quote.passage.text)}{english}"
                   f"{_attribution(quote.passage, quote.ref)}</blockquote>")
    out.append("</section>")
    return "\n".join(out)


def _reference(number: int, passage: Passage) -> str:
    parts = [f"<em>{escape(source_name(passage))}</em>"]
    if passage.url and passage.url != source_name(passage):
        parts.append(_link(passage.url))
    if passage.date:
        parts.append(passage.date.isoformat())
    return f'<li id="ref-{number}">{" — ".join(parts)}</li>'


def _opinion(opinion: Claim) -> str:
    # an opinion of a translated article is listed as written, its English beside it (docs/japanese.md)
    english = (f' <span class="translation"><em>English:</em> “{escape(opinion.translation)}”</span>'
               if opinion.translation else "")
    return f"<li>“{escape(opinion.text)}”{english}</li>"


def _items(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"


def to_html(view: BriefView) -> str:
    brief = view.brief
    title = brief.article.title or "Fact-check brief"
    body = [f"<h1>{escape(title)}</h1>", _source_line(brief), f'<p class="counts">Verdicts: {view.counts_line}</p>',
            "<h2>Summary</h2>", _items(brief.summary) if brief.summary else "<p>No summary.</p>",
            "<h2>Fact-check results</h2>"]
    body += [_result(r) for r in view.results] or ["<p>No check-worthy claim was found.</p>"]
    body.append("<h2>Predictions</h2>")
    if brief.predictions:
        body += ["<p>Forecasts in the article, listed but not fact-checked:</p>",
                 "<ul>" + "".join(f"<li>“{escape(text)}”" + (f' <small class="note">{escape(details)}</small>'
                                                               if details else "") + "</li>"
                                  for text, details in prediction_details(brief)) + "</ul>"]
    else:
        body.append("<p>No predictions.</p>")
    if brief.opinions:
        body += ["<h2>Opinion and analysis</h2>", f"<p>{OPINIONS_INTRO}</p>",
                 "<ul>" + "".join(_opinion(o) for o in brief.opinions) + "</ul>"]
    if brief.not_checked:
        body += ["<h2>Not checked</h2>", f"<p>{NOT_CHECKED_INTRO}</p>",
                 "<ul>" + "".join(f"<li>“{escape(text)}” — {escape(why)}</li>"
                                  for text, why in not_checked_lines(brief)) + "</ul>"]
    for heading, points in sections(view):
        body.append(f"<h2>{heading}</h2>")
        body.append("<ul>" + "".join(f"<li>{escape(text)}" + (f" <small>({escape(', '.join(cites))})</small>"
                                                             if cites else "") + "</li>" for text, cites in points)
                    + "</ul>")
    body.append("<h2>References</h2>")
    refs = "".join(_reference(n, p) for n, p in enumerate(view.sources, 1))
    body.append(f"<ol>{refs}</ol>" if refs else "<p>No sources cited.</p>")
    if brief.notes:
        body += ["<h2>Notes</h2>", _items(brief.notes)]
    body.append(f"<footer><hr><p>Models: {escape(models_line(brief))}<br>Check id: <code>{escape(brief.check_id)}"
                "</code></p></footer>")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', _CSP,
        f"<title>{escape(title)} · factdesk</title>", f"<style>{_CSS}</style>", "</head>", "<body><main>",
        *body, "</main></body>", "</html>", "",
    ])


class HtmlRenderer:
    name = "html"
    media_type = "text/html; charset=utf-8"

    def render(self, brief: Brief) -> str:
        return to_html(build_view(brief))
