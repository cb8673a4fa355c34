"""Lines into blocks: a line lexer feeding the lark grammar in ``grammars/blocks.lark``.

The preprocessor leaves text pieces and atomic nodes; this module cuts them
into lines at top-level newlines (a template spanning lines stays inside one
line), gives each line a terminal by its line-start markup, and lets the LALR
grammar group them. The lexer is where context lives — table nesting, the
export's infobox header, MediaWiki's heading rules — as in lark's ``Indenter``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark
from lark.parsers.lalr_analysis import Shift

from wikikit.nodes import (
    BlankLine,
    Block,
    Comment,
    ExtensionTag,
    Heading,
    HorizontalRule,
    Infobox,
    InfoboxField,
    Inline,
    List,
    ListItem,
    Paragraph,
    Preformatted,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Text,
)
from wikikit.preprocessor import Items, Line, add_text, coalesce

InlineParser = Callable[[Items], tuple[Inline, ...]]

_TABLE_START = re.compile(r"[ \t]*:*[ \t]*\{\|")
_FIELD = re.compile(r"- ([^\n]*?): ")
_HR = re.compile(r"-{4,}")
_LIST = re.compile(r"[*#:;]+")
_ROW = re.compile(r"([ \t]*\|-+)")
_MAX_LIST_NESTING = 30
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


# -- the grammar and the tree builder -------------------------------------------------


def _grammar_text() -> str:
    try:
        return (resources.files("wikikit.grammars") / "blocks.lark").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        # Running from a source checkout: grammars/ sits beside src/.
        here = Path(__file__).resolve().parent
        return (here.parent.parent / "grammars" / "blocks.lark").read_text(encoding="utf-8")


class _Spliced(list):  # type: ignore[type-arg]
    """Children of an inlined rule (``_block``, ``x*``), spliced into the parent's."""

    __slots__ = ()


class BlockGrammar:
    """The LALR tables lark builds from ``blocks.lark``, run by a small driver.

    PERF: lark's own driver wraps every reduction in generic tree-building
    callbacks; with a token per line that cost more than all inline parsing.
    This driver reads the same tables, takes tokens as ``(type, payload)``
    tuples and calls one builder method per named rule.
    """

    def __init__(self, builder: Any) -> None:
        lark = Lark(_grammar_text(), parser="lalr", start="start")
        table = lark.parser.parser.parser.parse_table
        # PERF: lark keys actions by Token and Rule objects, whose Python-level
        # __eq__/__hash__ dominate a lookup; re-key by str and resolve reductions now.
        reductions: dict[Any, tuple[int, str, Callable[[list[Any]], Any] | None]] = {}
        self.states: dict[Any, dict[str, tuple[bool, Any]]] = {}
        for state, actions in table.states.items():
            row: dict[str, tuple[bool, Any]] = {}
            for key, (action, arg) in actions.items():
                if action is Shift:
                    row[str(key)] = (True, arg)
                    continue
                if arg not in reductions:
                    name = str(arg.origin.name)
                    handler = None if name.startswith("_") else getattr(builder, name)
                    reductions[arg] = (len(arg.expansion), name, handler)
                row[str(key)] = (False, reductions[arg])
            self.states[state] = row
        self.start_state = table.start_states["start"]

    def parse(self, tokens: Iterable[tuple[str, Any]]) -> Any:
        states = self.states
        state_stack = [self.start_state]
        value_stack: list[Any] = []
        for tok in (*tokens, ("$END", None)):
            kind = tok[0]
            while True:
                shift, arg = states[state_stack[-1]][kind]
                if shift:
                    state_stack.append(arg)
                    value_stack.append(tok)
                    break
                size, name, handler = arg
                if size:
                    kids = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    kids = []
                # Repetitions reduce left-recursively: grow the spliced list in place
                # (copying it each time would be quadratic in the run length).
                if kids and type(kids[0]) is _Spliced and handler is None:
                    flat: list[Any] = kids[0]
                    rest = kids[1:]
                else:
                    flat = [] if handler is not None else _Spliced()
                    rest = kids
                for kid in rest:
                    if type(kid) is _Spliced:
                        flat.extend(kid)
                    else:
                        flat.append(kid)
                value = flat if handler is None else handler(flat)
                if name == "start":
                    return value
                state_stack.append(states[state_stack[-1]][name][1])
                value_stack.append(value)
        raise AssertionError("unreachable")  # pragma: no cover


