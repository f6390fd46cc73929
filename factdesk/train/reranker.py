"""Train the reranker (factdesk/evidence/rerank.py): a small cross-encoder (claim, passage) -> relevance.

Data: every *.claims.jsonl file of the data folder, the claims of the train split only. For a claim, its
evidence passages are the positives; the negatives are the passages that the shipped hybrid retriever ranks
highest in the file's open-mode corpus (factdesk/eval/opencorpus.py) but that are not the claim's evidence:
the very candidates the reranker will have to push down at run time. A negative must be the evidence of some
train-split claim, so no test claim's passage is seen in training.

Model: the first `layers` layers of all-MiniLM-L6-v2 with a one-logit head over the mean of the last hidden states
(the embedder's own pooling; see `mean_pooled_logits`), so fewer layers read the 20 candidates of a claim in a few
tens of milliseconds. The head learns at `HEAD_LEARNING_RATE`: it starts from nothing, the layers from the embedder.
Loss: listwise, a softmax over one positive and `negatives` negatives per
claim (the passage the claim needs should beat the best distractors, not cross an absolute line). Checkpoints every
`save_every` steps with the optimiser state; `resume=True` continues. Then: int8 ONNX export (factdesk/train/export.py)
and Platt scaling of the logit on the calib split's candidates, so the score is P(the passage is evidence).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from factdesk.errors import InputError
from factdesk.eval.datasets import Example, read_examples
from factdesk.eval.opencorpus import normalise, open_corpus
from factdesk.evidence.rerank import DEPTH, passage_text
from factdesk.train.export import mean_pooled_logits
from factdesk.train.finetune import base_model_dir
from factdesk.train.sitting import Sitting, can_resume

LOG = Callable[[str], None]
NAME = "reranker.minilm-l{layers}.v1"
MINE_DEPTH = 30  # fused candidates mined per claim for negatives
HEAD_LEARNING_RATE = 1e-3
FILES = ("fever-gold", "covidfact", "feverous-dev", "sufficient-facts", "healthver-dev", "healthver-train")


@dataclass
class Group:
    """A claim, its evidence passages (texts as the reranker reads them) and its hard negatives, best first."""

    claim: str
    positives: list[str]
    negatives: list[str]
    source: str


def mine_groups(path: Path, split: str, limit: int | None = None, depth: int = MINE_DEPTH,
                seed: int = 13) -> list[Group]:
    """Groups for the claims of `split` in `path`, negatives from the hybrid ranking of the file's open corpus.

    Training groups (`split="train"`) keep only negatives that are the evidence of a train claim; calib groups
    keep every candidate (they measure the model as the open-mode evaluation will use it)."""
    from factdesk.evidence.base import retrievers

    everything = read_examples(path)
    examples = [ex for ex in read_examples(path, split) if any(e.text.strip() for e in ex.evidence)]  # type: ignore[arg-type]
    if limit is not None:
        examples = random.Random(seed).sample(examples, min(limit, len(examples)))
    allowed = _train_passages(everything) if split == "train" else None
    kb, _ = open_corpus(path, everything)
    retriever = retrievers.create("hybrid", kb=kb, rerank="off")
    groups = []
    for start in range(0, len(examples), 256):
        batch = examples[start : start + 256]
        found = retriever.retrieve([ex.claim for ex in batch], top_k=depth)
        for ex, ranked in zip(batch, found, strict=True):
            gold = {normalise(e.text) for e in ex.evidence if e.text.strip()}
            positives = [passage_text(e) for e in ranked if normalise(e.passage.text) in gold]
            # gold passages the hybrid ranking missed are the ones the reranker can never see: still train on them
            seen = {normalise(e.passage.text) for e in ranked}
            positives += [e.text for e in ex.evidence if e.text.strip() and normalise(e.text) not in seen]
            negatives = [passage_text(e) for e in ranked if normalise(e.passage.text) not in gold
                         and (allowed is None or normalise(e.passage.text) in allowed)]
            groups.append(_without_overlaps(Group(ex.claim, list(dict.fromkeys(positives)), negatives,
                                                  path.name.split(".")[0])))
    return groups


def _without_overlaps(group: Group) -> Group:
    """Drop the negatives that hold a positive, or are held by one: an open corpus's passage of several sentences
    holds a FEVER claim's one-sentence evidence (1,094 of 2,000 FEVER groups had such a "negative")."""
    positives = [normalise(p) for p in group.positives]
    negatives = [n for n, text in ((n, normalise(n)) for n in group.negatives)
                 if not any(p in text or text in p for p in positives)]
    return Group(group.claim, group.positives, negatives, group.source)


