"""Turn files into Documents and Documents into sentence-level Passages.

Accepted inputs: JSON Lines (`{id, title, text, url, date}` per line), .txt / .md files (title from the
first line), .html / .htm files (main text through trafilatura, title from <title>), MediaWiki XML dumps
(.xml / .xml.bz2, see mediawiki.py), or folders of them. Large files are streamed, never read whole.
A file's modification time is *not* a publication date, so documents read from files are undated.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from factdesk.claims.segment_ja import JapaneseSegmenter
from factdesk.errors import InputError
from factdesk.ingest.text import looks_binary
from factdesk.lang.detect import has_japanese
from factdesk.models import Document, Passage

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DUMP_SUFFIXES = {".xml", ".xml.bz2"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | DUMP_SUFFIXES

_SPACES = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_HEADING_LINE = re.compile(r"^#+ [^\n]*$", flags=re.MULTILINE)
MIN_WORDS = 3  # shorter fragments ("History", "SAYA!") are headings or noise, never useful evidence
MIN_JAPANESE_CHARS = 6  # the same for Japanese, which has no spaces to count words by (「概要」, 「関連記事」)


class UnreadableFile(InputError):
    """A file that is binary or not valid UTF-8: an error when named, skipped (and reported) inside a folder."""


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


def text_hash(text: str) -> str:
    """The dedupe key: documents whose texts differ only in case and spacing are the same document."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()


@cache
def _segmenter() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`; paragraphs are split first so a heading never joins the sentence after it."""
    sentences: list[str] = []
    text = _HEADING_LINE.sub(lambda m: f"\n\n{m.group(0)}\n\n", text)  # a Markdown heading is its own paragraph
    for paragraph in _PARAGRAPH_BREAK.split(text):
        paragraph = _SPACES.sub(" ", paragraph).strip()
        if paragraph.startswith("#"):
            paragraph = paragraph.lstrip("#").strip()
        if paragraph and has_japanese(paragraph):  # written without spaces: cut at 。！？, count characters
            sentences.extend(span.text for span in JapaneseSegmenter().segment(paragraph)
                             if len(span.text) >= MIN_JAPANESE_CHARS)
        elif paragraph:
            parts = _segmenter().segment(paragraph)  # type: ignore[attr-defined]
            sentences.extend(s.strip() for s in parts if len(s.split()) >= MIN_WORDS)
    return sentences


def to_passages(doc: Document) -> list[Passage]:
    return [
        Passage(id=f"{doc.id}#{i}", text=sentence, doc_id=doc.id, title=doc.title, url=doc.url, date=doc.date)
        for i, sentence in enumerate(split_sentences(doc.text))
    ]


def read_jsonl(path: Path) -> list[Document]:
    """All documents of a JSONL file; the first bad line raises InputError naming FILE:LINE."""
    return list(iter_jsonl(path))


def iter_jsonl(path: Path) -> Iterator[Document]:
    """The documents of a JSONL file, one line at a time; a bad line raises InputError naming FILE:LINE."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and looks_binary(raw):
                raise UnreadableFile(f"{path}: looks binary, not JSON Lines")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"{path}:{number}: not valid UTF-8 (byte offset {exc.start} of the line)") \
                    from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
                row["id"] = _line_id(row.get("id"), f"{path.stem}:{number}")
                doc = Document.model_validate(row)
            except (ValueError, ValidationError) as exc:
                reason = _first_line(exc)
                raise InputError(f"{path}:{number}: malformed document line ({reason})") from None
            yield doc


def _line_id(given: object, automatic: str) -> str:
    """A line's document id: its own, or FILE-STEM:LINE when it has none (absent or null). A blank id would be
    stored as an unnamed document, and a list or a true/false as its Python spelling: both are refused."""
    if given is None:
        return automatic
    if isinstance(given, bool) or not isinstance(given, str | int | float):
        raise ValueError("id: must be a string or a number")
    if not str(given).strip():
        raise ValueError("id: is empty; leave it out for an automatic one")
    return str(given)


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "line"
        return f"{field}: {error['msg']}"
    return str(exc).splitlines()[0]


def read_text_file(path: Path, doc_id: str) -> Document | None:
    raw = read_text(path)
    lines = raw.strip().splitlines()
    if not lines:
        return None
    first = lines[0].strip()
    heading = first.lstrip("#").strip()
    # a short line without a sentence end is a title, not part of the body
    is_title = first.startswith("#") or (len(first) <= 150 and not first.endswith((".", "!", "?", '"', "”")))
    body = "\n".join(lines[1:]).strip() if is_title and len(lines) > 1 else raw.strip()
    title = heading if is_title else (heading[:80].rsplit(" ", 1)[0] if len(heading) > 80 else heading)
    return Document(id=doc_id, text=body, title=title or None)


def read_html_file(path: Path, doc_id: str) -> Document | None:
    import trafilatura

    html = read_text(path)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    if not text.strip():
        return None
    text = text.replace("\n", "\n\n")  # trafilatura writes one block (heading, paragraph, list item) per line
    match = re.search(r"<title[^>]*>(.*?)</title>", html, flags=re.IGNORECASE | re.DOTALL)
    title = _SPACES.sub(" ", match.group(1)).strip() if match else None
    if not title:
        title = text.strip().splitlines()[0][:80]
    return Document(id=doc_id, text=text, title=title)


def read_text(path: Path) -> str:
    """The text of a .txt/.md/.html file; UnreadableFile if it is binary or not valid UTF-8 (as `check` rules)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if looks_binary(data):
        raise UnreadableFile(f"{path}: looks binary, not text")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not valid UTF-8 (byte offset {exc.start})") from None


def file_suffix(path: Path) -> str:
    """The suffix that decides how a file is read: '.xml.bz2' for a compressed dump, else the last one."""
    name = path.name.lower()
    return ".xml.bz2" if name.endswith(".xml.bz2") else path.suffix.lower()


def is_streamed(path: Path) -> bool:
    """Files holding many documents (JSONL, dumps), read one document at a time."""
    return file_suffix(path) in JSONL_SUFFIXES | DUMP_SUFFIXES


def file_documents(path: Path, doc_id: str) -> Iterator[Document]:
    """The documents of one file, streamed for JSONL files and dumps."""
    suffix = file_suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from iter_jsonl(path)
        return
    if suffix in DUMP_SUFFIXES:
        from factdesk.evidence.mediawiki import read_dump

        yield from read_dump(path)
        return
    doc = read_html_file(path, doc_id) if suffix in HTML_SUFFIXES else read_text_file(path, doc_id)
    if doc and doc.text.strip():
        yield doc


def _file_documents(path: Path, doc_id: str) -> list[Document]:
    return list(file_documents(path, doc_id))


def iter_files(path: Path) -> Iterator[tuple[Path, str]]:
    """(file, document id) for a file or every supported file under a folder; ids are relative paths."""
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and file_suffix(p) in SUPPORTED):
            yield file, file.relative_to(path).as_posix()
    elif path.is_file():
        if file_suffix(path) not in SUPPORTED:
            raise InputError(f"{path}: unsupported file type (use {', '.join(sorted(SUPPORTED))})")
        yield path, path.name
    else:
        raise InputError(f"no such file or folder: {path}")


def read_paths(paths: Sequence[Path]) -> list[Document]:
    """Every document of `paths`, read completely before anything is written."""
    docs: list[Document] = []
    for path in paths:
        for file, doc_id in iter_files(Path(path)):
            docs.extend(_file_documents(file, doc_id))
    return docs
