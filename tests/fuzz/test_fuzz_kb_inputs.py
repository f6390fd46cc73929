"""What `kb add` reads: JSONL lines, folders of files, MediaWiki dumps and wikitext. Each only adds documents or
raises InputError, and a failed add to a new knowledge base leaves nothing behind."""

from __future__ import annotations

import bz2
import json
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import BYTESISH, JSON_VALUES, TEXTISH

from factdesk.errors import InputError
from factdesk.evidence.ingest_job import plan, split_texts
from factdesk.evidence.kb import KnowledgeBase
from factdesk.evidence.mediawiki import read_dump, wikitext_to_text
from factdesk.evidence.sources import SUPPORTED, file_documents, iter_jsonl

DOC_LINES = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries({"text": TEXTISH}, optional={
        "id": JSON_VALUES, "title": JSON_VALUES, "url": JSON_VALUES, "date": st.one_of(st.dates().map(str), TEXTISH),
    }).map(json.dumps),
    TEXTISH,
)
FILES = st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv"]),
                           st.one_of(BYTESISH, st.lists(DOC_LINES, max_size=5).map(
                               lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")))), max_size=5)
WIKITEXT = st.lists(st.one_of(TEXTISH, st.sampled_from(["[[", "]]", "{{", "}}", "{|", "|}", "<ref>", "</ref>", "'''",
                                                        "== H ==", "* ", "[[File:x.png|thumb|y]]", "<!--", "-->",
                                                        "#REDIRECT [[A]]", "{{Infobox|a=b}}", "<ref name=x/>"])),
                    max_size=40).map("".join)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@given(st.lists(DOC_LINES, max_size=8), st.binary(max_size=8))
@example(['{"text":"","id":""}'], b"")  # the long run's find: a blank id passed as an unnamed document
def test_jsonl_files(lines: list[str], tail: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "docs.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass") + tail)
        try:
            docs = list(iter_jsonl(path))
        except InputError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
        assert all(doc.id.strip() and isinstance(doc.text, str) for doc in docs)


def test_jsonl_ids(tmp_path: Path) -> None:
    """A line's id is its own, or FILE-STEM:LINE when absent or null; a blank or non-scalar id is a malformed
    line named by FILE:LINE (before: "" was stored as an unnamed document, null as the id "None")."""
    path = tmp_path / "docs.jsonl"
    lines = [{"text": "A.", "id": 7}, {"text": "B."}, {"text": "C.", "id": None}, {"text": "D.", "id": "d"}]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    assert [doc.id for doc in iter_jsonl(path)] == ["7", "docs:2", "docs:3", "d"]
    for bad, reason in [("", "id: is empty"), (" \t", "id: is empty"), ([1], "id: must be a string or a number"),
                        (True, "id: must be a string or a number")]:
        path.write_text(json.dumps({"text": "A.", "id": "a"}) + "\n" + json.dumps({"text": "B.", "id": bad}),
                        encoding="utf-8")
        with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:2: malformed document line \({reason}"):
            list(iter_jsonl(path))


@given(FILES)
def test_folder_reading(files: list[tuple[str, bytes]]) -> None:
    """The parser half of `kb add FOLDER`: the plan (every file checked, binary and undecodable ones set apart),
    then every planned file's documents and their sentences, as the writer would get them. No knowledge base is
    made, so this runs at the long run's 100,000 inputs; `test_kb_add_of_a_folder` below writes one each time."""
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "archive"
        folder.mkdir()
        for number, (suffix, data) in enumerate(files):
            _write(folder / f"file{number}{suffix}", data)
        try:
            planned = plan([folder])
        except InputError as exc:
            assert "\n" not in str(exc) and str(folder) in str(exc)
            return
        supported = [suffix for suffix, _ in files if suffix in SUPPORTED]  # a .csv is not read at all
        assert len(planned.files) + len(planned.unreadable) == len(supported)
        for file, doc_id in planned.files:
            documents = list(file_documents(file, doc_id))
            # a JSONL line may hold blank text: the writer counts it as "empty"; a text or HTML file gives none
            assert all(doc.id.strip() and (doc.text.strip() or file.suffix == ".jsonl") for doc in documents)
            assert all(isinstance(sentence, str) for sentences in split_texts([d.text for d in documents])
                       for sentence in sentences)


@given(FILES)
def test_kb_add_of_a_folder(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "archive"
        folder.mkdir()
        for number, (suffix, data) in enumerate(files):
            _write(folder / f"file{number}{suffix}", data)
        target = Path(root) / "kb"
        try:
            kb, report = KnowledgeBase.add_to(str(target), [folder], dense=False)
        except InputError as exc:
            assert "\n" not in str(exc)
            assert not target.exists()  # nothing half-stored
            return
        assert report["added"] >= 1 and kb.count("documents") == report["added"]
        assert kb.count("passages") == report["passages"]
        kb.close()


@given(WIKITEXT)
def test_wikitext(wikitext: str) -> None:
    text = wikitext_to_text(wikitext)
    assert text is None or isinstance(text, str)


@st.composite
def dumps(draw: st.DrawFn) -> bytes:
    pages = []
    for number in range(draw(st.integers(0, 4))):
        redirect = '<redirect title="A"/>' if draw(st.booleans()) else ""
        pages.append(f"<page><title>{escape(draw(TEXTISH))}</title><ns>{draw(st.integers(-2, 14))}</ns>"
                     f"<id>{number}</id>{redirect}<revision><timestamp>{escape(draw(TEXTISH)[:30])}</timestamp>"
                     f'<text xml:space="preserve">{escape(draw(WIKITEXT))}</text></revision></page>')
    xml = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><siteinfo><base>'
           f"{escape(draw(TEXTISH)[:40])}</base></siteinfo>{''.join(pages)}</mediawiki>")
    data = xml.encode("utf-8", "surrogatepass")
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@given(st.one_of(dumps(), BYTESISH), st.booleans())
def test_mediawiki_dump_pages(data: bytes, compressed: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / ("dump.xml.bz2" if compressed else "dump.xml"),
                      bz2.compress(data) if compressed else data)
        try:
            docs = list(read_dump(path))
        except InputError as exc:
            assert str(path) in str(exc)
            return
        assert all(doc.text.strip() and doc.title for doc in docs)
