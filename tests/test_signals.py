"""The explicit number/date checks and the guard that keeps a contradicted figure from coming out SUPPORTED."""

import numpy as np
import pytest

from factdesk.models import LABELS, Evidence, Label, Passage
from factdesk.verify import signals
from factdesk.verify.signals import conflicts, gaps, guard, quantities

S, R, N = 0, 1, 2
FIRM = "Kestrel GmbH employs 420 people. Its revenue was 86 million euros in 2023. Its factory opened in March 2024."


@pytest.mark.parametrize(("claim", "evidence", "conflict"), [
    ("The firm employs 950 people.", FIRM, ("950", "420")),
    ("Revenue was 68 million euros in 2023.", FIRM, ("68 million", "86 million")),
    ("The factory opened in March 2021.", FIRM, ("2021", "2024")),
    ("The factory opened in June 2024.", FIRM, ("June", "March")),
    ("Luis Fonsi was born in 1983.", "Luis Fonsi (born April 15, 1978) is a Puerto Rican singer.", ("1983", "1978")),
    ("Unemployment fell to 4.2% in May.", "Unemployment fell to 5.1% in May.", ("4.2%", "5.1%")),
    ("An addition of 1840 added six main rooms.", "In 1840 an addition was built, adding four main rooms.",
     ("six", "four")),
    # the same number in another unit of the same kind, and a month given with another year
    ("The Hollin Estate covers 1,300 acres.", "The Hollin Estate covers 1,300 hectares of moorland.",
     ("1,300 acres", "1,300 hectares")),
    ("Trains will run at up to 160 mph.", "Trains on the new line will run at up to 160 km/h.",
     ("160 mph", "160 km/h")),
    ("It covers 30 square miles.", "It covers 30 square kilometres.", ("30 square miles", "30 square kilometres")),
    # power, energy and data sizes (v5 read "48 kilowatts" against "48 megawatts" as SUPPORTED)
    ("The solar farm produces 48 kilowatts at peak.", "The solar farm produces 48 megawatts at peak.",
     ("48 kilowatts", "48 megawatts")),
    ("The plant generated 3 TWh in 2023.", "The plant generated 3 GWh in 2023.", ("3 twh", "3 gwh")),
    ("The phone has 128 GB of storage.", "The phone has 128 MB of storage.", ("128 gb", "128 mb")),
    ("The footbridge was finished in August 2023.",
     "Work on the footbridge began in spring 2023 and was finished in August 2024.", ("August 2023", "August 2024")),
])
def test_a_changed_figure_conflicts(claim: str, evidence: str, conflict: tuple[str, str]) -> None:
    found = conflicts(claim, evidence)
    assert [(c.claim, c.evidence) for c in found][:1] == [conflict]


@pytest.mark.parametrize(("claim", "evidence"), [
    ("The firm employs 420 people.", FIRM),
    ("Revenue was 86 million euros.", FIRM),
    ("Revenue was €86m.", FIRM),
    ("The factory opened in March 2024.", FIRM),
    ("Unemployment fell to 5 percent.", "Unemployment fell to 5% in May."),
    ("Sales rose by 3,200 units.", "Sales rose by 3200 units."),
    ("The farm produces 48 MW.", "The farm produces 48 megawatts."),  # one unit, two spellings
    ("COVID-19 spread in 2020.", "COVID-19 spread widely in 2020."),
    ("The addition has 4 main rooms.", "The addition has four main rooms."),
    ("It ran 5 meters.", "It ran 5 metres."),
    ("It is 6 foot tall.", "It is 6 ft tall."),
    ("It weighs 3 tons.", "It weighs 3 tonnes."),
    ("He was born on August 4, 1990.", "Born on 4 August 1990, he grew up in Leeds. In August 1991 he moved."),
])
def test_the_same_figure_in_other_words_agrees(claim: str, evidence: str) -> None:
    assert conflicts(claim, evidence) == []
    assert gaps(claim, evidence) == []


def test_gaps_are_exact_figures_the_evidence_never_gives() -> None:
    assert gaps("The bridge carries 12,000 cars a day.", "The bridge opened in 1932.") == ["12,000"]
    # bounds and small counts are not exact figures
    assert gaps("Filming began after 2002.", "Filming began in 2015.") == []
    assert gaps("The band has 3 members.", "The band formed in Leeds.") == []


