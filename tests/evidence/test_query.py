"""Query formulation: a claim that opens on a pronoun is searched with the name it stands for."""

from __future__ import annotations

import pytest

from factdesk.api import pipeline_for
from factdesk.evidence.query import referent, search_query
from factdesk.models import Article, Claim


def _claim(article: str, sentence: str) -> Claim:
    start = article.index(sentence)
    return Claim(id="c1", text=sentence, start=start, end=start + len(sentence), checkworthiness=0.9)


@pytest.mark.parametrize(("article", "sentence", "query"), [
    ("The Alfred Dockery House was built around 1840. It was restored in 1951.", "It was restored in 1951.",
     "Alfred Dockery House: It was restored in 1951."),
    ("Kestrel Pumpworks opened a plant in Brenholt. The company employs 420 people.", "The company employs 420 people.",
     "Kestrel Pumpworks: The company employs 420 people."),
    # the name of the sentence before, not of the article's first sentence
    ("Mira Sandoval chairs the board. Halvard Lindqvist joined in 2019. He was born in Oslo.", "He was born in Oslo.",
     "Halvard Lindqvist: He was born in Oslo."),
    # a claim that names its subject, or opens the article, is searched as it is
    ("Kestrel Pumpworks opened a plant. Kestrel Pumpworks employs 420 people.", "Kestrel Pumpworks employs 420 people.",
     "Kestrel Pumpworks employs 420 people."),
    ("It was restored in 1951.", "It was restored in 1951.", "It was restored in 1951."),
    # "the state" with a name of its own: the park is a better query than a guessed state
    ("The railroad linked Batesburg with Sievern. The state will build a visitor centre at Huntington Beach State "
     "Park.", "The state will build a visitor centre at Huntington Beach State Park.",
     "The state will build a visitor centre at Huntington Beach State Park."),
])
def test_a_claim_opening_on_a_pronoun_is_searched_with_its_referent(article: str, sentence: str, query: str) -> None:
    assert search_query(article, _claim(article, sentence)) == query


def test_no_referent_without_a_name_in_the_sentences_before() -> None:
    assert referent("it rained all day. nobody came.") is None
    # a capitalised word opening a sentence passes for a name (a wrong one costs little: docs/benchmarks.md)
    assert referent("Markets fell. Later, it rained.") == "Markets"
    assert referent("The Bank of England raised rates.") == "Bank of England"  # "The" opens it, no name
    assert referent("Kestrel hired staff. The hiring went on.") == "Kestrel"  # the nearest sentence with a name


def test_the_pipeline_searches_a_pronoun_claim_on_its_subjects_page() -> None:
    """Before: "It was restored in 1951" found one passage of the house's page and two of other restored houses."""
    text = "The Alfred Dockery House was built around 1840 near Rockingham. It was restored in 1951 by the county."
    brief = pipeline_for("demo").run(Article(text=text, source="test"), all_sentences=True)
    pronoun = next(r for r in brief.results if r.claim.text.startswith("It was restored"))
    assert pronoun.claim.text == "It was restored in 1951 by the county."  # the claim itself is not rewritten
    assert [e.passage.title for e in pronoun.verdict.evidence[:3]] == ["Alfred Dockery House"] * 3
