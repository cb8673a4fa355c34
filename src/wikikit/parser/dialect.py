"""Which dialect a text is written in: real MediaWiki wikitext or the flattened article export.

The export opens with a level-1 ``= Title =`` line; an infobox block (a header
line directly followed by ``- Key: Value`` lines) may follow; the body is plain
text whose links, templates and references were flattened away, with the
original ``== Section ==`` headings. Real wikitext almost never opens with a
level-1 heading, and an article that does is full of link and template markup.
So a text is read as an export when it opens with a level-1 title line and

* an export infobox block comes right after the title (blank lines aside), or
* it holds no MediaWiki link, template, reference, table or bold markup
  (``[[``, ``{{``, ``<ref``, a ``{|`` line, ``'''``).
"""

from __future__ import annotations

import re
from typing import Final

from wikikit.parser.lines import is_export_key

__all__ = ["DIALECTS", "detect_dialect"]

#: The values ``parse(..., dialect=...)`` takes.
DIALECTS: Final = ("auto", "mediawiki", "article")
_FIRST_LINE: Final = re.compile(r"[^\n]*")
# The infobox block comes first after the title (blank lines aside): a header line the
# lexer reads as text (not a list, heading, table or rule line), then a "- Key: " line.
_EXPORT_INFOBOX: Final = re.compile(r"(?:[ \t]*\r?\n)*(?![\s*#:;=-]|\{\|)[^\n]*\r?\n- ([^\n]*?): ")
_WIKI_MARKUP: Final = re.compile(
    r"\[\[|\{\{|<ref[\s>/]|^[ \t]*:*\{\||'''", re.MULTILINE | re.IGNORECASE
)


def detect_dialect(text: str) -> str:
    """``"article"`` for the flattened export, else ``"mediawiki"`` (rules in the module doc)."""
    body = text[1:] if text.startswith("\ufeff") else text
    m = _FIRST_LINE.match(body)
    assert m is not None
    if not _is_title_line(m.group()):
        return "mediawiki"
    box = _EXPORT_INFOBOX.match(body, m.end())
    if box is not None and is_export_key(box.group(1)):
        return "article"
    return "mediawiki" if _WIKI_MARKUP.search(body) else "article"


def _is_title_line(line: str) -> bool:
    """A level-1 heading as MediaWiki reads one (the shorter ``=`` run is one
    long) whose title holds something besides ``=`` and spaces."""
    line = line.rstrip(" \t\r")
    opening = len(line) - len(line.lstrip("="))
    closing = len(line) - len(line.rstrip("="))
    if not opening or opening == len(line):
        return False
    title = line[1:-1]
    return min(opening, closing) == 1 and bool(title.strip(" \t="))
