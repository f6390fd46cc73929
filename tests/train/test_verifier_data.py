"""The v2 training data: each contrastive generator on hand-picked pairs, the mix built from a small data folder,
claim-only reweighting and the learned aggregator's fit. No torch needed except where marked."""

import json
import random
from pathlib import Path

import numpy as np
import pytest

from factdesk.train.contrast import GENERATORS, contrast
from factdesk.train.verifier_data import build_pairs, describe, held_out_is_clean
from factdesk.verify.signals import conflicts

RNG = random.Random(7)
BORN = ("Luis Fonsi was born in 1978 in San Juan.", "Luis Fonsi (born April 15, 1978) is a Puerto Rican singer.")


def _edit(name: str, claim: str, evidence: str):  # type: ignore[no-untyped-def]
    return contrast(claim, evidence, name, random.Random(3))


def test_number_edits_change_one_side_and_contradict() -> None:
    on_claim = _edit("claim_number", *BORN)
    assert on_claim.label == "REFUTED" and on_claim.evidence == BORN[1] and "1978" not in on_claim.claim
    assert conflicts(on_claim.claim, on_claim.evidence)
    on_evidence = _edit("evidence_number", *BORN)
    assert on_evidence.claim == BORN[0] and "1978" not in on_evidence.evidence
    assert on_evidence.label == "REFUTED"


def test_numbers_inside_names_are_never_edited() -> None:
    assert _edit("claim_number", "COVID-19 causes blood clots.", "COVID-19 causes clots in 2020.") is None


@pytest.mark.parametrize(("name", "claim", "evidence", "expected"), [
    ("claim_month", "The album came out in May 2013.", "It was released on 3 May 2013.", "REFUTED"),
    ("claim_entity", "The novel was written by a French author.", "It is a French novel of 1862.", "REFUTED"),
    ("claim_direction", "Prices rose in 2019.", "Prices rose sharply in 2019.", "REFUTED"),
    ("claim_role_swap", "Chinatown was directed by Roman Polanski.",
     "Chinatown is a film directed by Roman Polanski from a screenplay by Robert Towne.", "REFUTED"),
    ("claim_negation", "The bridge was opened in 1932.", "The bridge was opened in 1932.", "REFUTED"),
    ("evidence_negation", "The tower is made of iron.", "The tower is made of wrought iron.", "REFUTED"),
    ("evidence_hedge", "The drug cuts deaths by a third.", "Trials show the drug cuts deaths by a third.",
     "NOT_ENOUGH_INFO"),
])
def test_each_generator_makes_the_pair_its_label_promises(name: str, claim: str, evidence: str,
                                                          expected: str) -> None:
    edited = _edit(name, claim, evidence)
    assert edited is not None and edited.label == expected and edited.generator == name
    assert (edited.claim, edited.evidence) != (claim, evidence)
    if name.startswith("evidence"):
        assert edited.claim == claim  # the claim alone cannot give the label away
    if name == "claim_negation":
        assert edited.claim == "The bridge was not opened in 1932."
    if name == "claim_direction":
        assert "fell" in edited.claim
    if name == "claim_role_swap":
        assert edited.claim == "Chinatown was directed by Robert Towne."


@pytest.mark.parametrize(("claim", "evidence", "expected"), [
    ("Odile Marchetti was born in Lyon.", "The painter Odile Marchetti was born in Lyon and died in Genoa.",
     "Odile Marchetti was born in Genoa."),
    # a place swaps only for a place, a two-word name only for a two-word name
    ("The film was shot in Oslo.", "The film was shot in Oslo and produced by Mara Holt.", None),
    # names the evidence joins share the role: the swap would still be true
    ("The song was covered by Nina Park.", "It was covered by Nina Park and Lena Ruiz.", None),
    # a place the evidence gives inside the other ("Boston, Massachusetts") is no rival
    ("The station is in Massachusetts.", "The station is located in Boston, Massachusetts.", None),
    # part of a longer title is not a name of its own
    ("The novel is set in Rye.", "The Catcher in the Rye is set in New York.", None),
])
def test_role_swaps_take_a_rival_of_the_same_kind_from_the_evidence(claim: str, evidence: str,
                                                                    expected: str | None) -> None:
    edited = _edit("claim_role_swap", claim, evidence)
    assert (edited.claim if edited else None) == expected


def test_generators_decline_what_they_cannot_edit() -> None:
    assert _edit("claim_number", "The sky is blue.", "The sky is blue.") is None
    assert _edit("claim_negation", "The bridge was not opened.", "The bridge opened.") is None  # already negative
    assert _edit("claim_negation", "Henry had a widow.", "Henry had a widow.") is None  # "had" is not an auxiliary
    assert set(GENERATORS) >= {"claim_number", "evidence_number", "evidence_hedge"}


