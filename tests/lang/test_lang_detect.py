"""Plain English is told without py3langid (its model takes seconds to load); other Latin-script languages still
go to py3langid, and are told apart from English. The paragraphs are news-style text written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.lang.detect import detect_language, plainly_english

OTHERS = {
    "de": "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzprogramm beschlossen. Es sieht vor, dass bis 2030 "
          "die Emissionen im Verkehr um die Hälfte sinken. Was das für Pendler bedeutet, ist noch unklar; der Minister "
          "will im Herbst Details vorlegen.",
    "fr": "Le gouvernement a annoncé mercredi un plan de relance de dix milliards d'euros pour l'industrie. Selon le "
          "ministre, il doit créer 50 000 emplois d'ici 2027. Les syndicats jugent cependant que les mesures arrivent "
          "trop tard.",
    "es": "El Banco Central subió los tipos de interés por tercera vez este año. La inflación alcanzó el 7,2 por "
          "ciento en marzo, según el instituto de estadística. Los analistas esperan que la economía crezca menos "
          "de lo previsto.",
    "it": "Il governo ha approvato ieri la legge di bilancio per il prossimo anno. Secondo il ministro, la crescita "
          "sarà dell'1,2 per cento. Le opposizioni hanno criticato il taglio dei fondi alla sanità pubblica.",
    "nl": "Het kabinet heeft dinsdag besloten om de huurprijzen in de vrije sector te bevriezen. Volgens de minister "
          "is dat nodig omdat de inflatie hoog is. De maatregel geldt tot eind 2025 en was al eerder aangekondigd.",
}
ENGLISH = [
    "The Eiffel Tower is in Paris.",
    "Alectrosaurus was found in Mongolia.",
    "The café on Rue Cler, run by José Álvarez since 1998, said its prices had not risen this year.",
    (Path(__file__).parents[2] / "factdesk" / "data" / "demo_article.md").read_text(encoding="utf-8"),
]


@pytest.mark.parametrize(("language", "text"), OTHERS.items(), ids=OTHERS.keys())
def test_other_latin_languages_are_left_to_py3langid(language: str, text: str) -> None:
    assert not plainly_english(text)
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ENGLISH, ids=["short", "one-of-five", "accents", "demo article"])
def test_plain_english_is_told_without_the_model(text: str) -> None:
    assert plainly_english(text) and detect_language(text) == "en"


def test_an_english_check_never_loads_py3langid() -> None:
    code = ("import json, sys; from factdesk.lang.detect import detect_language; "
            "english = detect_language(open(sys.argv[1], encoding='utf-8').read()); "
            "japanese = detect_language('政府は人工知能の研究開発に1兆円を投じると発表した。'); "
            "print(json.dumps([english, japanese, 'py3langid' in sys.modules]))")
    article = Path(__file__).parents[2] / "factdesk" / "data" / "demo_article.md"
    out = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ["en", "ja", False]
