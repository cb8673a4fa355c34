"""What the parser recovered from: markup that did not close, a nesting cap, a repeated field.

The parser never fails; it keeps malformed markup as text, as MediaWiki does.
:attr:`Document.diagnostics <wikikit.tree.Document.diagnostics>` says where
that happened, so a script can tell a clean parse from a degraded one.

Two sources, merged in text order:

* the preprocessor records what only it sees (a ``{{`` that never closes, an
  extension tag without its end tag, the nesting cap); these are kept on the
  document the parser returned, and dropped from edited copies (their
  positions describe the parsed text);
* the rest is read from the tree when asked (unclosed ``[[``, ``''``/``'''``,
  HTML tags, tables and comments; stray end tags; repeated infobox fields and
  template parameters), so it costs nothing until then and also works on
  edited documents.

Diagnostics are not part of the tree: they take no part in equality, hashing
or the JSON form.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from wikikit.tree.base import Node
from wikikit.tree.block import Infobox, Table
from wikikit.tree.inline import Bold, Comment, HtmlTag, Italic, Template, Text

__all__ = ["Diagnostic", "locate", "scan"]

_VOID = frozenset(("br", "wbr", "hr", "meta", "link"))


@dataclass(frozen=True)
class Diagnostic:
    """One thing the parser recovered from.

    ``kind`` is a stable code (``unclosed-template``, ``unclosed-link``,
    ``unclosed-bold``, ``unclosed-italic``, ``unclosed-tag``, ``stray-end-tag``,
    ``unclosed-extension-tag``, ``unclosed-table``, ``unclosed-comment``,
    ``nesting-limit``, ``duplicate-field``, ``duplicate-parameter``).
    ``offset`` is the index in the text (a ``str`` index), ``byte_offset`` the
    same place in UTF-8 bytes, ``line`` and ``column`` count from 1.
    """

    kind: str
    message: str
    offset: int
    line: int = 0
    column: int = 0
    byte_offset: int = 0

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


def scan(root: Node) -> list[tuple[str, int, str]]:
    """``(kind, offset, message)`` for the recoveries visible in the tree below ``root``."""
    found: list[tuple[str, int, str]] = []
    for node, offset in root.offsets():
        kind = type(node)
        if kind is Text:
            value: str = node.value  # type: ignore[attr-defined]
            at = value.find("[[")
            if at >= 0:
                found.append(
                    ("unclosed-link", offset + at, "'[[' does not make a link; kept as text")
                )
        elif kind is Bold or kind is Italic:
            opened: str = node.open  # type: ignore[attr-defined]
            if opened and not node.close:  # type: ignore[attr-defined]
                name = "bold" if kind is Bold else "italic"
                found.append(
                    (
                        f"unclosed-{name}",
                        offset,
                        f"{opened} ({name}) is not closed; it ends at the end of the line",
                    )
                )
        elif kind is HtmlTag:
            tag: HtmlTag = node  # type: ignore[assignment]
            if not tag.open_tag:
                found.append(("stray-end-tag", offset, f"{tag.close_tag} closes no open tag"))
            elif not tag.close_tag and not tag.self_closing and tag.tag not in _VOID:
                found.append(("unclosed-tag", offset, f"<{tag.tag}> is not closed"))
        elif kind is Table:
            if not node.close:  # type: ignore[attr-defined]
                found.append(("unclosed-table", offset, "'{|' table is not closed with '|}'"))
        elif kind is Comment:
            if not node.closed:  # type: ignore[attr-defined]
                found.append(("unclosed-comment", offset, "'<!--' runs to the end of the text"))
        elif kind is Infobox:
            box: Infobox = node  # type: ignore[assignment]
            names = [f.name for f in box.fields if f.key is not None]
            for name in _repeated(names):
                found.append(
                    (
                        "duplicate-field",
                        offset,
                        f"infobox field {name!r} is given more than once; the last one is used",
                    )
                )
        elif kind is Template:
            template: Template = node  # type: ignore[assignment]
            for name in _repeated(n for n, _ in template.arguments()):
                found.append(
                    (
                        "duplicate-parameter",
                        offset,
                        f"parameter {name!r} of {{{{{template.name}}}}} is given more than once;"
                        " the last one is used",
                    )
                )
    return found


def _repeated(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for name in names:
        if name in seen:
            repeated[name] = None
        seen.add(name)
    return list(repeated)


def locate(text: str, raw: list[tuple[str, int, str]]) -> list[Diagnostic]:
    """Diagnostics with line, column and byte offset, in text order."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    out = []
    for kind, offset, message in sorted(raw, key=lambda r: r[1]):
        line = bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
        byte_offset = offset if text.isascii() else len(text[:offset].encode("utf-8", "replace"))
        out.append(Diagnostic(kind, message, offset, line, column, byte_offset))
    return out
