from __future__ import annotations

from html.parser import HTMLParser

from factdesk.brief.htmlpage import HtmlRenderer
from factdesk.models import Brief


class _Page(HTMLParser):
    """Collects tags, links, badges and text; checks that every opened element is closed in order."""

    VOID = {"meta", "br", "hr", "link", "img"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.badges: list[str] = []
        self.text: list[str] = []
        self.meta: list[dict[str, str | None]] = []
        self._badge = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag == "meta":
            self.meta.append(attributes)
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(str(attributes["href"]))
        self._badge = "badge" in (attributes.get("class") or "")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._badge:
            self.badges.append(data)
            self._badge = False


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


def test_page_is_standalone_and_mobile_ready(brief: Brief) -> None:
    page = HtmlRenderer().render(brief)
    parsed = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in parsed.meta
    assert "max-width" in page and "<style>" in page
    assert not {"link", "img", "iframe"} & set(parsed.tags)
    assert all(h.startswith(("https://", "#")) for h in parsed.hrefs)  # nothing loaded from elsewhere


def test_script_in_article_and_passage_is_text(brief: Brief, script_tag: str) -> None:
    page = HtmlRenderer().render(brief)
    parsed = _parse(page)
    assert "script" not in parsed.tags
    text = "".join(parsed.text)
    assert f"The city budget {script_tag} rose by 4 percent." in text  # claim
    assert f"Budget notes {script_tag} and [a link](javascript:alert(1)) appear here." in text  # passage
    assert f"Paris landmarks {script_tag}" in text  # title
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert not any("javascript:" in h for h in parsed.hrefs)


def test_same_content_as_markdown(brief: Brief) -> None:
    parsed = _parse(HtmlRenderer().render(brief))
    text = " ".join("".join(parsed.text).split())
    assert parsed.badges == ["✅ SUPPORTED", "❌ REFUTED", "⚠️ NOT ENOUGH INFO", "⚠️ NOT ENOUGH INFO"]
    for part in ["Summary", "Fact-check results", "Predictions", "References",
                 "1 supported · 1 refuted · 2 not enough info (1 abstained)",
                 "The Eiffel Tower, completed in 1889, stands in Paris.",
                 "neither supports nor refutes the claim (not enough info at 62%)",
                 "the verifier leaned SUPPORTED at 41%, below the 50% a verdict needs.",
                 "“Tourism will double by 2030.”", "verifier.minilm-xenc.v1", "chk-20261201-0001",
                 "checked 2026-12-01 11:10 UTC", "91% confidence"]:
        assert part in text, part
    assert "https://en.wikipedia.org/wiki/Moon" in parsed.hrefs and "#ref-2" in parsed.hrefs
