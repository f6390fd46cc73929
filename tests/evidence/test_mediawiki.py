"""A small but real MediaWiki export (schema 0.10, as in the pages-articles dumps) round-trips into a KB."""

from __future__ import annotations

import bz2
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli.main import group as cli
from factdesk.errors import InputError
from factdesk.evidence.kb import KnowledgeBase
from factdesk.evidence.mediawiki import read_dump, wikitext_to_text

ALECTRO = """{{Short description|Genus of dinosaurs}}
{{Infobox dinosaur
| name = Alectrosaurus
| fossil_range = [[Late Cretaceous]]
}}
'''''Alectrosaurus''''' is a [[genus]] of [[Tyrannosauridae|tyrannosaurid]] [[dinosaur]] from the \
[[Late Cretaceous]] of [[Inner Mongolia]].<ref>{{cite journal |last=Gilmore |year=1933 |title=Two new \
dinosaurian reptiles from Mongolia}}</ref> Its first fossils were found in 1923 by [[George Olsen]].<ref name="g"/>
[[File:Alectrosaurus skeleton.jpg|thumb|right|A reconstructed [[skeleton]] in a museum.]]

== Discovery ==
The holotype was described by Charles Gilmore in 1933 after the Central Asiatic Expeditions.<!-- check year -->
* The expedition was led by Roy Chapman Andrews.
* Further remains were found in the Iren Dabasu Formation.

{| class="wikitable"
! Specimen !! Year found
|-
| AMNH 6554 || 1923
|}

== References ==
{{Reflist}}

== External links ==
* [https://example.org/alectro Alectrosaurus at Example Museum]

[[Category:Tyrannosaurids]]
[[de:Alectrosaurus]]
"""

KESTREL = """'''Kestrel Bay''' is a small harbour town on the west coast.
The harbour was dredged in 2019 so that larger ferries could dock.

=== Economy ===
Fishing and tourism employ most residents of the town, according to the [[census]].
"""

PAGES = [
    # (title, ns, timestamp, wikitext, redirect target)
    ("Alectrosaurus", 0, "2023-04-05T10:11:12Z", ALECTRO, None),
    ("Alectrosaur", 0, "2022-01-01T00:00:00Z", "#REDIRECT [[Alectrosaurus]]", "Alectrosaurus"),
    ("Mercury", 0, "2021-06-07T08:00:00Z",
     "'''Mercury''' may refer to:\n* [[Mercury (planet)]], the closest planet to the Sun\n"
     "* [[Mercury (element)]], a chemical element\n\n{{Disambiguation|geo}}", None),
    ("Springfield", 0, "2021-06-07T08:00:00Z",
     "'''Springfield''' is the name of many places in the United States.\n{{geodis}}", None),
    ("Talk:Alectrosaurus", 1, "2023-01-01T00:00:00Z", "Is the 1923 date right? It was certainly found.", None),
    ("Kestrel Bay", 0, "2020-11-30T23:59:59Z", KESTREL, None),
    ("Café de Flore (Paris)", 0, "2019-02-03T04:05:06Z",
     "The '''Café de Flore''' is one of the oldest coffeehouses in Paris, France, opened around 1887.", None),
]


@pytest.fixture
def dump(tmp_path: Path, dump_xml) -> Path:
    path = tmp_path / "enwiki-test-pages-articles.xml"
    path.write_text(dump_xml(PAGES), encoding="utf-8")
    return path


@pytest.fixture
def dump_bz2(tmp_path: Path, dump_xml) -> Path:
    path = tmp_path / "enwiki-test-pages-articles.xml.bz2"
    path.write_bytes(bz2.compress(dump_xml(PAGES).encode("utf-8")))
    return path


def test_dump_pages_become_documents(dump: Path) -> None:
    docs = list(read_dump(dump))
    # redirects, disambiguation pages ({{Disambiguation|geo}}, {{geodis}}) and other namespaces are skipped
    assert [d.title for d in docs] == ["Alectrosaurus", "Kestrel Bay", "Café de Flore (Paris)"]
    alectro, kestrel, cafe = docs
    assert alectro.date == dt.date(2023, 4, 5) and kestrel.date == dt.date(2020, 11, 30)
    assert alectro.url == "https://en.wikipedia.org/wiki/Alectrosaurus"
    assert cafe.url == "https://en.wikipedia.org/wiki/Caf%C3%A9_de_Flore_(Paris)"
    assert alectro.text.startswith(
        "Alectrosaurus is a genus of tyrannosaurid dinosaur from the Late Cretaceous of Inner Mongolia. "
        "Its first fossils were found in 1923 by George Olsen.")
    assert "The expedition was led by Roy Chapman Andrews." in alectro.text
    for junk in ("{{", "}}", "[[", "<ref", "Gilmore |year", "thumb", "AMNH", "Category", "Reflist",
                 "Example Museum", "check year", "Infobox", "de:", "References", "'''"):
        assert junk not in alectro.text, junk


def test_bz2_dump_is_read_the_same(dump: Path, dump_bz2: Path) -> None:
    assert list(read_dump(dump_bz2)) == list(read_dump(dump))


def test_dump_round_trips_through_kb_add(dump: Path, dump_bz2: Path) -> None:
    result = CliRunner().invoke(cli, ["kb", "add", "wiki", str(dump_bz2), "--no-dense", "--json"])
    assert result.exit_code == 0, result.output
    assert '"added": 3' in result.output
    kb = KnowledgeBase.open("wiki")
    top = kb.search("Who found the first Alectrosaurus fossils?", 1)[0].passage
    assert top.text == "Its first fossils were found in 1923 by George Olsen."
    assert (top.title, top.url, top.date, top.doc_id) == (
        "Alectrosaurus", "https://en.wikipedia.org/wiki/Alectrosaurus", dt.date(2023, 4, 5), "Alectrosaurus")
    # list items stay separate passages; headings alone are not passages
    texts = [e.passage.text for e in kb.search("expedition Andrews Iren Dabasu", 5)]
    assert "The expedition was led by Roy Chapman Andrews." in texts
    assert "Further remains were found in the Iren Dabasu Formation." in texts
    assert kb.search("Mercury closest planet", 5) == []  # the disambiguation page was skipped
    assert kb.search("Kestrel dredged", 1, as_of=dt.date(2020, 1, 1)) == []  # dated by its revision
    # the same pages again (the uncompressed dump this time) are all duplicates
    assert kb.add_paths([dump]) == {"added": 0, "skipped": 3, "near_duplicates": 0, "empty": 0, "passages": 0,
                                  "unreadable": []}


def test_plain_text_conversion_keeps_prose_only() -> None:
    assert wikitext_to_text("'''X''' may refer to:\n* [[A]]\n{{dab}}") is None
    text = wikitext_to_text("A [[b|bee]] is an [[insect]].<ref>x</ref>\n{|\n| cell one || cell two\n|}\nDone now ok.")
    assert text == "A bee is an insect.\n\nDone now ok."


def test_truncated_dump_is_an_input_error(tmp_path: Path, dump_xml) -> None:
    broken = tmp_path / "broken.xml.bz2"
    broken.write_bytes(bz2.compress(dump_xml(PAGES).encode()[:1500]))
    with pytest.raises(InputError, match="not a readable MediaWiki dump"):
        list(read_dump(broken))
