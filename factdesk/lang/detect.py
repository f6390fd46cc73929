"""Which language a text is in: py3langid (offline, model shipped in the package), made sure for Japanese by
its script.

Japanese is the one language besides English that factdesk checks (docs/japanese.md), so it is told by what
cannot be mistaken: kana. Text with kana is Japanese whatever a statistical model says; text of Han characters
alone (a Chinese sentence, a list of names) is left to py3langid.

Plain English is told without py3langid too: Latin letters without accents, and English function words among
the words. Loading py3langid's model takes 1-3 s, which every check of an English article paid once per process;
it now loads only for text in other Latin-script languages, and for Han characters without kana.

    >>> detect_language("政府は人工知能の研究開発に1兆円を投じると発表した。")
    'ja'
    >>> detect_language("The Eiffel Tower is in Paris.")
    'en'
"""

from __future__ import annotations

import re
from functools import cache

JAPANESE = "ja"
ENGLISH = "en"
#: languages factdesk checks: English directly, the others through a translator
SUPPORTED = (ENGLISH, JAPANESE)
NAMES = {"en": "English", "ja": "Japanese", "zh": "Chinese", "ko": "Korean", "de": "German", "fr": "French",
         "es": "Spanish", "it": "Italian", "pt": "Portuguese", "ru": "Russian", "nl": "Dutch",
         "sv": "Swedish", "pl": "Polish", "tr": "Turkish", "ar": "Arabic",
         "hi": "Hindi", "id": "Indonesian", "vi": "Vietnamese", "uk": "Ukrainian"}

_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LETTER = re.compile(r"[^\W\d_]")
#: share of the letters that must be kana or Han for a text to be read as Japanese (an English article that
#: quotes one Japanese name stays English)
JAPANESE_SHARE = 0.3
#: words frequent in English and rare in the other Latin-script languages of NAMES ("a", "in", "an", "die", "will"
#: are left out: they are words of those languages too)
_ENGLISH_WORDS = frozenset("the of and to that for with as by at from it its is was are were be been has have had "
                           "this which said not but or they their he she his her".split())
_ASCII_WORD = re.compile(r"[A-Za-z]+")
#: an English text has about a quarter of its words in _ENGLISH_WORDS, a short claim one in five or more; German,
#: French, Spanish, Italian and Dutch news a few in a hundred (tests/lang/test_lang_detect.py)
ENGLISH_SHARE = 0.15
ASCII_SHARE = 0.9  # of the letters: names with accents ("José Álvarez") are quoted in English news
_SAMPLE = 4000  # characters read to tell plain English: the start of an article says it


@cache
def _identifier():  # noqa: ANN202 - py3langid has no type hints
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # its model loads here, on first use

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    # the 97 languages of the full model make short English sentences Afrikaans or Frisian; a desk's sources are
    # in the widely written languages named here
    identifier.set_languages(list(NAMES))
    return identifier


def _classify(text: str) -> str:
    return str(_identifier().classify(text)[0])


def japanese_share(text: str) -> float:
    """The share of the letters of `text` that are kana or Han characters."""
    letters = len(_LETTER.findall(text))
    return (len(_KANA.findall(text)) + len(_HAN.findall(text))) / letters if letters else 0.0


def has_japanese(text: str) -> bool:
    """True when `text` has kana, or Han characters among mostly non-Latin letters (a Japanese passage)."""
    return bool(_KANA.search(text)) or (bool(_HAN.search(text)) and japanese_share(text) >= JAPANESE_SHARE
                                        and _classify(text) == JAPANESE)


def plainly_english(text: str) -> bool:
    """True for text in Latin letters, nearly all without accents (a "café" or a quoted name may be there), whose
    words include enough English function words."""
    sample = text[:_SAMPLE]
    letters = _LETTER.findall(sample)
    if not letters or sum(letter.isascii() for letter in letters) < ASCII_SHARE * len(letters):
        return False
    words = [word.lower() for word in _ASCII_WORD.findall(sample)]
    return sum(word in _ENGLISH_WORDS for word in words) >= ENGLISH_SHARE * len(words)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of `text` ('en' for text with no letters)."""
    if not _LETTER.search(text):
        return ENGLISH
    if _KANA.search(text) and japanese_share(text) >= JAPANESE_SHARE:
        return JAPANESE
    if plainly_english(text):
        return ENGLISH
    language = _classify(text)
    if language == JAPANESE and japanese_share(text) < JAPANESE_SHARE:
        return ENGLISH  # a few Japanese words in an English text
    return language


def language_name(code: str | None) -> str:
    return NAMES.get(code or "", code or "unknown")
