"""`factdesk eval`: run a verifier (or the check-worthiness classifier) over a benchmark file and score it.

Modes for ``*.claims.jsonl`` (see ../shared/data/SOURCES.md):
- ``gold``: each claim is judged against its own evidence list;
- ``open``: every evidence passage of the file forms one knowledge base (see `opencorpus`); each claim
  retrieves ``top_k`` passages from it, then is judged. ``recall_at`` gives, for k in 1, 5, 10, the
  fraction of claims (with at least one evidence item) that found a gold passage in their top k.
``*.nli.jsonl`` rows are judged against their premise alone (gold mode only).

Rows whose label is not one of the three (DISPUTED, CONFLICTING...) are counted in ``other_labels``
and neither judged nor scored. Latency is per claim, amortised over its batch of `BATCH_SIZE`.

Example::

    report = evaluate(Path("fever-gold.claims.jsonl"), split="test", limit=200)
    print(report["accuracy"], report["ece"])
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from factdesk.errors import InputError
from factdesk.eval import metrics
from factdesk.eval.categories import category_report
from factdesk.eval.datasets import KIND_BY_SUFFIX, THREE_LABELS, Example, kind_of, read_checkworthy, read_examples
from factdesk.models import LABELS, Evidence, Passage, Verdict

#: claims judged per call: the model sorts a call's pairs by length before padding, and with calls of 32
#: one long evidence text padded its whole batch (3x slower at fever-gold lengths than calls of 256)
BATCH_SIZE = 256
RECALL_DEPTHS = (1, 5, 10)
MODES = ("gold", "open")
SPLITS = ("train", "calib", "test", "all")

Progress = Callable[[int, int], None]


class Scorer(Protocol):
    """What the check-worthiness evaluation needs of a classifier."""

    threshold: float

    def score(self, texts: Sequence[str]) -> list[float]: ...


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


#: test suites that ship with the package (the contrastive suite, 'contrast'); not split: evaluate with split 'all'
SUITES_DIR = Path(__file__).resolve().parents[1] / "data" / "suites"


def data_dirs() -> list[Path]:
    """Where bare benchmark names are looked up: ../shared/data from the working directory and from the repo,
    then the bundled suites."""
    repo = Path(__file__).resolve().parents[2]
    return [Path.cwd() / ".." / "shared" / "data", repo.parent / "shared" / "data", SUITES_DIR]


def resolve_benchmark(file: Path | str) -> Path:
    """`file` itself if it exists, else a bare name ('fever-gold') found in `data_dirs()` with a known suffix."""
    path = Path(file).expanduser()
    if path.exists():
        return path
    names = [path.name] if path.name.endswith(tuple(KIND_BY_SUFFIX)) else [path.name + s for s in KIND_BY_SUFFIX]
    for directory in ([path.parent] if path.parent != Path(".") else []) + data_dirs():
        for name in names:
            if (directory / name).is_file():
                return (directory / name).resolve()
    raise InputError(f"no such benchmark file: {file} (looked in {', '.join(str(d) for d in data_dirs())})")


def check_ray_mode(path: Path, mode: str, ray: str | None) -> None:
    """--ray evaluates verifiers (gold and open mode), not the check-worthiness model: say so before anything runs."""
    if ray and kind_of(path) == "checkworthy":
        raise InputError("--ray evaluates verifiers (the check-worthiness model runs locally, without --ray)")


def _validate(path: Path, mode: str, split: str, limit: int | None, top_k: int) -> str:
    if mode not in MODES:
        raise InputError(f"unknown mode '{mode}' (expected {' or '.join(MODES)})")
    if split not in SPLITS:
        raise InputError(f"unknown split '{split}' (expected one of {', '.join(SPLITS)})")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    if top_k < 1:
        raise InputError(f"--top-k must be at least 1, got {top_k}")
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    kind = kind_of(path)
    if kind == "nli" and mode == "open":
        raise InputError(f"{path.name}: open mode needs a *.claims.jsonl file (an NLI row brings its own premise)")
    return kind


def _gold_evidence(ex: Example) -> list[Evidence]:
    return [
        Evidence(passage=Passage(id=f"{ex.id}#{i}", text=item.text, doc_id=item.title or ex.id, title=item.title),
                 score=1.0, rank=i + 1)
        for i, item in enumerate(ex.evidence)
    ]


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def evaluate(path: Path, *, verifier: str = "minilm-xenc", mode: str = "gold", split: str = "all",
             limit: int | None = None, top_k: int = 5, aggregation: str | None = None, guard: bool = True,
             min_overlap: float = 0.3, topic_gate: str = "off", progress: Progress | None = None,
             classifier: Scorer | None = None, ray: str | None = None, workers: int = 2,
             rerank: str | None = None, predictions: Path | None = None, parts: bool = True) -> dict[str, Any]:
    """Score a benchmark file; returns a JSON-able report (see the module docstring).

    `predictions`: also write one JSON line per judged row (`write_predictions`), to read the errors behind a figure.

    `rerank`: open mode's reranker ('minilm', 'onnx:DIR', 'off'; None: the `rerank` setting).
    `parts`: claims of several clauses judged part by part too (factdesk/verify/decompose.py).
    `classifier` replaces the default `CheckworthyClassifier` for ``*.checkworthy.jsonl`` files.
    `ray="auto"` (or an address) runs the verifier's calls in `workers` Ray actors (factdesk/batch/ray_eval.py).
    """
    path = Path(path)
    kind = _validate(path, mode, split, limit, top_k)
    check_ray_mode(path, mode, ray)
    if kind == "checkworthy":
        return _evaluate_checkworthy(path, split, limit, progress, classifier)
    rows = read_examples(path, split)[:limit]  # type: ignore[arg-type]
    other = Counter(ex.label for ex in rows if ex.label not in THREE_LABELS)
    examples = [ex for ex in rows if ex.label in THREE_LABELS]
    if not examples:
        raise InputError(f"{path.name}: no rows labelled {', '.join(THREE_LABELS)} in split '{split}'")

    from factdesk.verify.base import verifiers

    if ray:
        from factdesk.batch.ray_eval import RayJudge

        judge: Any = RayJudge(ray, workers, verifier, {"aggregation": aggregation, "guard": guard, "parts": parts})
    else:
        judge = verifiers.create(verifier, aggregation=aggregation, guard=guard, parts=parts)
    judge.warm_up()
    report: dict[str, Any] = {"file": str(path), "kind": kind, "mode": mode, "split": split, "limit": limit,
                              "rows": len(rows), "n": len(examples), "other_labels": dict(other)}
    if mode == "open":
        verdicts, latencies, seconds, extra = _judge_open(path, examples, judge, top_k, progress, rerank)
        report.update(extra)
    else:
        verdicts, latencies, seconds = _judge_gold(examples, judge, progress)
    if mode == "open":  # what each topic gate would make of the same verdicts (factdesk.verify.topic)
        report["topic_gates"] = _topic_gates(examples, verdicts, min_overlap)
    if topic_gate != "off":  # the pipeline's topic gate, applied to the verdicts reported
        from factdesk.verify.topic import off_topic

        verdicts = [off_topic(v, ex.claim, min_overlap, topic_gate) for v, ex in zip(verdicts, examples, strict=True)]
        report.update(topic_gate=topic_gate, min_overlap=min_overlap)

    if predictions is not None:
        write_predictions(predictions, examples, verdicts)
    gold = [ex.label for ex in examples]
    pred = [v.label.value for v in verdicts]
    probs = np.array([[v.probabilities.get(label, 0.0) for label in LABELS] for v in verdicts], dtype=float)
    report.update({
        "accuracy": metrics.accuracy(gold, pred),
        "macro_f1": metrics.macro_f1(gold, pred),
        "per_class": metrics.per_class(gold, pred),
        "confusion": metrics.confusion(gold, pred),
        "ece": metrics.ece(gold, pred, probs),
        "reliability": metrics.reliability(gold, pred, probs),
        # "is the evidence enough?" as a two-class problem: SufficientFacts' measure
        "nei_vs_enough_macro_f1": metrics.macro_f1(_enough(gold), _enough(pred), ["NOT_ENOUGH_INFO", "ENOUGH"]),
        "abstained": sum(v.abstained for v in verdicts),
        "claims_per_second": len(examples) / seconds if seconds > 0 else 0.0,
        "latency_ms_p50": _percentile(latencies, 50),
        "latency_ms_p95": _percentile(latencies, 95),
        "batch_size": BATCH_SIZE,
        "verifier": verifier,
        "model": judge.name,
        "aggregation": getattr(judge, "aggregation", aggregation),
        "guard": getattr(judge, "guard", None),
        "parts": parts,
        "date": _now(),
    })
    report.update(category_report([ex.extra.get("category") for ex in examples], gold, pred))
    return report


def _topic_gates(examples: list[Example], verdicts: list[Verdict], min_overlap: float) -> dict[str, dict]:
    """Accuracy, macro-F1 and the share of claims gated, with each gate applied to the ungated verdicts."""
    from factdesk.verify.topic import GATES, off_topic

    gold = [ex.label for ex in examples]
    out = {}
    for gate in GATES:
        gated = [off_topic(v, ex.claim, min_overlap, gate) for v, ex in zip(verdicts, examples, strict=True)]
        pred = [v.label.value for v in gated]
        out[gate] = {"accuracy": metrics.accuracy(gold, pred), "macro_f1": metrics.macro_f1(gold, pred),
                     "gated": sum(g is not v for g, v in zip(gated, verdicts, strict=True)) / max(1, len(verdicts))}
    return out


def write_predictions(path: Path, examples: list[Example], verdicts: list[Verdict]) -> None:
    """One JSON line per judged row (docs/formats.md, "Evaluation predictions"): the row's id, claim and gold label,
    the verdict's label, confidence, probabilities and abstention, and the passages it read with their scores, the
    cited ones marked."""
    lines = []
    for ex, verdict in zip(examples, verdicts, strict=True):
        lines.append(json.dumps({
            "id": ex.id, "claim": ex.claim, "gold": ex.label, "label": verdict.label.value,
            "confidence": round(verdict.confidence, 4), "abstained": verdict.abstained,
            "probabilities": {label.value: round(p, 4) for label, p in verdict.probabilities.items()},
            "evidence": [{"text": e.passage.text, "title": e.passage.title, "score": round(e.score, 4),
                          "on_topic": None if e.on_topic is None else round(e.on_topic, 4),
                          "cited": e.passage.id in verdict.cited} for e in verdict.evidence],
        }, ensure_ascii=False))
    try:
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _enough(labels: list[str]) -> list[str]:
    return ["NOT_ENOUGH_INFO" if label == "NOT_ENOUGH_INFO" else "ENOUGH" for label in labels]


def _batches(examples: list[Example]) -> list[list[Example]]:
    return [examples[i : i + BATCH_SIZE] for i in range(0, len(examples), BATCH_SIZE)]


def _check_count(verdicts: list[Verdict], expected: int) -> None:
    if len(verdicts) != expected:
        raise InputError(f"the verifier returned {len(verdicts)} verdicts for {expected} claims")


def _judge_gold(examples: list[Example], judge: Any,
                progress: Progress | None) -> tuple[list[Verdict], list[float], float]:
    verdicts: list[Verdict] = []
    latencies: list[float] = []
    total = 0.0
    batches = _batches(examples)
    calls = [([(ex.id, ex.claim) for ex in batch], [_gold_evidence(ex) for ex in batch]) for batch in batches]
    for batch, (out, elapsed) in zip(batches, _verify_calls(judge, calls), strict=True):
        _check_count(out, len(batch))
        verdicts.extend(out)
        total += elapsed
        latencies.extend([1000 * elapsed / len(batch)] * len(batch))
        if progress:
            progress(len(verdicts), len(examples))
    return verdicts, latencies, total


def _verify_calls(judge: Any, calls: list[tuple[list, list]]) -> Iterator[tuple[list[Verdict], float]]:
    """Each call's verdicts and seconds, in order; a judge with `verify_many` (Ray) runs the calls in parallel."""
    many = getattr(judge, "verify_many", None)
    if many is not None:
        yield from many(calls)
        return
    for claims, evidence in calls:
        start = time.perf_counter()
        out = judge.verify(claims, evidence)
        yield out, time.perf_counter() - start


