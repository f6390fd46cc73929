"""Claims of several parts, judged part by part.

"Snodgrass moved to Ontario, where he entered a Methodist school and studied Latin" rests on three sentences, each
of which gives one part and says nothing of the others. Judged whole, the cross-encoder reads such partial evidence
as a refutation (feverous-dev: 99 of 257 SUPPORTED claims came out REFUTED with v5). So a claim that splits into
clauses, each with its own verb, is judged again part by part against the same passages, and when every part is
SUPPORTED the claim is SUPPORTED, as sure as its weakest part (docs/benchmarks.md, "Claims of several parts").

The split is deliberately narrow: a clause boundary is a conjunction or relative word followed by a verb
("and studied", ", where he entered", ", which has been held"), a semicolon, or a comma before a verb; the subject
of the first clause is carried to the parts that open on their verb. A claim it cannot split cleanly stays whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdesk.models import Label, Verdict

_VERB = (r"(?:\w+ed|was|were|is|are|has|had|have|became|won|took|made|went|began|left|wrote|held|includes?|"
         r"contains?|lives?|plays?|serves?|remains?|runs?|gave|grew|saw|sold|built|led|ran|came|got|found|kept|"
         r"lost|met|paid|put|said|set|spent|stood|taught|told|thought|drew|flew|knew|rose|fell|did|does|can|could|"
         r"will|would)")
CLAUSE_BOUNDARY = re.compile(
    r"(?:,\s*|\s+)(?:and|but|while|whereas|where|which|who)\s+(?=(?:he |she |it |they |also )?" + _VERB + r"\b)"
    r"|;\s+|,\s+(?=" + _VERB + r"\b)")
_FIRST_VERB = re.compile(r"\b" + _VERB + r"\b")
_LEADING_PRONOUN = re.compile(r"^(?:he|she|it|they|also)\s+")
_MIN_WORDS = 3  # a shorter piece is no clause of its own ("and so on"): the claim stays whole


def parts(claim: str) -> list[str]:
    """The claim's clauses as claims of their own, or [claim] when it has one clause or no clean split."""
    pieces = [p.strip(" ,.") for p in CLAUSE_BOUNDARY.split(claim) if p.strip(" ,.")]
    if len(pieces) < 2:
        return [claim]
    verb = _FIRST_VERB.search(pieces[0])
    if verb is None:  # "X, which has been held in ..., took place in ...": the first piece is the subject
        subject, rest, out = pieces[0], pieces[1:], []
    else:
        subject, rest, out = pieces[0][: verb.start()].strip(), pieces[1:], [pieces[0] + "."]
    if not rest or any(len(p.split()) < _MIN_WORDS for p in rest):
        return [claim]
    for piece in rest:
        piece = _LEADING_PRONOUN.sub("", piece)
        out.append(f"{subject} {piece}." if subject and _FIRST_VERB.match(piece) else f"{piece}.")
    return out


def supported_by_parts(whole: Verdict, part_verdicts: Sequence[Verdict], part_texts: Sequence[str]) -> Verdict:
    """`whole` made SUPPORTED when every part is SUPPORTED (else `whole` unchanged): the weakest part's
    probabilities and confidence, the passages cited for any part, and the parts as its rationale."""
    if not part_verdicts or any(v.label is not Label.SUPPORTED for v in part_verdicts):
        return whole
    weakest = min(part_verdicts, key=lambda v: v.probabilities[Label.SUPPORTED])
    cited = list(dict.fromkeys(pid for v in part_verdicts for pid in v.cited))
    shown = "; ".join(f'"{text.rstrip(".")}" ({v.confidence:.0%})'
                      for text, v in zip(part_texts, part_verdicts, strict=True))
    return whole.model_copy(update={
        "label": Label.SUPPORTED, "confidence": weakest.confidence, "probabilities": dict(weakest.probabilities),
        "cited": cited, "model": f"{whole.model}+parts", "rationale": f"each part is supported: {shown}"})
