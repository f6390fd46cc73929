"""`--llm ID`: which pipeline stages an endpoint takes over, from its `stages` list (default: all four)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from factdesk.llm.config import get

if TYPE_CHECKING:
    from factdesk.pipeline import PipelineConfig


def use_llm(config: PipelineConfig, endpoint_id: str) -> PipelineConfig:
    """Point the configured stages of `config` at endpoint `endpoint_id` (an unknown id is an error here,
    before any work is done)."""
    endpoint = get(endpoint_id)
    if "claims" in endpoint.stages:
        config.detector = f"llm:{endpoint.id}"
    if "verify" in endpoint.stages:
        config.verifier = f"llm:{endpoint.id}"
    if "analysis" in endpoint.stages:
        config.analysis = endpoint.id
    if "translate" in endpoint.stages:
        config.translator = f"llm:{endpoint.id}"
    return config
