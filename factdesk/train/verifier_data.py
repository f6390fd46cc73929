"""Training pairs for the verifier: (claim, evidence text, label, domain, generator).

Sources are the train splits of ../shared/data (never calib or test, see eval/datasets.py), capped per file so
no domain drowns the others, plus pairs the project makes where the public data is silent (v2, docs/benchmarks.md):

- **same-topic NOT_ENOUGH_INFO**: a claim with a passage about its own subject that states another fact
  (``same_topic``), and a multi-sentence proof with its decisive sentence removed (``evidence_drop``). v1 only
  mined *off-topic* negatives, so "shares the subject" came to mean "settles it", and related evidence that does
  not settle a claim was read as a refutation;
- **contrastive REFUTED / NOT_ENOUGH_INFO** from SUPPORTED pairs (factdesk/train/contrast.py): numbers, dates,
  names, directions and negation changed in the claim or in the evidence, and evidence reported as unconfirmed;
- a few **off-topic** NOT_ENOUGH_INFO pairs (``off_topic``), so unrelated evidence is not a refutation either.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from factdesk.eval.datasets import THREE_LABELS, Example, read_examples, split_of
from factdesk.text import STOP_WORDS, terms
from factdesk.train.contrast import GENERATORS, SUPPORTED, claim_entity, contrast
from factdesk.verify.encoding import evidence_text

#: file stem -> (cap on train rows, times repeated); small domains unlike FEVER count more
DEFAULT_MIX: dict[str, tuple[int, int]] = {
    "fever-gold": (5000, 1),
    "feverous-dev": (3000, 1),
    "covidfact": (3000, 1),
    "sufficient-facts": (3000, 2),
    "healthver-dev": (2000, 1),
    "healthver-train": (5000, 1),
    "averitec-train": (3000, 2),
    "liarplus-train": (2500, 1),
    "fnc1-train": (3000, 1),
    "sick-train": (2000, 1),
    "scifact-train": (600, 2),
    "anli-dev": (3000, 1),
    "snli-partial": (1200, 1),
}
#: generator -> how many edited pairs to make at most (the SUPPORTED pools it may edit are in `_EDITABLE`)
DEFAULT_GENERATED: dict[str, int] = {
    "claim_number": 1200,
    "evidence_number": 1200,
    "claim_month": 400,
    "claim_entity": 900,
    "claim_role_swap": 600,
    "claim_direction": 500,
    "claim_negation": 700,
    "evidence_negation": 600,
    "evidence_hedge": 1500,
    "same_topic": 2500,
    "evidence_drop": 800,
    "off_topic": 600,
}
_EDITS_PER_PAIR = 2
#: FNC-1 "discuss" bodies are same-topic NOT_ENOUGH_INFO; there are 9k of them, agree/disagree are kept whole
_FNC_DISCUSS_SHARE = 0.35
#: a swapped name contradicts only where it fills an attribute of a titled subject ("released by X"); in
#: news and health claims it mostly changes what the claim is about, which the evidence then does not settle
_ENTITY_DOMAINS = ("fever-gold", "feverous-dev")
_EDITABLE = ("fever-gold", "feverous-dev", "averitec-train", "scifact-train", "healthver-train", "covidfact",
             "liarplus-train")

#: a sentence that opens on a pronoun or on "the album" needs its page to say what it is about,
#: so it may well be the claim's own evidence: never mined as a negative
_DANGLING = re.compile(
    r"^(\W*\w+\W+){0,5}?(he|she|it|they|his|her|its|their|the (album|film|song|series|band|show|book|novel|"
    r"game|company|team|group|character|player|station|building|episode|movie|single|city|town|club))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pair:
    claim: str
    evidence: str
    label: str
    domain: str
    generator: str = "gold"


def _subject_words(claim: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\b[A-Z][a-zA-Z0-9]+", claim)} - STOP_WORDS


class _TinyBM25:
    """Just enough BM25 to find lexical neighbours among a few thousand passages."""

    def __init__(self, docs: list[str]) -> None:
        self.docs = [Counter(terms(d)) for d in docs]
        self.lengths = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, counts in enumerate(self.docs):
            for term in counts:
                self.postings[term].append(i)

    def top(self, query: str, k: int) -> list[int]:
        n = len(self.docs)
        scores: dict[int, float] = defaultdict(float)
        for term in set(terms(query)):
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


def _neighbours(examples: list[Example]) -> tuple[list[tuple[str | None, str]], dict, _TinyBM25]:
    passages = sorted({(e.title, e.text) for ex in examples for e in ex.evidence}, key=lambda p: (p[0] or "", p[1]))
    owner: dict[tuple, set[str]] = defaultdict(set)
    for ex in examples:
        for e in ex.evidence:
            owner[(e.title, e.text)].add(ex.claim)
    return passages, owner, _TinyBM25([f"{t or ''} {x}" for t, x in passages])


def mined_nei(examples: list[Example], count: int, rng: random.Random, *, same_topic: bool) -> list[Pair]:
    """NOT_ENOUGH_INFO from passages of *other* claims. ``same_topic``: the passage names the claim's subject but
    shares at most one of its other content words and none of its numbers (it states another fact about the same
    thing, the Climate-FEVER kind of NEI); otherwise it must not name the subject at all (off topic)."""
    passages, owner, index = _neighbours(examples)
    out: list[Pair] = []
    pool = examples[:]
    rng.shuffle(pool)
    for ex in pool:
        if len(out) >= count:
            break
        subject = _subject_words(ex.claim)
        predicate = set(terms(ex.claim)) - subject
        numbers = set(re.findall(r"\d+", ex.claim))
        for i in index.top(ex.claim, 12):
            title, text = passages[i]
            if ex.claim in owner[(title, text)] or _DANGLING.match(text):
                continue
            words = set(terms(f"{title or ''} {text}"))
            if same_topic:
                shares_subject = bool(subject) and subject <= words | {w.lower() for w in (title or "").split()}
                if not shares_subject or len(predicate & words) > 1 or numbers & set(re.findall(r"\d+", text)):
                    continue
            elif subject & words:
                continue
            out.append(Pair(ex.claim, evidence_text([(title, text)]), "NOT_ENOUGH_INFO", "mined",
                            "same_topic" if same_topic else "off_topic"))
            break
    return out


def evidence_drop(examples: list[Example], count: int, rng: random.Random) -> list[Pair]:
    """A SUPPORTED multi-sentence proof without the sentence that shares most with the claim: what is left is
    on topic but no longer enough (sufficient-facts made its NEI this way, by hand)."""
    out: list[Pair] = []
    pool = [ex for ex in examples if ex.label == SUPPORTED and 2 <= len(ex.evidence) <= 5]
    rng.shuffle(pool)
    for ex in pool[:count]:
        words = set(terms(ex.claim))
        scores = [len(words & set(terms(e.text))) for e in ex.evidence]
        decisive = scores.index(max(scores))
        rest = [(e.title, e.text) for i, e in enumerate(ex.evidence) if i != decisive]
        out.append(Pair(ex.claim, evidence_text(rest), "NOT_ENOUGH_INFO", "generated", "evidence_drop"))
    return out


def contrastive(supported: list[Pair], quotas: dict[str, int], rng: random.Random) -> list[Pair]:
    """Edited copies of SUPPORTED pairs, at most `quotas[name]` per generator, each source pair edited by at
    most `_EDITS_PER_PAIR` generators (few pairs carry a number or a month: one edit each left them scarce)."""
    names = sorted({n for p in supported for n in re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b", p.claim)})
    out: list[Pair] = []
    made: Counter[str] = Counter()
    order = supported[:]
    rng.shuffle(order)
    for pair in order:
        edits = 0
        # the generator furthest from its quota tries first: number and month edits apply to few pairs, and a
        # random order let negation (which applies to almost any pair) use those pairs up
        shuffled = rng.sample(sorted(GENERATORS), len(GENERATORS))
        for name in sorted(shuffled, key=lambda n: made[n] / quotas[n] if quotas.get(n) else 1.0):
            if made[name] >= quotas.get(name, 0):
                continue
            if name == "claim_entity":
                if pair.domain not in _ENTITY_DOMAINS:
                    continue
                edited_pair = claim_entity(pair.claim, pair.evidence, rng, names)
                edited = (Pair(*edited_pair, GENERATORS[name][1], "generated", name) if edited_pair
                          and edited_pair[0] != pair.claim else None)
            else:
                result = contrast(pair.claim, pair.evidence, name, rng)
                edited = Pair(result.claim, result.evidence, result.label, "generated", name) if result else None
            if edited:
                out.append(replace(edited, domain=f"generated:{pair.domain}"))
                made[name] += 1
                edits += 1
                if edits == _EDITS_PER_PAIR:
                    break
    return out


def _capped(examples: list[Example], stem: str, cap: int, rng: random.Random) -> list[Example]:
    examples = examples[:]
    rng.shuffle(examples)
    if stem == "fnc1-train":  # keep every agree/disagree, a share of the discuss bodies
        decisive = [ex for ex in examples if ex.label != "NOT_ENOUGH_INFO"]
        discuss = [ex for ex in examples if ex.label == "NOT_ENOUGH_INFO"]
        examples = decisive[: int(cap * (1 - _FNC_DISCUSS_SHARE))] + discuss[: int(cap * _FNC_DISCUSS_SHARE)]
    return examples[:cap]


def build_pairs(data_dir: Path, split: str = "train", mix: dict[str, tuple[int, int]] | None = None,
                generated: dict[str, int] | None = None, seed: int = 13) -> list[Pair]:
    """All training pairs, shuffled with a fixed seed."""
    rng = random.Random(seed)
    mix = DEFAULT_MIX if mix is None else mix
    generated = DEFAULT_GENERATED if generated is None else generated
    pairs: list[Pair] = []
    by_stem: dict[str, list[Example]] = {}
    for stem, (cap, repeat) in mix.items():
        files = sorted(data_dir.glob(f"{stem}.*.jsonl"))
        if not files:
            continue
        examples = _capped(read_examples(files[0], split), stem, cap, rng)  # type: ignore[arg-type]
        by_stem[stem] = examples
        for ex in examples:
            pair = gold_pairs(ex, stem)
            if pair:
                pairs.extend([pair] * repeat)
    editable = [p for p in dict.fromkeys(pairs) if p.label == SUPPORTED and p.domain in _EDITABLE]
    pairs.extend(contrastive(editable, generated, rng))
    fever = by_stem.get("fever-gold", []) + by_stem.get("feverous-dev", [])
    if fever:
        pairs.extend(mined_nei(fever, generated.get("same_topic", 0), rng, same_topic=True))
        pairs.extend(mined_nei(fever, generated.get("off_topic", 0), rng, same_topic=False))
    if "feverous-dev" in by_stem:
        pairs.extend(evidence_drop(by_stem["feverous-dev"], generated.get("evidence_drop", 0), rng))
    rng.shuffle(pairs)
    return pairs


def describe(pairs: list[Pair]) -> dict[str, dict[str, int]]:
    """Counts by generator (gold pairs by domain) and label: what the model card and the log report."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for p in pairs:
        table[p.generator if p.generator != "gold" else p.domain][p.label] += 1
    return {k: dict(v) for k, v in sorted(table.items())}


def held_out_is_clean(pairs: list[Pair]) -> bool:
    """True when no pair's claim belongs to the calib or test split (a guard used by the tests). NLI files are
    split on the premise, and edited claims are not in any benchmark file."""
    return all(split_of(p.claim) == "train" for p in pairs
               if p.generator == "gold" and p.domain not in {"anli-dev", "snli-partial", "sick-train", "scifact-train"})
