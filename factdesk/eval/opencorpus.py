"""Open-mode evaluation corpus: every evidence passage of a claims file in one knowledge base.

A passage is *gold* for a claim when its normalised text (`normalise`: Unicode NFKC, case-folded,
whitespace collapsed) equals that of one of the claim's own evidence items. Passages are added
to the knowledge base whole (not re-split), so a gold item stays one retrievable passage.

The built knowledge base is cached under ``settings.home()/eval-cache/<file stem>-<sha256 prefix>-<embedder>``,
so a second run over the same file with the same model does not embed again.
"""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

from factdesk import settings
from factdesk.eval.datasets import Example
from factdesk.evidence.kb import KnowledgeBase
from factdesk.models import Passage

READY = "READY"  # written last: a cache folder without it is a build that was interrupted


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def passage_id(text: str) -> str:
    return "p" + hashlib.sha1(normalise(text).encode()).hexdigest()[:16]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_passages(examples: list[Example]) -> list[Passage]:
    """The deduplicated evidence passages of all examples, first title seen kept."""
    seen: dict[str, Passage] = {}
    for ex in examples:
        for item in ex.evidence:
            pid = passage_id(item.text)
            if pid not in seen and item.text.strip():
                seen[pid] = Passage(id=pid, text=item.text, doc_id=item.title or pid, title=item.title)
    return list(seen.values())


def cache_dir(path: Path) -> Path:
    """One folder per claims file and embedder: the cache of one model is never searched with another."""
    from factdesk.evidence import embedders

    model = embedders.model_name(embedders.model_dir(settings.get("embedder")))
    return settings.home() / "eval-cache" / f"{path.name.split('.')[0]}-{file_hash(path)[:16]}-{model}"


def open_corpus(path: Path, examples: list[Example]) -> tuple[KnowledgeBase, int]:
    """The cached knowledge base of `path` (built from `examples`, all rows of the file), and its size."""
    directory = cache_dir(path)
    passages = corpus_passages(examples)
    if (directory / READY).exists():
        return KnowledgeBase(directory), len(passages)
    if directory.exists():
        shutil.rmtree(directory)
    kb = KnowledgeBase.from_passages(directory, passages, dense=True)
    (directory / READY).write_text(f"{len(passages)}\n")
    return kb, len(passages)
