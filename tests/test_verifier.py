"""The shipped verifier (int8 ONNX) on claims a fact-checker must get right, and its aggregation modes."""

from __future__ import annotations

import numpy as np
import pytest

from factdesk.models import Evidence, Label, Passage
from factdesk.verify.base import verifiers
from factdesk.verify.crossencoder import AGGREGATIONS

TOWER = "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France."
DISTRACTORS = [
    "Rome is the capital city of Italy and has a population of about 2.8 million.",
    "The Colosseum is an oval amphitheatre in the centre of the city of Rome.",
]


def evidence(*texts: str) -> list[Evidence]:
    return [Evidence(passage=Passage(id=f"p{i}", text=t, doc_id=f"d{i}", title=None), score=1.0, rank=i + 1)
            for i, t in enumerate(texts)]


def judge(aggregation: str, claim: str, passages: list[Evidence]):  # noqa: ANN201 - a Verdict
    # one claim per call: int8 dynamic quantisation scales by the whole batch, so batch-mates can move a score
    return verifiers.create("minilm-xenc", aggregation=aggregation).verify([("c", claim)], [passages])[0]


@pytest.mark.parametrize("aggregation", AGGREGATIONS)
def test_clear_cases(aggregation: str) -> None:
    supported = judge(aggregation, "The Eiffel Tower is in Paris.", evidence(TOWER))
    refuted = judge(aggregation, "The Eiffel Tower is in Berlin.", evidence(TOWER))
    assert (supported.label, refuted.label) == (Label.SUPPORTED, Label.REFUTED)
    for verdict in (supported, refuted):
        assert sum(verdict.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert verdict.confidence == max(verdict.probabilities.values())
        assert verdict.model.endswith(f"+{aggregation}") and verdict.cited == ["p0"]


@pytest.mark.parametrize("aggregation", ["max", "learned"])
def test_the_supporting_passage_among_distractors_decides_and_is_cited(aggregation: str) -> None:
    verdict = judge(aggregation, "The Eiffel Tower is in Paris.", evidence(*DISTRACTORS, TOWER))
    assert verdict.label is Label.SUPPORTED and verdict.cited[0] == "p2"


def test_one_refuting_passage_among_distractors_decides_max_but_not_concat() -> None:
    """The known weakness that made `blend` the default: joined with unrelated passages, a refutation reads as
    NOT_ENOUGH_INFO to the joined judgement (docs/benchmarks.md, "Several passages, one verdict")."""
    claim, passages = "The Eiffel Tower is made of wood.", evidence(TOWER, *DISTRACTORS)
    assert judge("max", claim, passages).label is Label.REFUTED
    concat, blend = judge("concat", claim, passages), judge("blend", claim, passages)
    assert concat.probabilities[Label.REFUTED] < blend.probabilities[Label.REFUTED]


def test_blend_is_the_mean_of_concat_and_max() -> None:
    claims = [("c", "The Colosseum is in Paris.")]
    ev = [evidence(TOWER, *DISTRACTORS)]
    by_mode = {mode: verifiers.create("minilm-xenc", aggregation=mode).verify(claims, ev)[0]
               for mode in ("concat", "max", "blend")}
    for label in Label:
        expected = (by_mode["concat"].probabilities[label] + by_mode["max"].probabilities[label]) / 2
        assert by_mode["blend"].probabilities[label] == pytest.approx(expected, abs=1e-6)


def test_no_evidence_is_not_enough_info() -> None:
    [verdict] = verifiers.create("minilm-xenc").verify([("c", "The moon is made of cheese.")], [[]])
    assert verdict.label is Label.NOT_ENOUGH_INFO and not verdict.cited


def test_a_claim_alone_gets_exactly_the_verdict_it_gets_inside_an_article() -> None:
    """int8 dynamic quantisation scales activations by the whole batch: the verifier scores one pair per call, so
    a claim's batch-mates (the rest of its article) cannot move its verdict."""
    verifier = verifiers.create("minilm-xenc")
    claims = [("a", "The Eiffel Tower is in Paris."), ("b", "The Colosseum is in Rome."),
              ("c", "Rome has a population of 40 million."), ("d", "The Eiffel Tower is in Berlin.")]
    passages = [evidence(TOWER), evidence(*DISTRACTORS), evidence(*DISTRACTORS, TOWER), evidence(TOWER, *DISTRACTORS)]
    together = verifier.verify(claims, passages)
    alone = [verifier.verify([claim], [ev])[0] for claim, ev in zip(claims, passages, strict=True)]
    assert [v.probabilities for v in together] == [v.probabilities for v in alone]
    assert [(v.label, v.confidence, v.cited) for v in together] == [(v.label, v.confidence, v.cited) for v in alone]


def test_a_verdict_no_single_passage_gives_cites_the_passages_about_the_claim() -> None:
    """Before: the passage likeliest to support the claim alone was cited even at 0.06 (a Colosseum passage for
    an Eiffel Tower claim that the two Eiffel passages supported together)."""
    from factdesk.verify.crossencoder import _citations

    texts = [("colosseum", "Colosseum", "The Colosseum is an amphitheatre in Rome."),
             ("eiffel-1", "Eiffel Tower", "The Eiffel Tower is a wrought-iron lattice tower in Paris."),
             ("eiffel-2", "Eiffel Tower", "It opened in 1889.")]
    ev = [Evidence(passage=Passage(id=pid, doc_id=pid, text=text, title=title), score=1.0, rank=rank)
          for rank, (pid, title, text) in enumerate(texts, 1)]
    claim = "The Eiffel Tower is a lattice tower in Paris and it opened in 1889."
    together = np.array([[0.06, 0.40, 0.54], [0.03, 0.72, 0.25], [0.02, 0.45, 0.53]])  # S, R, NEI per passage
    assert _citations(0, together, ev, claim) == ["eiffel-1", "eiffel-2"]
    alone = np.array([[0.06, 0.40, 0.54], [0.81, 0.10, 0.09], [0.02, 0.45, 0.53]])
    assert _citations(0, alone, ev, claim) == ["eiffel-1"]  # a passage that gives the label alone is cited alone
    assert _citations(2, together, ev, claim) == []  # NOT ENOUGH INFO cites nothing
