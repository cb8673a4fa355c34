"""Templates, template arguments, comments and extension tags: the atoms of a page.

This follows MediaWiki's preprocessor (``Preprocessor_Hash``): one left-to-right
scan with an explicit stack of open ``{{``/``[[`` runs, so it is linear in the
input and never recurses. Braces are matched the way MediaWiki matches them
(``{{{{{x}}}}}`` is a template named by an argument), and a run that never
closes is written back as text. The result is a list of ``str`` pieces and
atomic nodes that the block pass splits into lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from wikikit.tree import (
    Comment,
    ExtensionTag,
    Inline,
    Parameter,
    Template,
    TemplateArgument,
    Text,
)

Item = str | Inline
Items = list[Item]
#: One line's pieces and its newline ("\n", "\r\n" or "" at the end).
Line = tuple[Items, str]

#: Tags whose body MediaWiki hands to an extension unparsed (core, Cite, Math, …).
EXTENSION_TAGS = frozenset(
    [
        "nowiki",
        "pre",
        "gallery",
        "indicator",
        "ref",
        "references",
        "math",
        "chem",
        "ce",
        "source",
        "syntaxhighlight",
        "poem",
        "timeline",
        "score",
        "hiero",
        "graph",
        "templatedata",
        "templatestyles",
        "categorytree",
        "mapframe",
        "maplink",
        "inputbox",
        "imagemap",
        "section",
        "charinsert",
        "rss",
        "dynamicpagelist",
        "includeonly",
        "noinclude",
        "onlyinclude",
        "langconvert",
    ]
)
#: These may run to the end of the page without a closing tag.
_OPEN_ENDED_TAGS = frozenset(("includeonly", "noinclude", "onlyinclude"))
#: On a page view only these tags count, not elements: their content is page text.
_MARKER_TAGS = frozenset(("noinclude", "onlyinclude", "/noinclude", "/onlyinclude"))

#: Nodes nested deeper than this are written back as text, which keeps every
#: later pass (and Python's recursion limit) safe on hostile input.
MAX_NESTING = 40

_TAG_ALT = "|".join(
    sorted([*EXTENSION_TAGS, r"/noinclude", r"/onlyinclude"], key=len, reverse=True)
)
# Markup outside any open run, and inside a template (where | and = split parameters).
_TOP_RE = re.compile(r"\{\{|<!--|<(?i:" + _TAG_ALT + r")(?=[\s/>])")
_IN_BRACE_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|[|=]|<!--|<(?i:" + _TAG_ALT + r")(?=[\s/>])")
_IN_LINK_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|<!--|<(?i:" + _TAG_ALT + r")(?=[\s/>])")


#: Depth of a span that is already text: everything around it is text too.
_TEXT_DEPTH = 1 << 30


class _Span:
    """A stretch of the input kept as text, cut out only when joined (see coalesce)."""

    __slots__ = ("end", "source", "start")

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.start = start
        self.end = end


class _Piece:
    """An open ``{{``/``[[`` run on the stack.

    A ``[[`` run only ever turns back into text, so it writes its markup and
    content straight into the enclosing part (``parts`` is that one list): no
    copying when it closes, whatever the nesting.
    """

    __slots__ = ("count", "depth", "eqs", "open", "parts", "start")

    def __init__(self, open_char: str, count: int, start: int, into: Items | None = None) -> None:
        self.open = open_char
        self.count = count
        self.start = start  # where the opening run begins in the input
        self.parts: list[Items] = [[] if into is None else into]
        self.eqs: list[int | None] = [None]  # where the first "=" split each part
        self.depth = 0  # deepest node nesting inside

    def flatten(self, out: Items) -> None:
        """Write the run back as the text it was (it never closed)."""
        if self.open == "[":
            return  # already in place
        add_text(out, self.open * self.count)
        for i, part in enumerate(self.parts):
            if i:
                add_text(out, "|")
            _extend(out, part, self.eqs[i])


def add_text(out: list[Any], text: str) -> None:
    """Append a text piece unless it is empty.

    Pieces are only appended, and joined once by :func:`coalesce`: appending to a
    growing string would be quadratic on hostile input.
    """
    if text:
        out.append(text)


def coalesce(items: Items) -> Items:
    """Join neighbouring text pieces and drop empty ones (linear)."""
    if len(items) < 2 and (not items or not isinstance(items[0], _Span)):
        return items if not items or items[0] != "" else []
    out: Items = []
    buf: list[str] = []
    for item in items:
        if type(item) is str:
            if item:
                buf.append(item)
        elif isinstance(item, _Span):
            buf.append(item.source[item.start : item.end])
        else:
            if buf:
                out.append(buf[0] if len(buf) == 1 else "".join(buf))
                buf = []
            out.append(item)
    if buf:
        out.append(buf[0] if len(buf) == 1 else "".join(buf))
    return out


def _extend(out: Items, part: Items, eq: int | None) -> None:
    for i, item in enumerate(part):
        if i == eq:
            out.append("=")
        out.append(item)
    if eq is not None and eq == len(part):
        add_text(out, "=")


InlineParser = Callable[[Items], tuple[Inline, ...]]
#: Makes a special node (an infobox) from a template's name and parameters, or None.
TemplateHook = Callable[[tuple[Inline, ...], tuple[Parameter, ...]], Inline | None]


def preprocess(text: str, inline: InlineParser, hook: TemplateHook | None = None) -> Items:
    """Split ``text`` into text pieces and atomic nodes (templates, comments, tags).

    ``inline`` turns the pieces of a template name or parameter into inline nodes;
    ``hook`` may turn a template into another node.
    """
    base: Items = []
    stack: list[_Piece] = []
    accum = base
    pos = 0
    n = len(text)
    no_more_close: set[str] = set()
    no_more_gt = False
    run_char, run_end = "", -1
    while pos < n:
        if not stack:
            m = _TOP_RE.search(text, pos)
        elif stack[-1].open == "{":
            m = _IN_BRACE_RE.search(text, pos)
        else:
            m = _IN_LINK_RE.search(text, pos)
        if m is None:
            add_text(accum, text[pos:])
            break
        start = m.start()
        if start > pos:
            add_text(accum, text[pos:start])
        tok = m.group()
        c = tok[0]
        if c == "<":
            if tok == "<!--":
                end = text.find("-->", start + 4)
                if end < 0:
                    accum.append(Comment(text[start + 4 :], closed=False))
                    pos = n
                else:
                    accum.append(Comment(text[start + 4 : end]))
                    pos = end + 3
                continue
            written = tok[1:]
            name = written.lower()
            gt = -1 if no_more_gt else text.find(">", m.end())
            if gt < 0:
                no_more_gt = True
                add_text(accum, "<")
                pos = start + 1
                continue
            if name in _MARKER_TAGS:
                accum.append(_marker(text, start, m.end(), gt, written))
                pos = gt + 1
                continue
            if text[gt - 1] == "/":
                accum.append(_ext_tag(text, m.end(), gt - 1, written, "/>", None, ""))
                pos = gt + 1
                continue
            close = None
            if name not in no_more_close:
                close = re.compile(r"</" + re.escape(name) + r"\s*>", re.IGNORECASE).search(
                    text, gt + 1
                )
            if close is not None:
                body = text[gt + 1 : close.start()]
                accum.append(_ext_tag(text, m.end(), gt, written, ">", body, close.group()))
                pos = close.end()
            elif name in _OPEN_ENDED_TAGS:
                accum.append(_ext_tag(text, m.end(), gt, written, ">", text[gt + 1 :], ""))
                pos = n
            else:
                no_more_close.add(name)
                add_text(accum, text[start : gt + 1])
                pos = gt + 1
            continue
        if c == "{":
            run = _run_length(text, start, "{")
            piece = _Piece("{", run, start)
            stack.append(piece)
            accum = piece.parts[0]
            pos = start + run
            continue
        if c == "[":
            run = _run_length(text, start, "[")
            add_text(accum, "[" * run)
            stack.append(_Piece("[", run, start, accum))
            pos = start + run
            continue
        if c == "|":
            piece = stack[-1]
            piece.parts.append([])
            piece.eqs.append(None)
            accum = piece.parts[-1]
            pos = start + 1
            continue
        if c == "=":
            piece = stack[-1]
            if len(piece.parts) > 1 and piece.eqs[-1] is None:
                piece.eqs[-1] = len(accum)
                accum.append("")  # the value starts a new item, never merged into the key
            else:
                add_text(accum, "=")
            pos = start + 1
            continue
        # A closing run: "}}" or "]]". It may be consumed a few braces at a time, so its
        # end is remembered (measuring it again each time would be quadratic).
        piece = stack[-1]
        close_char = "}" if piece.open == "{" else "]"
        if run_end > start and text[start] == run_char:
            run = run_end - start
        else:
            run = _run_length(text, start, c)
            run_char, run_end = c, start + run
        if c != close_char:
            add_text(accum, c * run)
            pos = start + run
            continue
        count = min(run, piece.count)
        matched = min(count, 3 if c == "}" else 2)
        remaining = piece.count - matched
        keep_open = remaining >= 2
        pos = start + matched
        if c == "]":
            # Literal text, already in place: add the closing brackets.
            add_text(accum, "]]")
            if keep_open:
                piece.count = remaining
            else:
                stack.pop()
                stack[-1].depth = max(stack[-1].depth, piece.depth)
                accum = stack[-1].parts[-1]
            continue
        stack.pop()
        outer = stack[-1].parts[-1] if stack else base
        if not keep_open and remaining:
            add_text(outer, "{" * remaining)
        target = outer
        if keep_open:
            reopened = _Piece("{", remaining, piece.start)
            stack.append(reopened)
            target = reopened.parts[0]
        depth = piece.depth + 1
        if depth > MAX_NESTING:
            # Too deep: the whole element is its source text, and so is everything
            # around it (a span costs nothing until it is joined, so this stays linear).
            target.append(_Span(text, piece.start + remaining, pos))  # type: ignore[arg-type]
            depth = _TEXT_DEPTH
        else:
            target.append(_build_brace(piece, matched, inline, hook))
        if stack:
            stack[-1].depth = max(stack[-1].depth, depth)
        accum = stack[-1].parts[-1] if stack else base
    # Runs that never closed are text, in stack order (linear, unlike popping one by one).
    if stack:
        for piece in stack:
            piece.flatten(base)
    return coalesce(base)


def _attr_nodes(attr: str) -> tuple[Inline, ...]:
    """An extension tag's attribute text as nodes (templates in it are found, not expanded)."""
    if not attr:
        return ()
    if "{{" not in attr:
        return (Text(attr),)
    return tuple(
        Text(item) if isinstance(item, str) else item for item in preprocess(attr, _plain_pieces)
    )


def _plain_pieces(items: Items) -> tuple[Inline, ...]:
    """Inline nodes for a template name or value found in an extension tag's attributes."""
    return tuple(Text(item) if isinstance(item, str) else item for item in coalesce(items))


def _ext_tag(
    text: str,
    attr_start: int,
    attr_end: int,
    name: str,
    open_end: str,
    body: str | None,
    close: str,
) -> ExtensionTag:
    return ExtensionTag.with_body(
        name, _attr_nodes(text[attr_start:attr_end]), open_end, body, close
    )


def _marker(text: str, start: int, attr_start: int, gt: int, written: str) -> ExtensionTag:
    """A ``<noinclude>``/``</noinclude>`` (or onlyinclude) tag standing alone."""
    if written.startswith("/"):
        return ExtensionTag("", (), "", None, text[start : gt + 1])
    slash = text[gt - 1] == "/"
    end = gt - 1 if slash else gt
    return ExtensionTag(written, _attr_nodes(text[attr_start:end]), "/>" if slash else ">")


_RUNS = {c: re.compile(re.escape(c) + "+") for c in "{}[]"}


def _run_length(text: str, start: int, char: str) -> int:
    m = _RUNS[char].match(text, start)
    return m.end() - start if m else 0


def _build_brace(
    piece: _Piece, matched: int, inline: InlineParser, hook: TemplateHook | None
) -> Inline:
    parts = piece.parts
    eqs = piece.eqs
    name = inline(parts[0])
    if matched == 3:
        default = None
        if len(parts) > 1:
            rest: Items = []
            for i in range(1, len(parts)):
                if i > 1:
                    add_text(rest, "|")
                _extend(rest, parts[i], eqs[i])
            default = inline(rest)
        return TemplateArgument(name, default)
    params = []
    for i in range(1, len(parts)):
        eq = eqs[i]
        part = parts[i]
        if eq is None:
            params.append(Parameter(None, inline(part)))
        else:
            params.append(Parameter(inline(part[:eq]), inline(part[eq:])))
    if hook is not None:
        special = hook(name, tuple(params))
        if special is not None:
            return special
    return Template(name, tuple(params))


def split_lines(items: Items) -> list[Line]:
    """Cut at top-level newlines; ``\\r\\n`` is one line end, a lone ``\\r`` is text."""
    lines: list[Line] = []
    cur: Items = []
    for item in items:
        if type(item) is not str:
            cur.append(item)
            continue
        text: str = item
        if "\n" not in text:
            add_text(cur, text)
            continue
        parts = text.split("\n")
        for part in parts[:-1]:
            if part.endswith("\r"):
                add_text(cur, part[:-1])
                lines.append((coalesce(cur), "\r\n"))
            else:
                add_text(cur, part)
                lines.append((coalesce(cur), "\n"))
            cur = []
        add_text(cur, parts[-1])
    if cur:
        lines.append((coalesce(cur), ""))
    return lines
