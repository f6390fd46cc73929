"""Claims of several clauses, judged part by part (factdesk/verify/decompose.py), with the shipped verifier."""

from __future__ import annotations

import pytest

from factdesk.models import Evidence, Label, Passage
from factdesk.verify import decompose
from factdesk.verify.base import verifiers

SNODGRASS = [
    "At age 15, the family again moved, this time to Ontario, California, where they settled on a 20-acre ranch "
    "and grew oranges, prunes, and grapes.",
    "It was here that Snodgrass entered a Methodist preparatory school at the high school level, then known as "
    "Chaffey College.",
    "He studied Latin, Greek, French, German, physics, chemistry, and drawing, but notably no biology.",
]
THREE_PARTS = ("Robert Evans Snodgrass moved to Ontario, California, where he entered a Methodist preparatory school "
               "and studied Latin and Greek.")


def _evidence(texts: list[str], title: str) -> list[Evidence]:
    return [Evidence(passage=Passage(id=f"p{i}", doc_id="d", text=text, title=title), score=1.0, rank=i + 1)
            for i, text in enumerate(texts)]


@pytest.mark.parametrize(("claim", "expected"), [
    (THREE_PARTS, ["Robert Evans Snodgrass moved to Ontario, California.",
                   "Robert Evans Snodgrass entered a Methodist preparatory school.",
                   "Robert Evans Snodgrass studied Latin and Greek."]),
    ("Special Hockey International, which has been held in the US, Canada, and England, took place in Kitchener "
     "during 2013.", ["Special Hockey International has been held in the US, Canada, and England.",
                      "Special Hockey International took place in Kitchener during 2013."]),
    ("The league was founded in 1968 but suffered two splits the following year.",
     ["The league was founded in 1968.", "The league suffered two splits the following year."]),
    ("The film was released in 2001; it grossed 10 million dollars.",
     ["The film was released in 2001.", "The film grossed 10 million dollars."]),
])
def test_a_claim_splits_at_clauses_with_a_verb_of_their_own(claim: str, expected: list[str]) -> None:
    assert decompose.parts(claim) == expected


@pytest.mark.parametrize("claim", [
    "Chinatown was directed by Roman Polanski.",
    "Tom Hanks and Meg Ryan starred in the film.",  # "and" joins names, not clauses
    "The bridge is long and narrow.",
    "She was born in Genoa and raised there.",  # a piece of two words is no clause of its own
])
def test_a_claim_of_one_clause_stays_whole(claim: str) -> None:
    assert decompose.parts(claim) == [claim]


def test_a_claim_each_of_whose_parts_a_different_passage_gives_is_supported_and_cites_them() -> None:
    evidence = _evidence(SNODGRASS, "Robert Evans Snodgrass")
    [verdict] = verifiers.create("minilm-xenc").verify([("c1", THREE_PARTS)], [evidence])
    assert verdict.label is Label.SUPPORTED and verdict.model.endswith("+parts")
    assert verdict.rationale and verdict.rationale.count('"') == 6  # the three parts, each quoted
    assert {"p1", "p2"} <= set(verdict.cited)
    assert verdict.confidence == pytest.approx(verdict.probabilities[Label.SUPPORTED])
    assert verdict.confidence == max(verdict.probabilities.values())


@pytest.mark.parametrize("altered", [
    THREE_PARTS.replace("a Methodist preparatory school", "a Catholic military academy"),
    THREE_PARTS.replace("Ontario, California", "Oregon"),
])
def test_a_claim_with_one_altered_part_is_not_supported_by_the_others(altered: str) -> None:
    evidence = _evidence(SNODGRASS, "Robert Evans Snodgrass")
    [verdict] = verifiers.create("minilm-xenc").verify([("c1", altered)], [evidence])
    assert verdict.label is not Label.SUPPORTED


def test_a_figure_the_guard_found_contradicted_is_not_overruled_by_the_parts() -> None:
    evidence = _evidence(["The bridge opened in 1932.", "The bridge was designed by John Bradfield."], "Harbour Bridge")
    claim = "The bridge opened in 1952 and was designed by John Bradfield."
    [verdict] = verifiers.create("minilm-xenc").verify([("c1", claim)], [evidence])
    assert verdict.label is not Label.SUPPORTED and not verdict.model.endswith("+parts")


def test_parts_can_be_turned_off_for_comparison() -> None:
    evidence = _evidence(SNODGRASS, "Robert Evans Snodgrass")
    [verdict] = verifiers.create("minilm-xenc", parts=False).verify([("c1", THREE_PARTS)], [evidence])
    assert not verdict.model.endswith("+parts")
