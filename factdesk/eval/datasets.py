"""Readers for the benchmark formats of ../shared/data/SOURCES.md and the deterministic splits.

Splits are keyed on the claim (or premise) text, so one claim lands in the same split in every
file that repeats it (fever-gold and sufficient-facts share FEVER claims) and training never sees
a test claim.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from factdesk.errors import InputError

Split = Literal["train", "calib", "test", "all"]
KIND_BY_SUFFIX = {".claims.jsonl": "claims", ".nli.jsonl": "nli", ".checkworthy.jsonl": "checkworthy"}
THREE_LABELS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")


def split_of(key: str) -> str:
    """75 % train, 5 % calib (temperature and thresholds), 20 % test."""
    bucket = int(hashlib.sha1(" ".join(key.lower().split()).encode()).hexdigest()[:8], 16) % 100
    if bucket < 75:
        return "train"
    return "calib" if bucket < 80 else "test"


@dataclass
class EvidenceItem:
    text: str
    title: str | None = None


@dataclass
class Example:
    """One benchmark row, normalised: a claim (or hypothesis) and its evidence list."""

    id: str
    claim: str
    label: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    source: str = ""
    claim_date: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class CheckworthyExample:
    id: str
    text: str
    checkworthy: bool
    source: str = ""


def kind_of(path: Path) -> str:
    for suffix, kind in KIND_BY_SUFFIX.items():
        if path.name.endswith(suffix):
            return kind
    raise InputError(f"{path}: unknown benchmark format (expected *.claims.jsonl, *.nli.jsonl or *.checkworthy.jsonl)")


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: malformed JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}:{number}: expected a JSON object")
            yield number, row


def read_examples(path: Path, split: Split = "all") -> list[Example]:
    """Claims or NLI rows as `Example`s; NLI premises become the single evidence item."""
    kind = kind_of(path)
    out: list[Example] = []
    for number, row in _rows(path):
        try:
            if kind == "claims":
                ex = Example(
                    id=str(row["id"]),
                    claim=row["claim"],
                    label=row["label"],
                    evidence=[EvidenceItem(e["text"], e.get("title")) for e in row.get("evidence") or []],
                    source=row.get("source", ""),
                    claim_date=row.get("claim_date"),
                    extra={k: row[k] for k in ("label_with_full_evidence", "category") if k in row},
                )
                key = ex.claim
            elif kind == "nli":
                ex = Example(
                    id=str(row["id"]),
                    claim=row["hypothesis"],
                    label=row["label"],
                    evidence=[EvidenceItem(row["premise"])],
                    source=path.name.split(".")[0],
                )
                key = row["premise"]
            else:
                raise InputError(f"{path}: a check-worthiness file has no claims to verify")
        except (KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: missing or invalid field {exc}") from None
        if split == "all" or split_of(key) == split:
            out.append(ex)
    return out


def read_checkworthy(path: Path, split: Split = "all") -> list[CheckworthyExample]:
    out = []
    for number, row in _rows(path):
        try:
            ex = CheckworthyExample(str(row["id"]), row["text"], bool(row["checkworthy"]), row.get("source", ""))
        except (KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: missing or invalid field {exc}") from None
        if split == "all" or split_of(ex.text) == split:
            out.append(ex)
    return out
