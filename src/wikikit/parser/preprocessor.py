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
from functools import lru_cache
from typing import Any, Final, Protocol

from wikikit.parser.context import current
from wikikit.tree import (
    Comment,
    ExtensionTag,
    Inline,
    Parameter,
    Template,
    TemplateArgument,
    Text,
)
from wikikit.tree.inline import Unparsed, UnparsedParams

Item = str | Inline
Items = list[Item]
#: What the scan collects before it is done: text, atomic nodes, stretches of the input
#: kept as text (``_Span``) and, when expanding, the expander's own nodes. Typed loosely
#: on purpose: compiled code checks declared item types at run time.
Pieces = list[Any]
#: One line's pieces and its newline ("\n", "\r\n" or "" at the end).
Line = tuple[Items, str]

#: Tags whose body MediaWiki hands to an extension unparsed (core, Cite, Math, …).
EXTENSION_TAGS: Final = frozenset(
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
_OPEN_ENDED_TAGS: Final = frozenset(("includeonly", "noinclude", "onlyinclude"))
#: In a page's tree these are tags standing alone, not elements: their content is page
#: text (MediaWiki's page view drops the tags and keeps what is between them).
_MARKER_TAGS: Final = frozenset(("noinclude", "onlyinclude", "/noinclude", "/onlyinclude"))

#: Nodes nested deeper than this are written back as text, which keeps every
#: later pass (and Python's recursion limit) safe on hostile input.
MAX_NESTING: Final = 40


#: Depth of a span that is already text: everything around it is text too.
_TEXT_DEPTH: Final = 1 << 30


class _Span:
    """A stretch of the input kept as text, cut out only when joined (see coalesce)."""

    __slots__ = ("end", "source", "start")

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.start = start
        self.end = end


class _Piece:
    """An open ``{{``/``[[`` run, or a line opening with ``=`` inside a call, on the stack.

    A ``[[`` run only ever turns back into text, so it writes its markup and
    content straight into the enclosing part (``parts`` is that one list): no
    copying when it closes, whatever the nesting. So does a heading line
    (``open`` is ``"\n"``), whose only effect is that ``|``, ``=`` and ``}}`` are
    text until the line ends.
    """

    __slots__ = ("count", "depth", "eqs", "open", "parts", "start")

    def __init__(self, open_char: str, count: int, start: int, into: Pieces | None = None) -> None:
        self.open = open_char
        self.count = count
        self.start = start  # where the opening run begins in the input
        self.parts: list[Pieces] = [[] if into is None else into]
        self.eqs: list[int | None] = [None]  # where the first "=" split each part
        self.depth = 0  # deepest node nesting inside

    def flatten(self, out: Pieces) -> None:
        """Write the run back as the text it was (it never closed)."""
        if self.open != "{":
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


def coalesce(items: Pieces) -> Pieces:
    """Join neighbouring text pieces (spans of the input included) and drop empty ones (linear)."""
    if len(items) < 2 and (not items or not isinstance(items[0], _Span)):
        return items if not items or items[0] != "" else []
    out: Pieces = []
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


def _extend(out: Pieces, part: Pieces, eq: int | None) -> None:
    for i, item in enumerate(part):
        if i == eq:
            out.append("=")
        out.append(item)
    if eq is not None and eq == len(part):
        add_text(out, "=")


InlineParser = Callable[[Items], tuple[Inline, ...]]
#: Makes a special node (an infobox) of a template, or None; it reads the parameters
#: (see :attr:`Template.params`) only when it makes one.
TemplateHook = Callable[[Template], Inline | None]


class _ParamsReader:
    """Builds the parameters a parse left unparsed (:class:`UnparsedParams`), as the
    parse would have built them: keys parsed with ``later`` (in the page's wiki),
    values left to it."""

    __slots__ = ("later",)

    def __init__(self, later: InlineParser) -> None:
        self.later = later

    def params(self, parts: list[Pieces], eqs: list[int | None]) -> tuple[Parameter, ...]:
        return tuple(_params(parts, eqs, self.later, self.later))

    def write(self, parts: list[Pieces], eqs: list[int | None], out: list[str]) -> None:
        # The parts as _Piece.flatten writes them back, after the name.
        pieces: Pieces = []
        for i in range(1, len(parts)):
            pieces.append("|")
            _extend(pieces, parts[i], eqs[i])
        for item in coalesce(pieces):
            if type(item) is str:
                out.append(item)
            else:
                item._write(out)


class ExpansionBuilder(Protocol):
    """Makes the nodes of an expansion tree (``mode="view"`` or ``"include"``)."""

    def template(
        self, title: Pieces, parts: list[tuple[Pieces | None, Pieces]], line_start: bool
    ) -> Any:
        """A ``{{…}}`` call: title pieces, ``(name or None, value)`` parts, at a line start?"""

    def argument(self, title: Pieces, parts: list[Pieces]) -> Any:
        """A ``{{{…}}}`` argument: name pieces and each part after it."""

    def ignore(self, text: str) -> Any:
        """Markup dropped in this mode (``<noinclude>`` tags on a view …)."""


class _Mode:
    """What one preprocessing mode matches: extension tags, ignored tags and elements."""

    def __init__(
        self,
        tags: frozenset[str],
        ignored_tags: frozenset[str],
        ignored: str,
        marker_tags: frozenset[str] = frozenset(),
    ) -> None:
        self.ignored_tags = ignored_tags
        self.ignored_element = ignored
        self.marker_tags = marker_tags
        alt = "|".join(
            sorted(
                list(tags) + [t.replace("/", r"\/") for t in ignored_tags | marker_tags],
                key=len,
                reverse=True,
            )
        )
        tag = r"<(?i:" + alt + r")(?=[\s/>])"
        # PERF: every alternative starts with a literal character, so ``re`` scans for
        # those characters and tries a match only there. One alternative starting with
        # a class (``[|=\n]``) makes it try a match at every position (every match of
        # ``brace`` on the benchmark corpus: 47 ms so, 33 ms as written here).
        self.top = re.compile(r"\{\{|<!--|" + tag)
        self.brace = re.compile(r"\{\{|\}\}|\[\[|\]\]|\||=|\n|<!--|" + tag)
        self.link = re.compile(r"\{\{|\}\}|\[\[|\]\]|\n|<!--|" + tag)
        self.heading = re.compile(r"\{\{|\[\[|\n|<!--|" + tag)


class _TopScan:
    """``top.search(text, pos)`` for a rising ``pos``, found with ``str.find``.

    PERF: outside any call, a match starts only at ``{{`` or ``<``. ``re`` tests
    every character against the pattern's first characters, several times
    slower than ``str.find`` on page text, which has long stretches between
    templates and tags. The next ``{{`` and ``<`` at or after the last position
    asked are kept (-1: none left), so no stretch is read twice.
    """

    __slots__ = ("angle", "brace", "text", "top")

    def __init__(self, top: re.Pattern[str], text: str) -> None:
        self.top = top
        self.text = text
        self.brace = -2  # not looked for yet
        self.angle = -2

    def search(self, pos: int) -> re.Match[str] | None:
        text = self.text
        while True:
            if self.brace != -1 and self.brace < pos:
                self.brace = text.find("{{", pos)
            if self.angle != -1 and self.angle < pos:
                self.angle = text.find("<", pos)
            brace, angle = self.brace, self.angle
            if brace == -1 and angle == -1:
                return None
            at = brace if angle == -1 or (brace != -1 and brace < angle) else angle
            m = self.top.match(text, at)
            if m is not None:
                return m
            pos = at + 1  # a "<" that starts nothing


@lru_cache(maxsize=256)
def _closing_tag(name: str) -> re.Pattern[str]:
    """The end tag of an extension tag (``name`` in lower case), any case."""
    return re.compile(r"</" + re.escape(name) + r"\s*>", re.IGNORECASE)


@lru_cache(maxsize=64)
def _mode(tags: frozenset[str], mode: str) -> _Mode:
    """A mode's scanners for one wiki's extension tags.

    Built on first use: each mode compiles four patterns (about 3 ms a mode at
    import), and parsing a page needs only "source"; "view" and "include" serve
    expansion.
    """
    if mode == "view":
        return _Mode(
            tags - {"noinclude", "onlyinclude"},
            frozenset(("noinclude", "/noinclude", "onlyinclude", "/onlyinclude")),
            "includeonly",
        )
    if mode == "include":
        return _Mode(
            tags - {"includeonly", "onlyinclude"},
            frozenset(("includeonly", "/includeonly", "/onlyinclude")),
            "noinclude",
        )
    if mode == "source":
        return _Mode(tags - {"noinclude", "onlyinclude"}, frozenset(), "", _MARKER_TAGS)
    raise KeyError(mode)


_ONLYINCLUDE: Final = "<onlyinclude>"


#: What the preprocessor recovered from: (kind, offset, message); see wikikit.tree.diagnostics.
Notes = list[tuple[str, int, str]]


def preprocess(
    text: str,
    inline: InlineParser,
    hook: TemplateHook | None = None,
    *,
    mode: str = "source",
    builder: ExpansionBuilder | None = None,
    notes: Notes | None = None,
    later: InlineParser | None = None,
    bodies: Callable[[str], tuple[Inline, ...]] | None = None,
) -> Items:
    """Split ``text`` into text pieces and atomic nodes (templates, comments, tags).

    ``inline`` turns the pieces of a template name or parameter into inline nodes;
    ``hook`` may turn a template into another node. ``mode="source"`` (the
    default) reads a page losslessly. ``"view"`` and ``"include"`` read it as
    MediaWiki's preprocessor does for a page view or a transclusion (the tags
    ``<noinclude>``, ``<includeonly>`` and ``<onlyinclude>`` take effect, each
    call and argument keeps its parts), building nodes with ``builder``.
    ``notes`` receives what was recovered from (unclosed ``{{``, extension
    tags without an end, the nesting cap). The extension tags are those of
    the wiki being parsed (:func:`wikikit.parser.context.current`). With
    ``later``, a template's parameters are built when first read
    (:class:`UnparsedParams`) and their values left unparsed (:class:`Unparsed`),
    for ``later`` to parse when one is read; ``bodies`` parses the wikitext bodies
    of extension tags when they are read (see :meth:`ExtensionTag.with_body`).
    """
    tags = current().extension_tags
    rules = _mode(EXTENSION_TAGS if tags is None else tags, mode)
    reader = None if later is None else _ParamsReader(later)
    expanding = builder is not None and mode != "source"
    base: Pieces = []
    stack: list[_Piece] = []
    accum = base
    pos = 0
    n = len(text)
    no_more_close: set[str] = set()
    no_more_gt = False
    run_char, run_end = "", -1
    only_include = (
        mode == "include" and _ONLYINCLUDE in text and "</onlyinclude>" in text and expanding
    )
    find_only = only_include
    top_scan = _TopScan(rules.top, text)
    while pos < n:
        if find_only:
            # Transclusion with <onlyinclude>: everything outside it is dropped.
            start = text.find(_ONLYINCLUDE, pos)
            end = n if start < 0 else start + len(_ONLYINCLUDE)
            accum.append(builder.ignore(text[pos:end]))  # type: ignore[union-attr]
            pos = end
            find_only = False
            continue
        if not stack:
            m = top_scan.search(pos)
        else:
            top = stack[-1].open
            if top == "{":
                m = rules.brace.search(text, pos)
            elif top == "[":
                m = rules.link.search(text, pos)
            else:
                m = rules.heading.search(text, pos)
        if m is None:
            add_text(accum, text[pos:])
            break
        start = m.start()
        if start > pos:
            add_text(accum, text[pos:start])
        tok = m.group()
        c = tok[0]
        if c == "\n":
            # A line start inside a call: "=" opening the line may start a heading, in
            # which "|", "=" and "}}" are text until the line ends (Preprocessor_Hash).
            if stack[-1].open == "\n":
                line = stack.pop()
                if not stack:
                    accum = base
                    continue
                # What nested inside the line nests inside the call (the cap counts it).
                stack[-1].depth = max(stack[-1].depth, line.depth)
                accum = stack[-1].parts[-1]
            add_text(accum, "\n")
            pos = start + 1
            count = 0
            while count < 6 and pos + count < n and text[pos + count] == "=":
                count += 1
            piece = stack[-1]
            find_equals = piece.open == "{" and len(piece.parts) > 1 and piece.eqs[-1] is None
            if count and not (count == 1 and find_equals):
                stack.append(_Piece("\n", count, pos, accum))
            continue
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
            if name == "/onlyinclude" and not only_include and mode != "source":
                add_text(accum, "<")
                pos = start + 1
                continue
            gt = -1 if no_more_gt else text.find(">", m.end())
            if gt < 0:
                no_more_gt = True
                add_text(accum, "<")
                pos = start + 1
                continue
            if name in rules.ignored_tags:
                if name == "/onlyinclude":
                    find_only = True
                    pos = start
                    continue
                accum.append(builder.ignore(text[start : gt + 1]))  # type: ignore[union-attr]
                pos = gt + 1
                continue
            if name in rules.marker_tags:
                accum.append(_marker(text, start, m.end(), gt, written))
                pos = gt + 1
                continue
            if text[gt - 1] == "/":
                tag = _ext_tag(text, m.end(), gt - 1, written, "/>", None, "", bodies)
                if name == rules.ignored_element and expanding:
                    accum.append(builder.ignore(tag.to_wikitext()))  # type: ignore[union-attr]
                else:
                    accum.append(tag)
                pos = gt + 1
                continue
            close = None
            if name not in no_more_close:
                close = _closing_tag(name).search(text, gt + 1)
            if close is not None:
                body = text[gt + 1 : close.start()]
                tag = _ext_tag(text, m.end(), gt, written, ">", body, close.group(), bodies)
                pos = close.end()
            elif name in _OPEN_ENDED_TAGS:
                tag = _ext_tag(text, m.end(), gt, written, ">", text[gt + 1 :], "", bodies)
                pos = n
            else:
                no_more_close.add(name)
                add_text(accum, text[start : gt + 1])
                pos = gt + 1
                if notes is not None:
                    notes.append(
                        (
                            "unclosed-extension-tag",
                            start,
                            f"<{name}> has no </{name}>; kept as text",
                        )
                    )
                continue
            if name == rules.ignored_element and expanding:
                accum.append(builder.ignore(tag.to_wikitext()))  # type: ignore[union-attr]
            else:
                accum.append(tag)
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
        if depth > MAX_NESTING and notes is not None and depth < _TEXT_DEPTH:
            notes.append(
                (
                    "nesting-limit",
                    piece.start + remaining,
                    f"templates nested deeper than {MAX_NESTING}; kept as text",
                )
            )
        if depth > MAX_NESTING:
            # Too deep: the whole element is its source text, and so is everything
            # around it (a span costs nothing until it is joined, so this stays linear).
            target.append(_Span(text, piece.start + remaining, pos))
            depth = _TEXT_DEPTH
        elif expanding:
            line_start = (
                matched == piece.count and piece.start > 0 and text[piece.start - 1] == "\n"
            )
            target.append(_build_expansion(piece, matched, line_start, builder))  # type: ignore[arg-type]
        elif matched == 2 and not _valid_call_name(piece.parts[0]):
            # {{foo[[bar]]}}: not a title, so MediaWiki leaves the braces as text.
            piece.count = 2
            piece.flatten(target)
            add_text(target, "}}")
        else:
            target.append(_build_brace(piece, matched, inline, hook, reader))
        if stack:
            stack[-1].depth = max(stack[-1].depth, depth)
        accum = stack[-1].parts[-1] if stack else base
    # Runs that never closed are text, in stack order (linear, unlike popping one by one).
    if stack:
        for piece in stack:
            if notes is not None and piece.open == "{":
                braces = "{" * piece.count
                notes.append(
                    ("unclosed-template", piece.start, f"'{braces}' is never closed; kept as text")
                )
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


def _plain_pieces(items: Pieces) -> tuple[Inline, ...]:
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
    reader: Callable[[str], tuple[Inline, ...]] | None,
) -> ExtensionTag:
    return ExtensionTag.with_body(
        name, _attr_nodes(text[attr_start:attr_end]), open_end, body, close, reader
    )


