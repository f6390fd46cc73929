"""The offline verifier: a cross-encoder over (claim, evidence) pairs run with onnxruntime.

Aggregation of several passages into one verdict (measured in docs/benchmarks.md):
- ``concat``: the top passages are joined into one evidence text and judged once;
- ``max``: each passage is judged alone and the most decisive one (highest SUPPORTED or REFUTED
  probability) gives the verdict; NOT_ENOUGH_INFO when none is decisive;
- ``hybrid``: the label and confidence come from ``concat``; the passages cited are those whose
  own judgement agrees best with that label;
- ``blend`` (the default of the shipped model): the mean of the ``concat`` and ``max`` probabilities, cited
  as ``hybrid``. Joined passages decide best when they are all evidence (gold sets: several pieces make
  one proof); one decisive passage decides best among retrieved distractors, where joining dilutes it.
  Retrieval is the product's case, and the mean was the best of the four there.
- ``learned`` (v2's default where the model ships ``aggregator.json``): a logistic regression over the joined
  and per-passage judgements and the number/date checks (factdesk/verify/aggregate.py).

After aggregation the numbers/dates guard (factdesk/verify/signals.py) takes SUPPORTED away from a claim whose
figure the evidence contradicts or does not give. Then a claim of several clauses that is not SUPPORTED is judged
again clause by clause (factdesk/verify/decompose.py): SUPPORTED when every part is.

Example::

    from factdesk.verify.base import verifiers
    verifier = verifiers.create("minilm-xenc")
    [verdict] = verifier.verify([("c1", "Paris is in France.")], [[evidence]])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from factdesk.models import LABELS, Evidence, Label, Verdict
from factdesk.nn import OnnxModel, load_model, softmax, weights_dir
from factdesk.text import content_words
from factdesk.verify import decompose, signals
from factdesk.verify.aggregate import LearnedAggregator, features, most_decisive
from factdesk.verify.encoding import evidence_text

AGGREGATIONS = ("concat", "max", "hybrid", "blend", "learned")
NEI = LABELS.index(Label.NOT_ENOUGH_INFO)
SUPPORTED = LABELS.index(Label.SUPPORTED)
_GUARD_LABELS = (LABELS.index(Label.SUPPORTED), LABELS.index(Label.REFUTED), NEI)


def _no_evidence_verdict(claim_id: str, name: str) -> Verdict:
    probs = {label: float(label == Label.NOT_ENOUGH_INFO) for label in LABELS}
    return Verdict(claim_id=claim_id, label=Label.NOT_ENOUGH_INFO, confidence=1.0, probabilities=probs,
                   evidence=[], model=name)


class CrossEncoderVerifier:
    """Judges claims with a 3-way cross-encoder exported to ONNX (see factdesk/train/verifier.py)."""

    def __init__(self, directory: Path | None = None, aggregation: str | None = None,
                 max_passages: int = 5, guard: bool = True, parts: bool = True) -> None:
        self._directory = directory
        self._aggregation = aggregation
        self.max_passages = max_passages
        self.guard = guard
        self.parts = parts

    @property
    def model(self) -> OnnxModel:
        return load_model(str(self._directory or weights_dir("verifier-minilm")))

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def aggregation(self) -> str:
        return self._aggregation or str(self.model.meta.get("aggregation", "hybrid"))

    @property
    def temperature(self) -> float:
        return float(self.model.meta.get("temperature", 1.0))

    @property
    def aggregator(self) -> LearnedAggregator | None:
        return _load_aggregator(str(self.model.directory))

    def warm_up(self) -> None:
        _ = self.model

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Uncalibrated (n, 3) logits in LABELS order for raw (claim, evidence text) pairs."""
        if not pairs:
            return np.zeros((0, len(LABELS)))
        # one pair per call: int8 dynamic quantisation scales activations over the whole batch, so a claim's
        # verdict would depend on its batch-mates (a claim alone and inside an article must agree)
        return np.stack(self.model.run(list(pairs), batch_size=1))

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated (n, 3) probabilities in LABELS order."""
        return softmax(self.logits(pairs), self.temperature)

    def verify(self, claims: Sequence[tuple[str, str]], evidence: Sequence[Sequence[Evidence]]) -> list[Verdict]:
        shown = [list(ev)[: self.max_passages] for ev in evidence]
        verdicts = self._judge(claims, shown)
        return self._judged_by_parts(claims, shown, verdicts) if self.parts else verdicts

    def _judged_by_parts(self, claims: Sequence[tuple[str, str]], shown: list[list[Evidence]],
                         verdicts: list[Verdict]) -> list[Verdict]:
        """Claims of several clauses judged again part by part (factdesk/verify/decompose.py). Not a claim the
        guard decided: a contradicted or missing figure stays decisive."""
        split = {i: decompose.parts(text) for i, ((_, text), verdict) in enumerate(zip(claims, verdicts, strict=True))
                 if verdict.label is not Label.SUPPORTED and verdict.evidence and not verdict.rationale}
        split = {i: texts for i, texts in split.items() if len(texts) > 1}
        order = [(i, k) for i, texts in split.items() for k in range(len(texts))]
        judged = self._judge([(f"{claims[i][0]}/{k}", split[i][k]) for i, k in order], [shown[i] for i, _ in order])
        out = list(verdicts)
        for i, texts in split.items():
            mine = [v for (owner, _), v in zip(order, judged, strict=True) if owner == i]
            out[i] = decompose.supported_by_parts(verdicts[i], mine, texts)
        return out

    def _judge(self, claims: Sequence[tuple[str, str]], shown: list[list[Evidence]]) -> list[Verdict]:
        mode = self.aggregation
        learned = self.aggregator if mode == "learned" else None
        if mode == "learned" and learned is None:
            mode = "blend"  # a model without a fitted aggregator
        joined_pairs = [(text, evidence_text([(e.passage.title, e.passage.text) for e in ev]))
                        for (_, text), ev in zip(claims, shown, strict=True) if ev]
        single_pairs = [(text, evidence_text([(e.passage.title, e.passage.text)]))
                        for (_, text), ev in zip(claims, shown, strict=True) for e in ev]
        joined = self.probabilities(joined_pairs) if mode != "max" else None
        single = self.probabilities(single_pairs) if mode != "concat" else None
        verdicts: list[Verdict] = []
        j = s = 0
        for (claim_id, text), ev in zip(claims, shown, strict=True):
            if not ev:
                verdicts.append(_no_evidence_verdict(claim_id, self.name))
                continue
            per_passage = single[s : s + len(ev)] if single is not None else None
            s += len(ev)
            joined_text = evidence_text([(e.passage.title, e.passage.text) for e in ev])
            if learned is not None:
                x = features(joined[j], per_passage, text, joined_text)  # type: ignore[index,arg-type]
                probs = learned.probabilities(x)[0]
            elif mode == "max":
                probs = most_decisive(per_passage)  # type: ignore[arg-type]
            elif mode == "blend":
                probs = (joined[j] + most_decisive(per_passage)) / 2  # type: ignore[index,arg-type]
            else:
                probs = joined[j]  # type: ignore[index]
            j += joined is not None
            reason, stating = "", []
            if self.guard:
                probs, reason = signals.guard(probs, text, joined_text, _GUARD_LABELS)
                # no figure in conflict or missing: a passage that states the claim word for word decides it
                stating = [] if reason else [e.passage.id for e in ev if signals.stated(text, e.passage.text)]
            if stating and int(np.argmax(probs)) != SUPPORTED:
                probs, reason = _stated(probs), "a passage states the claim word for word"
            label_index = int(np.argmax(probs))
            cited = stating[:1] or _citations(label_index, per_passage, ev, text)
            if reason and LABELS[label_index] is Label.REFUTED:
                cited = _contradicting(text, ev) or cited
            verdicts.append(
                Verdict(
                    claim_id=claim_id,
                    label=LABELS[label_index],
                    confidence=float(probs[label_index]),
                    probabilities={label: float(p) for label, p in zip(LABELS, probs, strict=True)},
                    evidence=ev,
                    cited=cited,
                    model=f"{self.name}+{mode}",
                    rationale=reason or None,
                )
            )
        return verdicts


def _stated(probs: np.ndarray) -> np.ndarray:
    """SUPPORTED at `signals.STATED_CONFIDENCE`, the rest shared as the model shared it."""
    rest = probs.copy()
    rest[SUPPORTED] = 0.0
    total = rest.sum()
    rest = rest / total * (1 - signals.STATED_CONFIDENCE) if total > 0 else rest
    rest[SUPPORTED] = signals.STATED_CONFIDENCE
    return rest


def _contradicting(claim: str, ev: Sequence[Evidence]) -> list[str]:
    """A figure decided it: the passages that give the rival figure, those that give it in the claim's own context
    ("died at the 2001 Daytona 500") before those that merely give another year."""
    found = {e.passage.id: signals.conflicts(claim, evidence_text([(e.passage.title, e.passage.text)])) for e in ev}
    strong = [pid for pid, conflicts in found.items() if any(c.strong for c in conflicts)]
    return (strong or [pid for pid, conflicts in found.items() if conflicts])[:2]


@cache
def _load_aggregator(directory: str) -> LearnedAggregator | None:
    return LearnedAggregator.load(Path(directory))


def _citations(label_index: int, per_passage: np.ndarray | None, ev: Sequence[Evidence], claim: str) -> list[str]:
    """The passages a verdict rests on: those that alone give its label at 0.5 or more; when none does (the
    passages decided it together), the two that share most of the claim's words. Before, the passage likeliest
    to give the label alone was cited even at 0.06: an Eiffel Tower claim SUPPORTED by its two Eiffel passages
    together cited a passage on the Colosseum."""
    if label_index == NEI:
        return []  # nothing decided it; renderers show the closest passage as such
    if per_passage is None:
        return [ev[0].passage.id]
    order = np.argsort(-per_passage[:, label_index], kind="stable")
    best = [int(i) for i in order if per_passage[i, label_index] >= 0.5]
    if not best:
        words = content_words(claim)
        shared = [len(words & content_words(f"{e.passage.title or ''} {e.passage.text}")) for e in ev]
        best = sorted(range(len(ev)), key=lambda i: -shared[i])  # stable: retrieval order breaks ties
    return [ev[i].passage.id for i in best[:2]]
