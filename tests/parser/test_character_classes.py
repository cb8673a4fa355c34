"""The character classes written as complements match exactly the sets MediaWiki names."""

from __future__ import annotations

import re
import string

from wikikit.parser.inline import LINK_TARGET_CHARS
from wikikit.tree.attributes import ENTITY_NAME_CHARS

# Every code point once (lone surrogates too: a str may hold them).
_ALL = "".join(map(chr, range(0x110000)))

# The classes as MediaWiki spells them: Title::legalChars() ("…\x80-\xFF", bytes of
# UTF-8, so every character from U+0080) with "+" and the fragment's "#"; an entity
# name's letters and digits with the same bytes.
_TITLE_AS_WRITTEN = r"[ %!\"$&'()*,\-./0-9:;=?@A-Z\\^_`a-z~\x80-\U0010ffff+#]"
_ENTITY_AS_WRITTEN = r"[A-Za-z0-9\x80-\U0010ffff]"


def _outside(pattern: str) -> str:
    """The characters ``pattern`` (one class) does not match, in code point order."""
    return re.sub(pattern, "", _ALL)


def test_link_target_chars_over_every_code_point() -> None:
    assert _outside(LINK_TARGET_CHARS) == _outside(_TITLE_AS_WRITTEN)
    legal = set(" %!\"$&'()*,-./:;=?@\\^_`~+#") | set(string.ascii_letters + string.digits)
    assert set(_outside(LINK_TARGET_CHARS)) == {chr(c) for c in range(0x80)} - legal


def test_entity_name_chars_over_every_code_point() -> None:
    assert _outside(ENTITY_NAME_CHARS) == _outside(_ENTITY_AS_WRITTEN)
    letters = set(string.ascii_letters + string.digits)
    assert set(_outside(ENTITY_NAME_CHARS)) == {chr(c) for c in range(0x80)} - letters
