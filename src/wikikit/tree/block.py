"""Block nodes: whole lines (headings, paragraphs, lists, tables, preformatted text, infoboxes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wikikit.tree import tables
from wikikit.tree.attributes import node_attributes
from wikikit.tree.base import Block, Inline, Node, _wt, plain_text, register_slot, text_hooks
from wikikit.tree.inline import Comment, ExtensionTag, Text, title_key

__all__ = [
    "BlankLine",
    "Heading",
    "HorizontalRule",
    "Infobox",
    "InfoboxField",
    "List",
    "ListItem",
    "Paragraph",
    "Preformatted",
    "Table",
    "TableCaption",
    "TableCell",
    "TableRow",
]


class Heading(Block):
    """A heading line, like ``== Title ==``.

    ``open``/``close`` are the ``=`` runs; extra ``=`` beyond the level stay in
    ``children`` as text. ``trailing`` is whitespace and comments after the
    closing run; ``end`` is the line's newline (``""`` at the end of the text).
    """

    __slots__ = ("children", "close", "end", "open", "trailing")
    _fields = ("open", "children", "close", "trailing", "end")
    _node_fields = ("children", "trailing")
    children: tuple[Inline, ...]
    open: str
    close: str
    trailing: tuple[Inline, ...]
    end: str

    def __init__(
        self,
        open: str,
        children: tuple[Inline, ...],
        close: str,
        trailing: tuple[Inline, ...] = (),
        end: str = "\n",
    ) -> None:
        object.__setattr__(self, "open", open)
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "close", close)
        object.__setattr__(self, "trailing", trailing)
        object.__setattr__(self, "end", end)

    @classmethod
    def make(cls, level: int, title: str, end: str = "\n", spaced: bool = True) -> Heading:
        marks = "=" * level
        pad = " " if spaced else ""
        return cls(marks, (Text(f"{pad}{title}{pad}"),), marks, (), end)

    @property
    def level(self) -> int:
        return min(len(self.open), len(self.close), 6)

    @property
    def title(self) -> str:
        return plain_text(self.children).strip()

    def _write(self, out: list[str]) -> None:
        out.append(self.open)
        for n in self.children:
            n._write(out)
        out.append(self.close)
        for n in self.trailing:
            n._write(out)
        out.append(self.end)

    def _plain(self, out: list[str]) -> None:
        out.append(self.title)
        out.append("\n")


class Paragraph(Block):
    """Consecutive lines of running text; inner newlines stay in the text."""

    __slots__ = ("children", "end")
    _fields = ("children", "end")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    end: str

    def __init__(self, children: tuple[Inline, ...], end: str = "\n") -> None:
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "end", end)

    def _write(self, out: list[str]) -> None:
        for n in self.children:
            n._write(out)
        out.append(self.end)

    def _plain(self, out: list[str]) -> None:
        for n in self.children:
            n._plain(out)
        out.append("\n")


class BlankLine(Block):
    """An empty (or whitespace-only) line between blocks."""

    __slots__ = ("end", "space")
    _fields = ("space", "end")
    space: str
    end: str

    def __init__(self, space: str = "", end: str = "\n") -> None:
        object.__setattr__(self, "space", space)
        object.__setattr__(self, "end", end)

    def _write(self, out: list[str]) -> None:
        out.append(self.space)
        out.append(self.end)

    def _plain(self, out: list[str]) -> None:
        out.append("\n")


class ListItem(Node):
    """One list line: ``marker`` is the whole prefix (``*``, ``#:``, ``;`` …).

    Items whose marker extends this one's follow in ``sublist``.
    """

    __slots__ = ("children", "end", "marker", "sublist")
    _fields = ("marker", "children", "end", "sublist")
    _node_fields = ("children", "sublist")
    children: tuple[Inline, ...]
    marker: str
    end: str
    sublist: List | None

    def __init__(
        self,
        marker: str,
        children: tuple[Inline, ...],
        end: str = "\n",
        sublist: List | None = None,
    ) -> None:
        object.__setattr__(self, "marker", marker)
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "sublist", sublist)

    @property
    def depth(self) -> int:
        return len(self.marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        for n in self.children:
            n._write(out)
        out.append(self.end)
        if self.sublist is not None:
            self.sublist._write(out)

    def _plain(self, out: list[str]) -> None:
        for n in self.children:
            n._plain(out)
        out.append("\n")
        if self.sublist is not None:
            self.sublist._plain(out)


class List(Block):
    """A list of ``*`` (bulleted), ``#`` (numbered) or ``;``/``:`` (definition) items."""

    __slots__ = ("items",)
    _fields = ("items",)
    _node_fields = ("items",)
    items: tuple[ListItem, ...]

    def __init__(self, items: tuple[ListItem, ...]) -> None:
        object.__setattr__(self, "items", items)

    @property
    def kind(self) -> str:
        """``"*"``, ``"#"`` or ``";"`` (definition lists start with ``;`` or ``:``)."""
        first = self.items[0].marker[:1] if self.items else "*"
        return ";" if first == ":" else first

    def flat_items(self) -> Iterator[ListItem]:
        """Every item, nested ones included, in source order."""
        for item in self.items:
            yield item
            if item.sublist is not None:
                yield from item.sublist.flat_items()

    def _write(self, out: list[str]) -> None:
        for item in self.items:
            item._write(out)


class Preformatted(Block):
    """Preformatted text: lines that start with a space, or a ``<pre>`` block.

    The leading space of each line stays in the text (it is the markup).
    """

    __slots__ = ("children", "end")
    _fields = ("children", "end")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    end: str

    def __init__(self, children: tuple[Inline, ...], end: str = "\n") -> None:
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "end", end)

    @property
    def kind(self) -> str:
        """``"tag"`` for a ``<pre>`` block, ``"indent"`` for leading-space lines."""
        kids = self.children
        return "tag" if kids and isinstance(kids[0], ExtensionTag) else "indent"

    def _write(self, out: list[str]) -> None:
        for n in self.children:
            n._write(out)
        out.append(self.end)

    def _plain(self, out: list[str]) -> None:
        for n in self.children:
            n._plain(out)
        out.append("\n")


