"""Text to tree.

The stages, each a module: :mod:`~wikikit.parser.preprocessor` (MediaWiki's
brace matching: templates, arguments, comments, extension tags),
:mod:`~wikikit.parser.lines` (a terminal per line),
:mod:`~wikikit.parser.blocks` (the block grammar), :mod:`~wikikit.parser.inline`
(links, tags, quotes …), :mod:`~wikikit.parser.sections` (the section tree);
:mod:`~wikikit.parser.document` runs them and :mod:`~wikikit.parser.dialect`
tells the two input dialects apart.
"""

from __future__ import annotations

from wikikit.parser.dialect import DIALECTS, detect_dialect
from wikikit.parser.document import DEFAULT_INFOBOX_PREFIXES, parse, parse_inline
from wikikit.parser.gcpause import paused_gc
from wikikit.parser.sections import build_sections

__all__ = [
    "DEFAULT_INFOBOX_PREFIXES",
    "DIALECTS",
    "build_sections",
    "detect_dialect",
    "parse",
    "parse_inline",
    "paused_gc",
]
