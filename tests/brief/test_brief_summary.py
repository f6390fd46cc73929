"""The extractive summary, with the real shipped MiniLM embedder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pysbd
import pytest

from factdesk.brief.summary import summarize
from factdesk.nn import Embedder

SEED = Path("/work/shared/examples/seed-brief-japan-ai-policy.txt")

ARTICLE = """Drought cuts Spanish olive harvest
Spain's olive oil production fell by nearly half this season after a second year of severe drought.
Farmers in Andalusia, which grows most of the country's olives, reported the lowest yields in decades.
The shortage pushed olive oil prices in European supermarkets to record highs.
Listen to this post
Meanwhile, a local football club opened a new stadium.
Officials said the drought also hurt wheat and barley, but olives were hit hardest.
Some growers are now testing drought-tolerant olive varieties to protect future harvests.
"""


class CountingEmbedder(Embedder):
    """The real embedder, counting its calls (the summary must cost one)."""

    calls = 0

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:  # type: ignore[override]
        self.calls += 1
        return super().embed(texts, batch_size)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text) if s.strip()]


def test_central_sentences_in_article_order() -> None:
    embedder = CountingEmbedder()
    sentences = _sentences(ARTICLE)
    summary = summarize(ARTICLE, sentences, n=3, embedder=embedder)
    assert embedder.calls == 1
    assert len(summary) == 3
    positions = [ARTICLE.index(s) for s in summary]
    assert positions == sorted(positions)
    assert not any(s == "Drought cuts Spanish olive harvest" or s.startswith("Drought cuts") for s in summary)
    assert "Listen to this post" not in summary
    assert not any("football" in s for s in summary)  # the off-topic sentence is the least central
    assert any("olive oil production fell" in s for s in summary)


def test_short_inputs_need_no_model() -> None:
    embedder = CountingEmbedder()
    text = "Headline here\nOne full sentence about the budget vote today. Another sentence on taxes went up."
    assert summarize(text, _sentences(text), n=3, embedder=embedder) == [
        "One full sentence about the budget vote today.", "Another sentence on taxes went up."]
    assert summarize(text, [], n=3, embedder=embedder) == []
    assert summarize(text, _sentences(text), n=0, embedder=embedder) == []
    assert embedder.calls == 0


def test_near_duplicates_are_chosen_once() -> None:
    text = ("Rates rose again\nThe central bank raised interest rates by half a point on Tuesday. "
            "The central bank raised interest rates by half a point on Tuesday! "
            "On Tuesday the central bank raised interest rates by half a point. "
            "Inflation has stayed above the bank's target for two years. "
            "Economists expect one more increase before the end of the year.")
    summary = summarize(text, _sentences(text), n=2)
    assert len(summary) == 2 and sum("raised interest rates" in s for s in summary) == 1


@pytest.mark.skipif(not SEED.exists(), reason="shared example missing")
def test_seed_article_summary_is_about_the_policy() -> None:
    text = SEED.read_text(encoding="utf-8").split("🔍 Fact Checker")[0]
    summary = summarize(text, _sentences(text), n=3)
    assert len(summary) == 3 and "Listen to this Post" not in " ".join(summary)
    assert all(s.rstrip().endswith((".", "!", "?")) for s in summary)  # no section titles
    assert any("AI" in s for s in summary)
