"""schema.org ClaimReview JSON-LD, the markup fact-checkers publish so search engines and aggregators
can show the rating next to the claim (https://schema.org/ClaimReview).

Output: `{"@context": "https://schema.org", "@graph": [ClaimReview, ...]}`, one ClaimReview per judged claim.
Text is JSON with `<`, `>` and `&` escaped as `\\u003c` etc., safe to paste into a `<script>` element.
Abstained verdicts are left out: a ClaimReview is a published rating, and an abstention is the verifier
declining to give one. A claim or passage in another language (docs/japanese.md) is quoted as it was written, its
English beside it in `reviewBody`; the Claim's `inLanguage` says which language. Rating scale (`bestRating` 3,
`worstRating` 1):

| ratingValue | alternateName | label |
| --- | --- | --- |
| 3 | Supported | SUPPORTED |
| 2 | Not enough info | NOT_ENOUGH_INFO |
| 1 | Refuted | REFUTED |
"""

from __future__ import annotations

import json
from typing import Any

from factdesk.brief.view import percent, quoted_passages, safe_url, source_key, source_name
from factdesk.models import Brief, ClaimCheck, Label, Passage

RATINGS: dict[Label, tuple[int, str]] = {
    Label.SUPPORTED: (3, "Supported"),
    Label.NOT_ENOUGH_INFO: (2, "Not enough info"),
    Label.REFUTED: (1, "Refuted"),
}
AUTHOR = {"@type": "Organization", "name": "factdesk"}


def _drop_empty(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v not in (None, "", [], {})}


def _appearance(brief: Brief) -> dict[str, Any]:
    article = brief.article
    published = article.published.isoformat() if article.published else None
    return _drop_empty({"@type": "CreativeWork", "url": safe_url(article.url), "name": article.title or article.source,
                        "datePublished": published})


def _citation(passage: Passage) -> dict[str, Any]:
    date = passage.date.isoformat() if passage.date else None
    return _drop_empty({"@type": "CreativeWork", "name": source_name(passage), "url": safe_url(passage.url),
                        "datePublished": date})


def _body(check: ClaimCheck, passages: list[Passage]) -> str:
    verdict = check.verdict
    label = RATINGS[verdict.label][1]
    text = f"{label} ({percent(verdict.confidence)} confidence, {verdict.model})."
    if check.claim.translation:
        text += f" The claim in English: “{check.claim.translation}”."
    if verdict.label is Label.NOT_ENOUGH_INFO:
        text += " No decisive evidence was found."
        prefix = "Closest passage"
    else:
        prefix = "Evidence"
    for passage in passages:
        where = ", ".join(x for x in (source_name(passage), passage.url) if x)
        english = f" (English: “{passage.translation}”)" if passage.translation else ""
        text += f" {prefix}: “{passage.text}”{english} ({where})."
    return text


def claim_review(brief: Brief, check: ClaimCheck, base_url: str | None = None) -> dict[str, Any]:
    value, name = RATINGS[check.verdict.label]
    passages = quoted_passages(check, {p.id: p for p in brief.references})
    published = brief.article.published.isoformat() if brief.article.published else None
    return _drop_empty({
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/{brief.check_id}#claim-{check.claim.id}" if base_url else None,
        "datePublished": brief.created_at.date().isoformat(),
        "author": AUTHOR,
        "claimReviewed": check.claim.text,
        "itemReviewed": _drop_empty({"@type": "Claim", "appearance": _appearance(brief), "datePublished": published,
                                     "inLanguage": brief.article.language if check.claim.translation else None}),
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 3, "worstRating": 1,
                         "alternateName": name},
        "reviewBody": _body(check, passages),
        "citation": [_citation(p) for p in {source_key(p): p for p in passages}.values()],
    })


class ClaimReviewRenderer:
    """`render(brief)` -> JSON-LD text. `base_url` (an option) is where the briefs are published, for `url`."""

    name = "claimreview"
    media_type = "application/ld+json"

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = base_url

    def render(self, brief: Brief) -> str:
        reviews = [claim_review(brief, c, self.base_url) for c in brief.results if not c.verdict.abstained]
        text = json.dumps({"@context": "https://schema.org", "@graph": reviews}, indent=2, ensure_ascii=False)
        # JSON-LD is pasted into <script type="application/ld+json">: a "</script>" in a claim would end that
        # element early, so <, > and & are written as JSON escapes (same data for any JSON parser)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
