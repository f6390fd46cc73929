"""JNLI through translation (issue 16): each premise and hypothesis of a Japanese *.nli.jsonl file translated to
English by a translator (`llm:ID`, docs/japanese.md), written as an English *.nli.jsonl beside the results, and
scored by `factdesk eval`'s harness with the offline verifier, as a Japanese check judges its claims.

    nice -n 19 python bench/jnli_translated.py --translator llm:jp --split test --limit 200
    python bench/jnli_translated.py --translator llm:jp --data ../shared/data/jnli-valid.ja.nli.jsonl --json out.json

Translations are cached by the LLM client, so a second run costs no tokens. Rows keep their ids, so the split is
the same as `factdesk eval jnli-valid-ja --split test`.

The report names the translator and, for `llm:ID`, the endpoint's URL and model, and counts the translations that
still hold kana: a model too small to translate (SmolLM2-135M) gives Japanese or nonsense back, and the accuracy
then measures that, not the verifier on English. The same rows are also scored as they are, in Japanese (the
baseline: what the offline verifier did before issue 16), under `untranslated`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.progress import Progress

from factdesk.errors import FactdeskError
from factdesk.eval.datasets import Example, read_examples
from factdesk.eval.runner import evaluate
from factdesk.lang.detect import JAPANESE, detect_language
from factdesk.translate.base import Translator, translators

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "jnli-valid.ja.nli.jsonl"
CHUNK = 64  # rows translated per progress step


def describe(translator: Translator) -> dict[str, Any]:
    """What translated: the translator's versioned name and, for an LLM endpoint, where it ran and which model."""
    described: dict[str, Any] = {"name": translator.name}
    endpoint = getattr(translator, "endpoint", None)
    if endpoint is not None:
        described |= {"endpoint": endpoint.id, "base_url": endpoint.base_url, "model": endpoint.model}
    return described


def write_rows(rows: Sequence[Example], target: Path, translate: Callable[[list[str]], list[str]]) -> dict[str, int]:
    """Write `rows` to `target` as *.nli.jsonl, premise and hypothesis passed through `translate`: the row count and
    the number of texts that came back still Japanese."""
    still_japanese = 0
    with target.open("w", encoding="utf-8") as out, Progress(transient=True) as progress:
        task = progress.add_task("translating", total=len(rows))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            texts = translate([text for ex in chunk for text in (ex.evidence[0].text, ex.claim)])
            still_japanese += sum(detect_language(text) == JAPANESE for text in texts)
            for n, ex in enumerate(chunk):
                row = {"id": ex.id, "premise": texts[2 * n], "hypothesis": texts[2 * n + 1], "label": ex.label}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            progress.advance(task, len(chunk))
    return {"rows": len(rows), "texts": 2 * len(rows), "still_japanese": still_japanese}


def untranslated(rows: Sequence[Example], verifier: str) -> dict[str, Any]:
    """The baseline on the same rows: the verifier reading the Japanese as it is (what factdesk did before)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "as-is.nli.jsonl"
        write_rows(rows, path, list)  # `list`: each text as it is
        report = evaluate(path, verifier=verifier, split="all")
    return {"accuracy": report["accuracy"], "macro_f1": report.get("macro_f1", float("nan"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--translator", required=True, help="translator backend, e.g. llm:ID (docs/japanese.md)")
    parser.add_argument("--data", type=Path, default=DATA, help="a Japanese *.nli.jsonl file")
    parser.add_argument("--split", default="test", choices=["all", "train", "calib", "test"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--verifier", default="minilm-xenc")
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--english", type=Path, help="where the translated rows go (default: bench/results/)")
    args = parser.parse_args(argv)
    name = f"{args.data.name.removesuffix('.nli.jsonl')}.en.nli.jsonl"
    target = args.english or ROOT / "bench" / "results" / name
    try:
        translator = translators.create(args.translator)
        used = describe(translator)
        print(f"translating with {used['name']}" + (f" at {used['base_url']}" if "base_url" in used else ""),
              file=sys.stderr)
        rows = read_examples(args.data, args.split)[: args.limit]  # type: ignore[arg-type]
        counts = write_rows(rows, target, lambda texts: translator.translate(texts, JAPANESE))
        report = evaluate(target, verifier=args.verifier, split="all")
        baseline = untranslated(rows, args.verifier)
    except FactdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    report |= {"translated_from": str(args.data), "split": args.split, "translator": used, **counts,
               "untranslated": baseline}
    print(f"{args.data.name} ({args.split}) via {used['name']}: {counts['rows']} rows, accuracy "
          f"{report['accuracy']:.3f}, macro-F1 {report.get('macro_f1', float('nan')):.3f} (the Japanese read as it "
          f"is: {baseline['accuracy']:.3f}, {baseline['macro_f1']:.3f}); "
          f"{counts['still_japanese']} of {counts['texts']} translations still Japanese")
    if counts["still_japanese"] > counts["texts"] // 10:
        print("warning: more than a tenth of the translations are still Japanese: this translator does not "
              "translate, and the accuracy says nothing of the verifier on English", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