def test_quantities_scale_and_kinds() -> None:
    kinds = {q.text: (q.kind, q.value) for q in quantities("In 2019 it sold 2.5 million cars, 40% of them in May.")}
    assert kinds["2019"] == ("year", 2019)
    assert kinds["2.5 million"] == ("number", 2.5e6)
    assert kinds["40%"] == ("percent", 40)
    assert kinds["May"] == ("month", 5)


def test_guard_moves_supported_to_refuted_on_a_conflict_and_to_nei_on_a_gap() -> None:
    probs = np.array([0.7, 0.2, 0.1])
    moved, reason = guard(probs, "The firm employs 950 people.", FIRM, (S, R, N))
    assert moved.argmax() == R and moved[S] == 0 and moved.sum() == pytest.approx(1)
    assert "950" in reason and "420" in reason
    moved, reason = guard(probs, "The firm has 35 patents.", FIRM, (S, R, N))
    assert moved.argmax() == N and "35" in reason
    unchanged, reason = guard(probs, "The firm employs 420 people.", FIRM, (S, R, N))
    assert unchanged is probs and reason == ""
    refuted = np.array([0.1, 0.8, 0.1])
    kept, reason = guard(refuted, "The firm employs 950 people.", FIRM, (S, R, N))
    assert kept is refuted and "950" in reason and "420" in reason  # a refutation is left alone, and explained
    kept, reason = guard(refuted, "The firm employs 420 people.", FIRM, (S, R, N))
    assert kept is refuted and reason == ""
    # a year that merely differs, not in the claim's own context, explains no refutation
    kept, reason = guard(refuted, "The firm was audited in 2019.", FIRM, (S, R, N))
    assert kept is refuted and reason == ""
    # NOT_ENOUGH_INFO with a figure contradicted in its own context ("950 people" / "420 people") is a refutation
    undecided = np.array([0.05, 0.05, 0.9])
    moved, reason = guard(undecided, "The firm employs 950 people.", FIRM, (S, R, N))
    assert moved.argmax() == R and moved[R] == pytest.approx(0.8) and moved.sum() == pytest.approx(1)
    # a year that merely differs, without a shared context, does not overturn an undecided verdict
    assert guard(undecided, "The firm was audited in 2019.", FIRM, (S, R, N))[0] is undecided


@pytest.mark.parametrize(("claim", "evidence", "conflict"), [
    ("Visitor numbers fell in 2023.", "Visitor numbers rose from 41,000 in 2022 to 58,000 in 2023.", ("fell", "rose")),
    ("Membership has grown since 2020.", "Membership has shrunk every year since 2020.", ("grown", "shrunk")),
    ("Unemployment increased between 2023 and 2025.", "Unemployment dropped from 9.1 to 6.4 per cent.",
     ("increased", "dropped")),
    ("The price went up in January.", "The price rose from 48 to 55 pounds in January.", None),
    ("Sales rose in 2020.", "Sales rose in 2020 but fell in 2021.", None),  # the evidence says both
    ("Midwives earn more than nurses.", "Nurses earn less than midwives.", None),  # comparatives are not changes
])
def test_direction_conflicts(claim: str, evidence: str, conflict: tuple[str, str] | None) -> None:
    found = [(c.claim, c.evidence) for c in signals.direction_conflicts(claim, evidence)]
    assert found == ([conflict] if conflict else [])


def test_the_guard_reads_a_direction_against_supported_only() -> None:
    claim, evidence = "Visitor numbers fell in 2023.", "Visitor numbers rose from 41,000 in 2022 to 58,000 in 2023."
    moved, reason = guard(np.array([0.7, 0.2, 0.1]), claim, evidence, (S, R, N))
    assert moved.argmax() == R and "fell" in reason and "rose" in reason
    undecided = np.array([0.1, 0.2, 0.7])
    assert guard(undecided, claim, evidence, (S, R, N))[0] is undecided


def test_the_shipped_verifier_never_supports_a_contradicted_figure() -> None:
    from factdesk.verify.crossencoder import CrossEncoderVerifier

    passage = Passage(id="p1", doc_id="d1", text=FIRM, title="Kestrel GmbH")
    evidence = [[Evidence(passage=passage, score=1.0, rank=1)]] * 3
    claims = [("c1", "Kestrel GmbH employs 950 people."), ("c2", "Kestrel's revenue was 68 million euros in 2023."),
              ("c3", "Kestrel's factory opened in March 2021.")]
    for verdict in CrossEncoderVerifier().verify(claims, evidence):
        assert verdict.label is not Label.SUPPORTED
        assert set(verdict.probabilities) == set(LABELS)
    unguarded = CrossEncoderVerifier(guard=False).verify(claims, evidence)
    assert all(v.rationale is None for v in unguarded)


