"""Blocks from line tokens: the lark grammar in ``grammars/blocks.lark``, run by a small driver.

:mod:`wikikit.parser.lines` gives each line a terminal; the LALR tables lark
builds from the grammar group them, and one builder method per named rule
makes the block nodes.

The tables ship beside the grammar as ``blocks.tables.json`` (made by
``tools/make_block_tables.py``) with the grammar text they were built from:
building them with lark takes longer than reading them, at every start. When
that text is not the grammar's (the grammar was edited), lark builds them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, cast

from mypy_extensions import mypyc_attr

from wikikit.parser.lines import InlineParser, LineLexer, Token
from wikikit.parser.preprocessor import Items, Line, add_text
from wikikit.tree import (
    BlankLine,
    Block,
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

#: Deeper list items nest no further (the renderer caps list markup the same way).
MAX_LIST_NESTING: Final = 30
#: The lark versions whose internals the driver below is tested with (as in pyproject.toml).
LARK_REQUIREMENT: Final = "lark>=1.1.9,<1.4"


#: The shipped tables, beside the grammar.
TABLES_FILE: Final = "blocks.tables.json"


def grammar_file(name: str) -> str | None:
    """The text of ``name`` in the grammars folder (``wikikit/grammars`` when installed,
    ``grammars/`` beside ``src/`` in a source checkout), or None when it is missing."""
    here = Path(__file__).resolve().parent
    for folder in (here.parent / "grammars", here.parents[2] / "grammars"):
        try:
            return (folder / name).read_text(encoding="utf-8")
        except (OSError, ValueError):  # missing, or not UTF-8
            continue
    try:  # a zipped package, say
        from importlib import resources

        return (resources.files("wikikit.grammars") / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError, TypeError, ValueError):
        return None


def _grammar_text() -> str:
    text = grammar_file("blocks.lark")
    if text is None:
        raise FileNotFoundError("wikikit's grammar blocks.lark is missing from its package")
    return text


def block_tables(grammar: str) -> dict[str, Any]:
    """The LALR tables lark builds from ``grammar``, as JSON data: ``grammar`` (the text),
    ``start`` (the start state) and ``states`` (``[state, {symbol: action}]`` pairs, an
    action being the next state for a shift or ``[length, rule]`` for a reduction)."""
    # PERF: lark is only needed when the shipped tables are not the grammar's; importing
    # it there keeps it out of ``import wikikit`` (a third of its import time).
    import lark as lark_package

    try:
        # lark's internals, not its API: hence the bounded lark version range.
        from lark import Lark

        # Imported by name, not ``from ... import``: a missing attribute must
        # surface as the AttributeError handled below in compiled builds too.
        Shift = importlib.import_module("lark.parsers.lalr_analysis").Shift

        table = Lark(grammar, parser="lalr", start="start").parser.parser.parser.parse_table
        # lark numbers states in an order that varies from run to run (it iterates
        # over sets); number them in the order a walk from the start state meets them.
        number = {table.start_states["start"]: 0}
        order = [table.start_states["start"]]
        states: list[Any] = []
        for state in order:
            row: dict[str, Any] = {}
            actions = table.states[state]
            for key in sorted(actions, key=str):
                action, arg = actions[key]
                if action is Shift:
                    if arg not in number:
                        number[arg] = len(order)
                        order.append(arg)
                    row[str(key)] = number[arg]
                else:
                    row[str(key)] = [len(arg.expansion), str(arg.origin.name)]
            states.append([number[state], row])
        return {"grammar": grammar, "start": 0, "states": states}
    except (ImportError, AttributeError) as e:
        raise ImportError(
            f"wikikit reads the LALR tables of lark (lark.parsers.lalr_analysis); "
            f"lark {getattr(lark_package, '__version__', '?')} is not supported ({e}). "
            f"Install a tested version: {LARK_REQUIREMENT}"
        ) from e


def load_tables(grammar: str, shipped: str | None) -> dict[str, Any]:
    """The tables of ``grammar``: ``shipped`` (the JSON text) when it was built from this
    very grammar, else built by lark now."""
    if shipped is not None:
        try:
            tables: Any = json.loads(shipped)
        except ValueError:
            tables = None
        if isinstance(tables, dict) and tables.get("grammar") == grammar and _well_formed(tables):
            return tables
    return block_tables(grammar)


def _well_formed(tables: dict[str, Any]) -> bool:
    """Whether ``tables`` has the shape :func:`block_tables` gives (a damaged file is
    rebuilt rather than failing every parse)."""
    states = tables.get("states")
    if type(tables.get("start")) is not int or not isinstance(states, list) or not states:
        return False
    numbers: set[int] = set()
    for entry in states:
        if not (isinstance(entry, list) and len(entry) == 2 and type(entry[0]) is int):
            return False
        actions = entry[1]
        if not isinstance(actions, dict):
            return False
        for action in actions.values():
            if type(action) is int:
                continue
            if not (
                isinstance(action, list)
                and len(action) == 2
                and type(action[0]) is int
                and action[0] >= 0
                and isinstance(action[1], str)
            ):
                return False
        numbers.add(entry[0])
    # Every shift and the start lead to a state that is there.
    targets = {a for _, actions in states for a in actions.values() if type(a) is int}
    return tables["start"] in numbers and targets <= numbers


# Compiled classes cannot subclass list: this one stays an interpreted class.
@mypyc_attr(native_class=False)
class _Spliced(list):  # type: ignore[type-arg]
    """Children of an inlined rule (``_block``, ``x*``), spliced into the parent's."""

    __slots__ = ()


