"""HTML building blocks of the web desk: the page layout and the brief with its claims marked in the article.

Every piece of article, evidence, title, URL or error text goes through `html.escape` (`e()` here), and
only http(s) URLs become links (`safe_url` from the brief renderers). The pages carry no inline script
or style, so the Content-Security-Policy the desk sends can forbid both.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from factdesk.brief.view import BriefView, ResultView, build_view, models_line, safe_url, source_name, when
from factdesk.models import Brief, Label, Passage
from factdesk.translate.base import language_note

_NAV = [("/", "New check"), ("/history", "History"), ("/predictions", "Predictions"), ("/kbs", "Knowledge bases"),
        ("/feeds", "Feeds"), ("/docs", "API")]
CLASS = {Label.SUPPORTED: "supported", Label.REFUTED: "refuted", Label.NOT_ENOUGH_INFO: "nei"}


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def link(url: str | None, text: str | None = None) -> str:
    target = safe_url(url)
    label = e(text or url or "")
    return f'<a href="{e(target)}" rel="noopener noreferrer">{label}</a>' if target else label


def query(path: str, **params: object) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", 0)}
    return f"{path}?{urlencode(kept)}" if kept else path


def path_part(value: str) -> str:
    return quote(value, safe="")


def layout(title: str, body: str, active: str = "", status: int = 200) -> str:
    nav = "".join(
        f'<li><a href="{href}"{" aria-current=page" if href == active else ""}>{label}</a></li>'
        for href, label in _NAV)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} · factdesk</title>",
        '<link rel="stylesheet" href="/static/desk.css">', '<script src="/static/desk.js" defer></script>',
        "</head>", "<body>",
        '<a class="skip" href="#main">Skip to content</a>',
        f'<header><a class="brand" href="/">factdesk</a><nav aria-label="Main"><ul>{nav}</ul></nav></header>',
        f'<main id="main" tabindex="-1">{body}</main>',
        "</body>", "</html>", ""])


def counts_badges(counts: dict[str, int]) -> str:
    parts = [(Label.SUPPORTED, "supported"), (Label.REFUTED, "refuted"), (Label.NOT_ENOUGH_INFO, "not enough info")]
    return " ".join(f'<span class="badge {CLASS[label]}">{counts.get(label.value, 0)} {words}</span>'
                    for label, words in parts)


def marked_article(brief: Brief, view: BriefView) -> str:
    """The article text with each checked claim (and each prediction) marked and linked to its result."""
    text = brief.article.text
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, css class, target id, label for readers
    for result in view.results:
        claim = result.check.claim
        spans.append((claim.start, claim.end, CLASS[result.label], f"claim-{claim.id}",
                      f"claim {result.number}, {result.label.display.split(' ', 1)[1].lower()}"))
    checked = {r.check.claim.id for r in view.results}
    for claim in brief.predictions:
        if claim.id not in checked:
            spans.append((claim.start, claim.end, "prediction", "", "prediction, not checked"))
    out: list[str] = []
    position = 0
    for start, end, css, target, label in sorted(spans):
        if start < position or not 0 <= start < end <= len(text):
            continue  # overlapping or out-of-range offsets are left unmarked rather than garbled
        out.append(e(text[position:start]))
        inner = e(text[start:end])
        if target:
            out.append(f'<a class="hl {css}" id="in-text-{e(target[6:])}" href="#{e(target)}" '
                       f'aria-label="{e(label)}: {inner}">{inner}</a>')
        else:
            out.append(f'<mark class="hl {css}" title="{e(label)}">{inner}</mark>')
        position = end
    out.append(e(text[position:]))
    return f'<div class="article-text">{"".join(out)}</div>'


def _quote(passage: Passage, ref: int) -> str:
    where = [f"<em>{e(source_name(passage))}</em>"]
    if passage.url and passage.url != source_name(passage):
        where.append(link(passage.url))
    elif passage.url:
        where = [link(passage.url, source_name(passage))]
    if passage.date:
        where.append(passage.date.isoformat())
    # a passage in another language is quoted as written, its English beside it (docs/japanese.md)
    english = (f'<br><span class="translation"><em>English:</em> {e(passage.translation)}</span>'
               if passage.translation else "")
    return f"<blockquote>{e(passage.text)}{english}<cite>— {', '.join(where)} [{ref}]</cite></blockquote>"


def result_card(result: ResultView) -> str:
    claim = result.check.claim
    detail = e(result.explanation.detail)
    out = [f'<section class="result v-{CLASS[result.label]}" id="claim-{e(claim.id)}" tabindex="-1" '
           f'aria-labelledby="claim-h-{e(claim.id)}">',
           f'<h3 id="claim-h-{e(claim.id)}"><span class="badge {CLASS[result.label]}">'
           f"{e(result.label.display)}</span> <span class=\"conf\">{detail}</span></h3>",
           f'<p class="claim">{result.number}. “{e(claim.text)}”</p>']
    if claim.translation:
        out.append(f'<p class="translation"><em>English:</em> “{e(claim.translation)}”</p>')
    out.append(f'<p class="note"><strong>Why:</strong> {e(result.explanation.text)}</p>')
    out += [_quote(q.passage, q.ref) for q in result.quotes]
    out.append(f'<p class="back"><a href="#in-text-{e(claim.id)}">Show in the article</a></p></section>')
    return "\n".join(out)


def predictions_section(brief: Brief) -> str:
    """Each prediction with its horizon, stated likelihood and its source's track record (docs/predictions.md)."""
    from factdesk.brief.forecasts import prediction_details

    items = "".join(f"<li>“{e(text)}”" + (f' <span class="note">{e(details)}</span>' if details else "") + "</li>"
                    for text, details in prediction_details(brief))
    return (f'<h2>Predictions</h2><ul>{items}</ul><p class="meta"><a href="/predictions">The predictions ledger</a>'
            "</p>") if items else ""


