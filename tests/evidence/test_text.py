"""factdesk.text: one content-word helper and one stop-word list, used instead of private copies."""

from __future__ import annotations

from pathlib import Path

import factdesk.evidence.web as web
from factdesk.text import STOP_WORDS, content_words, terms


def test_content_words_keep_topic_words_only() -> None:
    assert content_words("The Eiffel Tower was built in 1889, and THE tower is tall.") == {
        "eiffel", "tower", "built", "1889", "tall"}
    assert content_words("it was in the of and") == set()
    assert {"with", "which", "their", "between"} <= STOP_WORDS


def test_terms_keep_order_and_repeats_for_counting() -> None:
    assert terms("The tower, the TOWER and its lamp") == ["tower", "tower", "lamp"]


def test_web_retriever_uses_the_shared_helper() -> None:
    source = Path(web.__file__).read_text(encoding="utf-8")
    assert "_STOP" not in source and "from factdesk.text import terms" in source
    assert web.bm25_scores("tower lamp", ["The tower has a lamp.", "A field of wheat."])[0] > 0
