"""The fast scan for characters HTML forbids agrees with the regular expression."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikikit.html.characters import (
    _NUMERIC_REF_RE,
    _check_ref,
    clean_html,
    clean_text,
    has_forbidden,
)

# The characters HTML5 reports as parse errors and MediaWiki replaces, written out
# independently of the module's own pattern.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\\ud800-\\udfff\ufffe\uffff]")

# Characters on both sides of every boundary the scan's byte logic depends on:
# the C0 and C1 ranges, the lead bytes C2, ED and EF and their neighbours.
EDGES = st.sampled_from(
    [
        "\x00",
        "\x08",
        "\t",
        "\n",
        "\x0b",
        "\x0c",
        "\r",
        "\x1f",
        " ",
        "~",
        "\x7f",
        "\x80",
        "\x9f",
        "\xa0",
        "\xbf",
        "\xc0",
        "\u07ff",
        "\u0800",
        "\ud000",
        "\ud7ff",
        "\ud800",
        "\udbff",
        "\udc00",
        "\udfff",
        "\ue000",
        "\uefbf",
        "\uf000",
        "\ufeff",
        "\ufffd",
        "\ufffe",
        "\uffff",
        "\U00010000",
        "\U0010ffff",
        "a",
        "é",
    ]
)
TEXTS = st.lists(EDGES | st.characters(), max_size=30).map("".join)


@given(TEXTS)
def test_the_scan_finds_what_the_pattern_finds(text: str) -> None:
    assert has_forbidden(text) == (FORBIDDEN.search(text) is not None)


@given(TEXTS)
def test_clean_text_leaves_nothing_forbidden_and_keeps_the_rest(text: str) -> None:
    cleaned = clean_text(text)
    assert FORBIDDEN.search(cleaned) is None
    assert cleaned == FORBIDDEN.sub("\ufffd", text)


def test_examples() -> None:
    assert not has_forbidden("plain ASCII\twith\r\nbreaks")
    assert not has_forbidden("Zürich \xa0°C · 한국어 \ufeff \ufffd 😀")
    for bad in ["\x00", "\x0c", "\x7f", "x\x85y", "é\x9f", "\ud800", "é\udfff", "\ufffe", "\uffff"]:
        assert has_forbidden(bad), repr(bad)
    assert clean_html("a\x01b &#1; &#65;") == "a\ufffdb &amp;#1; &#65;"
    # Text dense in characters whose UTF-8 lead byte could start a forbidden one.
    for dense in ["\xa0°«»" * 40, "\ud4dc\ud55c" * 60]:
        assert not has_forbidden(dense)
        for bad in ["\x85", "\ud800", "\uffff"]:
            assert has_forbidden(dense + bad + dense), repr(bad)
            assert clean_text(dense + bad) == dense + "\ufffd"


REFS = st.lists(
    st.sampled_from(["&#", "&#x", "&#X", "0", "9", "1", "3", "a", "F", ";", "&", "x", " ", "é"]),
    max_size=24,
).map("".join)


@given(REFS)
def test_distinct_references_are_checked_as_every_reference_would_be(text: str) -> None:
    # Each reference is kept when it names a character HTML allows, else shown as text.
    assert clean_html(text) == _NUMERIC_REF_RE.sub(_check_ref, text)
