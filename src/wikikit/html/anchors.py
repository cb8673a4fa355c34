"""Heading ids as MediaWiki makes them in its "legacy" fragment mode.

``Sanitizer::escapeIdForAttribute`` with ``$wgFragmentMode = ['legacy']``:
spaces become underscores, then the text is URL-encoded as PHP's
``urlencode`` does, ``%3A`` turns back into ``:`` and every other ``%``
into ``.``. Duplicate ids get ``_2``, ``_3`` … (compared case-insensitively).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

from wikikit.html.characters import clean_text
from wikikit.tree.attributes import unescape_html

__all__ = ["AnchorSet", "escape_id", "heading_text"]

_WS_UNDERSCORE_RE: Final = re.compile(r"[ _]+")
_TAG_RE: Final = re.compile(r"<[^>]*>")


def escape_id(text: str) -> str:
    """The legacy-mode id for ``text`` (already plain text, entities decoded)."""
    # PHP's urlencode keeps only [A-Za-z0-9_.-]; Python's quote also keeps "~".
    # Characters HTML forbids (lone surrogates cannot even be encoded) as U+FFFD first.
    encoded = quote(clean_text(text).replace(" ", "_"), safe="-_.").replace("~", "%7E")
    return encoded.replace("%3A", ":").replace("%", ".")


def normalize_section_name(text: str) -> str:
    """Trim and collapse runs of spaces/underscores (normalizeSectionNameWhitespace)."""
    return _WS_UNDERSCORE_RE.sub(" ", text).strip()


def heading_text(rendered_html: str) -> str:
    """The plain text of a rendered heading: tags stripped, entities decoded."""
    return unescape_html(_TAG_RE.sub("", rendered_html))


class AnchorSet:
    """Hands out unique heading ids for one document."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def make(self, text: str) -> str:
        """A unique id for a heading whose plain text is ``text``."""
        anchor = escape_id(normalize_section_name(text))
        key = anchor.lower()
        if key in self._seen:
            i = 2
            while f"{key}_{i}" in self._seen:
                i += 1
            anchor = f"{anchor}_{i}"
            key = f"{key}_{i}"
        self._seen.add(key)
        return anchor
