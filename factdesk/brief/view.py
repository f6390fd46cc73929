"""What the human-readable renderers (md, html) show, decided once so that both say the same thing.

- What a verdict rests on, and which passages are quoted, comes from `explain` (factdesk/brief/explain.py),
  the one wording of every renderer: the cited passages, else the best retrieved one; none when no passage is
  on the claim's topic.
- An abstained verdict is shown and counted as NOT_ENOUGH_INFO (the `abstain_below` setting), with the label
  the verifier leaned to.
- Opinions and the sentences not checked are listed with the reason (`not_checked_lines`).
- References are the distinct sources (URL, else document id) of `Brief.references` and of every quoted passage,
  numbered in order of first appearance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from factdesk.brief.explain import Explanation, explain
from factdesk.models import LABELS, Brief, ClaimCheck, Label, Passage

_COUNT_WORDS = {Label.SUPPORTED: "supported", Label.REFUTED: "refuted", Label.NOT_ENOUGH_INFO: "not enough info"}


@dataclass(frozen=True)
class Quote:
    passage: Passage
    ref: int  # number in the reference list


@dataclass(frozen=True)
class ResultView:
    number: int
    check: ClaimCheck
    label: Label  # as shown: NOT_ENOUGH_INFO when the verifier abstained
    quotes: list[Quote]
    explanation: Explanation

    @property
    def closest_only(self) -> bool:
        """The quote is the nearest passage found, not evidence that decided anything."""
        return not self.explanation.decisive


@dataclass(frozen=True)
class BriefView:
    brief: Brief
    results: list[ResultView]
    sources: list[Passage]  # one representative passage per distinct source, numbered from 1

    @property
    def counts_line(self) -> str:
        counts = {label: 0 for label in LABELS}
        for result in self.results:
            counts[result.label] += 1
        line = " · ".join(f"{counts[label]} {_COUNT_WORDS[label]}" for label in LABELS)
        abstained = sum(r.check.verdict.abstained for r in self.results)
        return f"{line} ({abstained} abstained)" if abstained else line


def source_key(passage: Passage) -> str:
    return passage.url or passage.doc_id


def shown_label(check: ClaimCheck) -> Label:
    return Label.NOT_ENOUGH_INFO if check.verdict.abstained else check.verdict.label


def quoted_passages(check: ClaimCheck, known: dict[str, Passage] | None = None) -> list[Passage]:
    """The passages a verdict's text quotes (see `explain`)."""
    return explain(check, known).passages


def build_view(brief: Brief) -> BriefView:
    known = {p.id: p for p in brief.references}
    refs: dict[str, int] = {}
    sources: list[Passage] = []

    def ref_of(passage: Passage) -> int:
        key = source_key(passage)
        if key not in refs:
            refs[key] = len(sources) + 1
            sources.append(passage)
        return refs[key]

    for passage in brief.references:
        ref_of(passage)
    results = []
    for number, check in enumerate(brief.results, 1):
        explanation = explain(check, known)
        quotes = [Quote(p, ref_of(p)) for p in explanation.passages]
        results.append(ResultView(number, check, shown_label(check), quotes, explanation))
    return BriefView(brief, results, sources)


def not_checked_lines(brief: Brief) -> list[tuple[str, str]]:
    """(sentence, why) for each sentence that was not checked, in article order."""
    return [(s.text, s.reason) for s in sorted(brief.not_checked, key=lambda s: s.start)]


NOT_CHECKED_INTRO = "Sentences of the article that were not checked, and why:"
OPINIONS_INTRO = "The writer's opinion and analysis, listed but not fact-checked:"


def percent(value: float) -> str:
    return f"{value:.0%}"


def when(moment: dt.datetime) -> str:
    """A check time for people: UTC when the time is zone-aware."""
    if moment.tzinfo is not None:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a `javascript:` URL in a knowledge base must never be clickable."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https") and not any(c.isspace() for c in url.strip()):
        return url.strip()
    return None


def source_name(passage: Passage) -> str:
    return passage.title or passage.url or passage.doc_id


def models_line(brief: Brief) -> str:
    return " · ".join(f"{stage}: {name}" for stage, name in brief.models.items()) or "none recorded"
