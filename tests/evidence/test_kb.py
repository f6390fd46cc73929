from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from factdesk.errors import InputError, NotFoundError
from factdesk.evidence.kb import KnowledgeBase, list_knowledge_bases
from factdesk.models import Document, Passage


def texts(results: list) -> list[str]:
    return [e.passage.text for e in results]


def test_jsonl_build_keeps_metadata_and_bm25_finds_passage(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("news")
    result = kb.add_paths([docs_jsonl])
    assert result == {"added": 5, "skipped": 0, "near_duplicates": 0, "empty": 0, "passages": 8, "unreadable": []}
    top = kb.search("Where were Alectrosaurus fossils found, and by whom?", top_k=3, as_of=None)
    assert top[0].passage.text == "Its first fossils were found in 1923 by George Olsen."
    passage = top[0].passage
    assert (passage.title, passage.doc_id, passage.url) == (
        "Alectrosaurus", "alectro", "https://en.wikipedia.org/wiki/Alectrosaurus")
    assert [e.rank for e in top] == list(range(1, len(top) + 1))
    assert all(a.score >= b.score for a, b in zip(top, top[1:], strict=False))
    assert kb.search("bridge storm", 1)[0].passage.date == dt.date(2024, 6, 1)


def test_dense_finds_paraphrase_without_shared_words(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    assert kb.search_many(["grain yields dropped during rainless months"], dense=False) == [[]]
    assert texts(kb.search("grain yields dropped during rainless months", 1)) == [
        "Wheat harvests fell sharply because of the drought."]
    assert texts(kb.search("a doctor gave the patient medicine against bacteria", 1)) == [
        "The physician prescribed antibiotics to treat the infection."]


def test_as_of_drops_later_dated_passages_and_keeps_undated(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    query = "bridge closed after the storm"
    assert "The bridge was closed after the storm damaged its supports." in texts(kb.search(query))
    earlier = kb.search(query, top_k=10, as_of=dt.date(2024, 5, 31))
    assert "The bridge was closed after the storm damaged its supports." not in texts(earlier)
    wheat = kb.search("wheat drought", as_of=dt.date(2022, 1, 1))
    assert "Wheat harvests fell sharply because of the drought." in texts(wheat)
    assert "The orchestra performed a symphony by Brahms." in texts(kb.search("Brahms", as_of=dt.date(1900, 1, 1)))
    same_day = kb.search(query, top_k=10, as_of=dt.date(2024, 6, 1))
    assert "The bridge was closed after the storm damaged its supports." in texts(same_day)
    bm25 = kb.search_many([query], top_k=10, as_of=dt.date(2024, 5, 31), dense=False)[0]
    assert "The bridge was closed after the storm damaged its supports." not in texts(bm25)


def test_exact_duplicates_are_skipped_across_and_within_calls() -> None:
    kb = KnowledgeBase.create("news")
    first = Document(id="a", text="Paris is the capital of France.")
    assert kb.add_documents([first, Document(id="b", text="  paris IS the capital\nof France. ")])["skipped"] == 1
    again = kb.add_documents([Document(id="c", text="Paris is the capital of France."),
                              Document(id="a", text="Lyon is a city in France.")])
    assert again == {"added": 1, "skipped": 1, "near_duplicates": 0, "empty": 0, "passages": 1}
    # an id reused for a different text keeps both documents, told apart by a content suffix
    ids = {e.passage.doc_id for e in kb.search("France", top_k=5)}
    assert "a" in ids and any(i.startswith("a~") for i in ids)
    assert kb.stats()["documents"] == 2


def test_malformed_jsonl_line_is_named_and_nothing_is_written(tmp_path: Path, docs_jsonl: Path, write_jsonl) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Fine line."}\n\n{"id": "y", "text": "Broken line."\n', encoding="utf-8")
    kb = KnowledgeBase.create("news")
    with pytest.raises(InputError, match=rf"{bad}:3: malformed"):
        kb.add_paths([docs_jsonl, bad])
    write_jsonl(bad, [{"id": "z", "title": "No text"}])
    with pytest.raises(InputError, match=rf"{bad}:1: malformed document line \(text: Field required\)"):
        kb.add_paths([bad])
    write_jsonl(bad, [{"id": "z", "text": "Dated.", "date": "yesterday"}])
    with pytest.raises(InputError, match=rf"{bad}:1: .*date"):
        kb.add_paths([bad])
    assert kb.stats()["documents"] == 0 and kb.search("Alectrosaurus") == []


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    kb = KnowledgeBase.create("news")
    with pytest.raises(InputError, match="no such file or folder"):
        kb.add_paths([tmp_path / "missing.txt"])
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported file type"):
        kb.add_paths([tmp_path / "sheet.xlsx"])


def test_folder_of_txt_md_html(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    harbour_text = "Harbour Report\nThe harbour of Kestrel Bay was dredged in 2019. Ferries now dock at night.\n"
    (folder / "harbour.txt").write_text(harbour_text, encoding="utf-8")
    mill_text = "# The Old Mill\n\n## Its history in short\nThe water mill at Ashcombe ground flour until 1961.\n"
    (folder / "sub" / "mill.md").write_text(mill_text, encoding="utf-8")
    paragraph = ("The lighthouse at Pelling Point was automated in 1987, ending two centuries of keepers living "
                 "on the rock. Its lamp can be seen from thirty kilometres out at sea on a clear night. ")
    (folder / "light.html").write_text(
        "<html><head><title>Pelling Point Lighthouse</title></head><body><nav>Home | About | Contact</nav>"
        f"<article><h1>Pelling Point Lighthouse</h1><p>{paragraph}</p><p>{paragraph.replace('1987', '1988')}</p>"
        "</article><footer>Copyright 2024</footer></body></html>", encoding="utf-8")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")  # unsupported files in a folder are ignored
    old = dt.datetime(2001, 1, 1).timestamp()
    os.utime(folder / "harbour.txt", (old, old))
    kb = KnowledgeBase.create(str(tmp_path / "kb"))
    assert kb.add_paths([folder])["added"] == 3

    harbour = kb.search("When was Kestrel Bay harbour dredged?", 1)[0].passage
    assert (harbour.text, harbour.title, harbour.doc_id) == (
        "The harbour of Kestrel Bay was dredged in 2019.", "Harbour Report", "harbour.txt")
    assert harbour.date is None  # a file's mtime is not a publication date
    mill = kb.search("Ashcombe mill flour", 1)[0].passage
    assert (mill.title, mill.doc_id) == ("The Old Mill", "sub/mill.md")
    assert mill.text == "The water mill at Ashcombe ground flour until 1961."
    light = kb.search("When was the Pelling Point lighthouse automated?", 3)
    assert light[0].passage.title == "Pelling Point Lighthouse"
    assert light[0].passage.text.startswith("The lighthouse at Pelling Point was automated in 198")
    assert all("Copyright" not in e.passage.text for e in kb.search("Copyright About Contact", 10))


def test_reopen_from_disk_and_list(docs_jsonl: Path, home: Path) -> None:
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    before = kb.search("Alectrosaurus fossils", 3)
    kb.close()
    again = KnowledgeBase.open("news")
    assert again.path == home / "kbs" / "news" and again.name == "news"
    assert again.search("Alectrosaurus fossils", 3) == before
    by_path = KnowledgeBase.open(str(home / "kbs" / "news"))
    assert by_path.stats()["passages"] == 8
    assert list_knowledge_bases() == [
        {"name": "news", "path": str(home / "kbs" / "news"), "documents": 5, "passages": 8}]
    stats = again.stats()
    assert (stats["dated_from"], stats["dated_to"], stats["dense"]) == ("2021-03-15", "2024-06-01", True)
    assert stats["embedder"] and stats["size_bytes"] > 0
    # a second add appends after the existing rows in both indexes
    again.add_documents([Document(id="new", text="Quokkas live on Rottnest Island.")])
    assert texts(again.search("small marsupial on an island near Perth", 1)) == ["Quokkas live on Rottnest Island."]
    assert texts(again.search("Alectrosaurus fossils", 3)) == texts(before)


def test_unknown_and_invalid_names() -> None:
    KnowledgeBase.create("alpha", dense=False)
    with pytest.raises(NotFoundError, match=r"unknown knowledge base 'nope' \(known: alpha\)"):
        KnowledgeBase.open("nope")
    with pytest.raises(InputError, match="invalid knowledge base name"):
        KnowledgeBase.open("bad name!")


def test_bm25_only_knowledge_base(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("plain", dense=False)
    kb.add_paths([docs_jsonl])
    assert not (kb.path / "dense").exists()
    stats = kb.stats()
    assert stats["dense"] is False and stats["embedder"] is None
    assert kb.search("Brahms symphony", 1)[0].passage.title == "Concert"
    assert kb.search("grain yields dropped during rainless months") == []  # no dense fallback
    assert KnowledgeBase.create("plain").dense is False  # create() on an existing KB keeps its setting


def test_from_passages_keeps_each_passage_whole(tmp_path: Path) -> None:
    passages = [
        Passage(id="ev1", doc_id="Mount Foo", title="Mount Foo",
                text="Mount Foo is 2,300 m high. It was first climbed in 1902."),
        Passage(id="ev2", doc_id="Mount Foo", title="Mount Foo", text="Mount Foo lies in Patagonia."),
        Passage(id="ev3", doc_id="Lake Bar", title="Lake Bar", text="Lake Bar is a glacial lake."),
        Passage(id="ev4", doc_id="Bar (lake)", title="Bar (lake)", text="Lake Bar is a glacial lake."),
    ]
    kb = KnowledgeBase.from_passages(tmp_path / "open-kb", passages)
    assert kb.stats()["passages"] == 4 and kb.stats()["documents"] == 3
    top = kb.search("When was Mount Foo first climbed?", 1)[0].passage
    assert top == passages[0]


def test_add_reports_progress(docs: list[dict]) -> None:
    seen: list[int] = []
    KnowledgeBase.create("news").add_documents([Document.model_validate(d) for d in docs], progress=seen.append)
    assert seen == [1, 2, 3, 4, 5]


def test_leftovers_of_a_failed_add_are_ignored_then_replaced(docs_jsonl: Path) -> None:
    kb = KnowledgeBase.create("news")
    kb.add_paths([docs_jsonl])
    rows = kb.stats()["passages"]
    # what an add that died before its SQLite commit leaves behind: index rows and vectors past the last row
    kb.bm25.add(rows, [("Ghost", "Phantom zebras roam the ghost passage.", None)])
    kb._vectors.append(rows, kb.embedder.embed(["Phantom zebras roam the ghost passage."]))
    assert all("Phantom" not in e.passage.text for e in kb.search("phantom zebras", 10))
    kb.add_documents([Document(id="real", text="Real zebras graze on the savanna.")])
    found = kb.search("zebras", 10)
    assert texts(found)[0] == "Real zebras graze on the savanna."
    assert all("Phantom" not in t for t in texts(found))


def test_a_second_reader_sees_passages_added_by_another_handle(docs_jsonl: Path) -> None:
    writer = KnowledgeBase.create("news")
    writer.add_paths([docs_jsonl])
    reader = KnowledgeBase.open("news")
    reader.warm_up()
    assert reader.search("wheat drought", 1)[0].passage.doc_id == "farming"  # caches loaded before the next add
    writer.add_documents([Document(id="late", text="Quokkas live on Rottnest Island.", date=dt.date(2020, 1, 1))])
    got = reader.search_many(["small marsupial on an island near Perth"], 1, as_of=dt.date(2021, 1, 1), dense=True)
    assert texts(got[0]) == ["Quokkas live on Rottnest Island."]
    assert texts(reader.search_many(["Rottnest quokkas"], 1, dense=False)[0]) == ["Quokkas live on Rottnest Island."]
