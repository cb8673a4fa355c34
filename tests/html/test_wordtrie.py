"""A prefix-tree pattern matches what the plain alternation of its words matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from wikikit.html.wordtrie import trie_pattern

_WORDS = st.lists(st.text(alphabet="ab.*:", max_size=4), max_size=6)
_PROBES = st.text(alphabet="ab.*:x", max_size=6)


@given(_WORDS, _PROBES)
def test_same_matches_as_the_alternation(words: list[str], probe: str) -> None:
    plain = re.compile("(?:" + "|".join(map(re.escape, words)) + ")") if words else None
    trie = re.compile(trie_pattern(words))
    expected = plain is not None and plain.fullmatch(probe) is not None
    assert (trie.fullmatch(probe) is not None) == expected
    # As a tag scan uses it, a word then a character no word holds (as \b after a tag
    # name): the same end, whichever word order the regex tries.
    bounded = re.compile(f"(?:{trie_pattern(words)})x")
    plain_bounded = re.compile("(?:" + "|".join(map(re.escape, words)) + ")x") if words else None
    found = bounded.match(probe)
    wanted = plain_bounded.match(probe) if plain_bounded is not None else None
    assert (found is None) == (wanted is None)
    if found is not None and wanted is not None:
        assert found.end() == wanted.end()


def test_shape() -> None:
    assert trie_pattern(["td", "th", "tr", "table"]) == "t(?:able|d|h|r)"
    assert trie_pattern(["p", "pre"]) == "p(?:re)?"
    assert trie_pattern(["mw:"]) == "mw:"


def test_no_words_match_nothing() -> None:
    assert re.compile(trie_pattern([])).search("anything") is None
    assert re.compile(trie_pattern([])).search("") is None
