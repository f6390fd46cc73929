"""One sitting of a step-counted training run: checkpoints, `--resume`, `--max-minutes`, the progress bar and log.

The reranker and the embedder train for a fixed number of steps whose batches are a function of (seed, step), so a
run stopped by a session's end continues exactly where it stopped: `Sitting` keeps the model, the optimiser, the
schedule, the step and the running loss together and saves them atomically.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factdesk.train.finetune import _ProgressBar, optimiser_step, smoothed

LOG = Callable[[str], None]


def can_resume(out_dir: Path) -> bool:
    return (out_dir / "trainer_state.pt").exists() and (out_dir / "checkpoint" / "config.json").exists()


class Sitting:
    """Steps `step` .. `total` of a run in `out_dir` (checkpoint/, trainer_state.pt, progress.json).

    The caller builds the model from `out_dir/checkpoint` when `can_resume(out_dir)` and it resumes, then calls
    `update(loss)` after computing each step's loss; `update` says when this sitting should end."""

    def __init__(self, out_dir: Path, model: Any, tokenizer: Any, optim: Any, sched: Any, total: int, *,
                 resume: bool, pairs_per_step: int, save_every: int = 200, max_seconds: float | None = None,
                 progress: bool = False, log: LOG = print) -> None:
        import torch

        self.out_dir, self.model, self.tokenizer, self.optim, self.sched = out_dir, model, tokenizer, optim, sched
        self.total, self.pairs_per_step, self.save_every, self.max_seconds, self.log = \
            total, pairs_per_step, save_every, max_seconds, log
        self.step, self.running, self._seconds_before = 0, 0.0, 0.0
        self._state_file = out_dir / "trainer_state.pt"
        if resume and can_resume(out_dir):
            state = torch.load(self._state_file, weights_only=False)
            optim.load_state_dict(state["optimizer"])
            sched.load_state_dict(state["scheduler"])
            self.step, self.running = int(state["step"]), float(state["loss"])
            self._seconds_before = float(state.get("seconds", 0.0))
            log(f"resuming at step {self.step}/{total}")
        out_dir.mkdir(parents=True, exist_ok=True)
        self._started, self._started_step = time.time(), self.step
        self._bar = _ProgressBar(total, self.step) if progress else None

    @property
    def checkpoint(self) -> Path:
        return self.out_dir / "checkpoint"

    @property
    def done(self) -> bool:
        return self.step >= self.total

    def update(self, loss: Any) -> bool:
        """Step the optimiser on `loss`, log, checkpoint when due; True when this sitting must end (the run is done,
        or `max_seconds` has passed, with a checkpoint saved)."""
        optimiser_step(loss, self.model, self.optim, self.sched)
        self.step += 1
        self.running = smoothed(self.running, loss.item(), self.step)
        rate = (self.step - self._started_step) * self.pairs_per_step / (time.time() - self._started)
        if self._bar:
            self._bar.update(self.step, f"loss {self.running:.3f} · {rate:.1f} pairs/s")
        if self.step % 50 == 0 or self.done:
            self.log(f"step {self.step}/{self.total} loss {self.running:.4f} {rate:.1f} pairs/s")
        out_of_time = self.max_seconds is not None and time.time() - self._started >= self.max_seconds
        if self.step % self.save_every == 0 or self.done or out_of_time:
            self.save()
        if out_of_time and not self.done:
            self.log(f"stopped at step {self.step}/{self.total}: continue with --resume")
        return self.done or out_of_time

    def save(self) -> None:
        import torch

        seconds = round(self._seconds_before + time.time() - self._started, 1)
        self.model.save_pretrained(self.checkpoint)
        self.tokenizer.save_pretrained(self.checkpoint)
        tmp = self._state_file.with_suffix(".tmp")
        torch.save({"optimizer": self.optim.state_dict(), "scheduler": self.sched.state_dict(), "step": self.step,
                    "loss": self.running, "seconds": seconds}, tmp)
        tmp.replace(self._state_file)  # atomic: a kill mid-save keeps the previous state
        (self.out_dir / "progress.json").write_text(json.dumps({
            "step": self.step, "total": self.total, "loss": self.running, "seconds": seconds,
            "stopped_early": not self.done}))

    def close(self) -> None:
        if self._bar:
            self._bar.close()
