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
