"""The base of the node model: what every node does.

Nodes are immutable, slotted values: they compare by structure (``==``), hash,
pickle, and are never mutated; :meth:`Node.with_changes` returns a copy with some
fields replaced and :meth:`Node.replace` rebuilds only the path to one node.
Every piece of markup is a named field, so ``node.to_wikitext()`` writes the
source back from the tree alone.

Two closed families, as in pandoc: :class:`Block` nodes (one or more whole lines)
and :class:`Inline` nodes (inside a line or a template parameter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ClassVar, Final, TypeVar

from mypy_extensions import trait

__all__ = [
    "NODE_TYPES",
    "SCHEMA_VERSION",
    "Block",
    "Inline",
    "Node",
    "plain_text",
    "register_slot",
    "write_nodes",
]

N = TypeVar("N", bound="Node")
M = TypeVar("M", bound="Node")

#: Node classes by name, for :func:`wikikit.tree.json.from_dict`.
NODE_TYPES: dict[str, type[Node]] = {}

#: Version of the JSON form written by :meth:`Node.to_dict` (see :mod:`wikikit.tree.json`).
SCHEMA_VERSION: Final = 2


class Node:
    """Base of every tree node."""

    __slots__ = ()
    #: Field names in source order; the constructor takes them in this order.
    _fields: ClassVar[tuple[str, ...]] = ()
    #: Fields that hold a node, a tuple of nodes, or None (walked by ``children``).
    _node_fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__name__.startswith("_"):  # private helpers are no nodes of the JSON form
            NODE_TYPES[cls.__name__] = cls

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; use with_changes()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(getattr(self, f) for f in self._fields)))

    def __repr__(self) -> str:
        args = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({args})"

    def __str__(self) -> str:
        """The node's wikitext, as ``to_wikitext()`` (``repr`` is the constructor form)."""
        return self.to_wikitext()

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

    def transform(self: N, kind: type[M], fn: Callable[[M], Node | None]) -> N:
        """A copy of this tree with ``fn`` applied to every node of type ``kind``.

        Deepest first: ``fn`` sees a node whose children are already transformed,
        so it may rebuild the node freely. ``fn`` returns the node itself (no
        change), a replacement, or None to drop the node from the tuple that holds
        it (a node in a single-node field cannot be dropped: ``ValueError``).
        Subtrees with nothing changed are shared with the original, so the
        written text differs only where ``fn`` changed something. The root
        cannot be dropped (``ValueError``).
        """
        result = _transform(self, kind, fn)
        if result is None:
            raise ValueError(f"cannot drop the {type(self).__name__} being transformed")
        return result  # type: ignore[return-value]

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

    def offsets(self) -> list[tuple[Node, int]]:
        """Every node below (and including) this one with the offset where its text starts
        in ``self.to_wikitext()``, in source order (parents before their children)."""
        found: list[tuple[Node, int]] = []
        _measure(self, 0, found)
        return found

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

    def plain_text(self, *, templates: Any = None, tables: str = "text", refs: str = "drop") -> str:
        """Plain text with options: ``templates`` is ``"rules"`` (the default: built-in
        rules for common templates, others dropped), ``"drop"``, ``"params"`` (every
        parameter's text), a :class:`~wikikit.tree.text.TextRules` or a function
        returning the text (None: use the rules); ``tables`` ``"text"`` or ``"drop"``;
        ``refs`` ``"drop"`` or ``"keep"``. See :mod:`wikikit.tree.text`."""
        return _plain_text_impl[0](self, templates=templates, tables=tables, refs=refs)

    def _plain(self, out: list[str]) -> None:
        for child in self.iter_children():
            child._plain(out)

    def to_dict(self) -> dict[str, Any]:
        """This node as JSON-ready data (the schema is in :mod:`wikikit.tree.json`)."""
        return node_json(self)

    def _json_extras(self) -> dict[str, Any]:
        """Read-only conveniences written before the fields (the document adds some)."""
        return {}


def node_json(node: Node) -> dict[str, Any]:
    """The JSON form of ``node`` (what :meth:`Node.to_dict` returns unless a class
    gives ``to_dict`` a friendlier meaning, as :class:`~wikikit.tree.Infobox` does)."""
    data: dict[str, Any] = {"type": type(node).__name__}
    data.update(node._json_extras())
    for name in node._fields:
        data[name] = _json_value(getattr(node, name))
    return data


