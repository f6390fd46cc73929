"""Training pairs for the verifier: (claim, evidence text, label, domain).

Sources are the train splits of ../shared/data (never calib or test, see eval/datasets.py), plus
NOT_ENOUGH_INFO pairs mined by pairing a claim with a lexically close passage of *another* claim
that does not name the claim's subject (a close passage that names it is too often real evidence).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from factdesk.eval.datasets import THREE_LABELS, Example, read_examples, split_of
from factdesk.verify.encoding import evidence_text

#: file stem -> how many times its train rows are repeated (small, hard domains count more)
DEFAULT_MIX: dict[str, int] = {
    "fever-gold": 1,
    "feverous-dev": 1,
    "covidfact": 1,
    "sufficient-facts": 2,
    "healthver-dev": 2,
    "anli-dev": 1,
    "snli-partial": 1,
}

_WORD = re.compile(r"[A-Za-z0-9]+")
#: a sentence that opens on a pronoun or on "the album" needs its page to say what it is about,
#: so it may well be the claim's own evidence: never mined as a negative
_DANGLING = re.compile(
    r"^(\W*\w+\W+){0,5}?(he|she|it|they|his|her|its|their|the (album|film|song|series|band|show|book|novel|"
    r"game|company|team|group|character|player|station|building|episode|movie|single|city|town|club))\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    "a an the of in on at to for by with from and or is was are were be been has had have it its this that as "
    "he she they his her their not no did does do which who whom".split()
)


@dataclass(frozen=True)
class Pair:
    claim: str
    evidence: str
    label: str
    domain: str


def _terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _subject_words(claim: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[A-Z][a-zA-Z0-9]+", claim)} - _STOP


class _TinyBM25:
    """Just enough BM25 to find lexical neighbours among a few thousand passages."""

    def __init__(self, docs: list[str]) -> None:
        self.docs = [Counter(_terms(d)) for d in docs]
        self.lengths = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, counts in enumerate(self.docs):
            for term in counts:
                self.postings[term].append(i)

    def top(self, query: str, k: int) -> list[int]:
        n = len(self.docs)
        scores: dict[int, float] = defaultdict(float)
        for term in set(_terms(query)):
            posting = self.postings.get(term, [])
            if not posting or len(posting) > n / 10:
                continue
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for i in posting:
                tf = self.docs[i][term]
                scores[i] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self.lengths[i] / self.avg))
        return [i for i, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:k]]


def gold_pairs(example: Example, domain: str) -> Pair | None:
    if example.label not in THREE_LABELS or not example.evidence:
        return None
    text = evidence_text([(e.title, e.text) for e in example.evidence])
    return Pair(example.claim, text, example.label, domain)


def mined_nei(examples: list[Example], count: int, rng: random.Random) -> list[Pair]:
    passages = sorted({(e.title, e.text) for ex in examples for e in ex.evidence})
    owner: dict[tuple, set[str]] = defaultdict(set)
    for ex in examples:
        for e in ex.evidence:
            owner[(e.title, e.text)].add(ex.claim)
    index = _TinyBM25([f"{t or ''} {x}" for t, x in passages])
    out: list[Pair] = []
    pool = examples[:]
    rng.shuffle(pool)
    for ex in pool:
        if len(out) >= count:
            break
        subject = _subject_words(ex.claim)
        for i in index.top(ex.claim, 8):
            title, text = passages[i]
            if ex.claim in owner[(title, text)]:
                continue
            words = set(_terms(f"{title or ''} {text}"))
            if subject & words or _DANGLING.match(text):
                continue
            out.append(Pair(ex.claim, evidence_text([(title, text)]), "NOT_ENOUGH_INFO", "mined"))
            break
    return out


def build_pairs(data_dir: Path, split: str = "train", mix: dict[str, int] | None = None,
                mined: int = 3000, seed: int = 13) -> list[Pair]:
    """All training pairs, shuffled with a fixed seed."""
    rng = random.Random(seed)
    mix = mix or DEFAULT_MIX
    pairs: list[Pair] = []
    fever: list[Example] = []
    for stem, repeat in mix.items():
        files = list(data_dir.glob(f"{stem}.*.jsonl"))
        if not files:
            continue
        examples = read_examples(files[0], split)  # type: ignore[arg-type]
        if stem == "fever-gold":
            fever = examples
        for ex in examples:
            pair = gold_pairs(ex, stem)
            if pair:
                pairs.extend([pair] * repeat)
    if fever and mined:
        pairs.extend(mined_nei(fever, mined, rng))
    rng.shuffle(pairs)
    return pairs


def held_out_is_clean(pairs: list[Pair]) -> bool:
    """True when no pair's claim belongs to the calib or test split (a guard used by the tests)."""
    return all(split_of(p.claim) == "train" for p in pairs if p.domain not in {"anli-dev", "snli-partial"})