def _marker(text: str, start: int, attr_start: int, gt: int, written: str) -> ExtensionTag:
    """A ``<noinclude>``/``</noinclude>`` (or onlyinclude) tag standing alone."""
    if written.startswith("/"):
        return ExtensionTag("", (), "", None, text[start : gt + 1])
    slash = text[gt - 1] == "/"
    end = gt - 1 if slash else gt
    return ExtensionTag(written, _attr_nodes(text[attr_start:end]), "/>" if slash else ">")


_RUNS: Final = {c: re.compile(re.escape(c) + "+") for c in "{}[]"}


def _run_length(text: str, start: int, char: str) -> int:
    m = _RUNS[char].match(text, start)
    return m.end() - start if m else 0


_TITLE_BREAKERS: Final = re.compile(r"[\[\]{}|<>]")


def _valid_call_name(name: Pieces) -> bool:
    """False when the literal name cannot be a title nor a function: ``{{a[[b]]}}``, ``{{a\\nb}}``.

    A name built by a nested call or argument is judged only after expansion.
    """
    pieces: list[str] = []
    for item in name:
        if isinstance(item, str):
            pieces.append(item)
        elif isinstance(item, _Span):
            pieces.append(item.source[item.start : item.end])
        elif isinstance(item, (Template, TemplateArgument)):
            return True
        elif isinstance(item, ExtensionTag):
            pieces.append("<>")
    return call_name_is_valid("".join(pieces))


