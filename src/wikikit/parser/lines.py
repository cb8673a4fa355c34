"""Lines into grammar terminals: the line lexer in front of :mod:`wikikit.parser.blocks`.

The preprocessor leaves text pieces and atomic nodes; this module cuts them
into lines at top-level newlines (a template spanning lines stays inside one
line), gives each line a terminal by its line-start markup, and lets the LALR
grammar group them. The lexer is where context lives — table nesting, the
export's infobox header, MediaWiki's heading rules — as in lark's ``Indenter``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from wikikit.parser.preprocessor import Items, Line, add_text, coalesce
from wikikit.tree import (
    Comment,
    ExtensionTag,
    Infobox,
    Inline,
)

InlineParser = Callable[[Items], tuple[Inline, ...]]

_TABLE_START = re.compile(r"[ \t]*:*[ \t]*\{\|")
_FIELD = re.compile(r"- ([^\n]*?): ")
_HR = re.compile(r"-{4,}")
_LIST = re.compile(r"[*#:;]+")
_ROW = re.compile(r"([ \t]*\|-+)")
#: Deeper "{|" lines are text, which bounds the tree depth on hostile input.
_MAX_TABLE_NESTING = 20
_LIST_KINDS = {"*": "BULLET", "#": "NUMBERED", ";": "DEFINITION", ":": "DEFINITION"}


def _head(items: Items) -> str:
    return items[0] if items and type(items[0]) is str else ""


def _after(items: Items, head: str, cut: int) -> Items:
    """The line's pieces after the first ``cut`` characters of its leading text."""
    return [p for p in (head[cut:], *items[1:]) if p != ""]


def _is_blank(items: Items) -> bool:
    return all(type(i) is str and not i.strip(" \t") for i in items)


def _raw(items: Items) -> str:
    return "".join(i if isinstance(i, str) else i.to_wikitext() for i in items)


Token = tuple[str, Any]


def _tok(kind: str, payload: Any) -> Token:
    return (kind, payload)


# -- headings ----------------------------------------------------------------------


