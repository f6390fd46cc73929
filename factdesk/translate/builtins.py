"""The built-in translator, registered as a third-party plugin would be."""

from __future__ import annotations

from factdesk.translate.base import Translator, translators


@translators.register("llm")
def _llm(arg: str, **_: object) -> Translator:
    """`llm:ID`: translation by the chat model of endpoint ID (docs/llm.md, docs/japanese.md)."""
    from factdesk.llm.config import get
    from factdesk.translate.llm import LLMTranslator

    return LLMTranslator(get(arg))