class _Build:
    """One method per grammar rule; builds the block nodes."""

    def __init__(self, inline: InlineParser) -> None:
        self.inline = inline

    def _joined(self, toks: list[Token]) -> tuple[tuple[Inline, ...], str]:
        if len(toks) == 1:
            items, nl = toks[0][1]
            return self.inline(items), nl
        seq: Items = []
        for k, t in enumerate(toks):
            items, nl = t[1]
            if k:
                add_text(seq, toks[k - 1][1][1])
            for it in items:
                if type(it) is str:
                    add_text(seq, it)
                else:
                    seq.append(it)
        return self.inline(seq), toks[-1][1][1]

    def start(self, kids: list[Any]) -> list[Any]:
        return kids

    def title(self, kids: list[Token]) -> Heading:
        (parts, nl) = kids[0][1]
        return self._heading(parts, nl)

    def _heading(self, parts: tuple[str, Items, str, Items], nl: str) -> Heading:
        open_, content, close, trailing = parts
        trail = tuple(Text(t) if isinstance(t, str) else t for t in trailing)
        return Heading(open_, self.inline(content), close, trail, nl)

    def heading(self, kids: list[Token]) -> Heading:
        parts, nl = kids[0][1]
        return self._heading(parts, nl)

    def paragraph(self, kids: list[Token]) -> Paragraph:
        children, nl = self._joined(kids)
        return Paragraph(children, nl)

    def pre(self, kids: list[Token]) -> Preformatted:
        children, nl = self._joined(kids)
        return Preformatted(children, nl)

    def pre_tag(self, kids: list[Token]) -> Preformatted:
        tag, nl = kids[0][1]
        return Preformatted((tag,), nl)

    def list_block(self, kids: list[Token]) -> Block:
        items = [ListItem(m, self.inline(content), nl) for m, content, nl in (k[1] for k in kids)]
        return nest_list(items)

    def hr(self, kids: list[Token]) -> HorizontalRule:
        markup, rest, nl = kids[0][1]
        return HorizontalRule(markup, self.inline(rest), nl)

    def blank(self, kids: list[Token]) -> BlankLine:
        space, nl = kids[0][1]
        return BlankLine(space, nl)

    def infobox(self, kids: list[Token]) -> Infobox:
        template, nl = kids[0][1]
        infobox: Infobox = template
        return infobox.with_changes(end=nl)

    def export_infobox(self, kids: list[Token]) -> Infobox:
        header_items, header_nl = kids[0][1]
        fields = []
        for k in kids[1:]:
            key, value, nl = k[1]
            fields.append(InfoboxField("- ", (Text(key),), ": ", self.inline(value), nl))
        return Infobox("", self.inline(header_items), header_nl, tuple(fields), "", "")

    def _build_cell(self, cls: type[TableCell], kids: list[Any]) -> TableCell:
        marker, attrs, body, nl = kids[0][1]
        first = Paragraph(self.inline(body), nl)
        return cls(marker, attrs, (first, *kids[1:]))

    def cell(self, kids: list[Any]) -> TableCell:
        return self._build_cell(TableCell, kids)

    def caption(self, kids: list[Any]) -> TableCell:
        return self._build_cell(TableCaption, kids)

    def row(self, kids: list[Any]) -> TableRow:
        marker, attrs, nl = kids[0][1]
        prelude = tuple(k for k in kids[1:] if not isinstance(k, TableCell))
        cells = tuple(k for k in kids[1:] if isinstance(k, TableCell))
        return TableRow(marker, attrs, nl, prelude, cells)

    def table(self, kids: list[Any]) -> Table:
        marker, attrs, nl = kids[0][1]
        end_marker, trailing, end_nl = kids[-1][1]
        prelude: list[Block] = []
        captions: list[TableCaption] = []
        rows: list[TableRow] = []
        implicit: list[TableCell] = []
        for k in kids[1:-1]:
            if isinstance(k, TableCaption) and not implicit and not rows:
                captions.append(k)
            elif isinstance(k, TableCell):
                implicit.append(k)  # a caption after cells stays in order, among them
            elif isinstance(k, TableRow):
                rows.append(k)
            else:
                prelude.append(k)
        if implicit:
            rows.insert(0, TableRow("", "", "", (), tuple(implicit)))
        return Table(
            marker,
            attrs,
            nl,
            tuple(prelude),
            tuple(captions),
            tuple(rows),
            end_marker,
            self.inline(trailing),
            end_nl,
        )


def nest_list(items: list[ListItem]) -> List:
    """Nest items under the nearest earlier item whose marker their marker extends."""
    # Each frame: (marker, item fields, children list).
    root: list[Any] = []
    stack: list[tuple[str, list[Any], list[Any]]] = []
    for item in items:
        while stack and not (
            item.marker.startswith(stack[-1][0])
            and len(item.marker) > len(stack[-1][0])
            and len(stack) < _MAX_LIST_NESTING
        ):
            stack.pop()
        frame: tuple[str, list[Any], list[Any]] = (item.marker, [item], [])
        (stack[-1][2] if stack else root).append(frame)
        stack.append(frame)

    def build(frames: list[Any]) -> List:
        out = []
        for _marker, (item,), kids in frames:
            sub = build(kids) if kids else None
            out.append(ListItem(item.marker, item.children, item.end, sub))
        return List(tuple(out))

    return build(root)


def parse_blocks(lines: list[Line], dialect: str, inline: InlineParser) -> list[Any]:
    """Blocks (and the export's title heading first, when there is one)."""
    if not lines:
        return []
    tokens = list(LineLexer(dialect).tokens(lines))
    result: list[Any] = _grammar(inline).parse(tokens)
    return result


@lru_cache(maxsize=4)
def _grammar(inline: InlineParser) -> BlockGrammar:
    return BlockGrammar(_Build(inline))
