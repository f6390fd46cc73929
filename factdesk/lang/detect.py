"""Which language a text is in: py3langid (offline, model shipped in the package), made sure for Japanese by
its script.

Japanese is the one language besides English that factdesk checks (docs/japanese.md), so it is told by what
cannot be mistaken: kana. Text with kana is Japanese whatever a statistical model says; text of Han characters
alone (a Chinese sentence, a list of names) is left to py3langid.

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


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of `text` ('en' for text with no letters)."""
    if not _LETTER.search(text):
        return ENGLISH
    if _KANA.search(text) and japanese_share(text) >= JAPANESE_SHARE:
        return JAPANESE
    language = _classify(text)
    if language == JAPANESE and japanese_share(text) < JAPANESE_SHARE:
        return ENGLISH  # a few Japanese words in an English text
    return language


def language_name(code: str | None) -> str:
    return NAMES.get(code or "", code or "unknown")
