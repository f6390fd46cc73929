from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

DOCS = [
    {"id": "alectro", "title": "Alectrosaurus", "url": "https://en.wikipedia.org/wiki/Alectrosaurus",
     "text": "Alectrosaurus is a genus of tyrannosaurid dinosaur. It lived in the Late Cretaceous of Inner Mongolia. "
             "Its first fossils were found in 1923 by George Olsen."},
    {"id": "medicine", "title": "Clinic",
     "text": "The physician prescribed antibiotics to treat the infection. The clinic opened in 1952."},
    {"id": "music", "title": "Concert", "text": "The orchestra performed a symphony by Brahms."},
    {"id": "bridge", "title": "Old Bridge", "date": "2024-06-01",
     "text": "The bridge was closed after the storm damaged its supports."},
    {"id": "farming", "title": "Harvest", "date": "2021-03-15",
     "text": "Wheat harvests fell sharply because of the drought."},
]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own factdesk home, so knowledge bases by name land in tmp_path."""
    folder = tmp_path / "home"
    monkeypatch.setenv("FACTDESK_HOME", str(folder))
    return folder


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def write_jsonl() -> Callable[[Path, list[dict]], Path]:
    return _write_jsonl


@pytest.fixture
def docs() -> list[dict]:
    return [dict(row) for row in DOCS]


@pytest.fixture
def docs_jsonl(tmp_path: Path) -> Path:
    return _write_jsonl(tmp_path / "docs.jsonl", DOCS)
