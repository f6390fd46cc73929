"""Sentence offsets must be exact on any text: claims point into `Article.text`."""

from __future__ import annotations

import random

import pytest

from factdesk.claims.segment import PysbdSegmenter

TRICKY = [
    "Dr. Smith met U.S. officials, e.g. the F.B.I. chief, on Jan. 5.  He said \"We will win.\" Then he left!",
    "Prices rose 3.5% in 2023...  Really? Yes!!",
    "# Council approves $4.2m budget\n\n- First bullet point here\n* Second one, 40% agree.\n1. Numbered item.\n",
    "The mayor said the\r\nplan will cost more, and\r\nSenator Smith agreed.\r\n\r\nNext paragraph.",
    "“It’s a disaster,” said Mr. Jones. «Non.» 🙂 Emoji 🙂 text. Ünïcödé façade is fine.",
    "   \n\n\t  ",
    "",
    "No final punctuation at all",
    "Tabs\tand   spaces .  Odd  ,  spacing ; here.\n\n\n> Quoted line.\n>> Nested quote.",
    "Mr. A. B. Jones Jr. of St. Louis, Mo., said so. The Ph.D. program costs $40,000/yr. (See p. 4.)",
]


@pytest.mark.parametrize("text", TRICKY)
def test_offsets_are_exact_and_stripped(text: str) -> None:
    spans = PysbdSegmenter().segment(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_offsets_hold_on_random_mixtures() -> None:
    pieces = ["U.S.", "Dr.", "e.g.", "\"Quote.\"", "...", "\n", "\n\n", "- ", "# ", "3.5%", "?", "!", " ", "  ",
              "The council voted.", "word", "\r\n", "“", "”", "Jan.", "(see p. 4)", "é", "🙂", "\t"]
    rng = random.Random(7)
    segmenter = PysbdSegmenter()
    for _ in range(200):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 30)))
        for span in segmenter.segment(text):
            assert text[span.start : span.end] == span.text and span.text == span.text.strip()


def texts(text: str) -> list[str]:
    return [span.text for span in PysbdSegmenter().segment(text)]


def test_abbreviations_do_not_split() -> None:
    assert texts("Dr. Smith met U.S. officials, e.g. the F.B.I. chief, on Jan. 5. He left.") == [
        "Dr. Smith met U.S. officials, e.g. the F.B.I. chief, on Jan. 5.",
        "He left.",
    ]


def test_quotes_stay_with_their_sentence() -> None:
    assert texts('"It is a disaster," said Mr. Jones. "We knew it." She agreed.') == [
        '"It is a disaster," said Mr. Jones.',
        '"We knew it."',
        "She agreed.",
    ]


def test_headline_and_bullets_are_their_own_sentences() -> None:
    text = "# Council approves budget\nBy Jane Doe\n\nThe council voted on Tuesday.\n- Cost: $4.2m\n- 7 votes to 2\n"
    assert texts(text) == ["Council approves budget", "By Jane Doe", "The council voted on Tuesday.", "Cost: $4.2m",
                           "7 votes to 2"]


def test_hard_wrapped_lines_are_joined() -> None:
    assert texts("The mayor said the\nplan will cost more than\nexpected. Next.") == [
        "The mayor said the\nplan will cost more than\nexpected.",
        "Next.",
    ]


def test_ellipsis_is_not_a_sentence() -> None:
    assert texts("Prices rose 3.5% in 2023...  Really?") == ["Prices rose 3.5% in 2023...", "Really?"]


def test_emoji_bullets_are_not_part_of_the_sentence() -> None:
    text = "🔍 Fact Checker Results\n✅ Japan’s party is shaping AI policy.\n🕵️📝✔️Let’s dive deep.\n📈 Sales will rise."
    assert texts(text) == ["Fact Checker Results", "Japan’s party is shaping AI policy.", "Let’s dive deep.",
                           "Sales will rise."]


def test_unpaired_quotes_do_not_merge_sentences() -> None:
    text = ("The council met. “The budget is final. Taxes rose 3 percent in 2020.\" Critics disagreed. "
            "He called it \"a disgrace.")
    assert texts(text) == ["The council met.", "“The budget is final.", "Taxes rose 3 percent in 2020.\"",
                           "Critics disagreed.", "He called it \"a disgrace."]


def test_a_quotation_inside_a_sentence_does_not_end_it() -> None:
    assert texts('"Stop." he said. Then he left.') == ['"Stop." he said.', "Then he left."]
    assert texts("“Stop!” she shouted, and the crowd went quiet.") == ["“Stop!” she shouted, and the crowd went quiet."]
