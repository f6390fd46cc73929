"""The structure of a scraped page, read from its lines: headings, bylines, navigation, share and subscribe
lines ("page furniture"). Used for the article's title (ingest) and to keep such lines out of the claims.

Rules, not a model: each pattern is a test case (tests/ingest/test_page.py).

    >>> is_furniture("📢 Follow UndercodeNews & Stay Tuned:")
    True
    >>> is_heading("🧩 Japan’s AI Policy Proposal and Strategic Direction")
    True
"""

from __future__ import annotations

import re
import unicodedata

HEADING_MAX_WORDS = 20
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]»]*$")
_BYLINE = re.compile(
    r"^(?:by|reported by|written by|posted by|author|authors|words by|edited by|published|updated|last updated"
    r"|photo|photos|image|image source|images?|credit|credits|source|sources|tags|filed under|via)\b\s*[:|]?\s*\S",
    re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"\b(?:listen to this|share (?:this|on|via)|follow (?:us|@|\w+ (?:on|&))"
    r"|stay tuned|subscribe|sign up|join (?:our|us)"
    r"|read more|read also|see also|related (?:articles?|posts?|stories)|click here|download (?:the|our) app"
    r"|^advertisement$|skip to (?:main )?content|all rights reserved|we use cookies|cookie (?:policy|settings)"
    r"|comments?\s*\(\d+\)"
    r"|log ?in|sign in|back to top|print this|email this|copy link|you may also like|recommended for you"
    r"|let[’']s dive|read the full|continue reading)\b",
    re.IGNORECASE)
_NETWORKS = re.compile(r"\b(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|threads|bluesky|mastodon|instagram"
                       r"|youtube|tiktok|pinterest|email|rss)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s[|•·]\s|\s[|•·]|[|•·]\s")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def strip_symbols(text: str) -> str:
    """The text without its leading emoji, pictographs and list bullets ("🎯 Introduction" -> "Introduction")."""
    position = 0
    while position < len(text) and (text[position].isspace() or _is_symbol(text[position])):
        position += 1
    return text[position:]


def is_pictograph(ch: str) -> bool:
    """An emoji or pictograph, or a part of one (variation selector, zero-width joiner, skin tone)."""
    return unicodedata.category(ch) in ("So", "Sk", "Cf", "Co", "Cs", "Mn")


def _is_symbol(ch: str) -> bool:
    return is_pictograph(ch) or unicodedata.category(ch) == "Sm" or ch in "•·▪►▶→-–—*#>"


def is_heading(line: str) -> bool:
    """A short line that does not end a sentence: a headline, section title or bullet label."""
    text = strip_symbols(line.strip()).lstrip("#").strip()
    words = text.split()
    if not words or len(words) > HEADING_MAX_WORDS or _ENDS_SENTENCE.search(text):
        return False
    return bool(_WORD.search(text))


def is_furniture(line: str) -> bool:
    """Navigation, share, follow and subscribe lines, bylines, credits, bare links and shouted banners."""
    text = strip_symbols(" ".join(line.split()))
    if not text:
        return True
    words = text.split()
    if _URL.match(text) or (len(words) <= 25 and _CALL_TO_ACTION.search(text)):
        return True
    if len(words) <= 12 and _BYLINE.match(text) and not _ENDS_SENTENCE.search(text):
        return True
    networks = len(_NETWORKS.findall(text))
    if len(_SEPARATORS.findall(text)) >= 2 or (networks >= 2 and 2 * networks >= len(words)):
        return True
    letters = _letters(text)
    # "JOIN OUR CYBER WORLD": a banner shouted in capitals, not a sentence
    return len(letters) >= 8 and letters.isupper() and len(words) <= 10
