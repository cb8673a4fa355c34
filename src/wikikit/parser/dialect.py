"""Which dialect a text is written in: real MediaWiki wikitext or the flattened article export."""

from __future__ import annotations

import re

__all__ = ["DIALECTS", "detect_dialect"]

#: The values ``parse(..., dialect=...)`` takes.
DIALECTS = ("auto", "mediawiki", "article")
_TITLE_LINE = re.compile(r"=(?!=)[^\n]*[^=\n]=[ \t]*\r?(?:\n|$)")


_NEXT_HEADING = re.compile(r"^=", re.MULTILINE)


# A header line the lexer reads as text (not a list, heading, table or rule line), then
# a "- Key: " line whose key is not blank: the lexer's own rules for the block.
_EXPORT_INFOBOX = re.compile(r"^(?![\s*#:;=-]|\{\|)[^\n]*\r?\n- ([^\n]*?): ", re.MULTILINE)


def detect_dialect(text: str) -> str:
    """``"article"`` for the flattened export, else ``"mediawiki"``.

    The export opens with a level-1 ``= Title =`` line and has its infobox block
    (a header line directly followed by ``- Key: Value`` lines) before the
    first section heading. Real wikitext almost never opens with a level-1
    heading, and never has such a block; an export without an infobox needs
    ``dialect="article"``.
    """
    body = text[1:] if text.startswith("\ufeff") else text
    m = _TITLE_LINE.match(body)
    if m is None:
        return "mediawiki"
    heading = _NEXT_HEADING.search(body, m.end())
    lead = body[m.end() : heading.start() if heading else len(body)]
    found = any(field.group(1).strip() for field in _EXPORT_INFOBOX.finditer(lead))
    return "article" if found else "mediawiki"
