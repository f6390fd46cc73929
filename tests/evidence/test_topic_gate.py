"""The topic gate: a knowledge base's search says how likely each passage is to be on the claim's subject (its
embedder's cosine through the model's fitted line), and a verdict drawn from passages off the subject becomes
NOT ENOUGH INFO (real models, real knowledge bases)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from factdesk.errors import InputError
from factdesk.evidence import embedders
from factdesk.evidence.kb import KnowledgeBase
from factdesk.models import Evidence, Label, Passage, Verdict
from factdesk.train.topic_gate import fit_line
from factdesk.verify.topic import gate_setting, off_topic, on_topic


@pytest.mark.parametrize("model", ["claims", "minilm"])
def test_search_says_which_passages_are_on_the_subject(docs_jsonl: Path, model: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_EMBEDDER", model)
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    covered, foreign = kb.search_many(["Alectrosaurus fossils were first found in 1923.",
                                       "The central bank raised interest rates by half a point."], top_k=3)
    assert covered[0].passage.doc_id == "alectro" and covered[0].on_topic is not None and covered[0].on_topic > 0.5
    assert all(e.on_topic is not None and e.on_topic < 0.5 for e in foreign)
    assert on_topic("Alectrosaurus fossils were first found in 1923.", covered, 0.3)
    assert not on_topic("The central bank raised interest rates by half a point.", foreign, 0.3)


def test_japanese_text_and_a_model_without_a_line_carry_no_score(docs_jsonl: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    unfitted = tmp_path / "unfitted"
    shutil.copytree(embedders.model_dir("minilm"), unfitted)
    meta = json.loads((unfitted / "factdesk.json").read_text())
    meta.pop("on_topic", None)
    meta["name"] = "embedder.unfitted"
    (unfitted / "factdesk.json").write_text(json.dumps(meta))
    monkeypatch.setenv("FACTDESK_EMBEDDER", f"onnx:{unfitted}")
    kb = KnowledgeBase.create("plain")
    kb.add_paths([docs_jsonl])
    assert all(e.on_topic is None for e in kb.search("Alectrosaurus fossils", top_k=3))

    monkeypatch.setenv("FACTDESK_EMBEDDER", "claims")
    fitted = KnowledgeBase.create("fitted")
    fitted.add_paths([docs_jsonl])
    assert all(e.on_topic is None for e in fitted.search("アレクトロサウルスの化石", top_k=3))


def _verdict(label: Label, evidence: list[Evidence]) -> Verdict:
    others = [other for other in Label if other is not label]
    return Verdict(claim_id="c1", label=label, confidence=0.8, evidence=evidence,
                   cited=[e.passage.id for e in evidence], model="m",
                   probabilities={label: 0.8, others[0]: 0.1, others[1]: 0.1})


def _passage(text: str, score: float | None) -> Evidence:
    passage = Passage(id="p1", doc_id="d1", text=text, title="Landmarks")
    return Evidence(passage=passage, score=1.0, rank=1, on_topic=score)


def test_the_embedder_decides_where_it_scored_the_passages() -> None:
    claim = "The Eiffel Tower is in Rome."
    # shares "tower" and more with the claim, yet the embedder finds it off the subject
    wordy = [_passage("The Victoria Tower is in Westminster, not in Rome.", 0.1)]
    gated = off_topic(_verdict(Label.REFUTED, wordy), claim, 0.3)
    assert gated.label is Label.NOT_ENOUGH_INFO and gated.cited == [] and gated.confidence == pytest.approx(0.9)
    assert abs(sum(gated.probabilities.values()) - 1.0) < 1e-9
    assert off_topic(_verdict(Label.REFUTED, wordy), claim, 0.3, "words").label is Label.REFUTED
    assert off_topic(_verdict(Label.REFUTED, wordy), claim, 0.3, "off").label is Label.REFUTED

    # no word in common, but on the subject by the embedder: kept (word overlap alone would gate it)
    paraphrase = [_passage("Gustave's wrought-iron landmark stands on the Champ de Mars in Paris.", 0.9)]
    kept = _verdict(Label.REFUTED, paraphrase)
    assert off_topic(kept, claim, 0.3) is kept
    assert off_topic(kept, claim, 0.3, "words").label is Label.NOT_ENOUGH_INFO
    # with the gate off nothing is gated, and what the brief says of the passages still reads the embedder's score
    assert on_topic(claim, paraphrase, 0.3, "off") and not on_topic(claim, paraphrase, 0.3, "words")

    unscored = [_passage("Gustave's wrought-iron landmark stands on the Champ de Mars in Paris.", None)]
    assert off_topic(_verdict(Label.REFUTED, unscored), claim, 0.3).label is Label.NOT_ENOUGH_INFO


def test_web_pages_beside_scored_passages_are_read_by_their_words() -> None:
    claim = "The Eiffel Tower is in Rome."
    stray = _passage("The orchestra performed a symphony by Brahms.", 0.05)  # the knowledge base's, off the subject
    web = Evidence(passage=Passage(id="w1", doc_id="https://example.org/eiffel", text="The Eiffel Tower is in Paris."),
                   score=0.0, rank=2)  # web search gives no on_topic
    kept = _verdict(Label.REFUTED, [stray, web])
    assert off_topic(kept, claim, 0.3) is kept
    unrelated = web.model_copy(update={"passage": web.passage.model_copy(update={"text": "Wheat harvests fell."})})
    assert off_topic(_verdict(Label.REFUTED, [stray, unrelated]), claim, 0.3).label is Label.NOT_ENOUGH_INFO


def test_the_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_TOPIC_GATE", "cosine")
    with pytest.raises(InputError, match="unknown topic_gate 'cosine'"):
        gate_setting()
    monkeypatch.setenv("FACTDESK_TOPIC_GATE", "words")
    assert gate_setting() == "words"


def test_fit_line_puts_the_half_between_the_two_sides() -> None:
    rng = np.random.default_rng(0)
    own, foreign = rng.normal(0.6, 0.1, 2000), rng.normal(0.4, 0.1, 600)  # overlapping, unequal counts
    scale, bias = fit_line(own, foreign)
    assert scale > 0 and -bias / scale == pytest.approx(0.5, abs=0.03)
