"""The preprocessor's scan outside calls finds what a search with its pattern finds."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from wikikit.parser.preprocessor import EXTENSION_TAGS, _mode, _TopScan

_MODE_NAMES = ("source", "view", "include")

_PIECES = st.sampled_from(
    [
        "{",
        "{{",
        "}}",
        "<",
        "<!--",
        "-->",
        "<ref>",
        "</ref>",
        "<REF name=x/>",
        "<refx>",
        "<nowiki>",
        "<includeonly>",
        "</onlyinclude>",
        "<pre\n",
        "a",
        " ",
        "\n",
        "[[",
    ]
)


def _spans(
    search: Callable[[int], re.Match[str] | None], text: str, steps: list[int]
) -> list[tuple[int, int] | None]:
    """The matches found searching from 0, then ``step`` past each match's end."""
    found: list[tuple[int, int] | None] = []
    pos = 0
    for step in steps:
        m = search(pos)
        found.append(None if m is None else m.span())
        pos = (m.end() if m is not None else pos) + step
        if pos > len(text):
            break
    return found


@given(
    st.lists(_PIECES, max_size=25).map("".join),
    st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=30),
    st.sampled_from(_MODE_NAMES),
)
def test_same_matches_as_search(text: str, steps: list[int], mode: str) -> None:
    top = _mode(EXTENSION_TAGS, mode).top
    expected = _spans(lambda pos: top.search(text, pos), text, steps)
    assert _spans(_TopScan(top, text).search, text, steps) == expected


def test_every_mode_starts_matches_at_braces_or_angle() -> None:
    # _TopScan looks only at "{{" and "<": the patterns must not start a match elsewhere.
    for name in _MODE_NAMES:
        assert _mode(EXTENSION_TAGS, name).top.pattern.startswith(r"\{\{|<!--|<(?i:")


def test_a_stray_angle_is_skipped() -> None:
    scan = _TopScan(_mode(EXTENSION_TAGS, "source").top, "a < b {{x}} <ref>")
    m = scan.search(0)
    assert m is not None and m.span() == (6, 8)
    m = scan.search(8)
    assert m is not None and m.group() == "<ref"
    assert scan.search(17) is None