#: A reduction of the block grammar: how many values it takes, the rule's name and
#: the builder method (None for a rule whose values are spliced into its parent's).
_Reduction = tuple[int, str, Callable[[list[Any]], Any] | None]


class BlockGrammar:
    """The LALR tables lark builds from ``blocks.lark``, run by a small driver.

    PERF: lark's own driver wraps every reduction in generic tree-building
    callbacks; with a token per line that cost more than all inline parsing.
    This driver reads the same tables, takes tokens as ``(type, payload)``
    tuples and calls one builder method per named rule.
    """

    def __init__(self, builder: Any, tables: dict[str, Any] | None = None) -> None:
        if tables is None:
            tables = load_tables(_grammar_text(), grammar_file(TABLES_FILE))
        # Reductions resolved to their builder method once, shared by every state.
        reductions: dict[tuple[int, str], _Reduction] = {}
        # States by position, so the driver indexes a list instead of hashing keys.
        position = {state: i for i, (state, _) in enumerate(tables["states"])}
        self.states: list[dict[str, tuple[bool, Any]]] = []
        for _, actions in tables["states"]:
            row: dict[str, tuple[bool, Any]] = {}
            for key, action in actions.items():
                if isinstance(action, int):
                    row[key] = (True, position[action])
                    continue
                size, name = action
                reduction = reductions.get((size, name))
                if reduction is None:
                    handler = None if name.startswith("_") else getattr(builder, name)
                    reduction = reductions[size, name] = (size, name, handler)
                row[key] = (False, reduction)
            self.states.append(row)
        self.start_state = position[tables["start"]]

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
                # PERF: compiled, a typed tuple unpacks by index, an Any by iteration.
                size, name, handler = cast(_Reduction, arg)
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

    def invisible(self, kids: list[Token]) -> Block:
        node: Block = kids[0][1]
        return node

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
            rows.insert(0, TableRow("", (), "", (), tuple(implicit)))
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
            and len(stack) < MAX_LIST_NESTING
        ):
            stack.pop()
        frame: tuple[str, list[Any], list[Any]] = (item.marker, [item], [])
        (stack[-1][2] if stack else root).append(frame)
        stack.append(frame)
    return _nested_list(root)


def _nested_list(frames: list[Any]) -> List:
    # Not a closure of nest_list: the two would form a reference cycle.
    out = []
    for _marker, (item,), kids in frames:
        sub = _nested_list(kids) if kids else None
        out.append(ListItem(item.marker, item.children, item.end, sub))
    return List(tuple(out))


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
