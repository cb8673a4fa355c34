"""The character classes written as complements match exactly the sets MediaWiki names."""

from __future__ import annotations

import re
import string

from wikikit.parser.inline import LINK_TARGET_CHARS
from wikikit.tree.attributes import ENTITY_NAME_CHARS

# Beyond ASCII both classes take every character; these probe the edges of the planes.
_NON_ASCII = [0x80, 0xA0, 0xFF, 0x100, 0x5D0, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF]


def _ascii_matched(pattern: str) -> set[str]:
    one = re.compile(pattern)
    return {chr(c) for c in range(0x80) if one.fullmatch(chr(c))}


def test_link_target_chars_are_title_legal_chars_and_hash() -> None:
    # Title::legalChars(): " %!\"$&'()*,\-./0-9:;=?@A-Z\\^_`a-z~" and the bytes from 0x80,
    # plus "+" and the fragment's "#".
    legal = set(" %!\"$&'()*,-./:;=?@\\^_`~+#") | set(string.ascii_letters + string.digits)
    assert _ascii_matched(LINK_TARGET_CHARS) == legal
    assert all(re.fullmatch(LINK_TARGET_CHARS, chr(c)) for c in _NON_ASCII)


def test_entity_name_chars_are_letters_digits_and_non_ascii() -> None:
    assert _ascii_matched(ENTITY_NAME_CHARS) == set(string.ascii_letters + string.digits)
    assert all(re.fullmatch(ENTITY_NAME_CHARS, chr(c)) for c in _NON_ASCII)