class HorizontalRule(Block):
    """A rule, ``----`` (four or more dashes); text after it on the line is ``children``."""

    __slots__ = ("children", "end", "markup")
    _fields = ("markup", "children", "end")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    markup: str
    end: str

    def __init__(
        self, markup: str = "----", children: tuple[Inline, ...] = (), end: str = "\n"
    ) -> None:
        object.__setattr__(self, "markup", markup)
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "end", end)

    def _write(self, out: list[str]) -> None:
        out.append(self.markup)
        for n in self.children:
            n._write(out)
        out.append(self.end)


class TableCell(Node):
    """A table cell: ``| text``, ``|| text``, ``! header``, ``!! header``, with optional
    ``attrs |``.

    ``marker`` includes any indentation before a line-start marker. ``attrs``
    holds the attribute text before the single ``|`` as nodes (None when there
    is no attribute part). ``content`` holds the cell's blocks: the rest of the
    marker's line as a :class:`Paragraph` (its ``end`` is ``""`` when another
    cell follows on the line), then any continuation lines.
    """

    __slots__ = ("attrs", "content", "marker")
    _fields = ("marker", "attrs", "content")
    _node_fields = ("attrs", "content")
    marker: str
    attrs: tuple[Inline, ...] | None
    content: tuple[Block, ...]

    def __init__(
        self, marker: str, attrs: tuple[Inline, ...] | None, content: tuple[Block, ...]
    ) -> None:
        object.__setattr__(self, "marker", marker)
        object.__setattr__(self, "attrs", attrs)
        object.__setattr__(self, "content", content)

    @property
    def header(self) -> bool:
        return self.marker.lstrip(" \t:")[:1] == "!"

    @property
    def is_caption(self) -> bool:
        """True for a ``|+`` caption."""
        return isinstance(self, TableCaption)

    @property
    def attributes(self) -> dict[str, str]:
        """The cell's attributes, read as MediaWiki's Sanitizer reads them."""
        return node_attributes(self.attrs or ())

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        if self.attrs is not None:
            for n in self.attrs:
                n._write(out)
            out.append("|")
        for b in self.content:
            b._write(out)

    def _plain(self, out: list[str]) -> None:
        for b in self.content:
            b._plain(out)


class TableCaption(TableCell):
    """A table caption, ``|+ caption`` (same shape as a cell)."""

    __slots__ = ()


class TableRow(Node):
    """A table row: ``|-`` with attributes, then its cells.

    The row before the first ``|-`` is implicit: its ``marker`` is ``""``.
    ``attrs`` is the rest of the ``|-`` line as nodes; ``prelude`` holds stray
    lines between ``|-`` and the first cell.
    """

    __slots__ = ("attrs", "cells", "end", "marker", "prelude")
    _fields = ("marker", "attrs", "end", "prelude", "cells")
    _node_fields = ("attrs", "prelude", "cells")
    marker: str
    attrs: tuple[Inline, ...]
    end: str
    prelude: tuple[Block, ...]
    cells: tuple[TableCell, ...]

    def __init__(
        self,
        marker: str,
        attrs: tuple[Inline, ...],
        end: str,
        prelude: tuple[Block, ...],
        cells: tuple[TableCell, ...],
    ) -> None:
        object.__setattr__(self, "marker", marker)
        object.__setattr__(self, "attrs", attrs)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "prelude", prelude)
        object.__setattr__(self, "cells", cells)

    @property
    def attributes(self) -> dict[str, str]:
        """The row's attributes, read as MediaWiki's Sanitizer reads them."""
        return node_attributes(self.attrs)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        for n in self.attrs:
            n._write(out)
        out.append(self.end)
        for b in self.prelude:
            b._write(out)
        for c in self.cells:
            c._write(out)