def call_name_is_valid(name: str) -> bool:
    """Whether ``{{name}}`` reads as a call: a name that could be a title or a function."""
    literal = name.strip()
    head = literal.split(":", 1)[0]
    if ":" in literal and (head.startswith("#") or head.strip().isalpha()):
        return True  # maybe a parser function, whose argument may hold anything
    return not _TITLE_BREAKERS.search(literal) and "\n" not in literal


def _build_expansion(
    piece: _Piece, matched: int, line_start: bool, builder: ExpansionBuilder
) -> Any:
    parts = piece.parts
    eqs = piece.eqs
    if matched == 3:
        rest: list[Pieces] = []
        for i in range(1, len(parts)):
            whole: Pieces = []
            _extend(whole, parts[i], eqs[i])
            rest.append(whole)
        return builder.argument(parts[0], rest)
    split: list[tuple[Pieces | None, Pieces]] = []
    for i in range(1, len(parts)):
        eq = eqs[i]
        part = parts[i]
        if eq is None:
            split.append((None, part))
        else:
            split.append((part[:eq], part[eq:]))
    return builder.template(parts[0], split, line_start)


def _build_brace(
    piece: _Piece,
    matched: int,
    inline: InlineParser,
    hook: TemplateHook | None,
    reader: _ParamsReader | None,
) -> Inline:
    parts = piece.parts
    eqs = piece.eqs
    # The parts may hold spans of the input: the inline parser takes joined text.
    name = inline(coalesce(parts[0]))
    if matched == 3:
        default = None
        if len(parts) > 1:
            rest: Pieces = []
            for i in range(1, len(parts)):
                if i > 1:
                    add_text(rest, "|")
                _extend(rest, parts[i], eqs[i])
            default = inline(coalesce(rest))
        return TemplateArgument(name, default)
    if reader is None:
        template = Template(name, tuple(_params(parts, eqs, inline, None)))
    elif len(parts) == 1:
        template = Template(name)
    else:
        # The parts are the piece's own lists, which nothing changes once it closed.
        template = Template.unparsed(name, UnparsedParams(parts, eqs, reader))
    if hook is not None:
        special = hook(template)
        if special is not None:
            return special
    return template


def _params(
    parts: list[Pieces], eqs: list[int | None], inline: InlineParser, later: InlineParser | None
) -> list[Parameter]:
    """The parameters of a template's parts after its name; with ``later``, their
    values are left for it to parse when read."""
    params = []
    for i in range(1, len(parts)):
        eq = eqs[i]
        part = parts[i]
        key = None
        if eq is not None:
            key = inline(coalesce(part[:eq]))
            part = part[eq:]
        if later is None:
            params.append(Parameter(key, inline(coalesce(part))))
        else:
            params.append(Parameter.unparsed(key, Unparsed(tuple(coalesce(part)), later)))
    return params


def split_lines(items: Pieces) -> list[Line]:
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
