"""A brief's forecasts: each prediction with its horizon, stated likelihood and source, computed from the brief alone.

    >>> [f.likelihood_word for f in forecasts_of(brief)]
    ['expected']
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from factdesk.models import Article, Brief, Forecast
from factdesk.predictions.horizon import parse_horizon
from factdesk.predictions.likelihood import parse_likelihood

# "By Jane Doe" / "By Jane Doe and John Roe, Reuters" on one of the first lines of the article.
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){1,3}"
_BYLINE = re.compile(rf"^[ \t]*(?:\*\*|_)?[Bb][Yy][ \t]+(?P<name>{_NAME}(?:[ \t]*(?:,|and|&)[ \t]*{_NAME})*)",
                     re.MULTILINE)
_BYLINE_LINES = 6


def outlet_of(article: Article) -> str | None:
    """The outlet that published the article: the host of its URL without "www."; None for a local file or text."""
    url = article.url or (article.source if article.source.startswith(("http://", "https://")) else None)
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def author_of(article: Article) -> str | None:
    """The byline's author ("By Jane Doe") when one of the article's first lines has one."""
    head = "\n".join(article.text.splitlines()[:_BYLINE_LINES])
    match = _BYLINE.search(head)
    return " ".join(match["name"].split()).rstrip(",.") if match else None


def forecasts_of(brief: Brief) -> list[Forecast]:
    """One Forecast per prediction of `brief`, made on the article's date, else the check's."""
    made_on = brief.article.published or brief.created_at.date()
    outlet, author = outlet_of(brief.article), author_of(brief.article)
    out = []
    for prediction in brief.predictions:
        horizon = parse_horizon(prediction.text, made_on)
        likelihood = parse_likelihood(prediction.text)
        out.append(Forecast(
            claim_id=prediction.id, made_on=made_on, horizon=horizon.phrase, due=horizon.due,
            likelihood=likelihood.probability if likelihood else None,
            likelihood_word=likelihood.word if likelihood else None, outlet=outlet, author=author))
    return out
