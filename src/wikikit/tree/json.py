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
"""

from __future__ import annotations

import json
from typing import Any

from wikikit.tree.base import NODE_TYPES, SCHEMA_VERSION, Node, node_json

__all__ = ["SCHEMA_VERSION", "document_from_json", "document_to_json", "from_dict", "node_to_dict"]


def node_to_dict(node: Node) -> dict[str, Any]:
    """The JSON-ready form of one node and everything below it."""
    return node_json(node)


def _restore(value: Any) -> Any:
    if isinstance(value, dict) and "type" in value:
        return from_dict(value)
    if isinstance(value, list):
        return tuple(_restore(v) for v in value)
    return value


def from_dict(data: dict[str, Any]) -> Node:
    """Rebuild a node from :meth:`Node.to_dict` output."""
    kind = data.get("type")
    cls = NODE_TYPES.get(str(kind))
    if cls is None:
        raise ValueError(f"unknown node type {kind!r}")
    args = []
    for name in cls._fields:
        if name not in data:
            raise ValueError(f"{kind} is missing the field {name!r}")
        args.append(_restore(data[name]))
    return cls(*args)


def document_to_json(doc: Node, *, indent: int | None = None) -> str:
    """The tree as a JSON string (UTF-8 text, non-ASCII kept as is)."""
    return json.dumps(node_json(doc), ensure_ascii=False, indent=indent)


def document_from_json(text: str) -> Node:
    """Rebuild a tree from :func:`document_to_json` output."""
    return from_dict(json.loads(text))