def _data(tmp: Path) -> Path:
    """100 made-up people with three facts each: their own passages are evidence, their other facts same-topic."""
    rows = []
    for i in range(100):
        name = f"Ada{'bcdefghijk'[i % 10]}{'klmnopqrst'[i // 10]} Quill"
        facts = [(f"{name} was born in {1850 + i}.", f"{name} (born {1850 + i}) was a painter."),
                 (f"{name} lived in Harbourtown.", f"{name} lived in Harbourtown for decades."),
                 (f"{name} painted rivers.", f"{name} painted rivers and bridges.")]
        for j, (claim, text) in enumerate(facts):
            rows.append({"id": f"{i}-{j}", "claim": claim, "label": "SUPPORTED",
                         "evidence": [{"text": text, "title": name, "stance": None}], "source": "t"})
    (tmp / "fever-gold.claims.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return tmp


def test_build_pairs_mixes_gold_generated_and_same_topic_pairs(tmp_path: Path) -> None:
    pairs = build_pairs(_data(tmp_path), mix={"fever-gold": (1000, 1)},
                        generated={"claim_number": 50, "evidence_number": 50, "evidence_hedge": 30,
                                   "same_topic": 40, "off_topic": 10})
    table = describe(pairs)
    # 100 claims carry a number, each source pair is edited once: the quotas cap, the labels follow the edit
    assert 0 < table["claim_number"]["REFUTED"] <= 50 and 0 < table["evidence_number"]["REFUTED"] <= 50
    assert table["claim_number"]["REFUTED"] + table["evidence_number"]["REFUTED"] <= 100
    assert table["evidence_hedge"] == {"NOT_ENOUGH_INFO": 30}
    assert table["same_topic"]["NOT_ENOUGH_INFO"] > 0
    same_topic = [p for p in pairs if p.generator == "same_topic"]
    # same subject, another fact: the passage names the claim's subject but is not its own evidence
    assert all(p.claim.split()[0] in p.evidence for p in same_topic)
    own = {(r.claim, r.evidence) for r in pairs if r.generator == "gold"}
    assert not any((p.claim, p.evidence) in own for p in same_topic)
    assert held_out_is_clean(pairs)
    assert pairs == build_pairs(_data(tmp_path), mix={"fever-gold": (1000, 1)},
                                generated={"claim_number": 50, "evidence_number": 50, "evidence_hedge": 30,
                                           "same_topic": 40, "off_topic": 10})


def test_claim_only_reweighting_downweights_giveaway_claims() -> None:
    pytest.importorskip("sklearn")
    from factdesk.train.debias import ClaimOnlyModel, debias_weights

    rng = random.Random(1)
    claims, labels = [], []
    for i in range(600):
        giveaway = i % 2 == 0
        label = "REFUTED" if giveaway else rng.choice(["SUPPORTED", "REFUTED"])
        claims.append(f"item {i} is only ever {'never' if giveaway else 'often'} seen {rng.random():.3f}")
        labels.append(label)
    weights = debias_weights(claims, labels)
    assert weights.mean() == pytest.approx(1.0)
    assert weights[0::2].mean() < weights[1::2].mean()  # "never" claims are all REFUTED: the claim gives it away
    model = ClaimOnlyModel().fit(claims, labels)
    assert model.predict(["item 9999 is only ever never seen"]) == ["REFUTED"]


def test_learned_aggregator_fits_saves_and_loads(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from factdesk.train.aggregator import cross_validated_accuracy, fit_aggregator
    from factdesk.verify.aggregate import FEATURES, LearnedAggregator, features

    rng = np.random.default_rng(0)
    x, y = [], []
    for _ in range(300):
        label = int(rng.integers(0, 3))
        per_passage = rng.dirichlet(np.ones(3), size=3)
        per_passage[0] = np.eye(3)[label] * 0.8 + 0.2 / 3
        claim, evidence = (("It has 950 staff.", "It has 420 staff.") if label == 1 and rng.random() < 0.3
                           else ("It has 420 staff.", "It has 420 staff."))
        x.append(features(per_passage[0], per_passage, claim, evidence))
        y.append(label)
    x, y = np.array(x), np.array(y)
    assert x.shape[1] == len(FEATURES)
    probabilities = [i for i, name in enumerate(FEATURES) if f"log_{name}" in FEATURES]
    logs = [FEATURES.index(f"log_{FEATURES[i]}") for i in probabilities]
    assert len(probabilities) == 12
    assert np.allclose(x[:, logs], np.log(np.clip(x[:, probabilities], 1e-4, 1)))
    assert cross_validated_accuracy(x, y) > 0.9
    fit_aggregator(x, y).save(tmp_path)
    loaded = LearnedAggregator.load(tmp_path)
    assert loaded is not None
    assert (loaded.probabilities(x).argmax(1) == y).mean() > 0.9
    assert np.allclose(loaded.probabilities(x).sum(1), 1)
