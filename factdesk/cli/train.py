"""`factdesk train verifier|reranker|embedder|checkworthy` (needs the `train` extra: torch==2.13.0)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

DEFAULT_DATA = Path("../shared/data")


def _need_torch() -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        from factdesk.errors import FactdeskError

        raise FactdeskError("training needs the train extra: pip install -e '.[train]'") from None


def sitting_options(command: Callable) -> Callable:
    """--resume, --max-minutes and --skip-finetune: how every trainer's run is split across sittings."""
    options = [
        click.option("--resume", is_flag=True,
                     help="continue from WORK_DIR's last checkpoint (same data and options)."),
        click.option("--max-minutes", type=click.FloatRange(min=0, min_open=True),
                     help="stop this sitting after so many minutes with a checkpoint; `--resume` continues it."),
        click.option("--skip-finetune", is_flag=True, help="only export (and calibrate) WORK_DIR/checkpoint."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
def train() -> None:
    """Train factdesk's models from the benchmark data (see docs/benchmarks.md for the recipes)."""


@train.command("verifier")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="folder of *.claims.jsonl / *.nli.jsonl files.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/verifier"),
              show_default=True, help="checkpoints, logs and the exported model go here.")
@click.option("--epochs", type=float, default=1.0, show_default=True)
@click.option("--batch-size", type=int, default=16, show_default=True)
@click.option("--learning-rate", type=float, default=5e-5, show_default=True)
@click.option("--max-length", type=int, default=256, show_default=True, help="tokens per (claim, evidence) pair.")
@click.option("--debias/--no-debias", default=True, show_default=True,
              help="down-weight pairs a claim-only model gets right (factdesk/train/debias.py).")
@click.option("--seed", type=int, default=13, show_default=True,
              help="sampling of the capped files, generators and batch order.")
@click.option("--init-from", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="start from this Hugging Face checkpoint instead of the base MiniLM (a second pass over a "
                   "fresh sample).")
@click.option("--max-pairs", type=click.IntRange(1),
              help="train on this many pairs of the shuffled sample (each source keeps its share).")
@click.option("--name", default="verifier.minilm-xenc.v5", show_default=True,
              help="versioned model name, recorded with every verdict (e.g. verifier.mpnet-xenc.v1 for that base).")
@sitting_options
@click.option("--install", is_flag=True, help="copy the exported model into factdesk/weights/verifier-minilm.")
def verifier(data_dir: Path, work_dir: Path, epochs: float, batch_size: int, learning_rate: float, max_length: int,
             debias: bool, seed: int, init_from: Path | None, max_pairs: int | None, name: str, resume: bool,
             max_minutes: float | None, skip_finetune: bool, install: bool) -> None:
    """Fine-tune the MiniLM cross-encoder on the v2 pairs, export int8 ONNX, fit the temperature on the calib
    split. A checkpoint is saved every 300 steps; `--resume` continues a run that was stopped."""
    _need_torch()
    from factdesk.train.verifier import finish_verifier, train_verifier

    checkpoint = work_dir / "checkpoint"
    if not skip_finetune:
        checkpoint = train_verifier(data_dir, work_dir, epochs=epochs, batch_size=batch_size,
                                    learning_rate=learning_rate, max_length=max_length, debias=debias, seed=seed,
                                    init_dir=init_from, max_pairs=max_pairs, resume=resume, progress=True,
                                    max_seconds=max_minutes * 60 if max_minutes else None, log=click.echo)
        if _stopped_early(work_dir):
            return
    finish_verifier(checkpoint, work_dir / "onnx", data_dir, name=name, log=click.echo)
    if install:
        _install(work_dir / "onnx", "verifier-minilm")


@train.command("reranker")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="folder of *.claims.jsonl files (train split for training, calib to calibrate).")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/reranker"),
              show_default=True, help="mined groups, checkpoints, logs and the exported model go here.")
@click.option("--layers", type=click.IntRange(1, 6), default=3, show_default=True,
              help="first layers of MiniLM-L6 kept (fewer: faster reranking).")
@click.option("--steps", type=click.IntRange(1), default=2000, show_default=True)
@click.option("--per-file", type=click.IntRange(1), default=4000, show_default=True,
              help="train claims taken from each file at most.")
@click.option("--negatives", type=click.IntRange(1), default=5, show_default=True,
              help="hard negatives beside each claim's positive.")
@click.option("--claims-per-batch", type=click.IntRange(1), default=4, show_default=True)
@click.option("--learning-rate", type=float, default=7e-5, show_default=True)
@click.option("--max-length", type=click.IntRange(16, 512), default=128, show_default=True,
              help="tokens per (claim, passage) pair.")
@click.option("--seed", type=int, default=13, show_default=True)
@sitting_options
@click.option("--install", is_flag=True, help="copy the exported model into factdesk/weights/reranker-minilm.")
def reranker(data_dir: Path, work_dir: Path, layers: int, steps: int, per_file: int, negatives: int,
             claims_per_batch: int, learning_rate: float, max_length: int, seed: int, resume: bool,
             max_minutes: float | None, skip_finetune: bool, install: bool) -> None:
    """Train the reranker: a cross-encoder of MiniLM's first layers, listwise over each train claim's evidence
    and the hybrid retriever's best wrong candidates; export int8 ONNX, calibrate P(relevant) on the calib split.
    A checkpoint is saved every 200 steps; `--resume` continues a run that was stopped."""
    _need_torch()
    from factdesk.train.reranker import finish_reranker, load_groups, train_reranker

    checkpoint = work_dir / "checkpoint"
    if not skip_finetune:
        groups = load_groups(data_dir, work_dir / "groups.jsonl", per_file, seed=seed, log=click.echo)
        checkpoint = train_reranker(groups, work_dir, layers=layers, negatives=negatives,
                                    claims_per_batch=claims_per_batch, steps=steps, learning_rate=learning_rate,
                                    max_length=max_length, seed=seed, resume=resume, progress=True,
                                    max_seconds=max_minutes * 60 if max_minutes else None, log=click.echo)
        if _stopped_early(work_dir):
            return
    finish_reranker(checkpoint, work_dir / "onnx", data_dir, max_length=max_length, log=click.echo)
    if install:
        _install(work_dir / "onnx", "reranker-minilm")