def brief_page(brief: Brief) -> str:
    view = build_view(brief)
    article = brief.article
    meta = [link(article.url) if article.url else e(article.source), f"checked {e(when(brief.created_at))}"]
    if note := language_note(article.language, brief.models.get("translator")):  # docs/japanese.md
        meta.append(e(note))
    if brief.knowledge_base:
        meta.append(f'knowledge base <a href="/kbs/{e(path_part(brief.knowledge_base))}">'
                    f"{e(brief.knowledge_base)}</a>")
    if brief.as_of:
        meta.append(f"as of {brief.as_of.isoformat()}")
    cid = e(brief.check_id)
    downloads = " · ".join(f'<a href="/v1/checks/{cid}.{fmt}">{name}</a>' for fmt, name in
                           (("md", "Markdown"), ("html", "HTML page"), ("jsonld", "ClaimReview"), ("json", "JSON")))
    results = "\n".join(result_card(r) for r in view.results) or "<p>No check-worthy claim was found.</p>"
    summary = "".join(f"<li>{e(s)}</li>" for s in brief.summary)
    refs = "".join(f"<li>{link(p.url, source_name(p)) if p.url else e(source_name(p))}</li>" for p in view.sources)
    return "\n".join([
        f"<h1>{e(article.title or 'Fact-check brief')}</h1>",
        f'<p class="meta">{" · ".join(meta)}</p>',
        f'<p class="counts" id="counts">Verdicts: {e(view.counts_line)}</p>',
        f'<p class="listen"><audio controls preload="none" src="/v1/checks/{cid}.wav">'
        f'<a href="/v1/checks/{cid}.wav">Listen (WAV)</a></audio></p>',
        f"<h2>Summary</h2><ul>{summary}</ul>" if summary else "",
        '<div class="brief">',
        '<section class="article" aria-labelledby="article-h"><h2 id="article-h">Article</h2>'
        '<p class="legend"><span class="hl supported">supported</span> <span class="hl refuted">refuted</span> '
        '<span class="hl nei">not enough info</span> <span class="hl prediction">prediction</span></p>'
        f"{marked_article(brief, view)}</section>",
        f'<section class="results" aria-labelledby="results-h"><h2 id="results-h">Claims</h2>{results}</section>',
        "</div>",
        predictions_section(brief),
        f"<h2>References</h2><ol>{refs}</ol>" if refs else "",
        f'<p class="meta">Download: {downloads}</p>',
        f'<p class="meta">Models: {e(models_line(brief))} · check <code>{cid}</code></p>',
    ])
