"""The block pass's one scan for block tags finds what BlockLevelPass's two patterns find,
and its scan of the whole text what a scan of each line finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikikit.html.blocklevel import (
    _BLOCK_TAG_RE,
    _CLOSES,
    _OPENS,
    _PRE_CLOSES,
    _PRE_OPENS,
    _STYLE_LINE_RE,
    _line_marks,
)

# BlockLevelPass's two patterns, as MediaWiki writes them (block and anti-block tags).
_BLOCK = "table|h1|h2|h3|h4|h5|h6|pre|p|ul|ol|dl"
_OPENS_RE = re.compile(rf"<(?:(?:{_BLOCK})|/(?:td|th)|/?(?:tr|caption|dt|dd|li))\b", re.I)
_CLOSES_RE = re.compile(
    rf"<(?:/(?:{_BLOCK})|(?:td|th)|/?(?:center|blockquote|div|hr|mw:|aside))\b", re.I
)

_NAMES = [
    *_BLOCK.split("|"),
    *("td", "th", "tr", "caption", "dt", "dd", "li"),
    *("center", "blockquote", "div", "hr", "mw:", "aside"),
    *("a", "b", "span", "preX", "pa", "trx", "mw:x", "dlx", "Table", "DIV", "h7", "hr2", "P"),
]
_TAGS = st.builds(str.__add__, st.sampled_from(["<", "</"]), st.sampled_from(_NAMES))
_PIECES = st.one_of(
    st.sampled_from(
        ["x", "_", "é", " ", "<", "</", ">", ":", "-", "\n", "<pre", "</PRE", "<prex", "blockquote"]
    ),
    _TAGS,
)
# The tags that open and close a blockquote for the block pass.
_BLOCKQUOTE_TAG_RE = re.compile(r"</?blockquote[\s>]", re.I)


def _scan(line: str) -> tuple[bool, bool]:
    opens = closes = False
    for found in _BLOCK_TAG_RE.finditer(line):
        if found.group(1) is not None:
            opens = True
        else:
            closes = True
    return opens, closes


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_one_scan_finds_opening_and_closing_block_tags(line: str) -> None:
    assert _scan(line) == (
        _OPENS_RE.search(line) is not None,
        _CLOSES_RE.search(line) is not None,
    )


def test_examples() -> None:
    assert _scan('<p>a <a href="x">b</a></p>') == (True, True)
    assert _scan("<td>x") == (False, True)
    assert _scan("</td><tr>") == (True, False)
    assert _scan("<div><table>") == (True, True)
    assert _scan("<pre>") == (True, False)
    assert _scan("<span><b>x</b></span>") == (False, False)
    assert _scan("<PRE class=x>") == (True, False)


def _line_bits(line: str) -> int:
    opens, closes = _scan(line)
    return (
        (_OPENS if opens else 0)
        | (_CLOSES if closes else 0)
        | (_PRE_OPENS if re.search("<pre", line, re.I) else 0)
        | (_PRE_CLOSES if re.search("</pre", line, re.I) else 0)
    )


def _marks_by_line(text: str) -> dict[int, int]:
    return {i: bits for i, line in enumerate(text.split("\n")) if (bits := _line_bits(line))}


def _check_marks(text: str) -> None:
    marks, quotes = _line_marks(text)
    assert marks == _marks_by_line(text)
    if _BLOCKQUOTE_TAG_RE.search(text):
        assert quotes


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_whole_text_marks_are_each_lines_marks(text: str) -> None:
    _check_marks(text)


def test_line_marks_example() -> None:
    # </td> opens block mode, as <pre> does; <div> and </pre> end it.
    text = "a\n<div>x</pre>\n\n<pre>b</td>\n<span>"
    assert _line_marks(text)[0] == {1: _CLOSES | _PRE_CLOSES, 3: _OPENS | _PRE_OPENS}
    # No blockquote tag: the pass need not look for one on any line.
    assert _line_marks(text)[1] is False
    assert _line_marks("<blockquote>\n<DIV>")[1] is True
    assert _line_marks("a\n</blockquote>")[1] is True


# The renderer's case: no "<" but those that start a lower-case tag name.
_OTHER_ANGLE_RE = re.compile(r"<(?!/?[a-z][a-z0-9]*[\s/>])")

_LOWER_TAGS = st.builds(
    lambda slash, name, end: f"<{slash}{name}{end}",
    st.sampled_from(["", "/"]),
    st.sampled_from([n for n in _NAMES if n.isalnum() and n.islower()] + ["pref", "prex", "pre2"]),
    st.sampled_from([">", " x>", "/>", "\n"]),
)


@given(
    st.lists(st.one_of(st.sampled_from(["x", " ", "\n", "&lt;DIV&gt;"]), _LOWER_TAGS)).map("".join)
)
def test_lower_case_tags_are_scanned_without_ignoring_case(text: str) -> None:
    # The renderer's own output: every "<" starts a lower-case tag name, the case the
    # block pass scans without re.I. It must still find what MediaWiki's patterns find.
    assert _OTHER_ANGLE_RE.search(text) is None
    _check_marks(text)


# -- style lines ----------------------------------------------------------------------------

# BlockLevelPass's pattern for a line of <style> elements and <link> tags, as MediaWiki
# writes it (it backtracks exponentially on many <style> elements and then other text).
_STYLE_LINE_MW = re.compile(r"^(?:<style\b[^>]*>.*?</style>\s*|<link\b[^>]*>\s*)+$", re.I)
_STYLE_PIECES = [
    *("<style>", "</style>", "<STYLE media=x>", "</Style>", "<styles>", "</style"),
    *("<link rel=x>", "<LINK/>", "<linked>", " ", "\t", "a", ">", "<", "<style a='>'>"),
]


@given(st.lists(st.sampled_from(_STYLE_PIECES), max_size=10))
def test_style_lines_are_the_lines_blocklevelpass_finds(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert (_STYLE_LINE_RE.match(line) is not None) == (_STYLE_LINE_MW.match(line) is not None)


def test_style_lines_with_many_elements() -> None:
    # Many <style> elements before other text: MediaWiki's pattern would try every way
    # of grouping them (2 ** 999 here) before it failed.
    pairs = "<style>a</style>" * 1000
    assert _STYLE_LINE_RE.match(pairs + "x") is None
    assert _STYLE_LINE_RE.match(pairs + "<link rel=x> ") is not None
    assert _STYLE_LINE_RE.match("<link rel=x>" + pairs + "x</style>") is not None
