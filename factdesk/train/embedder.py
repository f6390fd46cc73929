"""Train the retrieval embedder: all-MiniLM-L6-v2 fine-tuned so that a claim lands next to its evidence.

Data: the reranker's mined groups (factdesk/train/reranker.py: each train-split claim, its evidence passages and the
hybrid retriever's best wrong candidates that are some train claim's evidence; no test passage is seen).
Loss: in-batch softmax (multiple-negatives ranking, as sentence-transformers' MultipleNegativesRankingLoss): each
claim of a batch must pick its own evidence among every passage of the batch, its own hard negatives and the
other claims' evidence and negatives included; a passage that is evidence for the claim too is masked, not counted
as a negative. Cosines are scaled by `SCALE` before the softmax. Checkpoints every `save_every` steps; the batch
of a step is a function of (seed, step), so `resume=True` continues exactly.
Then int8 ONNX export of the encoder (mean pooling and unit length are done by `factdesk.nn.Embedder`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

from factdesk.eval.opencorpus import normalise
from factdesk.train.finetune import base_model_dir
from factdesk.train.reranker import Group
from factdesk.train.sitting import Sitting, can_resume

LOG = Callable[[str], None]
NAME = "embedder.minilm-l6-claims.v1"
SCALE = 20.0  # sentence-transformers' default for cosine similarities in a softmax
HARD_POOL = 10  # a claim's hard negatives are drawn from its best-ranked wrong candidates


def batch_of(groups: Sequence[Group], step: int, claims_per_batch: int, hard_negatives: int,
             seed: int) -> tuple[list[str], list[str], list[list[bool]]]:
    """The claims, the passages (each claim's positive first, in claim order, then the hard negatives) and the
    mask of passages that are evidence of a claim without being its target (True: excluded from its softmax)."""
    rng = random.Random(seed * 1_000_003 + step)
    chosen = rng.sample(list(groups), min(claims_per_batch, len(groups)))
    positives = [rng.choice(g.positives) for g in chosen]
    negatives = []
    for group in chosen:
        pool = group.negatives[:HARD_POOL]
        negatives += rng.sample(pool, min(hard_negatives, len(pool)))
    passages = positives + negatives
    keys = [normalise(p) for p in passages]
    mask = []
    for i, group in enumerate(chosen):
        own = {normalise(p) for p in group.positives}
        mask.append([j != i and (key in own or key == keys[i]) for j, key in enumerate(keys)])
    return [g.claim for g in chosen], passages, mask


def train_embedder(groups: Sequence[Group], out_dir: Path, *, claims_per_batch: int = 32, hard_negatives: int = 1,
                   steps: int = 700, learning_rate: float = 3e-5, claim_length: int = 64, passage_length: int = 128,
                   seed: int = 13, save_every: int = 50, resume: bool = False, progress: bool = False,
                   max_seconds: float | None = None, log: LOG = print) -> Path:
    """Fine-tune the embedder; saves a Hugging Face checkpoint to `out_dir/checkpoint` and returns it."""
    import torch
    from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(seed)
    init = out_dir / "checkpoint" if resume and can_resume(out_dir) else base_model_dir()
    model = AutoModel.from_pretrained(init)
    tokenizer = AutoTokenizer.from_pretrained(init)
    optim = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.1 * steps), steps)
    sitting = Sitting(out_dir, model, tokenizer, optim, sched, steps, resume=resume,
                      pairs_per_step=claims_per_batch * (1 + hard_negatives), save_every=save_every,
                      max_seconds=max_seconds, progress=progress, log=log)

    def embed(texts: list[str], max_length: int) -> torch.Tensor:
        enc = tokenizer(texts, truncation=True, max_length=max_length, padding=True, return_tensors="pt")
        hidden = model(**enc).last_hidden_state
        weights = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        return torch.nn.functional.normalize(pooled, dim=-1)

    model.train()
    while not sitting.done:
        claims, passages, mask = batch_of(groups, sitting.step, claims_per_batch, hard_negatives, seed)
        scores = SCALE * embed(claims, claim_length) @ embed(passages, passage_length).T
        scores = scores.masked_fill(torch.tensor(mask), float("-inf"))
        loss = torch.nn.functional.cross_entropy(scores, torch.arange(len(claims)))
        if sitting.update(loss):
            break
    sitting.close()
    return sitting.checkpoint


def finish_embedder(checkpoint: Path, onnx_dir: Path, *, max_length: int = 128) -> Path:
    """Export the encoder to int8 ONNX with the metadata `factdesk.nn.Embedder` reads; returns the model folder."""
    from factdesk.train.export import export_onnx

    export_onnx(checkpoint, onnx_dir, kind="encoder",
                meta={"name": NAME, "task": "embed", "max_length": max_length, "pooling": "mean", "normalize": True})
    return onnx_dir
