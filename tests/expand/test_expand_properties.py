"""Properties of expansion that hold for every input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wikikit import Wiki, parse

_WIKI = Wiki(pages={"Template:X": "x{{{1|}}}"})
_ALPHABET = st.sampled_from([*"ab {}[]|=<>!-/\n'*#:", "<!--", "-->", "<ref>", "</ref>"])
_TEXT = st.lists(_ALPHABET, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT.filter(lambda t: "{{" not in t))
def test_text_without_calls_is_unchanged(text: str) -> None:
    assert _WIKI.expand(text) == text


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_expansion_never_raises_and_parsing_stays_lossless(text: str) -> None:
    out = _WIKI.expand(text)
    assert isinstance(out, str)
    assert parse(text).to_wikitext() == text
    assert isinstance(_WIKI.to_html(text), str)
