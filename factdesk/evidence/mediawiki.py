"""Documents from a MediaWiki XML dump (`pages-articles.xml` or `.xml.bz2`), streamed page by page.

The dump is read with lxml's iterparse and every page element is cleared once read, so memory stays flat
however large the dump. Only articles are kept: namespace 0, not a redirect, not a disambiguation page.
Each document carries the page title, a URL built from the wiki's base URL and the title, and the date of
the revision in the dump (the day the text was last edited: the best date a dump offers).

    for doc in read_dump(Path("enwiki-latest-pages-articles1.xml.bz2")):
        print(doc.title, doc.date, doc.url)
"""

from __future__ import annotations

import bz2
import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import quote

from factdesk.errors import InputError
from factdesk.models import Document

DEFAULT_BASE = "https://en.wikipedia.org/wiki/"
# sections made of links and citations, never prose worth checking against
_SKIP_SECTIONS = {"references", "external links", "see also", "notes", "further reading", "bibliography",
                  "sources", "citations", "footnotes", "notes and references"}
_DROP_TAGS = {"table", "ref", "references", "gallery", "math", "timeline", "imagemap", "score", "syntaxhighlight"}
# {{disambiguation}} and its many aliases and variants ({{hndis}}, {{geodis}}, {{place name disambiguation}}...)
_DISAMBIGUATION = re.compile(r"^(disambig\w*|dab|disamb|(hn|geo|number|mil-unit-)dis|.*\bdisambiguation)$")
_REDIRECT = re.compile(r"^\s*#redirect\b", flags=re.IGNORECASE)
_BLANKS = re.compile(r"[ \t]+")


def is_dump(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".xml") or name.endswith(".xml.bz2")


def _open(path: Path) -> IO[bytes]:
    try:
        return bz2.open(path, "rb") if path.name.lower().endswith(".bz2") else path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def page_url(base: str, title: str) -> str:
    return base + quote(title.replace(" ", "_"), safe="/:(),_-.'!*~;@$&+=")


def _base_url(site_base: str | None) -> str:
    """https://en.wikipedia.org/wiki/Main_Page -> https://en.wikipedia.org/wiki/"""
    if not site_base or "/" not in site_base:
        return DEFAULT_BASE
    return site_base.rsplit("/", 1)[0] + "/"


def read_dump(path: Path) -> Iterator[Document]:
    """The articles of the dump at `path`, in dump order; malformed XML raises InputError naming the file."""
    from lxml import etree

    base = DEFAULT_BASE
    with _open(path) as handle:
        try:
            for _, elem in etree.iterparse(handle, events=("end",), tag=("{*}base", "{*}page"), huge_tree=True):
                if etree.QName(elem).localname == "base":
                    base = _base_url(elem.text)
                    continue
                doc = _page_document(elem, base)
                # free the page and everything before it: the tree never grows past one page
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                while parent is not None and elem.getprevious() is not None:
                    del parent[0]
                if doc is not None:
                    yield doc
        except (etree.XMLSyntaxError, EOFError, OSError) as exc:
            raise InputError(f"{path}: not a readable MediaWiki dump ({exc})") from None


def _child(elem: object, name: str) -> object | None:
    for child in elem:  # type: ignore[attr-defined]
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == name:
            return child
    return None


def _page_document(page: object, base: str) -> Document | None:
    title_el, ns_el = _child(page, "title"), _child(page, "ns")
    title = (title_el.text or "").strip() if title_el is not None else ""  # type: ignore[attr-defined]
    if not title or (ns_el is not None and (ns_el.text or "").strip() != "0"):  # type: ignore[attr-defined]
        return None
    if _child(page, "redirect") is not None:
        return None
    revision = _child(page, "revision")
    if revision is None:
        return None
    text_el, stamp_el = _child(revision, "text"), _child(revision, "timestamp")
    wikitext = (text_el.text or "") if text_el is not None else ""  # type: ignore[attr-defined]
    if not wikitext.strip() or _REDIRECT.match(wikitext) or title.lower().endswith("(disambiguation)"):
        return None
    text = wikitext_to_text(wikitext)
    if text is None or not text.strip():
        return None
    date = _date(stamp_el.text if stamp_el is not None else None)  # type: ignore[attr-defined]
    return Document(id=title, text=text, title=title, url=page_url(base, title), date=date)


def _date(stamp: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(stamp.strip()[:10]) if stamp else None
    except ValueError:
        return None


def wikitext_to_text(wikitext: str) -> str | None:
    """Plain prose of an article, one paragraph per line group; None for a disambiguation page.

    Templates (infoboxes, citations), references, tables, files, categories and link-only sections go;
    link text stays ("[[Bar County|Bar]]" -> "Bar").
    """
    import mwparserfromhell

    code = mwparserfromhell.parse(wikitext)
    for template in code.filter_templates(recursive=False):
        if _DISAMBIGUATION.match(str(template.name).strip().lower().replace("_", " ")):
            return None
    for section in code.get_sections(levels=[2]):
        headings = section.filter_headings(recursive=False)
        if headings and headings[0].title.strip_code().strip().lower() in _SKIP_SECTIONS:
            _remove(code, section)
    for node in code.filter_tags():
        if str(node.tag).lower() in _DROP_TAGS:
            _remove(code, node)
    for link in code.filter_wikilinks():
        if ":" in str(link.title).strip(": "):  # File:, Image:, Category:, interlanguage links
            _remove(code, link)
    for heading in code.filter_headings():
        _replace(code, heading, "\n\n")
    text = code.strip_code(normalize=True, collapse=True)
    # one wikitext line is one paragraph or list item: never let two of them join into one sentence
    lines = (_BLANKS.sub(" ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _remove(code: object, node: object) -> None:
    with contextlib.suppress(ValueError):  # already gone with an enclosing node
        code.remove(node)  # type: ignore[attr-defined]


def _replace(code: object, node: object, value: str) -> None:
    with contextlib.suppress(ValueError):
        code.replace(node, value)  # type: ignore[attr-defined]