def _json_value(value: Any) -> Any:
    if isinstance(value, Node):
        return node_json(value)
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value


class TextHooks:
    """How :attr:`Node.text` treats templates, tables and extension tags.

    This base drops every template; :mod:`wikikit.tree.text` installs the
    default rules and runs :func:`~wikikit.tree.text.plain_text` with options.
    """

    #: ``"text"`` (rows as tab-separated lines) or ``"drop"``.
    tables = "text"
    #: ``"drop"`` or ``"keep"`` (a ``<ref>``'s body as text where it stands).
    refs = "drop"

    def template(self, node: Node) -> str:
        """The plain text a template call stands for."""
        return ""


_default_hooks: list[TextHooks] = [TextHooks()]
_text_hooks: ContextVar[TextHooks | None] = ContextVar("wikikit_text_hooks", default=None)


def text_hooks() -> TextHooks:
    """The plain-text rules in force (those of a running ``plain_text`` call, or the default)."""
    hooks = _text_hooks.get()
    return _default_hooks[0] if hooks is None else hooks


_plain_text_impl: list[Callable[..., str]] = []


def register_plain_text(fn: Callable[..., str]) -> None:
    """Set the function behind :meth:`Node.plain_text` (done by :mod:`wikikit.tree.text`)."""
    _plain_text_impl[:] = [fn]


def set_default_text_hooks(hooks: TextHooks) -> None:
    """Set the rules :attr:`Node.text` uses (done by :mod:`wikikit.tree.text`)."""
    _default_hooks[0] = hooks


@trait
class Block(Node):
    """A node made of whole lines (paragraph, list, table, heading …)."""

    __slots__ = ()


@trait
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


def _transform(node: Node, kind: type[M], fn: Callable[[M], Node | None]) -> Node | None:
    """``node`` transformed (deepest first); None when ``fn`` dropped it."""
    changes: dict[str, Any] = {}
    for name in node._node_fields:
        value = getattr(node, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            items: list[Node] = []
            changed = False
            for child in value:
                sub = _transform(child, kind, fn)
                if sub is not child:
                    changed = True
                if sub is not None:
                    items.append(sub)
            if changed:
                changes[name] = tuple(items)
        else:
            sub = _transform(value, kind, fn)
            if sub is None:
                raise ValueError(
                    f"cannot drop the {type(value).__name__} in {type(node).__name__}.{name}"
                )
            if sub is not value:
                changes[name] = sub
    if changes:
        node = node.with_changes(**changes)
    if isinstance(node, kind):
        return fn(node)
    return node


class _Slot(Inline, Block):
    """Stands in for a child while a parent's own markup is written (see :meth:`Node.offsets`).

    It writes one marker string, found again by identity. A child whose field wants a
    particular node class gets a slot of that class (see :func:`register_slot`), so the
    parent stays well typed (compiled classes check it).
    """

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


_SLOTS: dict[type[Node], Callable[[str], Node]] = {}


def register_slot(kind: type[Node], make: Callable[[str], Node]) -> None:
    """Use ``make(marker)`` for children of class ``kind`` while offsets are measured."""
    _SLOTS[kind] = make


def _slot_for(child: Node, marker: str) -> Node:
    for cls in type(child).__mro__:
        make = _SLOTS.get(cls)
        if make is not None:
            return make(marker)
    return _Slot(marker)


def _measure(node: Node, offset: int, found: list[tuple[Node, int]]) -> int:
    """Record ``node`` and its descendants with their offsets; return the node's length."""
    found.append((node, offset))
    kids = list(node.iter_children())
    if not kids:
        return len(node.to_wikitext())
    # Fresh string objects (never interned), so identity tells a slot's piece apart.
    markers = ["".join(("\x00", str(k))) for k in range(len(kids))]
    slot_of = {id(m): k for k, m in enumerate(markers)}
    changes: dict[str, Any] = {}
    k = 0
    for name in node._node_fields:
        value = getattr(node, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            changes[name] = tuple(_slot_for(kids[k + j], markers[k + j]) for j in range(len(value)))
            k += len(value)
        else:
            changes[name] = _slot_for(value, markers[k])
            k += 1
    out: list[str] = []
    node.with_changes(**changes)._write(out)
    length = 0
    for piece in out:
        index = slot_of.get(id(piece))
        if index is not None and piece is markers[index]:
            length += _measure(kids[index], offset + length, found)
        else:
            length += len(piece)
    return length