class Table(Block):
    """A wiki table, ``{| attrs`` … ``|}``.

    ``marker`` is the start of the first line up to and including ``{|``
    (indentation and ``:`` included); ``attrs`` the rest of that line, as nodes.
    ``prelude`` holds stray lines before the first row, ``captions`` the
    ``|+`` captions, ``rows`` the rows. ``close`` is the ``|}`` line's start
    (``""`` when the table is never closed), ``trailing`` text after ``|}``.
    """

    __slots__ = (
        "attrs",
        "captions",
        "close",
        "end",
        "marker",
        "newline",
        "prelude",
        "rows",
        "trailing",
    )
    _fields = (
        "marker",
        "attrs",
        "newline",
        "prelude",
        "captions",
        "rows",
        "close",
        "trailing",
        "end",
    )
    _node_fields = ("attrs", "prelude", "captions", "rows", "trailing")
    marker: str
    attrs: tuple[Inline, ...]
    newline: str
    prelude: tuple[Block, ...]
    captions: tuple[TableCaption, ...]
    rows: tuple[TableRow, ...]
    close: str
    trailing: tuple[Inline, ...]
    end: str

    def __init__(
        self,
        marker: str,
        attrs: tuple[Inline, ...],
        newline: str,
        prelude: tuple[Block, ...],
        captions: tuple[TableCaption, ...],
        rows: tuple[TableRow, ...],
        close: str,
        trailing: tuple[Inline, ...] = (),
        end: str = "\n",
    ) -> None:
        object.__setattr__(self, "marker", marker)
        object.__setattr__(self, "attrs", attrs)
        object.__setattr__(self, "newline", newline)
        object.__setattr__(self, "prelude", prelude)
        object.__setattr__(self, "captions", captions)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "close", close)
        object.__setattr__(self, "trailing", trailing)
        object.__setattr__(self, "end", end)

    @property
    def attributes(self) -> dict[str, str]:
        """The table's attributes, read as MediaWiki's Sanitizer reads them."""
        return node_attributes(self.attrs)

    @property
    def caption(self) -> TableCaption | None:
        """The first caption, wherever it stands in the table."""
        if self.captions:
            return self.captions[0]
        for row in self.rows:
            for cell in row.cells:
                if isinstance(cell, TableCaption):
                    return cell
        return None

    def grid(self, span: bool = True) -> list[list[TableCell | None]]:
        """The cells on a grid, ``rowspan``/``colspan`` filled down and right (``span=False``:
        the rows as written); see :mod:`wikikit.tree.tables`. Each cell keeps
        ``header`` and ``attributes``."""
        return tables.table_grid(self.rows, span)

    def data(self, span: bool = True) -> list[list[str]]:
        """Each cell's plain text on the grid of :meth:`grid` (as wikitextparser's
        ``Table.data``, with plain text rather than wikitext)."""
        return tables.table_data(self.rows, span)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        for n in self.attrs:
            n._write(out)
        out.append(self.newline)
        for b in self.prelude:
            b._write(out)
        for c in self.captions:
            c._write(out)
        for r in self.rows:
            r._write(out)
        out.append(self.close)
        for n in self.trailing:
            n._write(out)
        out.append(self.end)

    def _plain(self, out: list[str]) -> None:
        if text_hooks().tables == "drop":
            return
        for row in self.rows:
            cells = []
            for cell in row.cells:
                cells.append(" ".join(cell.text.split()))
            out.append("\t".join(cells))
            out.append("\n")


class InfoboxField(Node):
    """One infobox field: ``| key = value`` in a template, ``- Key: Value`` in the export.

    ``lead`` is ``"|"`` or ``"- "``, ``sep`` is ``"="`` or ``": "``; ``key`` keeps
    its spacing (None for a positional template parameter); ``end`` is the
    export line's newline (``""`` in a template).
    """

    __slots__ = ("end", "key", "lead", "sep", "value")
    _fields = ("lead", "key", "sep", "value", "end")
    _node_fields = ("key", "value")
    lead: str
    key: tuple[Inline, ...] | None
    sep: str
    value: tuple[Inline, ...]
    end: str

    def __init__(
        self,
        lead: str,
        key: tuple[Inline, ...] | None,
        sep: str,
        value: tuple[Inline, ...],
        end: str = "",
    ) -> None:
        object.__setattr__(self, "lead", lead)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "sep", sep)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "end", end)

    @property
    def name(self) -> str:
        """The key as written, without surrounding whitespace ("" if positional)."""
        return "" if self.key is None else _wt(self.key).strip()

    @property
    def text(self) -> str:
        """The value as plain text, without surrounding whitespace."""
        return " ".join(plain_text(self.value).split())

    def _write(self, out: list[str]) -> None:
        out.append(self.lead)
        if self.key is not None:
            for n in self.key:
                n._write(out)
            out.append(self.sep)
        for n in self.value:
            n._write(out)
        out.append(self.end)


