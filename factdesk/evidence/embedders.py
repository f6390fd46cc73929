"""The models that embed a knowledge base's passages and the queries searched against them.

The `embedder` setting picks the model of new knowledge bases: `claims` (the shipped retrieval embedder, trained on
claims and their evidence: factdesk/train/embedder.py), `minilm` (all-MiniLM-L6-v2 as published, the model of
knowledge bases built before it) or `onnx:DIR` (an exported model folder). A knowledge base records the name of the
model that embedded it and keeps searching with that model while factdesk ships it; `factdesk kb reindex`
re-embeds it with the current one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from factdesk import settings
from factdesk.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from factdesk.nn import Embedder

#: setting value -> folder under factdesk/weights
SHIPPED = {"claims": "retriever-minilm", "minilm": "minilm-embed"}


def model_dir(spec: str) -> Path:
    """The model folder of an `embedder` setting value."""
    from factdesk.nn import weights_dir

    if spec.startswith("onnx:"):
        path = Path(spec[len("onnx:"):]).expanduser()
        if not (path / "model.onnx").is_file():
            raise InputError(f"embedder {spec}: no model.onnx in {path}")
        return path
    if spec not in SHIPPED:
        raise InputError(f"unknown embedder '{spec}' (known: {', '.join(SHIPPED)}, onnx:DIR)")
    return weights_dir(SHIPPED[spec])


def model_name(directory: Path) -> str:
    """The name a model folder gives itself (its factdesk.json), read without loading the model."""
    meta_file = directory / "factdesk.json"
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    return str(meta.get("name", directory.name))


def current() -> Embedder:
    """The embedder the `embedder` setting names: the one new knowledge bases are built with."""
    from factdesk.nn import Embedder

    return Embedder(model_dir(settings.get("embedder")))


def named(name: str) -> Embedder | None:
    """The embedder whose model is called `name` (the setting's first, then the shipped ones), or None."""
    from factdesk.nn import Embedder

    for spec in dict.fromkeys([settings.get("embedder"), *SHIPPED]):
        try:
            directory = model_dir(spec)
        except NotFoundError:  # a shipped model missing from a broken install: the others may still match
            continue
        if model_name(directory) == name:
            return Embedder(directory)
    return None
