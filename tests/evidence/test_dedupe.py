"""Exact and near-duplicate documents count once, within a batch, across batches and across processes."""

from __future__ import annotations

import random

from factdesk.evidence import dedupe
from factdesk.evidence.kb import KnowledgeBase
from factdesk.models import Document

STORY = (
    "The city council voted on Tuesday to close the Old Harbour bridge for eighteen months of repairs. "
    "Engineers found that storm damage in January had weakened two of the five supports under the eastern span. "
    "Buses will be diverted over the Mill Street crossing, adding about ten minutes to most journeys. "
    "The council said the repairs would cost 14 million euros, shared with the regional government. "
    "Shop owners near the bridge asked for compensation, saying trade had already fallen since the storm. "
    "Work is expected to start in April, once the contract has been awarded."
)
SYNDICATED = (
    "OLD HARBOUR (Wire Service) - " + STORY.replace("The city council", "The town's council", 1)
    + " Reporting by Ana Costa; editing by Tom Reed."
)
OTHER_STORY = (
    "The regional orchestra announced its new season on Monday with twelve concerts across the province. "
    "The programme opens with Mahler's second symphony in the cathedral and ends with a festival of new works. "
    "Ticket prices will stay the same as last year, and students can attend rehearsals for free. "
    "The conductor said the orchestra wanted to reach towns that have never hosted a symphony concert. "
    "A new youth ensemble will also perform at schools in the spring, funded by a private foundation."
)


def test_signature_estimates_similarity() -> None:
    a, b, c = (dedupe.signature(t) for t in (STORY, SYNDICATED, OTHER_STORY))
    assert a is not None and b is not None and c is not None
    assert dedupe.similarity(a, b) >= dedupe.THRESHOLD
    assert dedupe.similarity(a, c) < 0.2
    assert dedupe.signature("Too short to compare by shingles.") is None
    assert (dedupe.signature(STORY) == a).all()  # deterministic: signatures are stored on disk
    # half the story replaced by other sentences is a different document, not a copy
    half = ". ".join(STORY.split(". ")[:3] + OTHER_STORY.split(". ")[:3])
    assert dedupe.similarity(a, dedupe.signature(half)) < dedupe.THRESHOLD


def test_syndicated_copy_counts_once_within_and_across_adds() -> None:
    kb = KnowledgeBase.create("news", dense=False)
    first = kb.add_documents([Document(id="local", text=STORY, title="Bridge to close"),
                              Document(id="wire", text=SYNDICATED, title="Bridge closure (wire)"),
                              Document(id="music", text=OTHER_STORY, title="Orchestra season")])
    assert (first["added"], first["near_duplicates"], first["skipped"]) == (2, 1, 0)
    kb.close()
    # a later add, from a fresh handle (the LSH table is on disk): another copy and an exact copy
    again = KnowledgeBase.open("news")
    copy = SYNDICATED.replace("Wire Service", "Another Agency")
    second = again.add_documents([Document(id="agency", text=copy), Document(id="again", text=STORY.upper())])
    assert (second["added"], second["near_duplicates"], second["skipped"]) == (0, 1, 1)
    stats = again.stats()
    assert stats["documents"] == 2
    titles = {e.passage.title for e in again.search("Old Harbour bridge supports storm", 10)}
    assert titles == {"Bridge to close"}


def test_many_distinct_documents_are_all_kept() -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(3000)]
    docs = [Document(id=str(i), text=" ".join(rng.choice(words) for _ in range(60)) + ".") for i in range(300)]
    result = KnowledgeBase.create("distinct", dense=False).add_documents(docs, batch_docs=64)
    assert (result["added"], result["near_duplicates"], result["skipped"]) == (300, 0, 0)
