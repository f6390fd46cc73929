"""The ingest job writes through a protocol and never imports the knowledge base: no import circle."""

from __future__ import annotations

import ast
from pathlib import Path

import factdesk.evidence.ingest_job as ingest_job


def imported_modules(path: Path) -> set[str]:
    """Every module an `import` or `from ... import` names anywhere in the file (TYPE_CHECKING and functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_ingest_job_does_not_import_the_knowledge_base() -> None:
    assert "factdesk.evidence.kb" not in imported_modules(Path(ingest_job.__file__))
