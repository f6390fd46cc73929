"""Language detection and Japanese sentence segmentation, with exact offsets into the original text."""

from __future__ import annotations

import random

import pytest
from conftest import ARTICLE

from factdesk.claims.base import segmenters
from factdesk.claims.segment_ja import JapaneseSegmenter
from factdesk.lang.detect import detect_language, has_japanese


@pytest.mark.parametrize(("text", "language"), [
    ("経済産業省は7日、人工知能の研究開発に1兆円を投じると発表した。", "ja"),
    ("The Eiffel Tower is in Paris.", "en"),
    ("It cost $3m.", "en"),
    ("Toyota (トヨタ) said its operating profit rose 20% in the year to March.", "en"),
    ("Der Eiffelturm steht in Paris und ist dreihundert Meter hoch.", "de"),
    ("东京是日本的首都，也是最大的城市。", "zh"),
    ("", "en"),
])
def test_detects_the_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_has_japanese_tells_japanese_passages_from_english_ones() -> None:
    assert has_japanese("富士山は日本の最高峰である。")
    assert not has_japanese("Mount Fuji is the highest mountain in Japan.")
    assert not has_japanese("东京是日本的首都，也是最大的城市。")  # Han characters alone, and Chinese


def test_segments_a_japanese_news_article_with_exact_offsets() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    spans = JapaneseSegmenter().segment(text)
    assert [s.text for s in spans] == [
        "経産省、AI研究に5年で1兆円　半導体と人材育成を重点支援",  # the '# ' heading marker is not part of it
        "経済産業省は7日、人工知能（AI）の研究開発に今後5年間で総額1兆円を投じる計画を発表した。",  # 　 trimmed
        "計画は国内の大学と企業による大規模言語モデルの開発を支援し、半導体工場の整備にも充てる。",
        # 。 and ！ inside 「」 do not cut: the quoted remark belongs to the sentence that reports it
        "西村康稔経済産業相は記者会見で「日本は生成AIで出遅れた。官民で巻き返す必要がある！」と述べた。",
        "「今が最後の好機だ。」",  # a quotation that is a sentence of its own
        "政府関係者はこう語った。",
        "同省によると、国内のAI関連投資は2025年度に約8000億円だった。",
        "政府は2030年までにAI人材を10万人育成する方針だ。",
        "本当に効果はあるのか？",
        "専門家の間では評価が分かれている。",
    ]
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_an_unclosed_quote_is_closed_by_the_line_break() -> None:
    text = "首相は「景気は回復した。と述べた。\r\n株価は上昇した。日経平均は4万円を超えた！"
    spans = JapaneseSegmenter().segment(text)
    assert [s.text for s in spans] == ["首相は「景気は回復した。と述べた。", "株価は上昇した。",
                                       "日経平均は4万円を超えた！"]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_marks_and_brackets_that_follow_a_sentence_stay_with_it() -> None:
    text = "本当か？！それは『事実だ。』と彼は言った。（詳細は別表）"
    assert [s.text for s in JapaneseSegmenter().segment(text)] == [
        "本当か？！", "それは『事実だ。』と彼は言った。", "（詳細は別表）"]


def test_offsets_hold_for_any_text() -> None:
    alphabet = "日本語のテキスト。！？「」『』（）\n 　abc.!?123、"
    rng = random.Random(16)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        spans = JapaneseSegmenter().segment(text)
        assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text for s in spans)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_the_japanese_segmenter_is_registered() -> None:
    assert segmenters.create("ja").name == "segment.ja-punct.v1"
