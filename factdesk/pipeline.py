"""The pipeline: Article -> Claims -> Evidence -> Verdicts -> Brief. It computes and records nothing
(`factdesk.api.check` records); `check`, `eval` and `serve` all call this same code.

Example::

    from factdesk.pipeline import Pipeline
    brief = Pipeline(kb="demo").run(article)
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from factdesk import settings
from factdesk.brief.offline_analysis import OFFLINE_ANALYSIS, offline_analysis
from factdesk.brief.summary import summarize
from factdesk.claims.base import ClaimDetector, Segmenter, detectors, segmenters
from factdesk.claims.find import find_claims, summary_sentences
from factdesk.evidence.base import Retriever, languages_of, retrievers
from factdesk.lang.detect import ENGLISH, JAPANESE, detect_language
from factdesk.llm.trace import tracing
from factdesk.models import Article, Brief, ClaimCheck, Label, Passage, Verdict
from factdesk.predictions.forecast import forecasts_of
from factdesk.translate.base import Translator, TranslatorMissing, default_translator, missing_message, translators
from factdesk.translate.bridge import CrossLingual, Translated, Untranslated
from factdesk.translate.english import english_view
from factdesk.verify.base import DEFAULT_VERIFIER, Verifier, verifiers
from factdesk.verify.topic import gate_setting, off_topic

Progress = Callable[[str], None]
#: claims judged per verifier call: a long article's progress moves in these steps; the verifiers score each
#: claim on its own (crossencoder.py: batch_size=1), so the grouping changes no verdict
JUDGE_GROUP = 16
#: languages checked through a translator (docs/japanese.md); others are read as English, as before
TRANSLATED = (JAPANESE,)


@dataclass
class PipelineConfig:
    kb: str = field(default_factory=lambda: settings.get("kb"))
    segmenter: str = "pysbd"
    detector: str = "minilm-lr"
    retriever: str = "hybrid"
    verifier: str = DEFAULT_VERIFIER
    top_k: int = field(default_factory=lambda: int(settings.number("top_k", whole=True, low=1)))
    abstain_below: float = field(default_factory=lambda: settings.number("abstain_below", low=0, high=1))
    min_overlap: float = field(default_factory=lambda: settings.number("min_overlap", low=0, high=1))
    topic_gate: str = field(default_factory=gate_setting)
    analysis: str | None = None  # id of the LLM endpoint that writes the analysis and outlook (docs/llm.md)
    translator: str | None = None  # for articles not in English; None: the first endpoint that translates


def abstain(verdict: Verdict, threshold: float) -> Verdict:
    """A SUPPORTED/REFUTED verdict less confident than `threshold` is shown as NOT_ENOUGH_INFO."""
    if verdict.label is Label.NOT_ENOUGH_INFO or verdict.confidence >= threshold:
        return verdict
    nei = verdict.probabilities.get(Label.NOT_ENOUGH_INFO, 0.0)
    return verdict.model_copy(update={"label": Label.NOT_ENOUGH_INFO, "confidence": nei, "abstained": True})



class Pipeline:
    """Holds one backend per stage; models load on first use and stay loaded for later runs."""

    def __init__(self, config: PipelineConfig | None = None, *, retriever: Retriever | None = None,
                 kb_name: str | None = None) -> None:
        self.config = config or PipelineConfig()
        self.segmenter: Segmenter = segmenters.create(self.config.segmenter)
        self.detector: ClaimDetector = detectors.create(self.config.detector)
        self.verifier: Verifier = verifiers.create(self.config.verifier)
        self._retriever = retriever
        self.kb_name = kb_name
        self._translators: dict[str, Translator] = {}

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from factdesk.evidence.kb import KnowledgeBase

            kb = KnowledgeBase.open(self.config.kb)
            self.kb_name = kb.name
            self._retriever = retrievers.create(self.config.retriever, kb=kb)
        return self._retriever

    def warm_up(self) -> None:
        self.detector.warm_up()
        self.retriever.warm_up()
        self.verifier.warm_up()

    def run(self, article: Article, as_of: dt.date | None = None, progress: Progress | None = None, *,
            all_sentences: bool = False) -> Brief:
        """`all_sentences=True` checks every sentence, not only the check-worthy ones."""
        # the trace collects what LLM backends degraded (the brief's notes) and their calls (recorded by api.check)
        with tracing() as trace:
            brief = self._compute(article, as_of, progress, all_sentences)
            english = english_view(brief)  # the brief itself, unless its article was translated
            brief = brief.model_copy(update={"forecasts": forecasts_of(english)})
            if self.config.analysis:
                (progress or (lambda _: None))("writing the analysis")
                brief = self._analyse(brief, english)
            if not brief.analysis:  # no LLM, or it failed: an analysis of what the verdicts and evidence show
                brief = brief.model_copy(update={"analysis": offline_analysis(english, self.config.min_overlap),
                                                 "models": {**brief.models, "analysis": OFFLINE_ANALYSIS}})
            return brief.model_copy(update={"notes": list(trace.notes)}) if trace.notes else brief

    def _bridge(self, article: Article) -> Untranslated:
        """How the stages read `article` (docs/japanese.md): a Japanese one through a translator; an English one as
        it is, its claims also searched in Japanese when the knowledge base holds Japanese and a translator is
        configured."""
        language = article.language or ENGLISH
        if language in TRANSLATED:
            name = self.config.translator or default_translator()
            if name is None:
                raise TranslatorMissing(missing_message(language))
            return Translated(article, language, self._translator(name))
        if JAPANESE in languages_of(self.retriever):
            # llm.json is read only here: an English check of an English knowledge base never depends on it
            name = self.config.translator or default_translator()
            if name is not None:
                return CrossLingual(article, JAPANESE, self._translator(name))
        return Untranslated(article)  # Japanese passages, if any turn up, are left out of the evidence

    def _translator(self, name: str) -> Translator:
        if name not in self._translators:
            self._translators[name] = translators.create(name)
        return self._translators[name]

    def _analyse(self, brief: Brief, english: Brief) -> Brief:
        from factdesk.brief.analysis import write_analysis
        from factdesk.llm.client import ChatClient
        from factdesk.llm.config import get

        started = time.perf_counter()
        endpoint = get(self.config.analysis or "")
        analysis, outlook = write_analysis(ChatClient(endpoint), english)
        models = {**brief.models, "analysis": f"analysis.llm.v1:{endpoint.id}/{endpoint.model}"}
        timings = {**brief.timings_ms, "analysis": round((time.perf_counter() - started) * 1000, 1)}
        return brief.model_copy(update={"analysis": analysis, "outlook": outlook, "models": models,
                                        "timings_ms": timings})

    def _compute(self, article: Article, as_of: dt.date | None, progress: Progress | None,
                 all_sentences: bool = False) -> Brief:
        say = progress or (lambda _: None)
        timings: dict[str, float] = {}

        def timed(stage: str, started: float) -> None:
            timings[stage] = round((time.perf_counter() - started) * 1000, 1)

        article = article if article.language else article.model_copy(
            update={"language": detect_language(article.text)})
        bridge = self._bridge(article)  # English stages never read Japanese: they read its translation
        segmenter = segmenters.create("ja") if article.language == JAPANESE else self.segmenter
        started = time.perf_counter()
        say("finding claims")
        spans = segmenter.segment(article.text)
        sentences = bridge.sentences(spans)
        found = bridge.originals(find_claims(self.detector, article, sentences, all_sentences=all_sentences))
        claims = found.claims
        timed("claims", started)

        started = time.perf_counter()
        say(f"retrieving evidence for {len(claims)} claims")
        evidence = bridge.retrieve(self.retriever, claims, self.config.top_k, as_of)
        timed("evidence", started)

        started = time.perf_counter()
        english = [bridge.claim_text(c) for c in claims]
        evidence = bridge.english_evidence(evidence)
        pairs = [(c.id, text) for c, text in zip(claims, english, strict=True)]
        verdicts: list[Verdict] = []
        for first in range(0, len(pairs), JUDGE_GROUP):
            say(f"judging claims: {first} of {len(pairs)} done")
            verdicts += self.verifier.verify(pairs[first : first + JUDGE_GROUP], evidence[first : first + JUDGE_GROUP])
        gate = self.config.min_overlap, self.config.topic_gate
        verdicts = [bridge.original_evidence(abstain(off_topic(v, text, *gate), self.config.abstain_below))
                    for v, text in zip(verdicts, english, strict=True)]
        timed("verify", started)

        started = time.perf_counter()
        summary = summarize(bridge.english_text, summary_sentences(sentences, found))
        timed("summary", started)
        return Brief(
            check_id=uuid.uuid4().hex,
            created_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            article=article,
            summary=summary,
            results=[ClaimCheck(claim=c, verdict=v) for c, v in zip(claims, verdicts, strict=True)],
            predictions=found.predictions,
            opinions=found.opinions,
            not_checked=found.not_checked,
            references=_references(verdicts),
            knowledge_base=self.kb_name,
            as_of=as_of,
            models={
                "segmenter": segmenter.name,
                "claim_detector": self.detector.name,
                "retriever": self.retriever.name,
                "verifier": self.verifier.name,
                **({"translator": bridge.translator_name} if bridge.translator_name else {}),
            },
            timings_ms=timings,
        )


def _references(verdicts: list[Verdict]) -> list[Passage]:
    """The distinct documents cited, in order of first citation."""
    seen: dict[str, Passage] = {}
    for verdict in verdicts:
        by_id = {e.passage.id: e.passage for e in verdict.evidence}
        for passage_id in verdict.cited:
            passage = by_id.get(passage_id)
            if passage and passage.doc_id not in seen:
                seen[passage.doc_id] = passage
    return list(seen.values())
