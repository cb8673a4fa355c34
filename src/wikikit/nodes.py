"""The article tree: immutable, slotted nodes that own every byte of their markup.

Two closed families, as in pandoc: :class:`Block` nodes (one or more whole lines)
and :class:`Inline` nodes (inside a line or a template parameter). Every piece of
markup — ``==`` runs, pipes, spaces, newlines — is a named field, so
``node.to_wikitext()`` writes the source back from the tree alone.

Nodes are values: they compare by structure (``==``), hash, and are never
mutated; ``with_changes()`` returns a copy with some fields replaced.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

__all__ = [
    "BlankLine",
    "Block",
    "Bold",
    "Comment",
    "Document",
    "Entity",
    "ExtensionTag",
    "ExternalLink",
    "Heading",
    "HorizontalRule",
    "HtmlTag",
    "Infobox",
    "InfoboxField",
    "Inline",
    "Italic",
    "List",
    "ListItem",
    "MagicWord",
    "Node",
    "Paragraph",
    "Parameter",
    "Preformatted",
    "Raw",
    "Section",
    "Table",
    "TableCaption",
    "TableCell",
    "TableRow",
    "Template",
    "TemplateArgument",
    "Text",
    "WikiLink",
    "plain_text",
    "write_nodes",
]

N = TypeVar("N", bound="Node")
_set = object.__setattr__

#: Node classes by name, for :func:`wikikit.json_schema.from_dict`.
NODE_TYPES: dict[str, type[Node]] = {}


class Node:
    """Base of every tree node."""

    __slots__ = ()
    #: Field names in source order; the constructor takes them in this order.
    _fields: ClassVar[tuple[str, ...]] = ()
    #: Fields that hold a node, a tuple of nodes, or None (walked by ``children``).
    _node_fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        NODE_TYPES[cls.__name__] = cls

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use with_changes()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(getattr(self, f) for f in self._fields)))

    def __repr__(self) -> str:
        args = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({args})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), tuple(getattr(self, f) for f in self._fields))

    # -- editing -----------------------------------------------------------------

    def with_changes(self: N, **changes: Any) -> N:
        """A copy of this node with the given fields replaced."""
        for key in changes:
            if key not in self._fields:
                raise TypeError(f"{type(self).__name__} has no field {key!r}")
        values = [changes[f] if f in changes else getattr(self, f) for f in self._fields]
        return type(self)(*values)

    def replace(self: N, old: Node, new: Node | None) -> N:
        """A copy of this tree with ``old`` (matched by identity) replaced by ``new``.

        ``new=None`` removes ``old`` from the tuple that holds it. Untouched
        subtrees are shared with the original, not copied.
        """
        result = _replace_in(self, old, new)
        return self if result is None else result  # type: ignore[return-value]

    # -- traversal ---------------------------------------------------------------

    def iter_children(self) -> Iterator[Node]:
        """Direct child nodes, in source order."""
        for name in self._node_fields:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, tuple):
                yield from value
            else:
                yield value

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first, in source order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            kids = list(node.iter_children())
            kids.reverse()
            stack.extend(kids)

    def find(self, kind: type[N], where: Callable[[N], bool] | None = None) -> list[N]:
        """Every node of type ``kind`` below (and including) this one, in source order."""
        return [n for n in self.walk() if isinstance(n, kind) and (where is None or where(n))]

    def find_first(self, kind: type[N], where: Callable[[N], bool] | None = None) -> N | None:
        """The first node of type ``kind``, or None."""
        for n in self.walk():
            if isinstance(n, kind) and (where is None or where(n)):
                return n
        return None

    # -- serialization -----------------------------------------------------------

    def to_wikitext(self) -> str:
        """The exact markup of this node."""
        out: list[str] = []
        self._write(out)
        return "".join(out)

    def _write(self, out: list[str]) -> None:
        raise NotImplementedError

    @property
    def text(self) -> str:
        """Readable plain text: markup dropped, links by their label, templates removed."""
        out: list[str] = []
        self._plain(out)
        return "".join(out)

    def _plain(self, out: list[str]) -> None:
        for child in self.iter_children():
            child._plain(out)

    def to_dict(self) -> dict[str, Any]:
        """This node as JSON-ready data (the schema is in ``wikikit.json_schema``)."""
        from wikikit.json_schema import node_to_dict

        return node_to_dict(self)


class Block(Node):
    """A node made of whole lines (paragraph, list, table, heading …)."""

    __slots__ = ()


class Inline(Node):
    """A node inside a line, a cell or a template parameter."""

    __slots__ = ()


def write_nodes(nodes: tuple[Node, ...] | None, out: list[str]) -> None:
    if nodes:
        for n in nodes:
            n._write(out)


def plain_text(nodes: tuple[Node, ...] | None) -> str:
    """Plain text of a node sequence (see :attr:`Node.text`)."""
    out: list[str] = []
    if nodes:
        for n in nodes:
            n._plain(out)
    return "".join(out)


def _wt(nodes: tuple[Node, ...] | None) -> str:
    out: list[str] = []
    write_nodes(nodes, out)
    return "".join(out)


def _replace_in(node: Node, old: Node, new: Node | None) -> Node | None:
    """The rebuilt node if ``old`` is somewhere below it, else None."""
    changes: dict[str, Any] = {}
    for name in node._node_fields:
        value = getattr(node, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            items: list[Node] = []
            changed = False
            for child in value:
                if child is old:
                    changed = True
                    if new is not None:
                        items.append(new)
                    continue
                sub = _replace_in(child, old, new)
                if sub is not None:
                    changed = True
                    items.append(sub)
                else:
                    items.append(child)
            if changed:
                changes[name] = tuple(items)
                break
        elif value is old:
            changes[name] = new
            break
        else:
            sub = _replace_in(value, old, new)
            if sub is not None:
                changes[name] = sub
                break
    return node.with_changes(**changes) if changes else None


# ---------------------------------------------------------------------------
# Inline nodes
# ---------------------------------------------------------------------------


class Text(Inline):
    """Plain text, exactly as written."""

    __slots__ = ("value",)
    _fields = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        _set(self, "value", value)

    def _write(self, out: list[str]) -> None:
        out.append(self.value)

    def _plain(self, out: list[str]) -> None:
        out.append(self.value)


class Raw(Inline, Block):
    """Markup the model does not cover, kept byte for byte."""

    __slots__ = ("value",)
    _fields = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        _set(self, "value", value)

    def _write(self, out: list[str]) -> None:
        out.append(self.value)

    def _plain(self, out: list[str]) -> None:
        pass


class Bold(Inline):
    """Bold text, like ``'''bold'''``.

    ``open``/``close`` are ``"'''"`` or ``""``: MediaWiki closes an unclosed run
    at the end of the line and reopens runs that ``'''''`` splits, which own no
    apostrophes.
    """

    __slots__ = ("children", "close", "open")
    _fields = ("children", "open", "close")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    open: str
    close: str

    def __init__(self, children: tuple[Inline, ...], open: str = "'''", close: str = "'''") -> None:
        _set(self, "children", children)
        _set(self, "open", open)
        _set(self, "close", close)

    def _write(self, out: list[str]) -> None:
        out.append(self.open)
        for n in self.children:
            n._write(out)
        out.append(self.close)


class Italic(Inline):
    """Italic text, like ``''italic''`` (see :class:`Bold` for open/close)."""

    __slots__ = ("children", "close", "open")
    _fields = ("children", "open", "close")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    open: str
    close: str

    def __init__(self, children: tuple[Inline, ...], open: str = "''", close: str = "''") -> None:
        _set(self, "children", children)
        _set(self, "open", open)
        _set(self, "close", close)

    def _write(self, out: list[str]) -> None:
        out.append(self.open)
        for n in self.children:
            n._write(out)
        out.append(self.close)


class WikiLink(Inline):
    """An internal link, like ``[[target|label]]trail``.

    ``label`` is None without a pipe; it holds everything after the first pipe
    (a file link's options too). ``trail`` is the letters glued after ``]]``.
    """

    __slots__ = ("label", "target", "trail")
    _fields = ("target", "label", "trail")
    _node_fields = ("target", "label")
    target: tuple[Inline, ...]
    label: tuple[Inline, ...] | None
    trail: str

    def __init__(
        self, target: tuple[Inline, ...], label: tuple[Inline, ...] | None = None, trail: str = ""
    ) -> None:
        _set(self, "target", target)
        _set(self, "label", label)
        _set(self, "trail", trail)

    @property
    def title(self) -> str:
        """The link target as plain text, without surrounding spaces."""
        return _wt(self.target).strip()

    def _write(self, out: list[str]) -> None:
        out.append("[[")
        for n in self.target:
            n._write(out)
        if self.label is not None:
            out.append("|")
            for n in self.label:
                n._write(out)
        out.append("]]")
        out.append(self.trail)

    def _plain(self, out: list[str]) -> None:
        title = self.title
        if ":" in title and title.split(":", 1)[0].strip().lower() in _HIDDEN_NAMESPACES:
            return
        if self.label is not None:
            label = plain_text(self.label)
            out.append(label if label or not title else title)
        else:
            out.append(title.lstrip(":"))
        out.append(self.trail)


_HIDDEN_NAMESPACES = frozenset(("file", "image", "category", "datei", "kategorie", "fil", "bild"))


class ExternalLink(Inline):
    """An external link: ``[url label]``, ``[url]`` or a bare ``https://…``.

    ``space`` is the whitespace between the URL and the label; ``label`` is
    None for a bare URL and for ``[url]``.
    """

    __slots__ = ("bracketed", "label", "space", "url")
    _fields = ("url", "space", "label", "bracketed")
    _node_fields = ("label",)
    url: str
    space: str
    label: tuple[Inline, ...] | None
    bracketed: bool

    def __init__(
        self,
        url: str,
        space: str = "",
        label: tuple[Inline, ...] | None = None,
        bracketed: bool = True,
    ) -> None:
        _set(self, "url", url)
        _set(self, "space", space)
        _set(self, "label", label)
        _set(self, "bracketed", bracketed)

    def _write(self, out: list[str]) -> None:
        if self.bracketed:
            out.append("[")
        out.append(self.url)
        out.append(self.space)
        if self.label is not None:
            for n in self.label:
                n._write(out)
        if self.bracketed:
            out.append("]")

    def _plain(self, out: list[str]) -> None:
        if self.label:
            for n in self.label:
                n._plain(out)
        elif not self.bracketed:
            out.append(self.url)


class Parameter(Node):
    """One template parameter: ``|value`` or ``|key=value``.

    ``key`` is None for a positional parameter. Spaces and newlines around the
    key and value are part of them, as written.
    """

    __slots__ = ("key", "value")
    _fields = ("key", "value")
    _node_fields = ("key", "value")
    key: tuple[Inline, ...] | None
    value: tuple[Inline, ...]

    def __init__(self, key: tuple[Inline, ...] | None, value: tuple[Inline, ...]) -> None:
        _set(self, "key", key)
        _set(self, "value", value)

    @property
    def name(self) -> str | None:
        """The key as plain text without surrounding whitespace (None if positional)."""
        return None if self.key is None else _wt(self.key).strip()

    @property
    def value_text(self) -> str:
        return plain_text(self.value).strip()

    def _write(self, out: list[str]) -> None:
        out.append("|")
        if self.key is not None:
            for n in self.key:
                n._write(out)
            out.append("=")
        for n in self.value:
            n._write(out)

    def _plain(self, out: list[str]) -> None:
        for n in self.value:
            n._plain(out)


class Template(Inline):
    """A template call, like ``{{name|positional|key=value}}``."""

    __slots__ = ("name_nodes", "params")
    _fields = ("name_nodes", "params")
    _node_fields = ("name_nodes", "params")
    name_nodes: tuple[Inline, ...]
    params: tuple[Parameter, ...]

    def __init__(self, name_nodes: tuple[Inline, ...], params: tuple[Parameter, ...] = ()) -> None:
        _set(self, "name_nodes", name_nodes)
        _set(self, "params", params)

    @property
    def name(self) -> str:
        """The template name as written, without surrounding whitespace or comments."""
        return _wt(tuple(n for n in self.name_nodes if not isinstance(n, Comment))).strip()

    def matches(self, name: str) -> bool:
        """True when the names are equal ignoring case of the first letter and ``_``/`` ``."""
        return _normal_title(self.name) == _normal_title(name)

    def arguments(self) -> list[tuple[str, Parameter]]:
        """``(name, parameter)`` pairs; positional parameters are named ``"1"``, ``"2"`` …"""
        pairs: list[tuple[str, Parameter]] = []
        index = 0
        for p in self.params:
            if p.key is None:
                index += 1
                pairs.append((str(index), p))
            else:
                pairs.append((p.name or "", p))
        return pairs

    def get(self, name: str) -> Parameter | None:
        """The parameter called ``name`` (the last one wins, as in MediaWiki)."""
        found = None
        for key, p in self.arguments():
            if key == name:
                found = p
        return found

    def _write(self, out: list[str]) -> None:
        out.append("{{")
        for n in self.name_nodes:
            n._write(out)
        for p in self.params:
            p._write(out)
        out.append("}}")

    def _plain(self, out: list[str]) -> None:
        pass


def _normal_title(name: str) -> str:
    name = " ".join(name.replace("_", " ").split())
    return name[:1].upper() + name[1:]


class TemplateArgument(Inline):
    """A template parameter reference, like ``{{{name|default}}}``."""

    __slots__ = ("default", "name_nodes")
    _fields = ("name_nodes", "default")
    _node_fields = ("name_nodes", "default")
    name_nodes: tuple[Inline, ...]
    default: tuple[Inline, ...] | None

    def __init__(
        self, name_nodes: tuple[Inline, ...], default: tuple[Inline, ...] | None = None
    ) -> None:
        _set(self, "name_nodes", name_nodes)
        _set(self, "default", default)

    @property
    def name(self) -> str:
        return _wt(self.name_nodes).strip()

    def _write(self, out: list[str]) -> None:
        out.append("{{{")
        for n in self.name_nodes:
            n._write(out)
        if self.default is not None:
            out.append("|")
            for n in self.default:
                n._write(out)
        out.append("}}}")

    def _plain(self, out: list[str]) -> None:
        if self.default is not None:
            for n in self.default:
                n._plain(out)


_TAG_NAME_RE = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")
_ATTR_RE = re.compile(
    r"""([^\s/>="'\x00]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""", re.DOTALL
)


def _parse_attributes(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for m in _ATTR_RE.finditer(text):
        value = m.group(2)
        if value is None:
            value = m.group(3)
        if value is None:
            value = m.group(4) or ""
        attrs.setdefault(m.group(1).lower(), html.unescape(value))
    return attrs


class HtmlTag(Inline):
    """An HTML tag allowed in wikitext, like ``<span class="x">…</span>`` or ``<br />``.

    ``open_tag`` and ``close_tag`` are the tags as written. A tag left open on
    its line has ``close_tag == ""``; a stray end tag has ``open_tag == ""``.
    """

    __slots__ = ("children", "close_tag", "open_tag")
    _fields = ("open_tag", "children", "close_tag")
    _node_fields = ("children",)
    open_tag: str
    children: tuple[Inline, ...]
    close_tag: str

    def __init__(
        self, open_tag: str, children: tuple[Inline, ...] = (), close_tag: str = ""
    ) -> None:
        _set(self, "open_tag", open_tag)
        _set(self, "children", children)
        _set(self, "close_tag", close_tag)

    @property
    def tag(self) -> str:
        """The lower-case tag name."""
        m = _TAG_NAME_RE.match(self.open_tag or self.close_tag)
        return m.group(1).lower() if m else ""

    @property
    def attributes(self) -> dict[str, str]:
        """The attributes of the opening tag (names lower-cased, entities decoded)."""
        m = _TAG_NAME_RE.match(self.open_tag)
        if not m:
            return {}
        body = self.open_tag[m.end() :].rstrip(">").rstrip("/")
        return _parse_attributes(body)

    @property
    def self_closing(self) -> bool:
        return self.open_tag.endswith("/>")

    @property
    def is_end_only(self) -> bool:
        return not self.open_tag

    def _write(self, out: list[str]) -> None:
        out.append(self.open_tag)
        for n in self.children:
            n._write(out)
        out.append(self.close_tag)

    def _plain(self, out: list[str]) -> None:
        if self.tag == "br":
            out.append("\n")
        for n in self.children:
            n._plain(out)


#: Extension tags whose body is wikitext, shown in plain text.
_TEXT_BODY_TAGS = frozenset(("poem", "nowiki", "pre", "center"))


class ExtensionTag(Inline):
    """A parser extension tag with a raw body, like ``<ref name="a">…</ref>`` or ``<nowiki/>``.

    ``content`` is the body exactly as written (None for a self-closing tag);
    it is not parsed, as MediaWiki hands it to the extension untouched.
    """

    __slots__ = ("_parsed", "close_tag", "content", "open_tag")
    _fields = ("open_tag", "content", "close_tag")
    open_tag: str
    content: str | None
    close_tag: str
    _parsed: tuple[Inline, ...] | None  # a cache, not a field: never compared or copied

    def __init__(self, open_tag: str, content: str | None = None, close_tag: str = "") -> None:
        _set(self, "open_tag", open_tag)
        _set(self, "content", content)
        _set(self, "close_tag", close_tag)
        _set(self, "_parsed", None)

    @property
    def tag(self) -> str:
        m = _TAG_NAME_RE.match(self.open_tag)
        return m.group(1).lower() if m else ""

    @property
    def attributes(self) -> dict[str, str]:
        m = _TAG_NAME_RE.match(self.open_tag)
        if not m:
            return {}
        return _parse_attributes(self.open_tag[m.end() :].rstrip(">").rstrip("/"))

    def parse_content(self) -> tuple[Inline, ...]:
        """The body parsed as inline wikitext (for ``<ref>``, ``<poem>`` …)."""
        if self._parsed is None:
            from wikikit.parser import parse_inline

            _set(self, "_parsed", parse_inline(self.content or ""))
        assert self._parsed is not None
        return self._parsed

    def _write(self, out: list[str]) -> None:
        out.append(self.open_tag)
        if self.content is not None:
            out.append(self.content)
        out.append(self.close_tag)

    def _plain(self, out: list[str]) -> None:
        if self.tag in _TEXT_BODY_TAGS and self.content:
            if self.tag == "nowiki" or self.tag == "pre":
                out.append(html.unescape(self.content))
            else:
                out.append(plain_text(self.parse_content()))


class Comment(Inline):
    """An HTML comment, like ``<!-- note -->`` (``closed`` is False when it runs to the end)."""

    __slots__ = ("closed", "content")
    _fields = ("content", "closed")
    content: str
    closed: bool

    def __init__(self, content: str, closed: bool = True) -> None:
        _set(self, "content", content)
        _set(self, "closed", closed)

    def _write(self, out: list[str]) -> None:
        out.append("<!--")
        out.append(self.content)
        if self.closed:
            out.append("-->")

    def _plain(self, out: list[str]) -> None:
        pass


class Entity(Inline):
    """A character reference, like ``&amp;``, ``&#160;`` or ``&#x2014;``."""

    __slots__ = ("markup",)
    _fields = ("markup",)
    markup: str

    def __init__(self, markup: str) -> None:
        _set(self, "markup", markup)

    @property
    def char(self) -> str:
        return html.unescape(self.markup)

    def _write(self, out: list[str]) -> None:
        out.append(self.markup)

    def _plain(self, out: list[str]) -> None:
        out.append(self.char)


class MagicWord(Inline):
    """A behaviour switch, like ``__TOC__`` or ``__NOTOC__``."""

    __slots__ = ("markup",)
    _fields = ("markup",)
    markup: str

    def __init__(self, markup: str) -> None:
        _set(self, "markup", markup)

    @property
    def name(self) -> str:
        return self.markup.strip("_").upper()

    def _write(self, out: list[str]) -> None:
        out.append(self.markup)

    def _plain(self, out: list[str]) -> None:
        pass


# ---------------------------------------------------------------------------
# Block nodes
# ---------------------------------------------------------------------------


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
        _set(self, "open", open)
        _set(self, "children", children)
        _set(self, "close", close)
        _set(self, "trailing", trailing)
        _set(self, "end", end)

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
        _set(self, "children", children)
        _set(self, "end", end)

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
        _set(self, "space", space)
        _set(self, "end", end)

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
        _set(self, "marker", marker)
        _set(self, "children", children)
        _set(self, "end", end)
        _set(self, "sublist", sublist)

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
        _set(self, "items", items)

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
        _set(self, "children", children)
        _set(self, "end", end)

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
        _set(self, "markup", markup)
        _set(self, "children", children)
        _set(self, "end", end)

    def _write(self, out: list[str]) -> None:
        out.append(self.markup)
        for n in self.children:
            n._write(out)
        out.append(self.end)


class TableCell(Node):
    """A table cell: ``| text``, ``|| text``, ``! header``, ``!! header``, with optional
    ``attrs |``.

    ``marker`` includes any indentation before a line-start marker. ``attrs``
    is the raw attribute text before the single ``|`` (None when there is no
    attribute part). ``content`` holds the cell's blocks: the rest of the
    marker's line as a :class:`Paragraph` (its ``end`` is ``""`` when another
    cell follows on the line), then any continuation lines.
    """

    __slots__ = ("attrs", "content", "marker")
    _fields = ("marker", "attrs", "content")
    _node_fields = ("content",)
    marker: str
    attrs: str | None
    content: tuple[Block, ...]

    def __init__(self, marker: str, attrs: str | None, content: tuple[Block, ...]) -> None:
        _set(self, "marker", marker)
        _set(self, "attrs", attrs)
        _set(self, "content", content)

    @property
    def header(self) -> bool:
        return self.marker.lstrip(" \t:")[:1] == "!"

    @property
    def attributes(self) -> dict[str, str]:
        return _parse_attributes(self.attrs or "")

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        if self.attrs is not None:
            out.append(self.attrs)
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
    ``prelude`` holds stray lines between ``|-`` and the first cell.
    """

    __slots__ = ("attrs", "cells", "end", "marker", "prelude")
    _fields = ("marker", "attrs", "end", "prelude", "cells")
    _node_fields = ("prelude", "cells")
    marker: str
    attrs: str
    end: str
    prelude: tuple[Block, ...]
    cells: tuple[TableCell, ...]

    def __init__(
        self,
        marker: str,
        attrs: str,
        end: str,
        prelude: tuple[Block, ...],
        cells: tuple[TableCell, ...],
    ) -> None:
        _set(self, "marker", marker)
        _set(self, "attrs", attrs)
        _set(self, "end", end)
        _set(self, "prelude", prelude)
        _set(self, "cells", cells)

    @property
    def attributes(self) -> dict[str, str]:
        return _parse_attributes(self.attrs)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        out.append(self.attrs)
        out.append(self.end)
        for b in self.prelude:
            b._write(out)
        for c in self.cells:
            c._write(out)


class Table(Block):
    """A wiki table, ``{| attrs`` … ``|}``.

    ``marker`` is the start of the first line up to and including ``{|``
    (indentation and ``:`` included); ``attrs`` the rest of that line.
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
    _node_fields = ("prelude", "captions", "rows", "trailing")
    marker: str
    attrs: str
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
        attrs: str,
        newline: str,
        prelude: tuple[Block, ...],
        captions: tuple[TableCaption, ...],
        rows: tuple[TableRow, ...],
        close: str,
        trailing: tuple[Inline, ...] = (),
        end: str = "\n",
    ) -> None:
        _set(self, "marker", marker)
        _set(self, "attrs", attrs)
        _set(self, "newline", newline)
        _set(self, "prelude", prelude)
        _set(self, "captions", captions)
        _set(self, "rows", rows)
        _set(self, "close", close)
        _set(self, "trailing", trailing)
        _set(self, "end", end)

    @property
    def attributes(self) -> dict[str, str]:
        return _parse_attributes(self.attrs)

    @property
    def caption(self) -> TableCaption | None:
        return self.captions[0] if self.captions else None

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)
        out.append(self.attrs)
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
        _set(self, "lead", lead)
        _set(self, "key", key)
        _set(self, "sep", sep)
        _set(self, "value", value)
        _set(self, "end", end)

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
        _set(self, "open", open)
        _set(self, "name_nodes", name_nodes)
        _set(self, "header_end", header_end)
        _set(self, "fields", fields)
        _set(self, "close", close)
        _set(self, "end", end)

    @property
    def dialect(self) -> str:
        return "mediawiki" if self.open else "article"

    @property
    def label(self) -> str:
        """The template name (``Infobox person``) or the export's header line."""
        return _wt(tuple(n for n in self.name_nodes if not isinstance(n, Comment))).strip()

    def get(self, name: str) -> InfoboxField | None:
        """The field called ``name`` (exact key match; the last one wins)."""
        found = None
        for f in self.fields:
            if f.name == name:
                found = f
        return found

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


#: The redirect magic word in English and the corpus's other languages.
_REDIRECT_WORDS = frozenset(("REDIRECT", "WEITERLEITUNG", "OMDIRIGERING"))


class Section(Node):
    """A heading, the blocks up to the next heading, and the deeper sections below it."""

    __slots__ = ("blocks", "heading", "subsections")
    _fields = ("heading", "blocks", "subsections")
    _node_fields = ("heading", "blocks", "subsections")
    heading: Heading
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]

    def __init__(
        self,
        heading: Heading,
        blocks: tuple[Block, ...] = (),
        subsections: tuple[Section, ...] = (),
    ) -> None:
        _set(self, "heading", heading)
        _set(self, "blocks", blocks)
        _set(self, "subsections", subsections)

    @property
    def level(self) -> int:
        return self.heading.level

    @property
    def title(self) -> str:
        return self.heading.title

    def _write(self, out: list[str]) -> None:
        self.heading._write(out)
        for b in self.blocks:
            b._write(out)
        for s in self.subsections:
            s._write(out)


class Document(Node):
    """A whole article.

    ``bom`` is a leading byte-order mark; ``title_line`` the article export's
    ``= Title =`` line (None in MediaWiki text); ``blocks`` the lead, before the
    first heading; ``sections`` the top-level sections. ``name`` is the page
    title given by the caller (not part of the text).
    """

    __slots__ = ("blocks", "bom", "name", "sections", "title_line")
    _fields = ("bom", "title_line", "blocks", "sections", "name")
    _node_fields = ("title_line", "blocks", "sections")
    bom: str
    title_line: Heading | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    name: str | None

    def __init__(
        self,
        bom: str,
        title_line: Heading | None,
        blocks: tuple[Block, ...],
        sections: tuple[Section, ...],
        name: str | None = None,
    ) -> None:
        _set(self, "bom", bom)
        _set(self, "title_line", title_line)
        _set(self, "blocks", blocks)
        _set(self, "sections", sections)
        _set(self, "name", name)

    @property
    def title(self) -> str | None:
        """The export's ``= Title =`` text, else the name given to :func:`wikikit.parse`."""
        if self.title_line is not None:
            return self.title_line.title
        return self.name

    @property
    def dialect(self) -> str:
        return "article" if self.title_line is not None else "mediawiki"

    @property
    def infoboxes(self) -> list[Infobox]:
        return self.find(Infobox)

    @property
    def infobox(self) -> Infobox | None:
        return self.find_first(Infobox)

    def all_sections(self) -> Iterator[Section]:
        """Every section, nested ones included, in source order."""
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.subsections))

    @property
    def redirect(self) -> str | None:
        """The target of a redirect page (``#REDIRECT [[Target]]``), else None.

        The tree keeps the line as MediaWiki's block rules read it (a numbered
        list item); this reads the target from it.
        """
        first = self.blocks[0] if self.blocks else None
        if not isinstance(first, List) or first.items[0].marker != "#":
            return None
        kids = first.items[0].children
        if len(kids) < 2 or not isinstance(kids[0], Text):
            return None
        word = kids[0].value.strip().rstrip(":").strip().upper()
        if word not in _REDIRECT_WORDS or not isinstance(kids[1], WikiLink):
            return None
        return kids[1].title

    def section(self, title: str) -> Section | None:
        """The first section whose title is ``title`` (case-insensitive)."""
        wanted = title.strip().lower()
        for s in self.all_sections():
            if s.title.lower() == wanted:
                return s
        return None

    def _write(self, out: list[str]) -> None:
        out.append(self.bom)
        if self.title_line is not None:
            self.title_line._write(out)
        for b in self.blocks:
            b._write(out)
        for s in self.sections:
            s._write(out)

    # -- editing (thin wrappers over wikikit.edit; see there) ---------------------

    def set_field(self, name: str, value: str, *, infobox: Infobox | None = None) -> Document:
        """A copy with infobox field ``name`` set to ``value`` (:func:`wikikit.edit.set_field`)."""
        from wikikit.edit import set_field

        return set_field(self, name, value, infobox=infobox)

    def add_field(
        self,
        name: str,
        value: str,
        *,
        after: str | None = None,
        before: str | None = None,
        infobox: Infobox | None = None,
    ) -> Document:
        """A copy with a new infobox field (see :func:`wikikit.edit.add_field`)."""
        from wikikit.edit import add_field

        return add_field(self, name, value, after=after, before=before, infobox=infobox)

    def rename_field(self, old: str, new: str, *, infobox: Infobox | None = None) -> Document:
        """A copy with infobox field ``old`` renamed (see :func:`wikikit.edit.rename_field`)."""
        from wikikit.edit import rename_field

        return rename_field(self, old, new, infobox=infobox)

    def remove_field(self, name: str, *, infobox: Infobox | None = None) -> Document:
        """A copy without infobox field ``name`` (see :func:`wikikit.edit.remove_field`)."""
        from wikikit.edit import remove_field

        return remove_field(self, name, infobox=infobox)

    def replace_section_body(self, title: str, body: str) -> Document:
        """A copy with a section's text replaced (see :func:`wikikit.edit.replace_section_body`)."""
        from wikikit.edit import replace_section_body

        return replace_section_body(self, title, body)

    def insert_section_after(
        self, after: str, title: str, body: str = "", *, level: int | None = None
    ) -> Document:
        """A copy with a new section (see :func:`wikikit.edit.insert_section_after`)."""
        from wikikit.edit import insert_section_after

        return insert_section_after(self, after, title, body, level=level)

    def set_link_target(self, old: str | WikiLink, new: str, *, keep_text: bool = True) -> Document:
        """A copy with links retargeted (see :func:`wikikit.edit.set_link_target`)."""
        from wikikit.edit import set_link_target

        return set_link_target(self, old, new, keep_text=keep_text)