def open_retriever(kb_path: Path, rerank: str | None) -> Any:
    """Open mode's retriever over the corpus at `kb_path`, loaded (on the driver, or in each Ray actor)."""
    from factdesk.evidence.base import retrievers
    from factdesk.evidence.kb import KnowledgeBase

    retriever = retrievers.create("hybrid", kb=KnowledgeBase(kb_path), rerank=rerank)
    retriever.warm_up()
    return retriever


def retrieve_and_verify(retriever: Any, judge: Any, claims: list[tuple[str, str]], depth: int,
                        top_k: int) -> tuple[list[list[Evidence]], list[Verdict]]:
    """One open-mode call: the `depth` best passages of each claim (for recall), judged on their first `top_k`."""
    found = retriever.retrieve([text for _, text in claims], top_k=depth)
    return found, judge.verify(claims, [ranked[:top_k] for ranked in found])


OpenResult = tuple[list[list[Evidence]], list[Verdict], float]  # passages, verdicts, seconds of one call


def _open_calls(kb_path: Path, judge: Any, calls: list[list[tuple[str, str]]], depth: int, top_k: int,
                rerank: str | None) -> tuple[Iterator[OpenResult], str]:
    """Each call's result, in order, and the retriever's name; a judge with `retrieve_and_verify_many` (Ray)
    runs the calls in parallel, each actor searching the corpus itself."""
    many = getattr(judge, "retrieve_and_verify_many", None)
    if many is not None:
        return many(kb_path, calls, depth, top_k, rerank)
    retriever = open_retriever(kb_path, rerank)

    def run() -> Iterator[OpenResult]:
        for claims in calls:
            start = time.perf_counter()
            found, out = retrieve_and_verify(retriever, judge, claims, depth, top_k)
            yield found, out, time.perf_counter() - start

    return run(), getattr(retriever, "name", "hybrid")


