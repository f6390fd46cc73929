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
from factdesk.train.verifier_data import build_pairs, describe

LABEL_INDEX = {label.value: i for i, label in enumerate(LABELS)}


def train_verifier(
    data_dir: Path,
    work_dir: Path,
    *,
    epochs: float = 1.0,
    batch_size: int = 16,
    learning_rate: float = 5e-5,
    max_length: int = 256,
    debias: bool = True,
    seed: int = 13,
    init_dir: Path | None = None,
    max_pairs: int | None = None,
    resume: bool = False,
    progress: bool = False,
    max_seconds: float | None = None,
    log: LOG = print,
) -> Path:
    """Build the v2 pairs (factdesk/train/verifier_data.py), weight them against a claim-only model and
    fine-tune; `resume` continues from work_dir's last checkpoint. `max_pairs` keeps the first pairs of the shuffled
    sample (every source in its share): a pass that fits one sitting of a larger base."""
    pairs = build_pairs(data_dir, seed=seed)[:max_pairs]
    composition = describe(pairs)
    log(f"{len(pairs)} training pairs")
    weights = None
    if debias:
        from factdesk.train.debias import debias_weights

        weights = debias_weights([p.claim for p in pairs], [p.label for p in pairs]).tolist()
    started = time.time()
    ckpt = finetune(
        [(p.claim, p.evidence) for p in pairs],
        [LABEL_INDEX[p.label] for p in pairs],
        work_dir,
        num_labels=len(LABELS),
        weights=weights,
        init_dir=init_dir,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=max_length,
        seed=seed,
        resume=resume,
        progress=progress,
        max_seconds=max_seconds,
        log=log,
    )
    progress_file = work_dir / "progress.json"
    seconds = json.loads(progress_file.read_text()).get("seconds") if progress_file.exists() else None
    recipe = {
        "pairs": len(pairs),
        "composition": composition,
        "epochs": epochs,
        "batch_size": batch_size,
        "learning_rate": learning_rate,
        "max_length": max_length,
        "claim_only_reweighting": debias,
        "seed": seed,
        "initialised_from": str(init_dir) if init_dir else "all-MiniLM-L6-v2",
        "max_pairs": max_pairs,
        "train_seconds": round(seconds if seconds is not None else time.time() - started),
    }
    (work_dir / "recipe.json").write_text(json.dumps(recipe, indent=2))
    return ckpt


def finish_verifier(checkpoint: Path, out_dir: Path, data_dir: Path, *, name: str = "verifier.minilm-xenc.v5",
                    aggregation: str = "blend", log: LOG = print) -> dict:
    """Export `checkpoint` to int8 ONNX in `out_dir`, fit the temperature on the calib split with the
    exported model (the variant that ships), and record everything in factdesk.json."""
    from factdesk.train.calibrate import calibration_set, fit_temperature, nll
    from factdesk.train.export import export_onnx
    from factdesk.verify.crossencoder import CrossEncoderVerifier

    config_file = checkpoint / "config.json"
    config = json.loads(config_file.read_text())
    config["id2label"] = {str(i): label.value for i, label in enumerate(LABELS)}
    config["label2id"] = {label.value: i for i, label in enumerate(LABELS)}
    config_file.write_text(json.dumps(config, indent=2))
    meta = {"name": name, "labels": [label.value for label in LABELS], "aggregation": aggregation,
            "max_length": 256, "temperature": 1.0, "guard": True}
    export_onnx(checkpoint, out_dir, kind="classifier", int8=True, meta=meta)
    pairs, labels = calibration_set(data_dir)
    logits = CrossEncoderVerifier(out_dir).logits(pairs)
    temperature = fit_temperature(logits, labels)
    accuracy = float((logits.argmax(1) == labels).mean())
    meta.update(temperature=temperature, calib={"n": len(labels), "accuracy": round(accuracy, 4),
                                                "nll_before": round(nll(logits, labels, 1.0), 4),
                                                "nll_after": round(nll(logits, labels, temperature), 4)})
    if (checkpoint.parent / "recipe.json").exists():
        meta["recipe"] = json.loads((checkpoint.parent / "recipe.json").read_text())
    full = json.loads((out_dir / "factdesk.json").read_text())
    full.update(meta)
    (out_dir / "factdesk.json").write_text(json.dumps(full, indent=2) + "\n")
    log(f"temperature {temperature:.2f}, calib accuracy {accuracy:.4f} on {len(labels)} pairs")
    full["aggregator"] = _fit_aggregator(out_dir, data_dir, log)
    if full["aggregator"]["shipped"]:
        full["aggregation"] = "learned"
    (out_dir / "factdesk.json").write_text(json.dumps(full, indent=2) + "\n")
    return full


def _fit_aggregator(out_dir: Path, data_dir: Path, log: LOG) -> dict:
    """Fit the learned aggregator on calib views; it ships only if it beats `blend` on held-out folds."""
    from factdesk.nn import load_model
    from factdesk.train.aggregator import aggregator_data, cross_validated_accuracy, fit_aggregator
    from factdesk.verify.crossencoder import CrossEncoderVerifier

    load_model.cache_clear()  # the temperature was just written: reload the model's metadata
    verifier = CrossEncoderVerifier(out_dir)
    x, y, blend = aggregator_data(data_dir, verifier.probabilities)
    learned_accuracy = cross_validated_accuracy(x, y)
    blend_accuracy = float((blend.argmax(1) == y).mean())
    shipped = learned_accuracy > blend_accuracy
    if shipped:
        fit_aggregator(x, y).save(out_dir, {"views": len(y)})
    log(f"aggregator on {len(y)} calib views: learned {learned_accuracy:.4f} (5-fold) vs blend {blend_accuracy:.4f}")
    return {"views": len(y), "learned_cv_accuracy": round(learned_accuracy, 4),
            "blend_accuracy": round(blend_accuracy, 4), "shipped": shipped}
