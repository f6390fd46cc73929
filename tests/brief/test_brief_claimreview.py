from __future__ import annotations

import json

from factdesk.brief.claimreview import RATINGS, ClaimReviewRenderer
from factdesk.models import Brief, Label


def test_one_review_per_judged_claim(brief: Brief) -> None:
    out = json.loads(ClaimReviewRenderer().render(brief))
    assert out["@context"] == "https://schema.org"
    reviews = out["@graph"]
    judged = [c for c in brief.results if not c.verdict.abstained]
    assert [r["claimReviewed"] for r in reviews] == [c.claim.text for c in judged]
    names = [r["reviewRating"]["alternateName"] for r in reviews]
    assert names == ["Supported", "Refuted", "Not enough info"]
    for review in reviews:
        assert review["@type"] == "ClaimReview" and review["author"] == {"@type": "Organization", "name": "factdesk"}
        assert review["datePublished"] == "2026-12-01"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and (rating["worstRating"], rating["bestRating"]) == (1, 3)
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["datePublished"] == "2026-11-30"
        assert item["appearance"]["url"] == "https://news.example/paris"
        assert "url" not in review  # no base_url given
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [3, 1, 2]


def test_citations_and_body(brief: Brief) -> None:
    supported, refuted, nei = json.loads(ClaimReviewRenderer().render(brief))["@graph"]
    assert supported["citation"] == [{"@type": "CreativeWork", "name": "Eiffel Tower", "datePublished": "2024-03-01",
                                      "url": "https://en.wikipedia.org/wiki/Eiffel_Tower"}]
    assert [c["url"] for c in refuted["citation"]] == ["https://en.wikipedia.org/wiki/Moon"]  # one per source
    assert "Apollo 11 landed" in refuted["reviewBody"] and "84% confidence" in refuted["reviewBody"]
    assert "No decisive evidence" in nei["reviewBody"] and "url" not in nei["citation"][0]


def test_safe_inside_a_script_element(brief: Brief) -> None:
    text = ClaimReviewRenderer(base_url="https://desk.example/briefs/").render(brief)
    assert "<" not in text and ">" not in text
    reviews = json.loads(text)["@graph"]
    assert reviews[2]["claimReviewed"] == brief.results[2].claim.text  # the escapes decode to the same text
    assert reviews[0]["url"] == "https://desk.example/briefs/chk-20261201-0001#claim-c1"


def test_rating_scale_covers_every_label() -> None:
    assert set(RATINGS) == set(Label)
    assert sorted(v for v, _ in RATINGS.values()) == [1, 2, 3]