def _judge_open(path: Path, examples: list[Example], judge: Any, top_k: int, progress: Progress | None,
                rerank: str | None = None) -> tuple[list[Verdict], list[float], float, dict[str, Any]]:
    from factdesk.eval.opencorpus import normalise, open_corpus

    # the corpus is the whole file, whatever the split or limit, so scores stay comparable across runs
    kb, size = open_corpus(path, read_examples(path))
    depth = max(top_k, *RECALL_DEPTHS)
    hits = {k: 0 for k in RECALL_DEPTHS}
    with_gold = 0
    verdicts: list[Verdict] = []
    latencies: list[float] = []
    total = 0.0
    batches = _batches(examples)
    calls = [[(ex.id, ex.claim) for ex in batch] for batch in batches]
    results, retriever_name = _open_calls(kb.path, judge, calls, depth, top_k, rerank)
    for batch, (found, out, elapsed) in zip(batches, results, strict=True):
        _check_count(out, len(batch))
        verdicts.extend(out)
        total += elapsed
        latencies.extend([1000 * elapsed / len(batch)] * len(batch))
        for ex, ranked in zip(batch, found, strict=True):
            gold = {normalise(item.text) for item in ex.evidence if item.text.strip()}
            if not gold:
                continue  # a claim without evidence cannot be found; leave it out of recall
            with_gold += 1
            ranks = [i for i, e in enumerate(ranked) if normalise(e.passage.text) in gold]
            for k in RECALL_DEPTHS:
                hits[k] += bool(ranks) and ranks[0] < k
        if progress:
            progress(len(verdicts), len(examples))
    extra = {
        "top_k": top_k,
        "kb_passages": size,
        "recall_n": with_gold,
        "recall_at": {str(k): (hits[k] / with_gold if with_gold else 0.0) for k in RECALL_DEPTHS},
        "retriever": retriever_name,
    }
    return verdicts, latencies, total, extra


