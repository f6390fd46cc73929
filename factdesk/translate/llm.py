"""`llm:ID`: translation by a chat model, in numbered batches answered as JSON (docs/japanese.md).

Each batch is one request: the numbered texts in, `{"translations": [{"n": 1, "text": "..."}]}` out. Texts the
answer leaves out are asked for once more on their own; a text still untranslated fails the check
(`TranslationError`), because judging it would mean running English models on Japanese. Answers are cached and
recorded like every LLM call (stage `translate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from factdesk.lang.detect import language_name
from factdesk.llm import trace
from factdesk.llm.client import ChatClient, LLMError
from factdesk.llm.config import Endpoint
from factdesk.llm.structured import complete_json
from factdesk.translate.base import TranslationError

BATCH = 16  # texts per request: few requests, and short enough for a small model's context

SYSTEM = """You are a professional news translator. Translate each numbered TEXT from {source} into {target}.
Keep names, numbers, dates and units exact; translate faithfully, adding and leaving out nothing.
Answer with one JSON object and nothing else:
{{"translations": [{{"n": <number>, "text": "<translation>"}}]}}"""


class Translation(BaseModel):
    n: int
    text: str


class Translations(BaseModel):
    translations: list[Translation]


class LLMTranslator:
    """Translation by the chat model of one endpoint; see the module docstring."""

    def __init__(self, endpoint: Endpoint, client: ChatClient | None = None) -> None:
        self.endpoint = endpoint
        self.client = client or ChatClient(endpoint)
        self.name = f"translate.llm.v1:{endpoint.id}/{endpoint.model}"

    def translate(self, texts: Sequence[str], source: str, target: str = "en") -> list[str]:
        numbered = list(enumerate(texts, 1))
        batches = [numbered[i : i + BATCH] for i in range(0, len(numbered), BATCH)]
        done = trace.parallel_map(lambda batch: self._batch(batch, source, target), batches,
                                  self.endpoint.concurrency)
        by_number = {n: text for answer in done for n, text in answer.items()}
        return [by_number[n] for n, _ in numbered]

    def _batch(self, batch: list[tuple[int, str]], source: str, target: str) -> dict[int, str]:
        found = self._ask(batch, source, target)
        missing = [(n, text) for n, text in batch if n not in found]
        for item in missing:  # a model that skipped a text in a long batch usually translates it alone
            found.update(self._ask([item], source, target))
        if still := [n for n, _ in batch if n not in found]:
            raise TranslationError(f"LLM endpoint '{self.endpoint.id}' left text(s) {still} untranslated")
        return found

    def _ask(self, batch: list[tuple[int, str]], source: str, target: str) -> dict[int, str]:
        system = SYSTEM.format(source=language_name(source), target=language_name(target))
        user = "\n".join(f"[{n}] {' '.join(text.split())}" for n, text in batch)
        messages = [{"role": "system", "content": system}, {"role": "user", "content": f"TEXTS:\n{user}"}]
        try:
            answer = complete_json(self.client, messages, Translations, stage="translate")
        except LLMError as exc:
            raise TranslationError(f"translation failed: {exc}") from None
        wanted = {n for n, _ in batch}
        return {item.n: " ".join(item.text.split()) for item in answer.translations
                if item.n in wanted and item.text.strip()}
