from factdesk.models import Evidence, Label, Passage, Verdict
from factdesk.pipeline import _references, abstain


def verdict(label: Label, confidence: float, cited: list[str] | None = None,
            docs: tuple[str, ...] = ("d1",)) -> Verdict:
    evidence = [Evidence(passage=Passage(id=f"{d}#0", text="t", doc_id=d), score=1.0, rank=i + 1)
                for i, d in enumerate(docs)]
    rest = (1 - confidence) / 2
    probs = {lab: (confidence if lab is label else rest) for lab in Label}
    return Verdict(claim_id="c1", label=label, confidence=confidence, probabilities=probs, evidence=evidence,
                   cited=cited or [], model="m")


def test_low_confidence_supported_becomes_an_abstention() -> None:
    shown = abstain(verdict(Label.SUPPORTED, 0.45), 0.5)
    assert shown.label is Label.NOT_ENOUGH_INFO and shown.abstained
    assert shown.confidence == shown.probabilities[Label.NOT_ENOUGH_INFO]
    assert shown.probabilities[Label.SUPPORTED] == 0.45  # what the verifier said is kept


def test_confident_and_nei_verdicts_are_left_alone() -> None:
    confident = verdict(Label.REFUTED, 0.8)
    assert abstain(confident, 0.5) is confident
    nei = verdict(Label.NOT_ENOUGH_INFO, 0.4)
    assert abstain(nei, 0.5) is nei


def test_references_are_distinct_cited_documents_in_order() -> None:
    verdicts = [verdict(Label.SUPPORTED, 0.9, ["d2#0", "d1#0"], ("d1", "d2")),
                verdict(Label.REFUTED, 0.9, ["d1#0"], ("d1",)),
                verdict(Label.NOT_ENOUGH_INFO, 0.9, [], ("d3",))]
    assert [p.doc_id for p in _references(verdicts)] == ["d2", "d1"]


def test_off_topic_evidence_gives_not_enough_info() -> None:
    from factdesk.models import Evidence, Label, Passage, Verdict
    from factdesk.verify.topic import off_topic, topical_overlap

    roads = [Evidence(passage=Passage(id="p1", text="NC 3's southern terminus is in Concord, at NC 73.", doc_id="d1",
                                      title="North Carolina Highway 3"), score=1.0, rank=1)]
    claim = "Japan's government plans to build an AI-driven nation competing in global industries."
    refuted = Verdict(claim_id="c1", label=Label.REFUTED, confidence=0.8, evidence=roads, cited=["p1"], model="m",
                      probabilities={Label.SUPPORTED: 0.1, Label.REFUTED: 0.8, Label.NOT_ENOUGH_INFO: 0.1})
    assert topical_overlap(claim, roads) == 0.0
    gated = off_topic(refuted, claim, 0.3)
    assert gated.label is Label.NOT_ENOUGH_INFO and not gated.cited and gated.evidence == roads
    assert gated.confidence == 1.0 and abs(sum(gated.probabilities.values()) - 1.0) < 1e-9
    on_topic = "North Carolina Highway 3 ends in Concord."
    assert topical_overlap(on_topic, roads) >= 0.5
    assert off_topic(refuted, on_topic, 0.3) is refuted
