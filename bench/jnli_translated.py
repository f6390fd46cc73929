"""JNLI through translation (issue 16): each premise and hypothesis of a Japanese *.nli.jsonl file translated to
English by a translator (`llm:ID`, docs/japanese.md), written as an English *.nli.jsonl beside the results, and
scored by `factdesk eval`'s harness with the offline verifier, as a Japanese check judges its claims.

    nice -n 19 python bench/jnli_translated.py --translator llm:jp --split test --limit 200
    python bench/jnli_translated.py --translator llm:jp --data ../shared/data/jnli-valid.ja.nli.jsonl --json out.json

Translations are cached by the LLM client, so a second run costs no tokens. Rows keep their ids, so the split is
the same as `factdesk eval jnli-valid-ja --split test`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.progress import Progress

from factdesk.errors import FactdeskError
from factdesk.eval.datasets import read_examples
from factdesk.eval.runner import evaluate
from factdesk.translate.base import translators

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "jnli-valid.ja.nli.jsonl"
CHUNK = 64  # rows translated per progress step


def translate_file(source: Path, target: Path, translator_name: str, split: str, limit: int | None) -> int:
    """Write the English form of the rows of `split` (up to `limit`) of `source` to `target`; the row count."""
    translator = translators.create(translator_name)
    rows = read_examples(source, split)[:limit]  # type: ignore[arg-type]
    with target.open("w", encoding="utf-8") as out, Progress(transient=True) as progress:
        task = progress.add_task("translating", total=len(rows))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            texts = [text for ex in chunk for text in (ex.evidence[0].text, ex.claim)]
            english = translator.translate(texts, "ja")
            for n, ex in enumerate(chunk):
                row = {"id": ex.id, "premise": english[2 * n], "hypothesis": english[2 * n + 1], "label": ex.label}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            progress.advance(task, len(chunk))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--translator", required=True, help="translator backend, e.g. llm:ID (docs/japanese.md)")
    parser.add_argument("--data", type=Path, default=DATA, help="a Japanese *.nli.jsonl file")
    parser.add_argument("--split", default="test", choices=["all", "train", "calib", "test"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--verifier", default="minilm-xenc")
    parser.add_argument("--json", type=Path, help="write the report here")
    args = parser.parse_args(argv)
    target = ROOT / "bench" / "results" / f"{args.data.name.removesuffix('.nli.jsonl')}.en.nli.jsonl"
    try:
        count = translate_file(args.data, target, args.translator, args.split, args.limit)
        report = evaluate(target, verifier=args.verifier, split="all")
    except FactdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    report |= {"translated_from": str(args.data), "translator": args.translator, "rows": count}
    print(f"{args.data.name} via {args.translator}: {count} rows, accuracy {report['accuracy']:.3f}, "
          f"macro-F1 {report.get('macro_f1', float('nan')):.3f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
