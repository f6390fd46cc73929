"""Run the project's ONNX models with onnxruntime and the `tokenizers` library (no torch at run time).

A model directory holds `model.onnx`, `tokenizer.json` and `factdesk.json` (name, kind, max_length,
and for classifiers `labels` and `temperature`). Sessions are cached per directory, so every stage
that uses the same model shares one copy in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from factdesk.errors import NotFoundError


def weights_dir(name: str) -> Path:
    """A model directory shipped in the package (factdesk/weights/NAME)."""
    path = Path(str(resources.files("factdesk") / "weights" / name))
    if not (path / "model.onnx").exists():
        raise NotFoundError(f"model files missing in {path}: reinstall factdesk or run 'factdesk train'")
    return path


class OnnxModel:
    """A tokenizer plus an onnxruntime session; `run()` takes texts (or text pairs) and returns the
    first output with the attention mask, in batches sorted by length to waste little padding."""

    def __init__(self, directory: Path) -> None:
        from tokenizers import Tokenizer

        self.directory = directory
        meta_file = directory / "factdesk.json"
        # a plain Hugging Face export has no factdesk.json: it is a classifier with default settings
        self.meta: dict[str, Any] = json.loads(meta_file.read_text()) if meta_file.exists() else {"kind": "classifier"}
        self.max_length = int(self.meta.get("max_length", 256))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # classifiers see (claim, evidence) pairs and, as in training, only the evidence is cut
        strategy = "only_second" if self.meta.get("kind") == "classifier" else "longest_first"
        self.tokenizer.enable_truncation(self.max_length, strategy=strategy)
        self.threads = int(os.environ.get("FACTDESK_THREADS", "0")) or min(4, os.cpu_count() or 1)
        self.session = self._session(self.threads)
        self.input_names = {i.name for i in self.session.get_inputs()}
        self._single: Any = None  # a one-thread session for one-input calls, run `threads` at a time

    def _session(self, threads: int) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        return ort.InferenceSession(str(self.directory / "model.onnx"), options, providers=["CPUExecutionProvider"])

    @property
    def name(self) -> str:
        return str(self.meta.get("name", self.directory.name))

    def _encode(self, texts: Sequence[str | tuple[str, str]]) -> list[Any]:
        return self.tokenizer.encode_batch([tuple(t) if isinstance(t, tuple) else t for t in texts])

    def run(self, texts: Sequence[str | tuple[str, str]], batch_size: int = 32,
            reduce: Any = None) -> list[np.ndarray]:
        """Per input, `reduce(output_row, mask_row)` (default: the output row itself). `batch_size=1` scores each
        input alone (no padding, no batch-mates) on `threads` one-thread sessions at once: the same numbers as one
        at a time, and faster on small inputs than one session splitting each small matrix over threads."""
        encodings = self._encode(texts)
        if batch_size == 1 and len(encodings) > 1 and self.threads > 1:
            return self._run_singly(encodings, reduce)
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        results: list[np.ndarray | None] = [None] * len(encodings)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            feeds, mask = self._feeds([encodings[i] for i in batch])
            output = self.session.run(None, feeds)[0]
            for row, i in enumerate(batch):
                results[i] = reduce(output[row], mask[row]) if reduce else output[row]
        return results  # type: ignore[return-value]


    def _feeds(self, encodings: list[Any]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        width = max(len(enc.ids) for enc in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = 1
            types[row, :n] = enc.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return {k: v for k, v in feeds.items() if k in self.input_names}, mask

    def _run_singly(self, encodings: list[Any], reduce: Any) -> list[np.ndarray]:
        from concurrent.futures import ThreadPoolExecutor

        if self._single is None:
            self._single = self._session(1)

        def one(enc: Any) -> np.ndarray:
            feeds, mask = self._feeds([enc])
            output = self._single.run(None, feeds)[0]
            return reduce(output[0], mask[0]) if reduce else output[0]

        with ThreadPoolExecutor(self.threads) as pool:
            return list(pool.map(one, encodings))


@cache
def load_model(directory: str) -> OnnxModel:
    return OnnxModel(Path(directory))


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    vector = (hidden * mask[:, None]).sum(0) / max(1, mask.sum())
    return vector / (np.linalg.norm(vector) or 1.0)


class Embedder:
    """Sentence embeddings (mean-pooled, unit length) from the shipped MiniLM encoder."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory

    @property
    def directory(self) -> Path:
        return self._directory or weights_dir("minilm-embed")

    @property
    def model(self) -> OnnxModel:
        return load_model(str(self.directory))

    @property
    def name(self) -> str:
        return self.model.name

    def on_topic(self, cosines: np.ndarray) -> np.ndarray | None:
        """P(on the claim's subject) of (claim, passage) cosines, by the logistic line fitted for this model on the
        calib splits (`factdesk train topic-gate`); None for a model without one."""
        line = self.model.meta.get("on_topic")
        if not line:
            return None
        return 1.0 / (1.0 + np.exp(-(float(line["scale"]) * cosines + float(line["bias"]))))

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        rows = self.model.run(list(texts), batch_size=batch_size, reduce=_mean_pool)
        return np.stack(rows).astype(np.float32)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
