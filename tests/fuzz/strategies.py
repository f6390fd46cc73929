"""Inputs shaped like what users feed factdesk, and broken in the ways real files are."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(["The", "tower", "opened", "in", "1889", "Paris", "é", "—", "<b>", "&amp;", "\u202e", "\x00",
                         "\ufeff", "#", "*", "\n", "\n\n", "  ", "{", "}", '"', "\\", "ñ", "中文", "😀", "\r\n"])
#: text made of words, symbols and control characters users' files contain
TEXTISH = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join))
#: bytes: random, or text in assorted encodings, or text with binary bytes spliced in
BYTESISH = st.one_of(
    st.binary(max_size=600),
    TEXTISH.map(lambda t: t.encode("utf-8", "surrogatepass")),
    TEXTISH.map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.tuples(TEXTISH, st.binary(max_size=20), TEXTISH).map(
        lambda p: p[0].encode("utf-8", "surrogatepass") + p[1] + p[2].encode("utf-8", "surrogatepass")),
)
TAGS = st.sampled_from(["html", "head", "title", "body", "article", "p", "h1", "div", "script", "style", "meta",
                        "table", "tr", "td", "a", "br", "![CDATA[", "!--", "?xml", "svg", "iframe", "main"])


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """Tag soup: nested, unclosed and misnested elements around text."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        kind = draw(st.sampled_from(["open", "close", "text", "attr"]))
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "attr":
            charset = draw(st.sampled_from(["utf-8", "x", ""]))
            parts.append(f'<{tag} content="{draw(TEXTISH)[:40]}" charset="{charset}">')
        else:
            parts.append(draw(TEXTISH))
    return "".join(parts)


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=60))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                 st.dictionaries(st.text(max_size=10), inner,
                                                                                 max_size=4)), max_leaves=12)
