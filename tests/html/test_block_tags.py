"""The block pass's one scan for block tags finds what BlockLevelPass's two patterns find."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikikit.html.blocklevel import _BLOCK_TAG_RE

# BlockLevelPass's two patterns, as MediaWiki writes them (block and anti-block tags).
_BLOCK = "table|h1|h2|h3|h4|h5|h6|pre|p|ul|ol|dl"
_OPENS = re.compile(rf"<(?:(?:{_BLOCK})|/(?:td|th)|/?(?:tr|caption|dt|dd|li))\b", re.I)
_CLOSES = re.compile(
    rf"<(?:/(?:{_BLOCK})|(?:td|th)|/?(?:center|blockquote|div|hr|mw:|aside))\b", re.I
)

_NAMES = [
    *_BLOCK.split("|"),
    *("td", "th", "tr", "caption", "dt", "dd", "li"),
    *("center", "blockquote", "div", "hr", "mw:", "aside"),
    *("a", "b", "span", "preX", "pa", "trx", "mw:x", "dlx", "Table", "DIV", "h7", "hr2", "P"),
]
_TAGS = st.builds(str.__add__, st.sampled_from(["<", "</"]), st.sampled_from(_NAMES))
_PIECES = st.one_of(st.sampled_from(["x", " ", "<", "</", ">", ":", "-", "\n"]), _TAGS)


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
    assert _scan(line) == (_OPENS.search(line) is not None, _CLOSES.search(line) is not None)


def test_examples() -> None:
    assert _scan('<p>a <a href="x">b</a></p>') == (True, True)
    assert _scan("<td>x") == (False, True)
    assert _scan("</td><tr>") == (True, False)
    assert _scan("<div><table>") == (True, True)
    assert _scan("<pre>") == (True, False)
    assert _scan("<span><b>x</b></span>") == (False, False)
    assert _scan("<PRE class=x>") == (True, False)