@train.command("embedder")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="folder of *.claims.jsonl files (train split only).")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/embedder"),
              show_default=True, help="mined groups (as the reranker's), checkpoints and the exported model go here.")
@click.option("--steps", type=click.IntRange(1), default=700, show_default=True)
@click.option("--per-file", type=click.IntRange(1), default=4000, show_default=True,
              help="train claims taken from each file at most.")
@click.option("--claims-per-batch", type=click.IntRange(2), default=32, show_default=True,
              help="claims per step; every passage of the batch is a negative for the other claims.")
@click.option("--hard-negatives", type=click.IntRange(0), default=1, show_default=True,
              help="mined hard negatives per claim in a batch.")
@click.option("--learning-rate", type=float, default=3e-5, show_default=True)
@click.option("--seed", type=int, default=13, show_default=True)
@sitting_options
@click.option("--install", is_flag=True, help="copy the exported model into factdesk/weights/retriever-minilm.")
def embedder(data_dir: Path, work_dir: Path, steps: int, per_file: int, claims_per_batch: int, hard_negatives: int,
             learning_rate: float, seed: int, resume: bool, max_minutes: float | None, skip_finetune: bool,
             install: bool) -> None:
    """Train the retrieval embedder: MiniLM fine-tuned so that each train claim finds its evidence among the
    batch's passages and its mined hard negatives (in-batch softmax); export int8 ONNX. A checkpoint is saved
    every 50 steps; `--resume` continues a run that was stopped."""
    _need_torch()
    from factdesk.train.embedder import finish_embedder, train_embedder
    from factdesk.train.reranker import load_groups

    checkpoint = work_dir / "checkpoint"
    if not skip_finetune:
        groups = load_groups(data_dir, work_dir / "groups.jsonl", per_file, seed=seed, log=click.echo)
        checkpoint = train_embedder(groups, work_dir, claims_per_batch=claims_per_batch,
                                    hard_negatives=hard_negatives, steps=steps, learning_rate=learning_rate,
                                    seed=seed, resume=resume, progress=True,
                                    max_seconds=max_minutes * 60 if max_minutes else None, log=click.echo)
        if _stopped_early(work_dir):
            return
    finish_embedder(checkpoint, work_dir / "onnx")
    click.echo(f"exported {work_dir / 'onnx'}")
    if install:
        _install(work_dir / "onnx", "retriever-minilm")


@train.command("checkworthy")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/checkworthy-head"),
              show_default=True)
@click.option("--install", is_flag=True, help="copy the head into factdesk/weights/checkworthy-head.")
def checkworthy(data_dir: Path, out: Path, install: bool) -> None:
    """Train the check-worthiness head over the shared MiniLM embeddings (numpy; no torch needed)."""
    from factdesk.train.checkworthy import train_checkworthy

    metrics = train_checkworthy(data_dir, out)
    click.echo(metrics)
    if install:
        _install(out, "checkworthy-head")


@train.command("topic-gate")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="folder of *.claims.jsonl files (calib split only).")
@click.option("--per-file", type=click.IntRange(10), default=400, show_default=True,
              help="calib claims taken from each file at most.")
@click.option("--install", is_flag=True,
              help="write the line into the model's factdesk.json (the model the `embedder` setting names).")
def topic_gate(data_dir: Path, per_file: int, install: bool) -> None:
    """Fit the line that maps the embedder's claim-passage cosine to P(the knowledge base has something on the
    claim): each calib claim searched in its own file's corpus and in another domain's. No torch needed; set
    FACTDESK_EMBEDDER to fit another model."""
    from factdesk import settings
    from factdesk.evidence import embedders
    from factdesk.train.topic_gate import fit_topic_gate

    line = fit_topic_gate(data_dir, per_file, log=click.echo)
    if install:
        meta_file = embedders.model_dir(settings.get("embedder")) / "factdesk.json"
        meta = json.loads(meta_file.read_text())
        meta["on_topic"] = line
        meta_file.write_text(json.dumps(meta, indent=2) + "\n")
        click.echo(f"wrote on_topic into {meta_file}")


def _stopped_early(work_dir: Path) -> bool:
    """A sitting cut by --max-minutes: say how to go on (nothing is exported from a half-trained model)."""
    progress = json.loads((work_dir / "progress.json").read_text())
    if progress.get("stopped_early"):
        click.echo(f"stopped at step {progress['step']} of {progress['total']}; run the same command with "
                   "--resume to continue")
    return bool(progress.get("stopped_early"))


def _install(source: Path, name: str) -> None:
    import shutil

    target = Path(__file__).resolve().parents[1] / "weights" / name
    card = target / "MODEL_CARD.md"
    keep = card.read_text() if card.exists() else None
    shutil.copytree(source, target, dirs_exist_ok=True)
    if keep and not (source / "MODEL_CARD.md").exists():
        card.write_text(keep)
    click.echo(f"installed {source} -> {target}")
