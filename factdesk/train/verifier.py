"""`factdesk train verifier`: data -> fine-tuned cross-encoder -> ONNX int8 -> temperature -> model card.

Each step writes into `work_dir` and can be re-run alone (`--skip-finetune` re-exports and
re-calibrates an existing checkpoint).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from factdesk.models import LABELS
from factdesk.train.finetune import LOG, finetune
from factdesk.train.verifier_data import build_pairs

LABEL_INDEX = {label.value: i for i, label in enumerate(LABELS)}


def train_verifier(
    data_dir: Path,
    work_dir: Path,
    *,
    epochs: float = 2.0,
    batch_size: int = 16,
    learning_rate: float = 5e-5,
    max_length: int = 256,
    mined: int = 3000,
    seed: int = 13,
    log: LOG = print,
) -> Path:
    pairs = build_pairs(data_dir, mined=mined, seed=seed)
    log(f"{len(pairs)} training pairs")
    started = time.time()
    ckpt = finetune(
        [(p.claim, p.evidence) for p in pairs],
        [LABEL_INDEX[p.label] for p in pairs],
        work_dir,
        num_labels=len(LABELS),
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=max_length,
        seed=seed,
        log=log,
    )
    recipe = {
        "pairs": len(pairs),
        "epochs": epochs,
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "max_length": max_length,
        "mined_nei": mined,
        "seed": seed,
        "train_seconds": round(time.time() - started),
    }
    (work_dir / "recipe.json").write_text(json.dumps(recipe, indent=2))
    return ckpt


if __name__ == "__main__":  # pragma: no cover - convenience for background runs
    import sys

    train_verifier(Path(sys.argv[1]), Path(sys.argv[2]), epochs=float(sys.argv[3]) if len(sys.argv) > 3 else 2.0)