@pytest.mark.parametrize(("claim", "evidence", "missing"), [
    ("The Tarrow river flows into the sea at Port Merrow.",
     "The Tarrow river rises in the Hesketh Hills and flows into the sea at Port Alvin.", ["Port Merrow"]),
    ("Hallam Motors assembles its electric vans in Slovakia.",
     "Hallam Motors assembles its electric vans in Ostrava, in the Czech Republic.", ["Slovakia"]),
    ("You said that Barack Obama was not ready.", "Obama said he was ready.", []),  # part of a name is enough
    ("It is based in the United States.", "It is based in the U.S. state of Ohio.", []),  # initials
    ("Tomasz Wren was elected mayor.", "Perrin Achebe was elected mayor.", []),  # the subject is not checked
    ("Marine Survives Taliban Sniper Headshot Thanks To Helmet", "A marine survived.", []),  # a headline
    ("The Winterbourne Trophy is rowed on Lake Orla.", "It is held every year on Lake Vessen.", ["Lake Orla"]),
])
def test_missing_names(claim: str, evidence: str, missing: list[str]) -> None:
    assert signals.missing_names(claim, evidence) == missing


@pytest.mark.parametrize(("claim", "passage", "expected"), [
    ("Huntington Beach State Park recorded 12 percent more visitors in 2024 than in 2023.",
     "Tourism grew. Huntington Beach State Park recorded 12 percent more visitors in 2024 than in 2023, managers said.",
     True),
    # the claim inside a sentence that reports it as false, or with a word between
    ("The park recorded 12 percent more visitors in 2024.", "It is false that the park recorded 12 percent more "
     "visitors in 2024.", False),
    ("The park recorded 12 percent more visitors in 2024.", "The park recorded 12 percent fewer visitors in 2024.",
     False),
    ("The park did not record more visitors.", "The park did record more visitors.", False),
    ("The park is open.", "The park is open.", False),  # too short to be a statement of the claim
])
def test_stated_is_a_sentence_opening_with_the_claim(claim: str, passage: str, expected: bool) -> None:
    assert signals.stated(claim, passage) is expected


def test_a_passage_that_states_the_claim_gives_supported() -> None:
    from factdesk.verify.crossencoder import CrossEncoderVerifier

    claim = "Huntington Beach State Park recorded 12 percent more visitors in 2024 than in 2023."
    # the demo's evidence for it: read with the bird-watching passages the model left it at NOT ENOUGH INFO
    passages = ["Huntington Beach State Park recorded 12 percent more visitors in 2024 than in 2023, park managers "
                "said on Monday.",
                "Huntington Beach State Park is a small coastal preserve and state park near Murrells Inlet, in "
                "Georgetown County, South Carolina.",
                "The park features various species of birds of the Southeast coast of the United States for bird "
                "watching.",
                "Huntington Beach State Park hosts many types of ducks and waders like roseate spoonbills in winter in "
                "both fresh and saltwater marshes.",
                "It has a jetty where oceanbirds like gannets, loons, scoters and occasionally alcids like razorbills "
                "and murres can be found."]
    titles = ["factdesk demo news: Huntington Beach State Park visitor count (fictional)"] + [
        "Huntington Beach State Park"] * 4
    ev = [Evidence(passage=Passage(id=f"p{i}", doc_id="d", text=t, title=title), score=1.0, rank=i + 1)
          for i, (t, title) in enumerate(zip(passages, titles, strict=True))]
    [unguarded] = CrossEncoderVerifier(guard=False).verify([("c1", claim)], [ev])
    assert unguarded.label is not Label.SUPPORTED
    [verdict] = CrossEncoderVerifier().verify([("c1", claim)], [ev])
    assert verdict.label is Label.SUPPORTED and verdict.cited == ["p0"]
    assert verdict.confidence == pytest.approx(signals.STATED_CONFIDENCE)
    assert verdict.rationale == "a passage states the claim word for word"
    [altered] = CrossEncoderVerifier().verify([("c2", claim.replace("12", "21"))], [ev])
    assert altered.label is not Label.SUPPORTED
