"""The tree as JSON, and back.

Schema (version 2), stable across releases:

* Every node is an object ``{"type": "<ClassName>", <field>: <value>, ...}``
  with the node's fields (see :mod:`wikikit.tree`) in source order.
* A field holding nodes is a list of node objects (or ``null`` where the field
  may be None, e.g. a link without a label); a field holding one node is one
  node object; text fields are strings; flags are booleans.
* The document object adds three read-only conveniences that
  :func:`from_dict` ignores: ``"schema": 2``, ``"title"`` and ``"dialect"``.

Version 2 stores attributes (of tags, tables, rows and cells) as node lists,
splits an opening tag into ``name``, ``attrs`` and ``open_end``, and gives
extension tags a ``children`` body instead of a ``content`` string.

Because every byte of markup is a field, ``from_dict(to_dict(doc)) == doc``
and the JSON alone reproduces the source text.

JSON may come from anywhere, so :func:`from_dict` checks what it builds: each
field has the type its node declares, and each layout field (a newline, a list
marker, a heading's ``=`` run …) holds only what the parser could have put
there. Anything else is a ``ValueError`` naming the place in the JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wikikit.tree.base import NODE_TYPES, SCHEMA_VERSION, Node, node_json

__all__ = ["SCHEMA_VERSION", "document_from_json", "document_to_json", "from_dict", "node_to_dict"]

_NEWLINE = (r"(?:\r?\n)?", "a newline ('', '\\n' or '\\r\\n')")
_SPACES = (r"[ \t]*", "spaces and tabs")
# A cell after the first on its line starts with "||" or "!!" as written, or with
# "|!", "!|", "|!!" where a header line's "!!" became "||" (doTableStuff).
_CELL_MARKER = (
    r"[ \t]*(?:\|\+|\||!)|[|!]{2,3}",
    "a cell marker ('|', '!', '|+', '||', '!!' …)",
)

#: The layout fields and what each may hold: (regular expression, description).
#: Looked up along the class's bases, so TableCaption shares TableCell's.
LAYOUT_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "Document": {"bom": ("\ufeff?", "'' or a byte-order mark")},
    "Heading": {
        "open": ("={1,6}", "one to six '='"),
        "close": ("={1,6}", "one to six '='"),
        "end": _NEWLINE,
    },
    "Paragraph": {"end": _NEWLINE},
    "BlankLine": {"space": _SPACES, "end": _NEWLINE},
    "ListItem": {"marker": (r"[*#:;]+", "list markers ('*', '#', ':', ';')"), "end": _NEWLINE},
    "Preformatted": {"end": _NEWLINE},
    "HorizontalRule": {"markup": ("-{4,}", "four or more '-'"), "end": _NEWLINE},
    "TableCell": {"marker": _CELL_MARKER},
    "TableRow": {"marker": (r"(?:[ \t]*\|-+)?", "'' or a row marker ('|-')"), "end": _NEWLINE},
    "Table": {
        "marker": (r"[ \t]*:*[ \t]*\{\|", "a table start ('{|' after indentation)"),
        "newline": _NEWLINE,
        "close": (r"(?:[ \t]*\|\})?", "'' or '|}'"),
        "end": _NEWLINE,
    },
    "InfoboxField": {
        "lead": (r"\||- ", "'|' or '- '"),
        "sep": (r"=|: ", "'=' or ': '"),
        "end": _NEWLINE,
    },
    "Infobox": {
        "open": (r"(?:\{\{)?", "'' or '{{'"),
        "close": (r"(?:\}\})?", "'' or '}}'"),
        "header_end": _NEWLINE,
        "end": _NEWLINE,
    },
    "Bold": {"open": ("(?:''')?", "'' or \"'''\""), "close": ("(?:''')?", "'' or \"'''\"")},
    "Italic": {"open": ("(?:'')?", "'' or \"''\""), "close": ("(?:'')?", "'' or \"''\"")},
    "ExternalLink": {"space": _SPACES},
}
_NODE_NAME = re.compile(r"[A-Z]\w*")
_COMPILED = {
    kind: {name: (re.compile(rx), what) for name, (rx, what) in fields.items()}
    for kind, fields in LAYOUT_FIELDS.items()
}


def node_to_dict(node: Node) -> dict[str, Any]:
    """The JSON-ready form of one node and everything below it."""
    return node_json(node)


#: Each node class's field types, in ``_fields`` order: the schema written out, since
#: compiled classes keep no annotations to read at run time (a test checks that this
#: agrees with the classes' annotations).
_FIELD_TYPES: dict[str, tuple[str, ...]] = {
    "BlankLine": ("str", "str"),
    "Bold": ("tuple[Inline, ...]", "str", "str"),
    "Comment": ("str", "bool"),
    "Document": ("str", "Heading | None", "tuple[Block, ...]", "tuple[Section, ...]", "str | None"),
    "Entity": ("str",),
    "ExtensionTag": ("str", "tuple[Inline, ...]", "str", "tuple[Inline, ...] | None", "str"),
    "ExternalLink": ("str", "str", "tuple[Inline, ...] | None", "bool"),
    "Heading": ("str", "tuple[Inline, ...]", "str", "tuple[Inline, ...]", "str"),
    "HorizontalRule": ("str", "tuple[Inline, ...]", "str"),
    "HtmlTag": ("str", "tuple[Inline, ...]", "str", "tuple[Inline, ...]", "str"),
    "Infobox": ("str", "tuple[Inline, ...]", "str", "tuple[InfoboxField, ...]", "str", "str"),
    "InfoboxField": ("str", "tuple[Inline, ...] | None", "str", "tuple[Inline, ...]", "str"),
    "Italic": ("tuple[Inline, ...]", "str", "str"),
    "List": ("tuple[ListItem, ...]",),
    "ListItem": ("str", "tuple[Inline, ...]", "str", "List | None"),
    "MagicWord": ("str",),
    "Paragraph": ("tuple[Inline, ...]", "str"),
    "Parameter": ("tuple[Inline, ...] | None", "tuple[Inline, ...]"),
    "Preformatted": ("tuple[Inline, ...]", "str"),
    "Raw": ("str",),
    "Section": ("Heading", "tuple[Block, ...]", "tuple[Section, ...]"),
    "Table": (
        "str",
        "tuple[Inline, ...]",
        "str",
        "tuple[Block, ...]",
        "tuple[TableCaption, ...]",
        "tuple[TableRow, ...]",
        "str",
        "tuple[Inline, ...]",
        "str",
    ),
    "TableCaption": ("str", "tuple[Inline, ...] | None", "tuple[Block, ...]"),
    "TableCell": ("str", "tuple[Inline, ...] | None", "tuple[Block, ...]"),
    "TableRow": ("str", "tuple[Inline, ...]", "str", "tuple[Block, ...]", "tuple[TableCell, ...]"),
    "Template": ("tuple[Inline, ...]", "tuple[Parameter, ...]"),
    "TemplateArgument": ("tuple[Inline, ...]", "tuple[Inline, ...] | None"),
    "Text": ("str",),
    "WikiLink": ("tuple[Inline, ...]", "tuple[Inline, ...] | None", "str"),
}


def from_dict(data: dict[str, Any]) -> Node:
    """Rebuild a node from :meth:`Node.to_dict` output.

    Raises ``ValueError`` (naming the place, like ``$.blocks[0]: Paragraph.end
    must be …``) for an unknown node type, a missing field, a value of the
    wrong type, or a layout field holding what no wikitext could put there.
    """
    return _build(data, "$")


def _build(data: Any, where: str, expected: str = "Node") -> Node:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a node object, not {type(data).__name__}")
    kind = data.get("type")
    cls = NODE_TYPES.get(str(kind))
    if cls is None or not cls._fields:  # Node, Block and Inline are no concrete types
        raise ValueError(f"{where}: unknown node type {kind!r}")
    if not any(base.__name__ == expected for base in cls.__mro__):
        raise ValueError(f"{where}: expected a {expected} node here, not {kind}")
    args = []
    for name in cls._fields:
        if name not in data:
            raise ValueError(f"{where}: {kind} is missing the field {name!r}")
        args.append(_field(cls, name, data[name], f"{where}.{name}"))
    return cls(*args)


def _field(cls: type[Node], name: str, value: Any, where: str) -> Any:
    annotation = _annotation(cls, name)
    label = f"{cls.__name__}.{name}"
    if value is None:
        if "None" not in annotation:
            raise ValueError(f"{where}: {label} must not be null")
        return None
    if name in cls._node_fields:
        expected = _NODE_NAME.search(annotation.removeprefix("tuple["))
        item = expected.group(0) if expected else "Node"
        if annotation.startswith("tuple"):
            if not isinstance(value, list):
                raise ValueError(f"{where}: {label} must be a list of nodes")
            return tuple(_build(v, f"{where}[{i}]", item) for i, v in enumerate(value))
        return _build(value, where, item)
    if annotation == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{where}: {label} must be true or false, not {value!r}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{where}: {label} must be a string, not {value!r}")
    rule = _layout_rule(cls, name)
    if rule is not None and rule[0].fullmatch(value) is None:
        raise ValueError(f"{where}: {label} must be {rule[1]}, not {value!r}")
    return value


def _annotation(cls: type[Node], name: str) -> str:
    return _FIELD_TYPES[cls.__name__][cls._fields.index(name)]


def _layout_rule(cls: type[Node], name: str) -> tuple[re.Pattern[str], str] | None:
    for base in cls.__mro__:
        rules = _COMPILED.get(base.__name__)
        if rules is not None and name in rules:
            return rules[name]
    return None


def document_to_json(doc: Node, *, indent: int | None = None) -> str:
    """The tree as a JSON string (UTF-8 text, non-ASCII kept as is)."""
    return json.dumps(node_json(doc), ensure_ascii=False, indent=indent)


def document_from_json(text: str) -> Node:
    """Rebuild a tree from :func:`document_to_json` output (``ValueError`` if it is not one)."""
    return from_dict(json.loads(text))
