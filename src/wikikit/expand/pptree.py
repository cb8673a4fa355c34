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
from typing import Any, Union

from wikikit.nodes import Comment, ExtensionTag, Template, TemplateArgument, Text
from wikikit.preprocessor import preprocess

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

    __slots__ = ("key", "line_start", "parts", "title")

    def __init__(self, title: Tree, parts: list[PPart], line_start: bool) -> None:
        self.title = title
        self.parts = parts
        self.line_start = line_start
        #: Source text of the parts when it holds no ``{{{…}}}`` (a cache key), else None.
        self.key: str | None | bool = False


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


Node = Union[str, PTemplate, PArg, PExt, PComment, PIgnore]
Tree = list[Node]


def _keep(items: list[Any]) -> tuple[Any, ...]:
    # The expander wants the preprocessor's pieces as they are, not inline-parsed.
    return tuple(items)


_ONLYINCLUDE_OPEN = "<onlyinclude>"
_ONLYINCLUDE_CLOSE = "</onlyinclude>"
_TAG_NAME_RE = re.compile(r"<([A-Za-z][^\s/>]*)")


def build_tree(text: str, *, include: bool = False) -> Tree:
    """Preprocess ``text`` for expansion: as a page view, or for inclusion (``include``)."""
    if include and _ONLYINCLUDE_OPEN in text and _ONLYINCLUDE_CLOSE in text:
        text = _only_included(text)
    items = preprocess(text, _keep, None)  # type: ignore[arg-type]
    return _convert(list(items), include)


def _only_included(text: str) -> str:
    # Only what stands between <onlyinclude> and </onlyinclude> is included.
    out = []
    pos = 0
    while True:
        start = text.find(_ONLYINCLUDE_OPEN, pos)
        if start < 0:
            break
        start += len(_ONLYINCLUDE_OPEN)
        end = text.find(_ONLYINCLUDE_CLOSE, start)
        if end < 0:
            out.append(text[start:])
            break
        out.append(text[start:end])
        pos = end + len(_ONLYINCLUDE_CLOSE)
    return "".join(out)


_STRAY_VIEW = re.compile(r"</?(?:noinclude|onlyinclude)\s*/?>", re.IGNORECASE)
_STRAY_INCLUDE = re.compile(r"</?includeonly\s*/?>", re.IGNORECASE)


def _convert(items: list[Any], include: bool) -> Tree:
    out: Tree = []
    for item in items:
        if isinstance(item, str):
            _add_source_text(out, item, include)
        elif isinstance(item, Text):
            _add_text(out, item.value)
        elif isinstance(item, Template):
            prev = out[-1] if out else None
            line_start = isinstance(prev, str) and prev.endswith("\n")
            title = _convert(list(item.name_nodes), include)
            parts: list[PPart] = []
            index = 0
            for p in item.params:
                value = _convert(list(p.value), include)
                if p.key is None:
                    index += 1
                    parts.append(PPart(None, value, index))
                else:
                    parts.append(PPart(_convert(list(p.key), include), value, 0))
            out.append(PTemplate(title, parts, line_start))
        elif isinstance(item, TemplateArgument):
            title = _convert(list(item.name_nodes), include)
            dparts = [] if item.default is None else [_convert(list(item.default), include)]
            out.append(PArg(title, dparts))
        elif isinstance(item, Comment):
            out.append(PComment("<!--" + item.content + ("-->" if item.closed else "")))
        elif isinstance(item, ExtensionTag):
            _add_ext(out, item, include)
        else:
            _add_text(out, item.to_wikitext())
    _eat_comment_lines(out)
    return out


def _add_source_text(out: Tree, text: str, include: bool) -> None:
    # Closing tags left without an opening one are dropped too (ignoredTags).
    stray = _STRAY_INCLUDE if include else _STRAY_VIEW
    if "</" not in text and "/>" not in text:
        _add_text(out, text)
        return
    pos = 0
    for m in stray.finditer(text):
        _add_text(out, text[pos : m.start()])
        out.append(PIgnore(m.group()))
        pos = m.end()
    _add_text(out, text[pos:])


def _add_text(out: Tree, text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def _add_ext(out: Tree, tag: ExtensionTag, include: bool) -> None:
    name = tag.tag
    source = tag.to_wikitext()
    if name in ("noinclude", "includeonly", "onlyinclude"):
        dropped = (name == "noinclude") if include else (name == "includeonly")
        if dropped or tag.content is None:
            out.append(PIgnore(source))
            return
        out.append(PIgnore(tag.open_tag))
        for node in build_tree(tag.content, include=include):
            if isinstance(node, str):
                _add_text(out, node)
            else:
                out.append(node)
        if tag.close_tag:
            out.append(PIgnore(tag.close_tag))
        return
    m = _TAG_NAME_RE.match(tag.open_tag)
    written = m.group(1) if m else name
    attr_end = len(tag.open_tag) - (2 if tag.content is None else 1)
    attr = tag.open_tag[1 + len(written) : attr_end]
    out.append(PExt(name, tag.open_tag, attr, tag.content, tag.close_tag))


_LEAD_WS = re.compile(r"[ \t]*\n")


def _eat_comment_lines(out: Tree) -> None:
    """A line holding only comments and spaces vanishes with its newline (Preprocessor_Hash)."""
    i = 0
    n = len(out)
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
        prev = out[i - 1] if i else None
        nxt = out[j] if j < n else None
        if isinstance(prev, str) and isinstance(nxt, str):
            stripped = prev.rstrip(" \t")
            m = _LEAD_WS.match(nxt)
            if stripped.endswith("\n") and m is not None:
                # The comment takes its line's spaces and newline with it.
                out[i - 1] = stripped
                head = out[i]
                tail = out[j - 1]
                assert isinstance(head, PComment) and isinstance(tail, PComment)
                head.text = prev[len(stripped) :] + head.text
                tail.text += nxt[: m.end()]
                out[j] = nxt[m.end() :]
        i = j
    # Empty text pieces left by the trimming are harmless to the expander.
