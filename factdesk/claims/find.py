"""`find_claims`: the claims stage as the pipeline runs it. Every sentence ends up in exactly one place: a claim
to check, a prediction, an opinion, or `not_checked` with its reason (heading, page furniture, duplicate, not a
claim).

- The page is read first (`triage.read_page`): headings, furniture and duplicates are never claims.
- Opinion and analysis (`opinion.is_opinion`, or a sentence under an opinion heading) is set apart.
- The detector picks the check-worthy sentences among the rest and sets the predictions apart.
- A text that is one sentence is always checked, and `all_sentences=True` checks every sentence: the person
  asked about exactly these words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from factdesk.claims.base import ClaimDetector, Span
from factdesk.claims.detect import is_statement
from factdesk.claims.opinion import is_opinion
from factdesk.claims.predict import is_prediction
from factdesk.claims.triage import Place, not_checked, read_page
from factdesk.models import Article, Claim, SkippedSentence

#: the check-worthiness recorded for a sentence checked because it was asked about, not because it was picked
ASKED = 1.0


@dataclass
class Found:
    claims: list[Claim] = field(default_factory=list)
    predictions: list[Claim] = field(default_factory=list)
    opinions: list[Claim] = field(default_factory=list)
    not_checked: list[SkippedSentence] = field(default_factory=list)


def _has_word(span: Span) -> bool:
    return any(ch.isalnum() for ch in span.text)


def _every_sentence(spans: Sequence[Span], places: Sequence[Place]) -> Found:
    found = Found()
    for span, place in zip(spans, places, strict=True):
        if place.reason != "duplicate" and _has_word(span):
            found.claims.append(Claim(id=f"c{len(found.claims) + 1}", text=span.text, start=span.start, end=span.end,
                                      checkworthiness=ASKED))
    found.not_checked = not_checked(spans, places, found.claims)
    return found


def _opinion(span: Span, place: Place, article: Article) -> bool:
    if place.opinion_section:
        return True
    return is_opinion(span.text) and not is_prediction(span.text, today=article.published)


def find_claims(detector: ClaimDetector, article: Article, spans: Sequence[Span], *,
                all_sentences: bool = False) -> Found:
    """Sort every span of `article.text` into claims, predictions, opinions and not-checked sentences."""
    places = read_page(article.text, spans, is_statement)
    if all_sentences or sum(_has_word(span) for span in spans) == 1:
        return _every_sentence(spans, places)
    candidates = [(span, place) for span, place in zip(spans, places, strict=True) if place.reason is None]
    opinions = [Claim(id=f"o{n}", text=span.text, start=span.start, end=span.end, checkworthiness=0.0, is_opinion=True)
                for n, (span, _) in enumerate((c for c in candidates if _opinion(*c, article)), 1)]
    opinion_starts = {claim.start for claim in opinions}
    claims, predictions = detector.detect(article, [span for span, _ in candidates if span.start not in opinion_starts])
    found = Found(claims, predictions, opinions)
    found.not_checked = not_checked(spans, places, [*claims, *predictions, *opinions])
    return found


def summary_sentences(spans: Sequence[Span], found: Found, at_least: int = 3) -> list[str]:
    """What a summary is made from: the story's statements (claims and predictions), not its opinions, headings
    or furniture; every sentence but headings and furniture when the statements are too few."""
    statements = {(c.start, c.end) for c in [*found.claims, *found.predictions]}
    chosen = [span.text for span in spans if (span.start, span.end) in statements]
    if len(chosen) >= at_least:
        return chosen
    furniture = {(s.start, s.end) for s in found.not_checked if s.reason in ("heading", "page furniture")}
    return [span.text for span in spans if (span.start, span.end) not in furniture]
