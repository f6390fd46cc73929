"""Page furniture and headings (factdesk/ingest/page.py), and titles that skip furniture."""

from __future__ import annotations

import pytest

from factdesk.ingest.html import article_from_html
from factdesk.ingest.page import is_furniture, is_heading
from factdesk.ingest.text import headline


@pytest.mark.parametrize("line", [
    "Listen to this Post", "Share this article", "📢 Follow UndercodeNews & Stay Tuned:", "Reported By: xtech_6d3c5cae",
    "𝕏 formerly Twitter 🐦 | @ Threads | 🔗 Linkedin | 🦋BlueSky", "🔐JOIN OUR CYBER WORLD [ CVE News ]",
    "By Jane Doe | March 3, 2024", "https://www.discord.com", "Facebook Twitter Email", "Advertisement",
    "Subscribe to our newsletter", "🕵️📝✔️Let’s dive deep and fact‑check.",
])
def test_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Facebook and Twitter banned the account in 2021.", "Netflix has 200 million subscribers worldwide.",
    "The event was sponsored by a local bank.", "By 2020 the town had 3,000 residents.",
    "Japan’s ruling Liberal Democratic Party has outlined a draft proposal.",
])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_headings() -> None:
    assert is_heading("🧩 Japan’s AI Policy Proposal and Strategic Direction")
    assert is_heading("## What we know")
    assert not is_heading("✅ Japan’s Liberal Democratic Party is actively shaping national AI policy proposals.")


def test_title_skips_furniture_and_section_labels() -> None:
    text = "Listen to this Post\n🎯 Introduction: A Quiet Shift in Japan’s AI Ambitions\nJapan is recalibrating.\n"
    assert headline(text) == "A Quiet Shift in Japan’s AI Ambitions"
    assert headline("Share this article\nThe Eiffel Tower is in Rome.") is None


def test_html_title_from_the_page_not_its_furniture() -> None:
    body = ("<body><article><h1>Japan outlines AI plan</h1><p>Japan’s ruling party has outlined a draft proposal on "
            "artificial intelligence, officials in Tokyo said on Monday.</p><p>The plan covers chips and data centres "
            "and was published on the party's website after a long meeting.</p></article></body>")
    furniture = f"<html><head><title>Listen to this Post</title></head>{body}</html>"
    assert article_from_html(furniture, "x.html").title == "Japan outlines AI plan"
    og = (f'<html><head><meta property="og:title" content="Japan eyes allies in AI push"><title>Site</title></head>'
          f"{body}</html>")
    assert article_from_html(og, "x.html").title == "Japan eyes allies in AI push"