class Infobox(Block, Inline):
    """An infobox, from either dialect.

    MediaWiki: ``{{Infobox … | key = value … }}``: ``open`` is ``"{{"``,
    ``name`` the template name, ``close`` ``"}}"``. Article export: a header
    line (``Infobox`` or the infobox's own name) and ``- Key: Value`` lines:
    ``open`` and ``close`` are ``""`` and ``header_end`` is the header's
    newline. ``end`` is the newline after the infobox when it stands on its own
    lines.
    """

    __slots__ = ("close", "end", "fields", "header_end", "name_nodes", "open")
    _fields = ("open", "name_nodes", "header_end", "fields", "close", "end")
    _node_fields = ("name_nodes", "fields")
    open: str
    name_nodes: tuple[Inline, ...]
    header_end: str
    fields: tuple[InfoboxField, ...]
    close: str
    end: str

    def __init__(
        self,
        open: str,
        name_nodes: tuple[Inline, ...],
        header_end: str,
        fields: tuple[InfoboxField, ...],
        close: str,
        end: str = "",
    ) -> None:
        object.__setattr__(self, "open", open)
        object.__setattr__(self, "name_nodes", name_nodes)
        object.__setattr__(self, "header_end", header_end)
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "close", close)
        object.__setattr__(self, "end", end)

    @property
    def dialect(self) -> str:
        return "mediawiki" if self.open else "article"

    @property
    def label(self) -> str:
        """The template name (``Infobox person``) or the export's header line."""
        return _wt(tuple(n for n in self.name_nodes if not isinstance(n, Comment))).strip()

    @property
    def name(self) -> str:
        """The template name (as :attr:`label`)."""
        return self.label

    def get(self, name: str) -> InfoboxField | None:
        """The field called ``name`` (exact key match; the last one wins).

        Positional fields are ``"1"``, ``"2"`` … as in :meth:`to_dict` and
        :meth:`Template.get <wikikit.tree.Template.get>`.
        """
        found = None
        index = 0
        for f in self.fields:
            if f.key is None:
                index += 1
                if str(index) == name:
                    found = f
            elif f.name == name:
                found = f
        return found

    def has(self, name: str) -> bool:
        """True when the infobox has a field ``name``."""
        return self.get(name) is not None

    def matches(self, name: str) -> bool:
        """True when this infobox calls template ``name`` (see ``Template.matches``)."""
        return self.open == "{{" and title_key(self.label) == title_key(name)

    def to_dict(self) -> dict[str, Any]:
        """Ordered ``key -> plain-text value`` (positional fields are named ``1``, ``2`` …)."""
        result: dict[str, str] = {}
        index = 0
        for f in self.fields:
            if f.key is None:
                index += 1
                result[str(index)] = f.text
            else:
                result[f.name] = f.text
        return result

    def to_node_dict(self) -> dict[str, Any]:
        return Node.to_dict(self)

    def _write(self, out: list[str]) -> None:
        out.append(self.open)
        for n in self.name_nodes:
            n._write(out)
        out.append(self.header_end)
        for f in self.fields:
            f._write(out)
        out.append(self.close)
        out.append(self.end)

    def _plain(self, out: list[str]) -> None:
        pass


# ---------------------------------------------------------------------------
# Sections and the document
# ---------------------------------------------------------------------------


# -- stand-ins for offsets (see wikikit.tree.base.register_slot) --------------------


class _HeadingSlot(Heading):
    """A :class:`Heading` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(Heading, _HeadingSlot)


class _ListSlot(List):
    """A :class:`List` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(List, _ListSlot)


class _ListItemSlot(ListItem):
    """A :class:`ListItem` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(ListItem, _ListItemSlot)


class _TableCellSlot(TableCell):
    """A :class:`TableCell` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(TableCell, _TableCellSlot)


class _TableCaptionSlot(TableCaption):
    """A :class:`TableCaption` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(TableCaption, _TableCaptionSlot)


class _TableRowSlot(TableRow):
    """A :class:`TableRow` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(TableRow, _TableRowSlot)


class _InfoboxFieldSlot(InfoboxField):
    """A :class:`InfoboxField` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(InfoboxField, _InfoboxFieldSlot)
