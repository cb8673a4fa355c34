"""Tree to wikitext: the canonical formatter, layout-keeping edits, dialect conversion."""

from __future__ import annotations

from wikikit.wikitext.convert import convert
from wikikit.wikitext.formatter import format, layout_key

__all__ = ["convert", "format", "layout_key"]
