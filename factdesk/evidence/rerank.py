"""Rerankers: a cross-encoder reads each (claim, passage) pair of the fused candidates and scores relevance.

BM25 and the embedder each see the claim and the passage apart; a cross-encoder reads them together, so it can
tell the passage *about* the claim from one that merely shares its words. It is slower per passage, so it reads
only the `depth` best fused candidates and reorders them; the score it gives is a calibrated probability that the
passage is evidence for the claim (Platt scaling fitted on the calib split, `factdesk/train/reranker.py`), which
also tells when a knowledge base has nothing on a claim (`nothing_on`).

    reranker = rerankers.create("onnx:runs/reranker/onnx")   # a model of `factdesk train reranker`
    reranker.score([("The Nile flows through Egypt.", "The Nile ... Egypt ...")])   # [P(relevant)]
    retrievers.create("hybrid", kb=kb, rerank="onnx:runs/reranker/onnx")   # the 20 best fused, reordered

"minilm" names the shipped model (factdesk/weights/reranker-minilm, its MODEL_CARD.md): it raises recall@5 on every
visible set, but costs about 55 ms a claim and its effect on open-mode verdicts is not measured yet, so the
`rerank` setting stays "off" (docs/benchmarks.md, "Retriever and reranker").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from factdesk.errors import NotFoundError
from factdesk.models import Evidence
from factdesk.registry import Registry

DEPTH = 20  # fused candidates read per claim: recall@20 of the hybrid ranking is already near its ceiling
FUSED_RANK_WEIGHT = 1.0  # chosen on the calib splits over 0, 0.5, 1, 2, 3, 5 (runs/interp, docs/benchmarks.md)
NOTHING_BELOW = 0.5  # no candidate this likely to be evidence: the knowledge base has nothing on the claim


@runtime_checkable
class Reranker(Protocol):
    name: str

    def warm_up(self) -> None: ...

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """P(relevant) of each (claim, passage text) pair."""
        ...


rerankers: Registry[Reranker] = Registry("reranker", "factdesk.evidence.rerank")


def passage_text(evidence: Evidence) -> str:
    """What the reranker reads of a passage: what the embedder reads, its title first where the text does not name
    it."""
    from factdesk.evidence.kb import embedding_text  # kb imports nothing of this module, but keep loading lazy

    return embedding_text(evidence.passage)


def rerank(reranker: Reranker, queries: Sequence[str], candidates: Sequence[list[Evidence]],
           top_k: int) -> list[list[Evidence]]:
    """Each query's candidates reordered by `combined` (ties keep the fused order), cut to top_k; a passage's score
    becomes the reranker's probability that it is evidence.

    All pairs of all queries go to the model in one call, so a batch of claims shares its batches."""
    pairs = [(query, passage_text(e)) for query, found in zip(queries, candidates, strict=True) for e in found]
    scores = iter(reranker.score(pairs)) if pairs else iter(())
    out = []
    for found in candidates:
        scored = sorted(((next(scores), e) for e in found), key=lambda item: (-combined(*item), item[1].rank))
        out.append([e.model_copy(update={"score": float(p), "rank": rank})
                    for rank, (p, e) in enumerate(scored[:top_k], start=1)])
    return out


def combined(probability: float, evidence: Evidence) -> float:
    """The reranker's log-odds plus `FUSED_RANK_WEIGHT` x -log(fused rank): the reranker alone lost to the fused
    order on every set, the sum beat it at rank 1 on all five calib splits (docs/benchmarks.md)."""
    p = min(max(probability, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p)) - FUSED_RANK_WEIGHT * math.log(evidence.rank)


def nothing_on(evidence: Sequence[Evidence], below: float = NOTHING_BELOW) -> bool:
    """True when no reranked passage is likely to be evidence: say the knowledge base has nothing on the claim."""
    return max((e.score for e in evidence), default=0.0) < below


class CrossEncoderReranker:
    """An int8 ONNX cross-encoder with one relevance logit, mapped to a probability by its fitted `scale`, `bias`.

    `batch_size=1` as the verifier: each pair alone on one-thread sessions in parallel wastes no padding, and a
    claim's 20 candidates differ a lot in length."""

    def __init__(self, directory: Path) -> None:
        # checked here, not at the first claim: a missing model is a setting's mistake, told before any work
        if not (directory / "model.onnx").exists():
            raise NotFoundError(f"no reranker model in {directory}: train one with 'factdesk train reranker' "
                                "(--install ships it as 'minilm'), or set rerank to 'off'")
        self._directory = directory
        self._claims: Any = None

    @property
    def model(self):  # type: ignore[no-untyped-def]  # factdesk.nn.OnnxModel, imported on first use
        from factdesk.nn import load_model

        return load_model(str(self._directory))

    @property
    def name(self) -> str:
        return self.model.name

    def warm_up(self) -> None:
        _ = self.model

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        if not pairs:
            return []
        meta = self.model.meta
        scale, bias = float(meta.get("scale", 1.0)), float(meta.get("bias", 0.0))
        claims = {claim: self._fit(claim) for claim, _ in pairs}
        logits = self.model.run([(claims[claim], text) for claim, text in pairs], batch_size=1)
        return [_sigmoid(scale * float(np.ravel(row)[0]) + bias) for row in logits]

    def _fit(self, claim: str) -> str:
        """The claim cut to half the model's tokens: only the passage is truncated, and a claim longer than
        max_length would leave it nothing (the tokenizer raises); training cuts the longer text first alike."""
        budget = self.model.max_length // 2
        encoding = self._claim_tokenizer().encode(claim, add_special_tokens=False)
        return claim if len(encoding.ids) <= budget else claim[: encoding.offsets[budget - 1][1]]

    def _claim_tokenizer(self):  # type: ignore[no-untyped-def]  # tokenizers.Tokenizer
        """A copy of the model's tokenizer without its pair truncation (a lone text has no second sequence)."""
        if self._claims is None:
            from tokenizers import Tokenizer

            self._claims = Tokenizer.from_str(self.model.tokenizer.to_str())
            self._claims.no_truncation()
        return self._claims


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@rerankers.register("minilm")
def make_minilm(**_: object) -> CrossEncoderReranker:
    """The shipped reranker (factdesk/weights/reranker-minilm, installed by `factdesk train reranker --install`)."""
    return CrossEncoderReranker(Path(str(resources.files("factdesk") / "weights" / "reranker-minilm")))


@rerankers.register("onnx")
def make_onnx(arg: str, **_: object) -> CrossEncoderReranker:
    return CrossEncoderReranker(Path(arg).expanduser())