def heading_parts(items: Items) -> tuple[str, Items, str, Items] | None:
    """``(open, content, close, trailing)`` when the line is a heading, as MediaWiki reads it.

    The line starts with ``=`` and ends with ``=`` followed only by spaces, tabs and
    comments; the level is the shorter run, at most 6.
    """
    head = _head(items)
    if not head.startswith("="):
        return None
    end = len(items)
    trailing: Items = []
    while end > 0:
        item = items[end - 1]
        if isinstance(item, Comment):
            trailing.insert(0, item)
            end -= 1
            continue
        if type(item) is str:
            s: str = item
            stripped = s.rstrip(" \t")
            if stripped:
                if len(stripped) < len(s):
                    trailing.insert(0, s[len(stripped) :])
                break
            trailing.insert(0, s)
            end -= 1
            continue
        return None
    if end == 0:
        return None
    last = items[end - 1]
    if type(last) is not str:
        return None
    last_s: str = last.rstrip(" \t")
    if not last_s.endswith("="):
        return None
    closing = len(last_s) - len(last_s.rstrip("="))
    opening = len(head) - len(head.lstrip("="))
    if end == 1 and closing == len(last_s):
        # A line of "=" only: MediaWiki takes (n - 1) // 2 as the level.
        count = len(last_s)
        if count < 3:
            return None
        level = min(6, (count - 1) // 2)
        marks = "=" * level
        return marks, ["=" * (count - 2 * level)], marks, trailing
    level = min(opening, closing, 6)
    marks = "=" * level
    content: Items = []
    body = items[:end]
    if end == 1:
        content = [last_s[level : len(last_s) - level]]
    else:
        first: str = body[0]  # type: ignore[assignment]
        content.append(first[level:])
        content.extend(body[1:-1])
        content.append(last_s[: len(last_s) - level])
    return marks, [c for c in content if c != ""], marks, trailing


# -- the line lexer ------------------------------------------------------------------


class LineLexer:
    """Turns lines into grammar terminals (one token a line; a cell line gives a token a cell)."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def tokens(self, lines: list[Line]) -> Iterator[Token]:
        depth = 0
        article = self.dialect == "article"
        n = len(lines)
        start = 0
        if article and n and heading_parts(lines[0][0]) is not None:
            yield _tok("TITLE", (heading_parts(lines[0][0]), lines[0][1]))
            start = 1
        i = start
        while i < n:
            items, nl = lines[i]
            head = _head(items)
            if depth:
                stripped = head.lstrip(" \t")
                lead = head[: len(head) - len(stripped)]
                if stripped.startswith("|}"):
                    depth -= 1
                    rest = _after(items, head, len(lead) + 2)
                    yield _tok("TABLE_END", (lead + "|}", rest, nl))
                    i += 1
                    continue
                if stripped.startswith("|-"):
                    m = _ROW.match(head)
                    assert m is not None
                    yield _tok("ROW", (m.group(1), _raw(_after(items, head, m.end())), nl))
                    i += 1
                    continue
                if stripped.startswith("|+"):
                    yield from self._cells(items, nl, len(lead) + 2, "||", "CAPTION")
                    i += 1
                    continue
                if stripped[:1] == "|":
                    yield from self._cells(items, nl, len(lead) + 1, "||", "CELL")
                    i += 1
                    continue
                if stripped[:1] == "!":
                    yield from self._cells(items, nl, len(lead) + 1, "!!", "CELL")
                    i += 1
                    continue
            if head and depth < _MAX_TABLE_NESTING and _TABLE_START.match(head):
                m = _TABLE_START.match(head)
                assert m is not None
                depth += 1
                yield _tok("TABLE_START", (m.group(), _raw(_after(items, head, m.end())), nl))
                i += 1
                continue
            if head.startswith("="):
                parts = heading_parts(items)
                if parts is not None:
                    yield _tok("HEADING", (parts, nl))
                    i += 1
                    continue
            if head.startswith("----"):
                m = _HR.match(head)
                assert m is not None
                yield _tok("HR", (m.group(), _after(items, head, m.end()), nl))
                i += 1
                continue
            if head[:1] in ("*", "#", ":", ";") and head:
                m = _LIST.match(head)
                assert m is not None
                kind = _LIST_KINDS[head[0]]
                yield _tok(kind, (m.group(), _after(items, head, m.end()), nl))
                i += 1
                continue
            if _is_blank(items):
                yield _tok("BLANK", ("".join(items), nl))  # type: ignore[arg-type]
                i += 1
                continue
            if head.startswith(" "):
                yield _tok("PRE", (items, nl))
                i += 1
                continue
            if len(items) == 1 and isinstance(items[0], Infobox):
                yield _tok("INFOBOX", (items[0], nl))
                i += 1
                continue
            if len(items) == 1 and isinstance(items[0], ExtensionTag) and items[0].tag == "pre":
                yield _tok("PRE_TAG", (items[0], nl))
                i += 1
                continue
            if article and i + 1 < n and _field(lines[i + 1][0]) is not None:
                yield _tok("INFOBOX_HEADER", (items, nl))
                i += 1
                while i < n and _field(lines[i][0]) is not None:
                    key, value = _field(lines[i][0])  # type: ignore[misc]
                    yield _tok("INFOBOX_FIELD", (key, value, lines[i][1]))
                    i += 1
                continue
            yield _tok("TEXT", (items, nl))
            i += 1
        for _ in range(depth):
            yield _tok("TABLE_END", ("", [], ""))

    def _cells(self, items: Items, nl: str, skip: int, sep: str, kind: str) -> Iterator[Token]:
        first: str = items[0]  # type: ignore[assignment]
        marker = first[:skip]
        rest = _after(items, first, skip)
        cells: list[tuple[str, Items]] = []
        cur: Items = []
        cur_marker = marker
        for item in rest:
            if type(item) is not str:
                cur.append(item)
                continue
            text: str = item
            pos = 0
            bars = bangs = -2  # next "||" / "!!" at or after pos (-1: none left)
            while True:
                if bars == -2 or 0 <= bars < pos:
                    bars = text.find("||", pos)
                if sep == "!!" and (bangs == -2 or 0 <= bangs < pos):
                    bangs = text.find("!!", pos)
                k = bars if sep != "!!" or bangs < 0 else bangs if bars < 0 else min(bars, bangs)
                if k < 0:
                    add_text(cur, text[pos:])
                    break
                add_text(cur, text[pos:k])
                cells.append((cur_marker, coalesce(cur)))
                cur_marker = text[k : k + 2]
                cur = []
                pos = k + 2
        cells.append((cur_marker, coalesce(cur)))
        last = len(cells) - 1
        for idx, (mark, content) in enumerate(cells):
            attrs, body = _split_attrs(content)
            yield _tok(kind, (mark, attrs, body, nl if idx == last else ""))


def _split_attrs(content: Items) -> tuple[str | None, Items]:
    """MediaWiki splits a cell at its first single ``|`` unless a link starts before it."""
    for k, item in enumerate(content):
        if type(item) is not str:
            continue
        s: str = item
        bar = s.find("|")
        if bar < 0:
            continue
        before = [*content[:k], s[:bar]]
        if any(type(b) is str and "[[" in b for b in before):
            return None, content
        after: Items = [s[bar + 1 :], *content[k + 1 :]]
        return _raw(before), [a for a in after if a != ""]
    return None, content


def _field(items: Items) -> tuple[str, Items] | None:
    head = _head(items)
    if not head.startswith("- "):
        return None
    m = _FIELD.match(head)
    if m is None or not m.group(1).strip():
        return None
    return m.group(1), _after(items, head, m.end())
