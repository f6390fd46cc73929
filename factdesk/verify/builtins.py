"""Built-in verifiers, registered exactly as a plugin would register its own."""

from __future__ import annotations

from factdesk.verify.base import Verifier, verifiers


@verifiers.register("minilm-xenc")
def _minilm(aggregation: str | None = None, guard: bool = True, parts: bool = True, **_: object) -> Verifier:
    from factdesk.verify.crossencoder import CrossEncoderVerifier

    return CrossEncoderVerifier(aggregation=aggregation, guard=guard, parts=parts)


@verifiers.register("onnx")
def _onnx_dir(arg: str, aggregation: str | None = None, guard: bool = True, parts: bool = True,
              **_: object) -> Verifier:
    """`onnx:PATH`: a model directory exported by `factdesk train verifier`."""
    from pathlib import Path

    from factdesk.errors import NotFoundError
    from factdesk.verify.crossencoder import CrossEncoderVerifier

    directory = Path(arg).expanduser()
    if not (directory / "model.onnx").exists():
        raise NotFoundError(f"no model.onnx in {directory}")
    return CrossEncoderVerifier(directory, aggregation=aggregation, guard=guard, parts=parts)


@verifiers.register("hf")
def _hf(arg: str, aggregation: str | None = None, **_: object) -> Verifier:
    from factdesk.verify.hf import HFVerifier

    return HFVerifier(arg, aggregation=aggregation)


@verifiers.register("llm")
def _llm(arg: str, **_: object) -> Verifier:
    """`llm:ID`: a chat model behind the OpenAI-compatible endpoint ID of llm.json (docs/llm.md)."""
    from factdesk.llm.config import get
    from factdesk.verify.llm import LLMVerifier

    return LLMVerifier(get(arg))
