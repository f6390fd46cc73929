"""RSS/Atom documents: their http(s) article links, or one FetchError saying it is not a feed."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st
from strategies import BYTESISH, TEXTISH

from factdesk.errors import FetchError
from factdesk.service.feeds import MAX_ITEMS_PER_POLL, parse_feed

LINKS = st.one_of(TEXTISH, st.sampled_from(["https://example.org/a", "http://x.test/b?c=1", "javascript:alert(1)",
                                            "ftp://example.org/f", "", " https://example.org/space "]))


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = draw(st.lists(st.tuples(TEXTISH, LINKS), max_size=8))
    if draw(st.booleans()):  # RSS 2.0
        body = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link></item>" for t, link in items)
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(draw(TEXTISH))}</title>{body}' \
              "</channel></rss>"
    else:  # Atom
        body = "".join(f'<entry><title>{escape(t)}</title><link href="{escape(link)}"/></entry>' for t, link in items)
        xml = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(draw(TEXTISH))}</title>{body}</feed>'
    cut = draw(st.integers(0, len(xml)))  # a truncated download
    return xml[: cut if draw(st.booleans()) else len(xml)].encode("utf-8", "surrogatepass")


@given(st.one_of(feeds(), BYTESISH))
def test_feed_documents(body: bytes) -> None:
    try:
        parsed = parse_feed(body, "https://example.org/feed.xml")
    except FetchError as exc:
        assert "not an RSS or Atom feed" in str(exc)
        return
    assert len(parsed.items) <= MAX_ITEMS_PER_POLL
    assert all(link.lower().startswith(("http://", "https://")) for link, _ in parsed.items)
