"""The parser's scans written for speed find what the plain patterns they replace find."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikikit.parser.inline import _QUOTES, _has_markup
from wikikit.parser.preprocessor import EXTENSION_TAGS, _mode

_TEXT = st.lists(
    st.sampled_from(["a", " ", "'", "''", "_", "[", "]", "<", "&", ":", "|", "=", "\n", "{", "}"])
    | st.sampled_from(["<!--", "<ref>", "<REF ", "<nowiki/>", "é", "x_y"])
).map("".join)


@given(_TEXT)
def test_markup_check_is_the_character_scan(text: str) -> None:
    assert _has_markup(text) == (re.search(r"\[|\]|<|&|''|__|:", text) is not None)


def test_markup_check_examples() -> None:
    assert not _has_markup("plain text, with 'one' quote and a_b")
    assert _has_markup("a''b")
    assert _has_markup("__NOTOC__")
    assert _has_markup("File:x")


@given(_TEXT)
def test_quote_runs_split_as_two_or_more_apostrophes(text: str) -> None:
    assert _QUOTES.split(text) == re.split(r"('{2,})", text)


@given(_TEXT)
def test_brace_scan_finds_what_a_class_alternative_finds(text: str) -> None:
    rules = _mode(EXTENSION_TAGS, "source")
    with_class = re.compile(rules.brace.pattern.replace(r"\||=|\n", "[|=\\n]", 1))
    assert with_class.pattern != rules.brace.pattern
    assert [m.span() for m in rules.brace.finditer(text)] == [
        m.span() for m in with_class.finditer(text)
    ]


def test_modes_are_built_once_each() -> None:
    assert _mode(EXTENSION_TAGS, "source") is _mode(EXTENSION_TAGS, "source")
    assert _mode(EXTENSION_TAGS, "view") is not _mode(EXTENSION_TAGS, "include")
