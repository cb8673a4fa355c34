"""The expansion tree: what the preprocessor reads from a page, ready to expand.

A tree is a list of text pieces (``str``) and nodes: :class:`PTemplate`
(``{{…}}``), :class:`PArg` (``{{{…}}}``), :class:`PExt` (an extension tag),
:class:`PComment` and :class:`PIgnore` (markup that expands to nothing, such as
``<includeonly>`` on a page view). These mirror the nodes of MediaWiki's
``Preprocessor_Hash`` DOM (``template``, ``tplarg``, ``ext``, ``comment``,
``ignore``).
"""

from __future__ import annotations

import re
from typing import Any, Final

from wikikit.parser.preprocessor import preprocess
from wikikit.tree import Comment, ExtensionTag

__all__ = ["PArg", "PComment", "PExt", "PIgnore", "PPart", "PTemplate", "Tree", "build_tree"]


class PPart:
    """One ``|…`` part of a template call: ``name`` is None for a positional part."""

    __slots__ = ("index", "name", "value")

    def __init__(self, name: Tree | None, value: Tree, index: int) -> None:
        self.name = name
        self.value = value
        self.index = index  # 1-based position among positional parts, 0 for named


class PTemplate:
    """``{{title|parts}}``; ``line_start`` when the call opens a line."""

    __slots__ = ("key", "line_start", "parts", "plain_args", "title")

    def __init__(self, title: Tree, parts: list[PPart], line_start: bool) -> None:
        self.title = title
        self.parts = parts
        self.line_start = line_start
        #: Source text of the parts when it holds no ``{{{…}}}`` (a cache key), else None.
        self.key: str | bool | None = False
        #: Whether the parts hold only text and ``{{{…}}}`` (no calls, no tags), once known.
        self.plain_args: bool | None = None


class PArg:
    """``{{{name|default}}}``: ``parts`` are the pipe-separated parts after the name."""

    __slots__ = ("parts", "title")

    def __init__(self, title: Tree, parts: list[Tree]) -> None:
        self.title = title
        self.parts = parts


class PExt:
    """An extension tag: name, attribute text, body (None if self-closed) and closing tag."""

    __slots__ = ("attr", "close", "inner", "name", "open")

    def __init__(self, name: str, open_tag: str, attr: str, inner: str | None, close: str) -> None:
        self.name = name
        self.open = open_tag
        self.attr = attr
        self.inner = inner
        self.close = close


class PComment:
    """An HTML comment (with the blank line it stands on, when it is alone there)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class PIgnore:
    """Markup that is dropped in this mode (``<noinclude>`` when included …)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


Node = str | PTemplate | PArg | PExt | PComment | PIgnore
Tree = list[Node]


def _keep(items: list[Any]) -> tuple[Any, ...]:
    # The expander wants the preprocessor's pieces as they are, not inline-parsed.
    return tuple(items)


class _Builder:
    """Makes expansion nodes for the preprocessor (its ``ExpansionBuilder``)."""

    def __init__(self, include: bool) -> None:
        self.include = include

    def template(
        self, title: list[Any], parts: list[tuple[list[Any] | None, list[Any]]], line_start: bool
    ) -> PTemplate:
        out: list[PPart] = []
        index = 0
        for name, value in parts:
            if name is None:
                index += 1
                out.append(PPart(None, _convert(value), index))
            else:
                out.append(PPart(_convert(name), _convert(value), 0))
        return PTemplate(_convert(title), out, line_start)

    def argument(self, title: list[Any], parts: list[list[Any]]) -> PArg:
        return PArg(_convert(title), [_convert(p) for p in parts])

    def ignore(self, text: str) -> PIgnore:
        return PIgnore(text)


_VIEW: Final = _Builder(False)
_INCLUDE: Final = _Builder(True)


def build_tree(text: str, *, include: bool = False) -> Tree:
    """Preprocess ``text`` for expansion: as a page view, or for inclusion (``include``)."""
    builder = _INCLUDE if include else _VIEW
    items = preprocess(
        text,
        _keep,
        None,
        mode="include" if include else "view",
        builder=builder,
    )
    return _convert(items)


def _convert(items: list[Any]) -> Tree:
    out: Tree = []
    for item in items:
        if isinstance(item, str):
            _add_text(out, item)
        elif isinstance(item, (PTemplate, PArg, PIgnore)):
            out.append(item)
        elif isinstance(item, Comment):
            out.append(PComment("<!--" + item.content + ("-->" if item.closed else "")))
        elif isinstance(item, ExtensionTag):
            _add_ext(out, item)
        else:
            _add_text(out, item.to_wikitext())
    _eat_comment_lines(out)
    return out


def _add_text(out: Tree, text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def _add_ext(out: Tree, tag: ExtensionTag) -> None:
    attr = "".join(n.to_wikitext() for n in tag.attrs)
    out.append(PExt(tag.tag, tag.open_tag, attr, tag.content, tag.close_tag))


_LEAD_WS: Final = re.compile(r"[ \t]*\n")


def _eat_comment_lines(out: Tree) -> None:
    """A line holding only comments and spaces vanishes with its newline (Preprocessor_Hash)."""
    n = len(out)
    # Checks read the text as written, before earlier lines were eaten.
    original = [node if isinstance(node, str) else None for node in out]
    i = 0
    while i < n:
        if not isinstance(out[i], PComment):
            i += 1
            continue
        j = i + 1
        while j < n and (
            isinstance(out[j], PComment)
            or (
                isinstance(out[j], str)
                and j + 1 < n
                and isinstance(out[j + 1], PComment)
                and not out[j].strip(" \t")  # type: ignore[union-attr]
            )
        ):
            j += 1
        prev = original[i - 1] if i else None
        nxt = out[j] if j < n else None
        if prev is not None and isinstance(nxt, str):
            stripped = prev.rstrip(" \t")
            m = _LEAD_WS.match(nxt)
            if stripped.endswith("\n") and m is not None:
                # The comments take their line's spaces and newline with them.
                current = out[i - 1]
                assert isinstance(current, str)
                cut = len(prev) - len(stripped)
                out[i - 1] = current[: len(current) - cut] if cut else current
                for k in range(i, j):
                    node = out[k]
                    if isinstance(node, str):
                        following = out[k + 1]
                        assert isinstance(following, PComment)
                        following.text = node + following.text
                        out[k] = ""
                head = out[i]
                tail = out[j - 1]
                assert isinstance(head, PComment) and isinstance(tail, PComment)
                head.text = prev[len(stripped) :] + head.text
                tail.text += nxt[: m.end()]
                out[j] = nxt[m.end() :]
        i = j