def _train_passages(examples: list[Example]) -> set[str]:
    from factdesk.eval.datasets import split_of

    return {normalise(e.text) for ex in examples if split_of(ex.claim) == "train" for e in ex.evidence}


def training_groups(data_dir: Path, per_file: int, log: LOG = print, seed: int = 13) -> list[Group]:
    """Up to `per_file` train-split groups of each file (a cap, so FEVER's 9,000 claims do not drown HealthVer)."""
    groups: list[Group] = []
    for name in FILES:
        path = data_dir / f"{name}.claims.jsonl"
        if not path.exists():
            log(f"skip {name}: {path} not found")
            continue
        mined = [g for g in mine_groups(path, "train", per_file, seed=seed) if g.negatives]
        log(f"{name}: {len(mined)} training claims")
        groups.extend(mined)
    if not groups:  # checked before the cache is written, so a fixed data folder is mined afresh
        raise InputError(f"no train-split claims with evidence in {data_dir} (looked for "
                         f"{', '.join(f'{name}.claims.jsonl' for name in FILES)})")
    return groups


def load_groups(data_dir: Path, cache: Path, per_file: int, seed: int = 13, log: LOG = print) -> list[Group]:
    """`training_groups`, mined once and kept in `cache` (JSONL), so a resumed run trains on the same groups."""
    if cache.exists():
        lines = [line for line in cache.read_text().splitlines() if line.strip()]
        cached = [_without_overlaps(Group(**json.loads(line))) for line in lines]
        groups = [g for g in cached if g.negatives]
        log(f"{len(groups)} training claims from {cache}")
        return groups
    groups = training_groups(data_dir, per_file, log, seed)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(g.__dict__) + "\n" for g in groups))
    tmp.replace(cache)
    return groups


