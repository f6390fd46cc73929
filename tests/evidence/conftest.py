from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

DOCS = [
    {"id": "alectro", "title": "Alectrosaurus", "url": "https://en.wikipedia.org/wiki/Alectrosaurus",
     "text": "Alectrosaurus is a genus of tyrannosaurid dinosaur. It lived in the Late Cretaceous of Inner Mongolia. "
             "Its first fossils were found in 1923 by George Olsen."},
    {"id": "medicine", "title": "Clinic",
     "text": "The physician prescribed antibiotics to treat the infection. The clinic opened in 1952."},
    {"id": "music", "title": "Concert", "text": "The orchestra performed a symphony by Brahms."},
    {"id": "bridge", "title": "Old Bridge", "date": "2024-06-01",
     "text": "The bridge was closed after the storm damaged its supports."},
    {"id": "farming", "title": "Harvest", "date": "2021-03-15",
     "text": "Wheat harvests fell sharply because of the drought."},
]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own factdesk home, so knowledge bases by name land in tmp_path."""
    folder = tmp_path / "home"
    monkeypatch.setenv("FACTDESK_HOME", str(folder))
    return folder


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def write_jsonl() -> Callable[[Path, list[dict]], Path]:
    return _write_jsonl


@pytest.fixture
def docs() -> list[dict]:
    return [dict(row) for row in DOCS]


@pytest.fixture
def docs_jsonl(tmp_path: Path) -> Path:
    return _write_jsonl(tmp_path / "docs.jsonl", DOCS)


# -- a MediaWiki XML export (schema 0.10, as in the pages-articles dumps) ----------------------------------------

def _page(title: str, ns: int, stamp: str, text: str, redirect: str | None, page_id: int) -> str:
    from xml.sax.saxutils import escape, quoteattr

    redirect_el = f"\n    <redirect title={quoteattr(redirect)} />" if redirect else ""
    return f"""  <page>
    <title>{escape(title)}</title>
    <ns>{ns}</ns>
    <id>{page_id}</id>{redirect_el}
    <revision>
      <id>{page_id * 100}</id>
      <parentid>{page_id * 100 - 1}</parentid>
      <timestamp>{stamp}</timestamp>
      <contributor><username>Editor</username><id>7</id></contributor>
      <comment>fixture</comment>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{len(text.encode())}" xml:space="preserve">{escape(text)}</text>
      <sha1>0000000000000000000000000000000</sha1>
    </revision>
  </page>
"""


def _dump_xml(pages: list[tuple]) -> str:
    body = "".join(_page(*page, page_id=i) for i, page in enumerate(pages, start=1))
    return f"""<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.42.0-wmf.1</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
    </namespaces>
  </siteinfo>
{body}</mediawiki>
"""


@pytest.fixture
def dump_xml() -> Callable[[list[tuple]], str]:
    """(pages: [(title, ns, timestamp, wikitext, redirect target)]) -> the dump's XML text."""
    return _dump_xml
