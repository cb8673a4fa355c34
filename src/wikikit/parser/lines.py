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
from typing import Any, Final

from wikikit.parser.preprocessor import Items, Line, add_text, coalesce
from wikikit.tree import (
    Comment,
    ExtensionTag,
    Infobox,
    Inline,
    Text,
)

InlineParser = Callable[[Items], tuple[Inline, ...]]

_TABLE_START: Final = re.compile(r"[ \t]*:*[ \t]*\{\|")
_FIELD: Final = re.compile(r"- ([^\n]*?): ")
_HR: Final = re.compile(r"-{4,}")
_LIST: Final = re.compile(r"[*#:;]+")
_ROW: Final = re.compile(r"([ \t]*\|-+)")
#: Deeper "{|" lines are text, which bounds the tree depth on hostile input.
_MAX_TABLE_NESTING: Final = 20
_LIST_KINDS: Final = {"*": "BULLET", "#": "NUMBERED", ";": "DEFINITION", ":": "DEFINITION"}


def _head(items: Items) -> str:
    return items[0] if items and type(items[0]) is str else ""


def _after(items: Items, head: str, cut: int) -> Items:
    """The line's pieces after the first ``cut`` characters of its leading text."""
    return [p for p in (head[cut:], *items[1:]) if p != ""]


def _is_blank(items: Items) -> bool:
    return all(type(i) is str and not i.strip(" \t") for i in items)


def nodes_of(items: Items) -> tuple[Inline, ...]:
    """Pieces as nodes without further parsing (attribute text keeps its templates)."""
    return tuple(Text(i) if isinstance(i, str) else i for i in coalesce(items))


def is_invisible(item: object) -> bool:
    """True for what a page view removes before its block passes: comments,
    ``<includeonly>`` elements and ``<noinclude>``/``<onlyinclude>`` tags."""
    if isinstance(item, Comment):
        return True
    if isinstance(item, ExtensionTag):
        tag = item.tag
        if tag == "includeonly":
            return True
        return tag in ("noinclude", "onlyinclude") and item.children is None
    return False


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
        if is_invisible(item):
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
        # The export's infobox block can only come first, right after the title.
        box_line = start
        while article and box_line < n and _is_blank(lines[box_line][0]):
            box_line += 1
        i = start
        while i < n:
            items, nl = lines[i]
            if items and type(items[0]) is not str and is_invisible(items[0]):
                # A page view removes comments (and inclusion tags) before it looks
                # for block markup: "<!-- c -->* a" is a list item.
                k = 1
                while k < len(items) and is_invisible(items[k]):
                    k += 1
                if k < len(items) and _starts_block(items[k:], depth):
                    for atom in items[:k]:
                        yield _tok("INVISIBLE", atom)
                    items = items[k:]
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
                    yield _tok("ROW", (m.group(1), nodes_of(_after(items, head, m.end())), nl))
                    i += 1
                    continue
                if stripped.startswith("|+"):
                    yield from _cells(items, nl, len(lead) + 2, False, "CAPTION")
                    i += 1
                    continue
                if stripped[:1] == "|":
                    yield from _cells(items, nl, len(lead) + 1, False, "CELL")
                    i += 1
                    continue
                if stripped[:1] == "!":
                    yield from _cells(items, nl, len(lead) + 1, True, "CELL")
                    i += 1
                    continue
            if head and depth < _MAX_TABLE_NESTING and _TABLE_START.match(head):
                m = _TABLE_START.match(head)
                assert m is not None
                depth += 1
                attrs = nodes_of(_after(items, head, m.end()))
                yield _tok("TABLE_START", (m.group(), attrs, nl))
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
            if article and i == box_line and i + 1 < n and _field(lines[i + 1][0]) is not None:
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


def _starts_block(items: Items, depth: int) -> bool:
    """True when a line (after its leading comments) opens a block other than text."""
    head = _head(items)
    if not head:
        return False
    c = head[0]
    if c in "*#:;":
        return True
    if c == "=":
        return heading_parts(items) is not None
    if head.startswith("----") or _TABLE_START.match(head):
        return True
    if depth and head.lstrip(" \t")[:1] in ("|", "!"):
        return True
    return c == " " and not _is_blank(items)


def _cells(items: Items, nl: str, skip: int, header: bool, kind: str) -> Iterator[Token]:
    """The cells of a table line, split as MediaWiki's doTableStuff splits them.

    On a header line every ``!!`` first becomes ``||``; then the line splits at
    each ``||``, left to right. So ``!a|!!b|c`` is the cells ``a`` and ``b|c``:
    the second ``!`` of ``!!`` ends up as the (empty) attribute part of the
    second cell, and is kept in its marker (``"|!!"``). Tags, templates and
    other nodes are never split.
    """
    first: str = items[0]  # type: ignore[assignment]
    marker = first[:skip]
    rest = _after(items, first, skip)
    cells: list[tuple[str, Items, bool]] = []
    cur: Items = []
    cur_marker = marker
    split_attrs = True
    for item in rest:
        if type(item) is not str:
            cur.append(item)
            continue
        text: str = item
        seen = text.replace("!!", "||") if header and "!!" in text else text
        pos = 0
        while True:
            k = seen.find("||", pos)
            if k < 0:
                add_text(cur, text[pos:])
                break
            add_text(cur, text[pos:k])
            cells.append((cur_marker, coalesce(cur), split_attrs))
            cur_marker = text[k : k + 2]
            cur = []
            split_attrs = True
            pos = k + 2
            if (
                pos < len(text)
                and text[pos] == "!"
                and seen[pos] == "|"
                and not seen.startswith("||", pos)
            ):
                cur_marker += "!"
                split_attrs = False
                pos += 1
    cells.append((cur_marker, coalesce(cur), split_attrs))
    last = len(cells) - 1
    for idx, (mark, content, split) in enumerate(cells):
        attrs, body = _split_attrs(content) if split else (None, content)
        yield _tok(kind, (mark, attrs, body, nl if idx == last else ""))


def _split_attrs(content: Items) -> tuple[tuple[Inline, ...] | None, Items]:
    """A cell's attributes end at its first single ``|``, unless a link (``[[``) or
    language-converter markup (``-{``) starts before it (MediaWiki's doTableStuff)."""
    for k, item in enumerate(content):
        if type(item) is not str:
            continue
        s: str = item
        bar = s.find("|")
        if bar < 0:
            continue
        before = [*content[:k], s[:bar]]
        if any(type(b) is str and ("[[" in b or "-{" in b) for b in before):
            return None, content
        after: Items = [s[bar + 1 :], *content[k + 1 :]]
        return nodes_of(before), [a for a in after if a != ""]
    return None, content


def _field(items: Items) -> tuple[str, Items] | None:
    head = _head(items)
    if not head.startswith("- "):
        return None
    m = _FIELD.match(head)
    if m is None or not is_export_key(m.group(1)):
        return None
    return m.group(1), _after(items, head, m.end())


def is_export_key(key: str) -> bool:
    """The export writes its keys title-cased (``birth_place`` is ``Birth Place``), so a
    key starts with a capital letter or a digit; ``- first point: x`` is body text."""
    first = key[:1]
    return first.isupper() or first.isdigit()
