"""Extractive summary: the article's most central sentences, in article order.

Centrality is the cosine of a sentence's MiniLM embedding with the mean of all of them (one embed call),
plus a small bonus for early sentences because news puts the point first, minus a small one for sentences
that open by pointing back ("It ..."). Headlines and fragments (lines
without end punctuation, such as section titles or "Listen to this post") are skipped while enough full
sentences remain, and a near-copy of a chosen sentence is never chosen twice.
"""

from __future__ import annotations

import re

import numpy as np

from factdesk.nn import Embedder

_LEAD_BONUS = 0.1  # at most this much for the first sentence, falling linearly to 0 at the end
_DUPLICATE = 0.88  # MiniLM cosine above which two sentences say the same thing (a reordering scores ~0.97)
_MIN_WORDS = 6
# a sentence that opens by pointing back ("It", "This") reads badly out of its context
_ANAPHORA = re.compile(r"^(it|this|that|these|those|they|he|she|but|however|also)\b", re.IGNORECASE)
_ANAPHORA_PENALTY = 0.05
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")


def _headline(text: str) -> str | None:
    """The first line, when it reads as a title: short and without end punctuation."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and not _ENDS_SENTENCE.search(first) and len(first.split()) <= 25:
        return first
    return None


def _clean(sentence: str, headline: str | None) -> str:
    sentence = " ".join(sentence.split())
    if headline and sentence.startswith(headline):
        # a segmenter may glue the headline to the first sentence
        sentence = sentence[len(headline) :].strip()
    return sentence


def _key(sentence: str) -> str:
    return re.sub(r"\W+", " ", sentence.lower()).strip()


def _is_full_sentence(sentence: str) -> bool:
    return len(sentence.split()) >= _MIN_WORDS and bool(_ENDS_SENTENCE.search(sentence))


def summarize(text: str, sentences: list[str], n: int = 3, *, embedder: Embedder | None = None) -> list[str]:
    """Up to `n` sentences of `sentences` (the article's, in order) that best sum up `text`.

    >>> summarize(article.text, [s.text for s in segmenter.segment(article.text)], n=3)  # doctest: +SKIP
    """
    if n <= 0:
        return []
    headline = _headline(text)
    cleaned = [_clean(s, headline) for s in sentences]
    # one candidate per wording: a sentence repeated with other punctuation or case is the same sentence
    seen: set[str] = set()
    candidates: list[str] = []
    for sentence in cleaned:
        if sentence and sentence != headline and _key(sentence) not in seen:
            seen.add(_key(sentence))
            candidates.append(sentence)
    full = [s for s in candidates if _is_full_sentence(s)]
    if len(full) >= n:
        candidates = full
    if len(candidates) <= n:
        return candidates
    vectors = (embedder or Embedder()).embed(candidates)
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    position = np.arange(len(candidates)) / max(1, len(candidates) - 1)
    penalty = np.array([_ANAPHORA_PENALTY if _ANAPHORA.match(s) else 0.0 for s in candidates])
    scores = vectors @ centroid + _LEAD_BONUS * (1.0 - position) - penalty
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if all(float(vectors[i] @ vectors[j]) < _DUPLICATE for j in chosen):
            chosen.append(int(i))
        if len(chosen) == n:
            break
    return [candidates[i] for i in sorted(chosen)]
