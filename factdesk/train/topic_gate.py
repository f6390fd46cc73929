"""`factdesk train topic-gate`: the line that turns an embedder's cosine into P(the knowledge base has something on
the claim), fitted on the calib splits.

Each calib claim of a visible claims file searches two knowledge bases: its own file's open corpus (which holds its
evidence) and a foreign one (another domain's: it has nothing on the claim). The largest cosine between the claim
and its five best hybrid passages is the signal; a logistic line fitted on (own: 1, foreign: 0) and placed so that
2 % of the own-corpus claims fall below 0.5 maps it to a probability, stored with the model as `on_topic`, and the
pipeline says "nothing on this" below 0.5 (`factdesk.verify.topic`). Measured against word overlap in
docs/benchmarks.md ("Nothing on this").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from factdesk.train.finetune import LOG

#: a foreign knowledge base for each file: another domain (HealthVer's is not COVID-Fact: both are COVID-19 science)
FOREIGN = {"fever-gold": "covidfact", "covidfact": "fever-gold", "feverous-dev": "covidfact",
           "sufficient-facts": "covidfact", "healthver-dev": "fever-gold", "averitec-train": "covidfact"}
TOP_K = 5
#: the share of calib claims their own knowledge base covers that the line may flag: the word-overlap gate's cost
#: (2-5 %); the balanced logistic fit put its line where it flagged 8.5 % of fever-gold's, which cost open-mode
#: fever-gold 0.07 accuracy (a set whose claims the corpus always covers)
COVERED_FLAGGED = 0.02


def best_cosines(kb, claims: list[str]) -> np.ndarray:  # noqa: ANN001  # a KnowledgeBase
    """Per claim, the largest cosine between it and one of its `TOP_K` best hybrid passages (-1 when none)."""
    from factdesk.evidence.kb import embedding_text

    found = kb.search_many(claims, TOP_K)
    vectors = kb.embedder.embed(claims)
    out = np.full(len(claims), -1.0)
    for i, (vector, evidence) in enumerate(zip(vectors, found, strict=True)):
        if evidence:
            out[i] = float((kb.embedder.embed([embedding_text(e.passage) for e in evidence]) @ vector).max())
    return out


def gate_data(data_dir: Path, split: str = "calib", per_file: int = 400) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per file: the best cosines of its `split` claims in their own knowledge base and in a foreign one."""
    from factdesk.eval.datasets import read_examples
    from factdesk.eval.opencorpus import open_corpus

    corpora: dict = {}

    def corpus(stem: str):  # noqa: ANN202
        if stem not in corpora:
            path = (data_dir / f"{stem}.claims.jsonl").resolve()
            corpora[stem] = open_corpus(path, read_examples(path))[0]
        return corpora[stem]

    out = {}
    for stem, foreign in FOREIGN.items():
        path = data_dir / f"{stem}.claims.jsonl"
        if not path.exists() or not (data_dir / f"{foreign}.claims.jsonl").exists():
            continue
        examples = [ex for ex in read_examples(path.resolve(), split)  # type: ignore[arg-type]
                    if any(e.text.strip() for e in ex.evidence)][:per_file]
        claims = [ex.claim for ex in examples]
        out[stem] = (best_cosines(corpus(stem), claims), best_cosines(corpus(foreign), claims))
    return out


def fit_line(own: np.ndarray, foreign: np.ndarray, steps: int = 50) -> tuple[float, float]:
    """Logistic regression of (own: 1, foreign: 0) on the cosine, each side weighted to half (Newton's method)."""
    x = np.concatenate([own, foreign])
    y = np.concatenate([np.ones(len(own)), np.zeros(len(foreign))])
    weight = np.concatenate([np.full(len(own), 0.5 / len(own)), np.full(len(foreign), 0.5 / len(foreign))])
    design = np.stack([x, np.ones_like(x)], axis=1)
    theta = np.zeros(2)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ theta))
        gradient = design.T @ (weight * (p - y))
        hessian = design.T @ (design * (weight * p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        theta -= np.linalg.solve(hessian, gradient)
    return float(theta[0]), float(theta[1])


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """P(a random own-KB claim scores above a random foreign one), ties counting half."""
    pos, neg = positive[:, None], negative[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def fit_topic_gate(data_dir: Path, per_file: int = 400, log: LOG = print) -> dict:
    """Fit the line on every file's calib claims together: the logistic fit's slope, placed so that
    `COVERED_FLAGGED` of the covered claims fall below 0.5 (a prior that most searched claims are covered); report
    each file's flagged shares."""
    data = gate_data(data_dir, "calib", per_file)
    if not data:
        from factdesk.errors import NotFoundError

        raise NotFoundError(f"no claims files with evidence in {data_dir}")
    covered = np.concatenate([own for own, _ in data.values()])
    scale, balanced_bias = fit_line(covered, np.concatenate([far for _, far in data.values()]))
    line = float(np.quantile(covered, COVERED_FLAGGED))
    bias = -scale * line
    files = {stem: {"n": len(own), "auc": round(auc(own, far), 4),
                    "own_flagged": round(float((own < line).mean()), 4),
                    "foreign_flagged": round(float((far < line).mean()), 4)}
             for stem, (own, far) in data.items()}
    for stem, row in files.items():
        log(f"{stem:<18} {row}")
    log(f"on_topic = sigmoid({scale:.3f} x cosine {bias:+.3f}): nothing on the claim below cosine {line:.3f} "
        f"(the balanced fit's line: {-balanced_bias / scale:.3f})")
    return {"scale": round(scale, 4), "bias": round(bias, 4), "cosine_at_half": round(line, 4),
            "balanced_cosine_at_half": round(-balanced_bias / scale, 4), "covered_flagged": COVERED_FLAGGED,
            "fitted_on": f"calib splits, up to {per_file} claims per file, own vs foreign knowledge base",
            "files": files}
