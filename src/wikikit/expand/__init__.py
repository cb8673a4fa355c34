"""Template expansion as MediaWiki's preprocessor does it: templates, arguments, magic words,
core parser functions and the ParserFunctions extension.

The usual entry point is :class:`wikikit.Wiki`; :class:`Expander` is the engine
for one page.
"""

from __future__ import annotations

from wikikit.expand.context import Frame, Limits, Metadata, Result
from wikikit.expand.frame import Expander
from wikikit.expand.pptree import build_tree

__all__ = ["Expander", "Frame", "Limits", "Metadata", "Result", "build_tree"]
