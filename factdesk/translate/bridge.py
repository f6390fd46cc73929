"""How the pipeline reads an article through translation: the stages see English, the brief keeps the original.

`Untranslated` reads an English article as it is. A Japanese passage it is given (a knowledge base that holds
some, with no translator configured) is left out of the evidence with a note: English models never read Japanese.

`Translated` (a Japanese article):

- the detector reads each sentence's English translation (check-worthiness is judged in English); every claim,
  prediction and opinion then gets its original sentence back as `text` (offsets unchanged) and the English as
  `translation`;
- evidence is searched with the original sentence and with its translation (a Japanese and an English knowledge
  base, or one that holds both), the two rankings interleaved;
- Japanese passages are translated, the verifier judges the English claim against English passages, and each
  verdict's passages get their original text back with the English beside it (`Passage.translation`);
- forecasts, analysis and outlook are made from the brief's English view (`factdesk.translate.english`).

`CrossLingual` (an English article, a knowledge base that holds Japanese, a translator configured): each claim
is searched as it is and through its Japanese translation, the two rankings interleaved; the Japanese passages
found are translated and restored as in `Translated`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from itertools import zip_longest

from factdesk.claims.base import Span
from factdesk.claims.find import Found
from factdesk.evidence.base import Retriever
from factdesk.evidence.query import search_queries
from factdesk.lang.detect import ENGLISH, has_japanese
from factdesk.llm import trace
from factdesk.models import Article, Claim, Evidence, Passage, Verdict
from factdesk.translate.base import Translator


class Untranslated:
    """An English article: every step is the identity."""

    translator_name: str | None = None

    def __init__(self, article: Article) -> None:
        self.article = article
        self.english_text = article.text

    def sentences(self, spans: list[Span]) -> list[Span]:
        return spans

    def originals(self, found: Found) -> Found:
        return found

    def claim_text(self, claim: Claim) -> str:
        return claim.text

    def retrieve(self, retriever: Retriever, claims: Sequence[Claim], top_k: int,
                 as_of: dt.date | None) -> list[list[Evidence]]:
        # a claim opening on "It"/"The company" is searched with the name it stands for (evidence/query.py)
        return retriever.retrieve(search_queries(self.article.text, claims), top_k, as_of) if claims else []

    def english_evidence(self, evidence: list[list[Evidence]]) -> list[list[Evidence]]:
        kept = [[e for e in ranked if not has_japanese(e.passage.text)] for ranked in evidence]
        dropped = sum(len(ranked) for ranked in evidence) - sum(len(ranked) for ranked in kept)
        if not dropped:
            return evidence
        trace.note(f"{dropped} passage(s) in Japanese left out of the evidence: no translator is configured "
                   "(factdesk's offline models read English only; docs/japanese.md)")
        return [[e.model_copy(update={"rank": rank}) for rank, e in enumerate(ranked, 1)] for ranked in kept]

    def original_evidence(self, verdict: Verdict) -> Verdict:
        return verdict


def interleave(first: list[Evidence], second: list[Evidence], top_k: int) -> list[Evidence]:
    """Best of each ranking in turn, each passage once, ranks renumbered from 1."""
    merged: dict[str, Evidence] = {}
    for pair in zip_longest(first, second):
        for item in pair:
            if item is not None and item.passage.id not in merged:
                merged[item.passage.id] = item
    return [e.model_copy(update={"rank": rank}) for rank, e in enumerate(list(merged.values())[:top_k], 1)]


class PassageTranslation(Untranslated):
    """The evidence steps of a check read through `translator`: passages in `language` translated for the verifier,
    restored in the brief with the English beside them."""

    def __init__(self, article: Article, language: str, translator: Translator) -> None:
        super().__init__(article)
        self.language = language
        self.translator = translator
        self.translator_name = translator.name
        self._passages: dict[str, Passage] = {}  # id -> the original passage, its translation beside it
        self._english: dict[str, str] = {}  # a passage's text or title -> its translation

    def _search(self, retriever: Retriever, claims: Sequence[Claim], translated: list[str], top_k: int,
                as_of: dt.date | None) -> list[list[Evidence]]:
        """Each claim searched as it is and as `translated`, the two rankings interleaved."""
        found = retriever.retrieve([c.text for c in claims] + translated, top_k, as_of)
        return [interleave(found[i], found[i + len(claims)], top_k) for i in range(len(claims))]

    def english_evidence(self, evidence: list[list[Evidence]]) -> list[list[Evidence]]:
        passages = {e.passage.id: e.passage for ranked in evidence for e in ranked}.values()
        # passage texts and titles (the verifiers read both), each distinct string translated once per check
        foreign = [s for p in passages for s in (p.text, p.title) if s and s not in self._english and has_japanese(s)]
        foreign = list(dict.fromkeys(foreign))
        if foreign:
            self._english.update(zip(foreign, self.translator.translate(foreign, self.language), strict=True))
        for passage in passages:
            if passage.text in self._english:
                self._passages[passage.id] = passage.model_copy(update={"translation": self._english[passage.text]})
        return [[self._english_evidence(e) for e in ranked] for ranked in evidence]

    def _english_evidence(self, item: Evidence) -> Evidence:
        title = item.passage.title
        english = {"text": self._english.get(item.passage.text, item.passage.text),
                   "title": self._english.get(title, title) if title else title}
        return item.model_copy(update={"passage": item.passage.model_copy(update=english)})

    def original_evidence(self, verdict: Verdict) -> Verdict:
        restored = [e.model_copy(update={"passage": self._passages[e.passage.id]}) if e.passage.id in self._passages
                    else e for e in verdict.evidence]
        return verdict.model_copy(update={"evidence": restored})


class Translated(PassageTranslation):
    """An article in `language`, read through `translator`; see the module docstring."""

    def sentences(self, spans: list[Span]) -> list[Span]:
        english = self.translator.translate([s.text for s in spans], self.language) if spans else []
        self.english_text = "\n".join(english)
        return [replace(span, text=text) for span, text in zip(spans, english, strict=True)]

    def _original(self, claim: Claim) -> Claim:
        return claim.model_copy(update={"text": self.article.text[claim.start : claim.end], "translation": claim.text})

    def originals(self, found: Found) -> Found:
        skipped = [s.model_copy(update={"text": self.article.text[s.start : s.end]}) for s in found.not_checked]
        return Found([self._original(c) for c in found.claims], [self._original(c) for c in found.predictions],
                     [self._original(c) for c in found.opinions], skipped)

    def claim_text(self, claim: Claim) -> str:
        return claim.translation or claim.text

    def retrieve(self, retriever: Retriever, claims: Sequence[Claim], top_k: int,
                 as_of: dt.date | None) -> list[list[Evidence]]:
        if not claims:
            return []
        return self._search(retriever, claims, [self.claim_text(c) for c in claims], top_k, as_of)


class CrossLingual(PassageTranslation):
    """An English article checked against a knowledge base that holds passages in `language` (Japanese); see
    the module docstring."""

    def retrieve(self, retriever: Retriever, claims: Sequence[Claim], top_k: int,
                 as_of: dt.date | None) -> list[list[Evidence]]:
        if not claims:
            return []
        # the English claim finds the English passages; its translation finds the Japanese ones (BM25 over
        # Japanese words never matches an English query)
        translated = self.translator.translate([c.text for c in claims], ENGLISH, target=self.language)
        return self._search(retriever, claims, translated, top_k, as_of)
