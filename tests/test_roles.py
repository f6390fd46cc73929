"""Names in their roles: the words that tie a name to its role in the claim, tied to another name in the evidence."""

import json
from importlib import resources

import numpy as np
import pytest

from factdesk.verify.roles import role_conflicts
from factdesk.verify.signals import guard

S, R, N = 0, 1, 2


@pytest.mark.parametrize(("claim", "evidence", "conflict"), [
    ("The Velmont Rovers are coached by Sid Kowal.",
     "The Velmont Rovers are coached by Dana Oyelaran; their captain is Sid Kowal.", ("Sid Kowal", "Dana Oyelaran")),
    ("Tomasz Wren was elected mayor of Cladwick in 2024.",
     "Perrin Achebe was elected mayor of Cladwick in 2024, defeating Tomasz Wren.", ("Tomasz Wren", "Perrin Achebe")),
    # lowercase words between the role and the name
    ("The Garnet Street tower was designed by Felix Marr.",
     "The tower was designed by the architect Sunniva Oduya; it was built for the developer Felix Marr.",
     ("Felix Marr", "Sunniva Oduya")),
    ("Odile Marchetti was born in Genoa.", "The painter Odile Marchetti was born in Lyon and died in Genoa.",
     ("Genoa", "Lyon")),
])
def test_a_role_given_to_another_name_conflicts(claim: str, evidence: str, conflict: tuple[str, str]) -> None:
    [found] = role_conflicts(claim, evidence)
    assert (found.name, found.rival) == conflict
    assert conflict[1] in found.describe()


@pytest.mark.parametrize(("claim", "evidence"), [
    ("The Velmont Rovers are coached by Dana Oyelaran.",
     "The Velmont Rovers are coached by Dana Oyelaran; their captain is Sid Kowal."),
    # the claim's name in a shorter form, and a pronoun for it
    ("Chinatown was directed by Polanski.", "Chinatown is a 1974 film directed by Roman Polanski."),
    ("Barack Obama was elected president in 2008.",
     "Barack Obama: He was elected president in 2008, defeating John McCain."),
    # the role words are nowhere in the evidence, or tie no name there
    ("Sid Kowal coached the Velmont Rovers.", "The Velmont Rovers are coached by Dana Oyelaran."),
    ("The museum is run by a trust.", "The Harbour Museum is run by a charitable trust since 1990."),
])
def test_no_conflict_where_the_evidence_does_not_give_the_role_to_another(claim: str, evidence: str) -> None:
    assert role_conflicts(claim, evidence) == []


def test_no_true_statement_of_the_contrast_suite_conflicts() -> None:
    """The bundled made-up facts: every true statement and its evidence, none flagged; most role swaps caught."""
    suite = resources.files("factdesk") / "data" / "suites" / "contrast.claims.jsonl"
    rows = [json.loads(line) for line in suite.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = {row["id"]: " ".join(e["text"] for e in row["evidence"]) for row in rows}
    flagged = {row["id"] for row in rows if role_conflicts(row["claim"], text[row["id"]])}
    assert not {row["id"] for row in rows if row["label"] == "SUPPORTED"} & flagged
    swapped = {row["id"] for row in rows if row["id"].startswith("contrast:names:") and row["label"] == "REFUTED"}
    assert len(swapped & flagged) >= len(swapped) // 2


def test_the_guard_takes_supported_away_on_a_role_conflict_only() -> None:
    evidence = "The Velmont Rovers are coached by Dana Oyelaran; their captain is Sid Kowal."
    probs = np.array([0.8, 0.1, 0.1])
    moved, reason = guard(probs, "The Velmont Rovers are coached by Sid Kowal.", evidence, (S, R, N))
    assert moved.argmax() == R and moved[S] == 0.0 and "Dana Oyelaran" in reason
    kept, reason = guard(probs, "The Velmont Rovers are coached by Dana Oyelaran.", evidence, (S, R, N))
    assert kept is probs and reason == ""
    nei = np.array([0.1, 0.1, 0.8])  # a role conflict does not make a refutation of an undecided verdict
    assert guard(nei, "The Velmont Rovers are coached by Sid Kowal.", evidence, (S, R, N))[0] is nei
