"""The demo knowledge base and article shipped in the package (factdesk/data), used by `factdesk demo`.

`ensure_demo_kb()` builds the "demo" knowledge base from `demo_kb.jsonl` on first use. The JSONL itself was made
once by `python -m factdesk.evidence.demo ../shared/data/feverous-dev.claims.jsonl`: Wikipedia sentences from the
FEVEROUS dev evidence (CC BY-SA 3.0, see DEMO_ATTRIBUTION.md) grouped by page title, plus a few short dated news
items written by the factdesk project for the demo (titles start with "factdesk demo news").
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from factdesk.evidence.kb import KnowledgeBase, resolve

DEMO_KB_NAME = "demo"
STORY_TITLES = [  # the pages the demo article is written from
    "North Carolina Highway 3",
    "Alfred Dockery House",
    "Sievern and Knoxville Railroad",
    "Huntington Beach State Park",
    "Glenn–Thompson Plantation",
]
RELATED_WORDS = ("Carolina", "Alabama", "Plantation", "Railroad", "Railway", "State Park", "Historic")
DOCUMENTS = 300

# Written by the factdesk project for the demo; fictional, dated so that `--as-of` has something to drop.
DEMO_NEWS = [
    {
        "id": "factdesk-demo-news-1",
        "date": "2025-02-10",
        "title": "factdesk demo news: Huntington Beach State Park visitor count (fictional)",
        "text": "Huntington Beach State Park recorded 12 percent more visitors in 2024 than in 2023, park managers "
        "said on Monday. The increase was largest during the winter birding season.",
    },
    {
        "id": "factdesk-demo-news-2",
        "date": "2025-05-20",
        "title": "factdesk demo news: rail trail on the old Sievern line (fictional)",
        "text": "A county group has proposed turning part of the former Sievern and Knoxville Railroad bed near "
        "Batesburg into a walking and cycling trail. The first section would be about three miles long.",
    },
    {
        "id": "factdesk-demo-news-3",
        "date": "2023-09-14",
        "title": "factdesk demo news: Mooresville downtown works (fictional)",
        "text": "Road works in downtown Mooresville closed parts of NC 3 for two weeks in September 2023. "
        "Traffic was sent around the town centre on signed detours.",
    },
    {
        "id": "factdesk-demo-news-4",
        "date": "2024-11-03",
        "title": "factdesk demo news: Russell County heritage weekend (fictional)",
        "text": "The Russell County heritage weekend drew about 2,000 visitors to historic homes near Pittsview "
        "in November 2024, organisers said.",
    },
]


# Wikipedia sentences that lean on the page title ("It was ...") are rewritten to name their subject, so that a
# passage read alone (as retrieval and the verifier read it) says what it is about, one fact per sentence; "Ir" was
# a typo in the source.
DECONTEXTUALISED = {
    "It is numbered after Dale Earnhardt,": "North Carolina Highway 3 is numbered after Dale Earnhardt,",
    "It was the home of Congressman": "The Alfred Dockery House was the home of Congressman",
    "It was built about 1840, and is": "The Alfred Dockery House was built about 1840, and is",
    "The house was restored in 1951.": "The Alfred Dockery House was restored in 1951.",
    "The line ran from Batesburg, South Carolina, to Sievern, South Carolina, about 17.5 miles.":
        "The Sievern and Knoxville Railroad line ran from Batesburg, South Carolina, to Sievern, South Carolina, "
        "about 17.5 miles.",
    "Ir was controlled by the Southern Railway after 1899 and was abandoned in 1933.":
        "The Sievern and Knoxville Railroad was controlled by the Southern Railway after 1899. "
        "The Sievern and Knoxville Railroad was abandoned in 1933.",
    "It hosts many types of ducks": "Huntington Beach State Park hosts many types of ducks",
    "In 1840, a rear addition was built,": "In 1840, a rear addition to the Glenn–Thompson Plantation house was built,",
    "A kitchen was originally attached": "The Glenn–Thompson Plantation kitchen was originally attached",
}


def decontextualise(text: str) -> str:
    for old, new in DECONTEXTUALISED.items():
        text = text.replace(old, new)
    return text


def data_path(name: str) -> Path:
    return Path(str(resources.files("factdesk") / "data" / name))


def demo_article_path() -> Path:
    return data_path("demo_article.md")


def ensure_demo_kb(progress: Callable[[int], None] | None = None) -> KnowledgeBase:
    """The "demo" knowledge base, built from the shipped JSONL the first time it is needed and rebuilt
    when a new factdesk version ships different demo data."""
    import hashlib
    import shutil

    source = data_path("demo_kb.jsonl")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    path = resolve(DEMO_KB_NAME)
    marker = path / "demo.sha256"
    if path.exists() and (not marker.exists() or marker.read_text() != digest):
        shutil.rmtree(path)
    kb = KnowledgeBase.create(str(path))
    if kb.count("documents") == 0:
        kb.add_paths([source], progress)
        marker.write_text(digest)
    return kb


def _good_sentence(text: str) -> bool:
    # table rows and fragments read badly as evidence
    return "|" not in text and 25 <= len(text) <= 400


def make_demo_jsonl(feverous: Path, out: Path, documents: int = DOCUMENTS) -> int:
    """Write the demo JSONL from FEVEROUS claims: the story pages, related pages, then the richest other pages."""
    pages: dict[str, dict[str, None]] = defaultdict(dict)
    for line in feverous.read_text(encoding="utf-8").splitlines():
        for evidence in json.loads(line)["evidence"]:
            if _good_sentence(evidence["text"]):
                pages[evidence["title"]][evidence["text"]] = None
    related = sorted(t for t, s in pages.items() if len(s) >= 2 and any(w in " ".join(s) for w in RELATED_WORDS))
    richest = sorted((t for t, s in pages.items() if len(s) >= 3), key=lambda t: (-len(pages[t]), t))
    chosen = list(dict.fromkeys(STORY_TITLES + related + richest))[: documents - len(DEMO_NEWS)]
    with out.open("w", encoding="utf-8") as handle:
        for title in chosen:
            first_word = title.split()[0]
            # the page's opening sentence (the one naming it) first, as on Wikipedia
            sentences = sorted(pages[title], key=lambda s: first_word not in s)
            text = " ".join(sentences)
            text = decontextualise(text) if title in STORY_TITLES else text
            row = {"id": f"wiki:{title}", "title": title, "text": text,
                   "url": "https://en.wikipedia.org/wiki/" + title.replace(" ", "_")}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        for item in DEMO_NEWS:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(chosen) + len(DEMO_NEWS)


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/feverous-dev.claims.jsonl")
    count = make_demo_jsonl(source, data_path("demo_kb.jsonl"))
    print(f"wrote {count} documents to {data_path('demo_kb.jsonl')}")
