"""Write the contrastive suite, factdesk/data/suites/contrast.claims.jsonl, from the made-up facts of
bench/contrast_facts.py (CheckList-style, Ribeiro et al. 2020: true statements beside altered ones).

The output is deterministic (same facts, same bytes), so a test can regenerate it and compare. Every row has the
*.claims.jsonl fields of ../shared/data/SOURCES.md plus `category`; ids are `contrast:<category>:<group><letter>`.

    python bench/make_contrast_suite.py                 # rewrite the bundled file and print the counts
    python bench/make_contrast_suite.py --out x.jsonl   # write elsewhere
    python bench/make_contrast_suite.py --check         # exit 1 when the bundled file is not what the facts give
"""

from __future__ import annotations

import argparse
import json
import string
import sys
from collections import Counter
from pathlib import Path

from contrast_facts import CATEGORIES, Group

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "factdesk" / "data" / "suites" / "contrast.claims.jsonl"
SOURCE = "factdesk-contrast-v1"
MIN_ROWS = 12


def rows_of(category: str, index: int, group: Group) -> list[dict]:
    evidence = [{"text": p.text, "title": p.title, "stance": None} for p in group.evidence]
    return [{"id": f"contrast:{category}:{index:02d}{string.ascii_lowercase[k]}", "claim": claim, "label": label,
             "evidence": evidence, "source": SOURCE, "category": category}
            for k, (claim, label) in enumerate(group.claims)]


def build() -> list[dict]:
    return [row for category, groups in CATEGORIES.items()
            for index, group in enumerate(groups, 1) for row in rows_of(category, index, group)]


def problems(rows: list[dict]) -> list[str]:
    """What makes the suite unusable: too few rows in a category, a category without SUPPORTED or without
    altered rows, a repeated id."""
    out = []
    for category in CATEGORIES:
        labels = [r["label"] for r in rows if r["category"] == category]
        if len(labels) < MIN_ROWS:
            out.append(f"{category}: {len(labels)} rows, fewer than {MIN_ROWS}")
        if "SUPPORTED" not in labels or all(label == "SUPPORTED" for label in labels):
            out.append(f"{category}: needs both SUPPORTED and altered rows")
    repeated = [i for i, n in Counter(r["id"] for r in rows).items() if n > 1]
    if repeated:
        out.append(f"repeated ids: {', '.join(repeated)}")
    return out


def serialise(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SUITE, help=f"where to write (default: {SUITE.relative_to(ROOT)})")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    rows = build()
    found = problems(rows)
    if found:
        print(f"error: the suite is not usable: {'; '.join(found)}", file=sys.stderr)
        return 1
    text = serialise(rows)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"error: {args.out} differs from what bench/contrast_facts.py gives; rerun without --check",
                  file=sys.stderr)
            return 1
        print(f"{args.out}: up to date ({len(rows)} rows)")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts = Counter((r["category"], r["label"]) for r in rows)
    print(f"{'category':<12} {'rows':>5} {'S':>4} {'R':>4} {'NEI':>4}")
    for category in CATEGORIES:
        row = [counts[(category, label)] for label in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")]
        print(f"{category:<12} {sum(row):>5} {row[0]:>4} {row[1]:>4} {row[2]:>4}")
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
