"""The magic-link scan finds exactly what a ``\\b``-anchored regex search finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikikit.html.renderer import _MAGIC_RE, _magic_matches

SEARCH = re.compile(r"\b" + _MAGIC_RE.pattern)

PIECES = st.sampled_from(
    [
        "ISBN",
        "RFC",
        "PMID",
        " ",
        "\t",
        "-",
        "&nbsp;",
        "&#160;",
        "0",
        "7",
        "9",
        "978",
        "X",
        "x",
        "_",
        "a",
        "é",
        "<a href=x>",
        "</a>",
        "1234567890",
        "IS",
        "BN",
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
def test_scan_agrees_with_a_regex_search(text: str) -> None:
    found = [(m.start(), m.end()) for m in _magic_matches(text)]
    assert found == [(m.start(), m.end()) for m in SEARCH.finditer(text)]


def test_scan_examples() -> None:
    text = "ISBN 978-0-12-345678-9 xISBN 1234567890 RFC 1234, PMID 42 and _RFC 1"
    assert [m.group(0) for m in _magic_matches(text)] == [
        "ISBN 978-0-12-345678-9",
        "RFC 1234",
        "PMID 42",
    ]
