"""Export a Hugging Face checkpoint to ONNX and quantise it to int8 for onnxruntime.

Quantisation is dynamic, per channel and on the MatMuls only: per-tensor int8 costs the
cross-encoder more accuracy, and the embedding tables stay float (they are lookups, not math).
"""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path


def fuse_transformer(fp32: Path, config: dict) -> None:
    """Fuse attention, layer norm and GELU into onnxruntime's BERT kernels, in place (the same maths, fewer and
    faster ops on CPU); then int8 quantisation also covers the fused attention's weights."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(str(fp32), model_type="bert", num_heads=int(config["num_attention_heads"]),
                               hidden_size=int(config["hidden_size"]), opt_level=1)
    optimized.save_model_to_file(str(fp32))


def mean_pooled_logits(model, input_ids, attention_mask, **segments):  # type: ignore[no-untyped-def]
    """The head of a classifier whose config says ``pooling: mean``: the mean of the last hidden states, not the
    [CLS] state. In a 3-layer cut of the mean-pooled MiniLM embedder every pair's [CLS] state is the same vector
    (cosine 1.0 across pairs), so a [CLS] head starts blind and its listwise loss stayed at chance for 250 steps."""
    hidden = model.base_model(input_ids=input_ids, attention_mask=attention_mask, **segments).last_hidden_state
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return model.classifier(model.dropout((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)))


def export_onnx(checkpoint: Path, out_dir: Path, *, kind: str, int8: bool = True, fuse: bool = True,
                meta: dict | None = None) -> Path:
    """kind: "classifier" (outputs logits) or "encoder" (outputs last_hidden_state). `fuse`: see
    `fuse_transformer` (a plain export leaves it off, for comparison)."""
    import torch
    from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    loader = AutoModelForSequenceClassification if kind == "classifier" else AutoModel
    model = loader.from_pretrained(checkpoint).eval()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    sample = tokenizer(["a claim"], ["some evidence"], return_tensors="pt")
    output_name = "logits" if kind == "classifier" else "last_hidden_state"

    # MPNet has no segment embeddings: its graph takes (and the runtime feeds) no token_type_ids
    accepted = inspect.signature(model.base_model.forward).parameters
    inputs = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample and name in accepted]

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, *tensors):  # type: ignore[no-untyped-def]
            feeds = dict(zip(inputs, tensors, strict=True))
            if getattr(model.config, "pooling", None) == "mean":
                return mean_pooled_logits(self.inner, **feeds)
            return self.inner(**feeds)[0]

    fp32 = out_dir / "model.fp32.onnx"
    dynamic_axes = {name: {0: "batch", 1: "seq"} for name in inputs}
    dynamic_axes[output_name] = {0: "batch", 1: "seq"} if kind == "encoder" else {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(Wrapped(), tuple(sample[name] for name in inputs), str(fp32), input_names=inputs,
                          output_names=[output_name], dynamic_axes=dynamic_axes, opset_version=17, dynamo=False)
    target = out_dir / "model.onnx"
    if fuse:
        fuse_transformer(fp32, json.loads((checkpoint / "config.json").read_text()))
    if int8:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # fused ops come from onnxruntime's own domain, where ONNX shape inference does not type their outputs
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul", "Attention", "Gather"] if fuse else ["MatMul", "Gather"],
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        fp32.unlink()
    else:
        fp32.rename(target)
    tokenizer.backend_tokenizer.save(str(out_dir / "tokenizer.json"))
    # config.json (with id2label) makes the folder loadable as `hf:DIR` as well
    shutil.copy(checkpoint / "config.json", out_dir / "config.json")
    config = {"kind": kind, "int8": int8, "fused": fuse, "max_length": 256, **(meta or {})}
    (out_dir / "factdesk.json").write_text(json.dumps(config, indent=2) + "\n")
    return target


def copy_card(card: Path, out_dir: Path) -> None:
    shutil.copy(card, out_dir / "MODEL_CARD.md")
