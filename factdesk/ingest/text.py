"""Bytes -> article text: size, binary and UTF-8 checks, and headline detection for plain text and markdown.

The text is kept exactly as decoded (no newline or whitespace normalisation): claims carry character
offsets into `Article.text`.
"""

from __future__ import annotations

import re

from factdesk.errors import InputError
from factdesk.ingest.base import MAX_ARTICLE_BYTES
from factdesk.ingest.page import is_furniture, strip_symbols

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<article)", re.IGNORECASE)
#: control bytes that never occur in text (tab, newline, form feed, carriage return and ESC excepted)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SECTION_LABEL = re.compile(r"^(?:introduction|overview|summary|background|breaking|update|exclusive)\s*:\s*",
                            re.IGNORECASE)
HEADLINE_MAX_CHARS = 150
HEADLINE_MAX_WORDS = 20


def limit_message(origin: str) -> str:
    return f"{origin}: larger than the {MAX_ARTICLE_BYTES // 1_000_000} MB limit ({MAX_ARTICLE_BYTES:,} bytes)"


def check_size(data: bytes, origin: str) -> None:
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(limit_message(origin))


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 10 % control bytes, in the first 8 kB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    return bool(head) and sum(head.count(bytes([b])) for b in _CONTROL) / len(head) > 0.10


def looks_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


def decode(data: bytes, origin: str, encoding: str = "utf-8") -> str:
    """Checked text of `data`; raises InputError with one line for binary, undecodable or empty input."""
    check_size(data, origin)
    if looks_binary(data):
        raise InputError(f"{origin}: looks binary, not text (expected .txt, .md or .html)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a BOM is not part of the text
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not valid {encoding.upper()} (byte offset {exc.start})") from None
    except LookupError:
        raise InputError(f"{origin}: unknown text encoding '{encoding}'") from None
    check_text(text, origin)
    return text


def check_text(text: str, origin: str) -> None:
    if not text.strip():
        raise InputError(f"{origin}: empty input (no text to check)")


def headline(text: str) -> str | None:
    """The first line that is not page furniture ("Listen to this Post", a byline, share links) as a title,
    when it looks like a headline: a markdown heading, or a short line without final punctuation that more
    text follows. Leading emoji and a section label ("🎯 Introduction: ...") are not part of it."""
    lines = [line.strip() for line in text.splitlines()]
    non_empty = [line for line in lines if line]
    content = [line for line in non_empty if not is_furniture(line)]
    if not content:
        return None
    first = content[0]
    heading = _HEADING.match(first)
    if heading:
        return _title(heading.group(1))
    if len(non_empty) < 2 or first is non_empty[-1]:
        return None
    short = len(first) <= HEADLINE_MAX_CHARS and len(first.split()) <= HEADLINE_MAX_WORDS
    return _title(first) if short and not first.endswith((".", ",", ";", ":")) else None


def _title(line: str) -> str | None:
    return _SECTION_LABEL.sub("", strip_symbols(line).strip()).strip() or None
