"""The embedded default: a demo knowledge base and a sample article shipped in the package."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

DEMO_KB = "demo"


def data_file(name: str) -> Path:
    return Path(str(resources.files("factdesk") / "data" / name))


def ensure_demo_kb() -> str:
    """Build (or rebuild, when the shipped data changed) the demo KB under the home folder."""
    from factdesk.evidence.kb import KnowledgeBase

    source = data_file("demo_kb.jsonl")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    kb = KnowledgeBase.create(DEMO_KB)
    marker = kb.path / "demo.sha"
    if not marker.exists() or marker.read_text() != digest:
        if marker.exists():
            import shutil

            shutil.rmtree(kb.path)
            kb = KnowledgeBase.create(DEMO_KB)
        kb.add_paths([source])
        marker.write_text(digest)
    return kb.name
