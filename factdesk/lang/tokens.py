"""Japanese words for BM25: Janome's morphological analysis (pure Python, its dictionary in the wheel, offline).

Japanese is written without spaces, so tantivy's tokenizer reads a whole clause as one "word" and a query
never matches it. A Japanese passage is therefore indexed as its content words joined by spaces (particles,
auxiliaries and punctuation left out, verbs and adjectives in dictionary form so 投じた and 投じる meet), and
a Japanese query is cut the same way. Latin words inside Japanese text come through as words of their own;
English text is left as it is, so one knowledge base holds both languages.

    >>> japanese_terms("政府は人工知能に1兆円を投じた。")
    ['政府', '人工', '知能', '1', '兆', '円', '投じる']
"""

from __future__ import annotations

import threading
from functools import cache

from factdesk.lang.detect import has_japanese

#: parts of speech that carry no content: particles, auxiliaries, symbols, fillers
_FUNCTION_POS = ("助詞", "助動詞", "記号", "フィラー", "接続詞", "連体詞")
#: dependent words (こと, ため, する as a light verb) are as common as particles
_DEPENDENT = ("非自立", "接尾")
_lock = threading.Lock()  # Janome's tokenizer keeps state while it runs; kb add and checks may share it


@cache
def _tokenizer():  # noqa: ANN202 - janome has no type hints
    from janome.tokenizer import Tokenizer  # its dictionary loads here (about 0.5 s), not at factdesk import

    return Tokenizer()


def japanese_terms(text: str) -> list[str]:
    """The content words of Japanese `text`, lower-cased, in order (repeats kept: BM25 counts them)."""
    terms: list[str] = []
    with _lock:
        tokens = list(_tokenizer().tokenize(text))
    for token in tokens:
        pos = token.part_of_speech.split(",")
        if pos[0] in _FUNCTION_POS or (pos[0] != "名詞" and pos[1] in _DEPENDENT) or pos[1] in ("非自立", "代名詞"):
            continue
        word = token.base_form if token.base_form != "*" else token.surface
        word = word.strip().lower()
        if word and any(ch.isalnum() for ch in word):
            terms.append(word)
    return terms


def index_text(text: str) -> str:
    """What BM25 indexes (and searches) for `text`: its Japanese content words joined by spaces; other text
    unchanged."""
    return " ".join(japanese_terms(text)) if has_japanese(text) else text
