"""A brief, claim or passage in the English its stages read: each translation in place of its original
(docs/japanese.md). Light on imports, so every renderer can use it.

    english_view(brief).results[0].claim.text   # the English a Japanese claim was judged in
"""

from __future__ import annotations

from factdesk.models import Brief, Claim, Passage, Verdict


def english_claim(item: Claim) -> Claim:
    """`item` in the English it was judged in (its translation in place of its original)."""
    return item.model_copy(update={"text": item.translation}) if item.translation else item


def english_passage(item: Passage) -> Passage:
    """`item` in the English the verifier read (its translation in place of its original)."""
    return item.model_copy(update={"text": item.translation}) if item.translation else item


def english_verdict(item: Verdict) -> Verdict:
    evidence = [e.model_copy(update={"passage": english_passage(e.passage)}) for e in item.evidence]
    return item.model_copy(update={"evidence": evidence})


def english_view(brief: Brief) -> Brief:
    """`brief` in the words its English stages read: each translation in place of its original (the forecasts,
    the analysis and the outlook are made from this view). A brief read without a translator is returned as it is."""
    if "translator" not in brief.models:
        return brief
    results = [r.model_copy(update={"claim": english_claim(r.claim), "verdict": english_verdict(r.verdict)})
               for r in brief.results]
    return brief.model_copy(update={"results": results, "predictions": [english_claim(c) for c in brief.predictions],
                                    "opinions": [english_claim(c) for c in brief.opinions],
                                    "references": [english_passage(p) for p in brief.references]})
