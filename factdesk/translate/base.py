"""The Translator protocol and its registry, and how the pipeline picks a translator.

factdesk's own models read English only. A Japanese article is checked through a translator: its sentences and
the Japanese passages found for them are translated to English, judged in English, and shown in both languages.
With no translator there is no check: English models are never run on Japanese text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from factdesk.errors import InputError
from factdesk.lang.detect import ENGLISH, language_name
from factdesk.registry import Registry


@runtime_checkable
class Translator(Protocol):
    name: str

    def translate(self, texts: Sequence[str], source: str, target: str = "en") -> list[str]:
        """One translation per text, in order; raises `TranslationError` when it cannot."""
        ...


class TranslatorMissing(InputError):
    """A text in another language and no translator configured."""


class TranslationError(InputError):
    """The translator failed (its endpoint is down, or its answers are unusable)."""


translators: Registry[Translator] = Registry("translator", "factdesk.translate.builtins")


def missing_message(language: str) -> str:
    return (f"the article is in {language_name(language)} ({language}) and no translator is configured "
            "(factdesk's offline models read English only): add an LLM endpoint that translates with "
            "`factdesk llm add ID --base-url URL --model NAME --stage translate` and check with `--llm ID` "
            "(docs/japanese.md)")


def language_note(language: str | None, translator: str | None) -> str | None:
    """What a brief's source line says of a translated article ("in Japanese, translated to English by ..."); nothing
    for one read as it is (a short English text may be detected as another language, and was read as English)."""
    if not language or not translator or language == ENGLISH:  # an English article's Japanese evidence: shown beside
        return None
    return f"in {language_name(language)}, translated to English by {translator}"


def default_translator(endpoint_id: str | None = None) -> str | None:
    """`llm:ID` for endpoint `endpoint_id` when it translates, else for the first configured endpoint that
    lists the translate stage; None when there is none."""
    from factdesk.llm.config import get, load

    if endpoint_id:
        endpoint = get(endpoint_id)
        return f"llm:{endpoint.id}" if "translate" in endpoint.stages else None
    return next((f"llm:{e.id}" for e in load() if "translate" in e.stages), None)