def _evaluate_checkworthy(path: Path, split: str, limit: int | None, progress: Progress | None,
                          classifier: Scorer | None) -> dict[str, Any]:
    rows = read_checkworthy(path, split)[:limit]  # type: ignore[arg-type]
    if not rows:
        raise InputError(f"{path.name}: no rows in split '{split}'")
    if classifier is None:
        from factdesk.claims.checkworthy import CheckworthyClassifier

        classifier = CheckworthyClassifier()
    warm_up = getattr(classifier, "warm_up", None)
    if warm_up:
        warm_up()
    scores: list[float] = []
    start = time.perf_counter()
    step = 2 * BATCH_SIZE
    for i in range(0, len(rows), step):
        scores.extend(float(s) for s in classifier.score([r.text for r in rows[i : i + step]]))
        if progress:
            progress(len(scores), len(rows))
    seconds = time.perf_counter() - start
    if len(scores) != len(rows):
        raise InputError(f"the classifier returned {len(scores)} scores for {len(rows)} texts")
    threshold = float(classifier.threshold)
    gold = [r.checkworthy for r in rows]
    pred = [s >= threshold for s in scores]
    scored = metrics.binary(gold, pred)
    return {
        "file": str(path), "kind": "checkworthy", "mode": None, "split": split, "limit": limit, "n": len(rows),
        "precision": scored["precision"], "recall": scored["recall"], "f1": scored["f1"],
        "accuracy": scored["accuracy"], "threshold": threshold, "positives": sum(gold),
        "confusion": {"checkworthy": {"checkworthy": scored["tp"], "not": scored["fn"]},
                      "not": {"checkworthy": scored["fp"], "not": scored["tn"]}},
        "texts_per_second": len(rows) / seconds if seconds > 0 else 0.0,
        "model": str(getattr(classifier, "name", type(classifier).__name__)),
        "date": _now(),
    }