def train_reranker(groups: Sequence[Group], out_dir: Path, *, layers: int = 3, negatives: int = 5,
                   claims_per_batch: int = 4, steps: int = 2000, learning_rate: float = 7e-5, max_length: int = 128,
                   seed: int = 13, save_every: int = 200, resume: bool = False, progress: bool = False,
                   max_seconds: float | None = None, log: LOG = print) -> Path:
    """Train the listwise cross-encoder; saves a Hugging Face checkpoint to `out_dir/checkpoint`, returns it.

    `max_seconds` ends this sitting early with a checkpoint for `resume=True` to continue (as the verifier's
    training); `stopped_early` in progress.json says so."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(seed)
    ckpt = out_dir / "checkpoint"
    if resume and can_resume(out_dir):
        model = AutoModelForSequenceClassification.from_pretrained(ckpt)
        tokenizer = AutoTokenizer.from_pretrained(ckpt)
    else:  # the first `layers` layers of the embedder: the layers of a BERT model load in order
        model = AutoModelForSequenceClassification.from_pretrained(base_model_dir(), num_labels=1,
                                                                   num_hidden_layers=layers)
        model.config.pooling = "mean"
        tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    if getattr(model.config, "pooling", None) != "mean":
        raise InputError(f"{ckpt} was trained with a [CLS] head by an earlier factdesk: start afresh without --resume")
    head = {id(p) for p in model.classifier.parameters()}
    optim = torch.optim.AdamW([{"params": [p for p in model.parameters() if id(p) not in head], "lr": learning_rate},
                               {"params": list(model.classifier.parameters()), "lr": HEAD_LEARNING_RATE}],
                              weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.06 * steps), steps)
    sitting = Sitting(out_dir, model, tokenizer, optim, sched, steps, resume=resume,
                      pairs_per_step=claims_per_batch * (negatives + 1), save_every=save_every,
                      max_seconds=max_seconds, progress=progress, log=log)
    model.train()
    while not sitting.done:
        # the batch of a step is a function of (seed, step), so a resumed run sees what the stopped one would have
        rng = random.Random(seed * 1_000_003 + sitting.step)
        pairs = [pair for group in rng.sample(list(groups), claims_per_batch)
                 for pair in _group_pairs(group, negatives, rng)]
        # longest_first: a claim longer than max_length would leave "only_second" nothing to cut (an error)
        enc = tokenizer([a for a, _ in pairs], [b for _, b in pairs], truncation="longest_first",
                        max_length=max_length, padding=True, return_tensors="pt")
        logits = mean_pooled_logits(model, **enc).view(claims_per_batch, negatives + 1)
        loss = torch.nn.functional.cross_entropy(logits, torch.zeros(claims_per_batch, dtype=torch.long))
        if sitting.update(loss):
            break
    sitting.close()
    return ckpt


def _group_pairs(group: Group, negatives: int, rng: random.Random) -> list[tuple[str, str]]:
    """The positive first, then `negatives` hard negatives (repeated when the claim has fewer)."""
    pool = group.negatives[: 2 * negatives]  # the hardest candidates, a fresh sample of them each time
    chosen = rng.sample(pool, negatives) if len(pool) >= negatives else [rng.choice(pool) for _ in range(negatives)]
    return [(group.claim, rng.choice(group.positives)), *((group.claim, n) for n in chosen)]


def calibrate(model_dir: Path, groups: Sequence[Group], depth: int = DEPTH) -> dict[str, float]:
    """Fit P(relevant) = sigmoid(scale * logit + bias) on the calib claims' top `depth` candidates (positives
    found or not), and write scale and bias into the model's factdesk.json."""
    from sklearn.linear_model import LogisticRegression

    from factdesk.evidence.rerank import CrossEncoderReranker

    raw = CrossEncoderReranker(model_dir)
    raw.model.meta.update({"scale": 1.0, "bias": 0.0})
    pairs, labels = [], []
    for group in groups:
        for text in group.positives:
            pairs.append((group.claim, text))
            labels.append(1)
        for text in group.negatives[: depth - len(group.positives)]:
            pairs.append((group.claim, text))
            labels.append(0)
    probabilities = np.clip(np.array(raw.score(pairs)), 1e-7, 1 - 1e-7)
    logits = np.log(probabilities / (1 - probabilities)).reshape(-1, 1)
    fit = LogisticRegression(C=1e4).fit(logits, labels)
    meta_file = model_dir / "factdesk.json"
    meta = json.loads(meta_file.read_text())
    meta.update({"scale": float(fit.coef_[0][0]), "bias": float(fit.intercept_[0]), "calib_pairs": len(pairs)})
    meta_file.write_text(json.dumps(meta, indent=2) + "\n")
    raw.model.meta.update(meta)
    return {"scale": meta["scale"], "bias": meta["bias"], "pairs": len(pairs), "positives": int(sum(labels))}


def finish_reranker(checkpoint: Path, onnx_dir: Path, data_dir: Path, *, max_length: int = 128,
                    calib_per_file: int = 150, log: LOG = print) -> Path:
    """Export int8 ONNX and calibrate on the calib split; returns the model folder."""
    from factdesk.train.export import export_onnx

    layers = json.loads((checkpoint / "config.json").read_text())["num_hidden_layers"]
    export_onnx(checkpoint, onnx_dir, kind="classifier",
                meta={"name": NAME.format(layers=layers), "task": "rerank", "max_length": max_length})
    groups = [g for name in FILES if (data_dir / f"{name}.claims.jsonl").exists()
              for g in mine_groups(data_dir / f"{name}.claims.jsonl", "calib", calib_per_file, depth=DEPTH)]
    log(f"calibration: {calibrate(onnx_dir, groups)}")
    return onnx_dir
