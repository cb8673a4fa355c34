"""The fix-ups MediaWiki's HTML5 tidying step (Remex with its compat "munger")
applies after the block pass, done on a tag stream instead of a DOM.

* Inline content left directly in the body or a ``<blockquote>`` (next to a
  ``<div>`` on the same line, say) is wrapped in ``<p>``.
* A ``<p>`` or ``<li>`` that ends up empty gets ``class="mw-empty-elt"``;
  a stray ``</p>`` becomes an empty paragraph, as an HTML5 parser makes it.
* French spacing: a space before ``? : ; ! % » ›`` (not followed by a word
  character) and after ``« ‹`` becomes a no-break space.
* Tables, as an HTML5 parser builds them: content that stands in a table but
  outside its cells is moved in front of the table ("foster parenting", not
  p-wrapped); a table started there closes the open one; row and cell tags
  outside any table are dropped.

The input is the renderer's own output, so every ``<`` starts a tag and the
scan can be a single regular expression.
"""

from __future__ import annotations

import re
from typing import Final

from wikikit.html.wordtrie import trie_pattern

__all__ = ["french_spacing", "tidy"]

_VOID: Final = frozenset(
    [
        "br",
        "hr",
        "wbr",
        "img",
        "meta",
        "link",
        "col",
        "input",
        "area",
        "source",
        "track",
        "embed",
        "param",
    ]
)
_BLOCK: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
        "li",
        "dd",
        "dt",
        "listing",
        "plaintext",
        "xmp",
        "caption",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "colgroup",
        "col",
    ]
)


# Only block-level tags are tokens: inline elements and text between them are
# "content" (that keeps the scan short; inline tags never change block structure).
# The renderer writes every tag name in lower case.
# One group around the whole tag, so that ``split`` yields text, tag, slash and name
# in turn: one call for the page, not a match object and four method calls per tag.
_TOKEN_RE: Final = re.compile(r"(<(/?)(" + trie_pattern(_BLOCK) + r")\b[^>]*>)")
# Elements whose inline content is never wrapped, nor do they trigger wrapping.
# p is only closed by a block start tag if no scope boundary lies between.
_SCOPE: Final = frozenset(("table", "td", "th", "caption", "html", "object", "marquee", "applet"))
# After « or ‹ only when the guillemet points inward (not glued to a word before it).
# "(?![^<>]*>)": not inside a tag, so attribute values are never touched (text
# has its < and > escaped, so the next bracket tells).
_FRENCH_MARKS: Final = "[?:;!%»›]"
_FRENCH_RE: Final = re.compile(
    r" (?:(?=" + _FRENCH_MARKS + r"(?!\w))|(?<=(?<!\w)[«‹] ))(?![^<>]*>)"
)
# A space before a mark, which the pattern needs unless a guillemet is there (found
# by ``in``): most pages have neither, and this search costs a fifth of the pattern's.
_SPACE_BEFORE_MARK_RE: Final = re.compile(" " + _FRENCH_MARKS)

_EMPTY_MARKED: Final = frozenset(("p", "li"))

#: Block elements open at once, at most: a deeper start tag is shown as text (its
#: end tag, with nothing to close, is dropped). Lists, tables and inline tags are
#: capped earlier, as the parser caps them; this bounds what they add up to.
MAX_OPEN_ELEMENTS: Final = 200


# Only end tags (and blanks): no content, an HTML parser drops stray ones.
_END_TAGS_RE: Final = re.compile(r"(?:</[^>]*>\s*)+")


_TABLE_CONTEXT: Final = frozenset(("table", "tbody", "thead", "tfoot", "tr"))
# Start tags an HTML parser keeps in table context; any other content is fostered.
_TABLE_PARTS: Final = frozenset(
    ("caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th")
)
_CELL_PARTS: Final = frozenset(
    ("tr", "td", "th", "caption", "tbody", "thead", "tfoot", "colgroup", "col")
)

Sink = list[object]  # output pieces: strings, and the foster lists of tables


def _flatten(pieces: Sink, out: list[str]) -> None:
    for piece in pieces:
        if type(piece) is str:
            out.append(piece)
        else:
            _flatten(piece, out)  # type: ignore[arg-type]


# Remex's compat munger splits these around a block that starts inside them.
_FORMATTING: Final = frozenset(
    [
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)
_INLINE_TAG_RE: Final = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>")
_INLINE_VOID: Final = frozenset(
    ("br", "wbr", "img", "meta", "link", "input", "embed", "source", "track")
)


def _blank(text: str) -> bool:
    return not text.strip(" \t\n\r\f")


def _end_wrapper(sink: Sink, start: int) -> str:
    """End the paragraph wrapper opened at ``sink[start]`` before a block start tag,
    as Remex's compat munger does; return the start tags to reopen in front of the block.

    Inline elements still open in the wrapper decide how. When they are all
    formatting elements (``b``, ``i``, ``small`` …) the munger splits them: they
    end with the wrapper and clones hold the block (``<b>x<div>`` is
    ``<p><b>x</b></p><b><div>``), an element with nothing but blanks in it goes,
    and a wrapper left blank goes too. Otherwise the wrapper is cut in front of
    the outermost open element, which keeps the block. Elements that are already
    closed need nothing.
    """
    content = "".join([piece for piece in sink[start + 1 :] if type(piece) is str])
    stack: list[re.Match[str]] = []
    for m in _INLINE_TAG_RE.finditer(content):
        name = m.group(2)
        if name in _INLINE_VOID:
            continue
        if not m.group(1):
            stack.append(m)
            continue
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].group(2) == name:
                del stack[k:]
                break
    if not stack:
        sink.append("</p>")
        return ""
    if not all(m.group(2) in _FORMATTING for m in stack):
        head = content[: stack[0].start()]
        sink[start] = "<p>" if not _blank(head) else ""
        sink[start + 1 :] = [head + ("</p>" if sink[start] else "") + content[stack[0].start() :]]
        return ""
    # From the innermost out: an element is blank when only blanks and blank
    # elements follow its start tag.
    blank = [False] * len(stack)
    after = len(content)
    inner_blank = True
    for k in range(len(stack) - 1, -1, -1):
        blank[k] = inner_blank and _blank(content[stack[k].end() : after])
        inner_blank = blank[k]
        after = stack[k].start()
    pieces = [content[: stack[0].start()]]
    for k, m in enumerate(stack):
        if not blank[k]:
            pieces.append(m.group(0))
        end = stack[k + 1].start() if k + 1 < len(stack) else len(content)
        pieces.append(content[m.end() : end])
    kept = [m.group(2) for k, m in enumerate(stack) if not blank[k]]
    body = "".join(pieces)
    if kept or not _blank(body):
        sink[start + 1 :] = [body + "".join(f"</{name}>" for name in reversed(kept)) + "</p>"]
    else:
        sink[start] = ""
        sink[start + 1 :] = [body]
    return "".join(m.group(0) for m in stack)


_END_TAG_NAME_RE: Final = re.compile(r"</([a-z][a-z0-9]*)\s*>")
_LEADING_END_TAGS_RE: Final = re.compile(r"(?:[ \t\n\r\f]*</[a-z][a-z0-9]*\s*>)+")


def _tag_name(start_tag: str) -> str:
    m = _INLINE_TAG_RE.match(start_tag)
    return m.group(2) if m is not None else ""


def _mark_empty(tag: str, where: tuple[Sink, int]) -> None:
    target, start = where
    first = target[start]
    if tag in _EMPTY_MARKED and type(first) is str and "class=" not in first:
        target[start] = f'<{tag} class="mw-empty-elt"' + first[len(tag) + 1 :]


class _Tidy:
    """The state of one tidy pass.

    A class rather than closures over the pass's locals: closures sharing a cell
    form a reference cycle, which would hold the whole output until the cyclic
    collector runs.
    """

    def __init__(self) -> None:
        self.out: Sink = []
        # The open elements: parallel lists of tag name, where its start tag is (the
        # sink and index), whether anything (text or an element) went inside, and the
        # sink its content goes to (a fostered element writes in front of its table).
        self.tags: list[str] = []
        self.starts: list[tuple[Sink, int]] = []
        self.filled: list[bool] = []
        self.sinks: list[Sink] = []
        # A table's foster list (what goes in front of it).
        self.fosters: list[Sink | None] = []
        # How many <p> are on the stack (skips scope scans in deep lists).
        self.open_p = 0
        self.open_tables = 0  # how many <table> are on the stack
        self.fostered = False  # whether anything was moved in front of a table
        self.wrap: tuple[Sink, int] | None = None  # the start of the open p-wrapper
        # Formatting elements cloned around a block (see _end_wrapper) and still open:
        # their start tags, and how many elements were open around them.
        self.clones_open: list[str] = []
        self.clones_depth = 0

    def push(self, name: str, token: str, target: Sink, content: bool) -> None:
        where = (target, len(target))
        target.append(token)
        self.tags.append(name)
        self.starts.append(where)
        self.filled.append(content)
        self.sinks.append(target)
        self.fosters.append(None)
        if name == "p":
            self.open_p += 1
        elif name == "table":
            self.open_tables += 1

    def pop_to(self, index: int) -> None:
        while len(self.tags) > index:
            tag = self.tags.pop()
            where = self.starts.pop()
            content = self.filled.pop()
            target = self.sinks.pop()
            self.fosters.pop()
            if tag == "p":
                self.open_p -= 1
            elif tag == "table":
                self.open_tables -= 1
            if not content:
                _mark_empty(tag, where)
            if len(self.tags) == index or tag == "p":
                # Inner inline elements are left to the HTML parser to close
                # (and to reopen after a block, as MediaWiki's output does).
                target.append(f"</{tag}>")
            elif self.tags and content:
                self.filled[-1] = True

    def foster_list(self) -> Sink:
        """The foster list of the innermost open table."""
        self.fostered = True
        for i in range(len(self.tags) - 1, -1, -1):
            found = self.fosters[i]
            if found is not None:
                return found
        return self.out  # pragma: no cover - only called with a table open

    def table_in_scope(self) -> int:
        for i in range(len(self.tags) - 1, -1, -1):
            if self.tags[i] == "table":
                return i
        return -1

    def close_clones(self, ends: str) -> None:
        for end in _END_TAG_NAME_RE.findall(ends):
            for k in range(len(self.clones_open) - 1, -1, -1):
                if _tag_name(self.clones_open[k]) == end:
                    del self.clones_open[k:]
                    break

    def text(self, chunk: str) -> None:
        if self.clones_open and self.clones_depth == len(self.tags):
            lead = _LEADING_END_TAGS_RE.match(chunk)
            if lead is not None and lead.end() < len(chunk):
                # End tags first: they may close the clones before any text needs a <p>.
                (self.sinks[-1] if self.sinks else self.out).append(lead.group(0))
                self.close_clones(lead.group(0))
                chunk = chunk[lead.end() :]
        stripped = chunk.strip(" \t\n\r\f")
        if stripped and (stripped[0] != "<" or not _END_TAGS_RE.fullmatch(stripped)):
            if self.tags and self.tags[-1] in _TABLE_CONTEXT:
                self.foster_list().append(chunk)  # foster parenting (never p-wrapped)
                return
            if not self.tags or self.tags[-1] == "blockquote":
                if self.tags:
                    self.filled[-1] = True
                target = self.sinks[-1] if self.sinks else self.out
                reopen = ""
                if self.clones_open and self.clones_depth == len(self.tags):
                    # Text after a block inside cloned formatting: the clones end
                    # before the paragraph and open again inside it (Remex's munger).
                    target.append("".join(f"</{_tag_name(t)}>" for t in reversed(self.clones_open)))
                    reopen = "".join(self.clones_open)
                    self.clones_open.clear()
                self.push("p", "<p>", target, True)
                self.wrap = self.starts[-1]
                if reopen:
                    target.append(reopen)
            else:
                self.filled[-1] = True
        elif self.clones_open and "</" in chunk and self.clones_depth == len(self.tags):
            self.close_clones(chunk)
        (self.sinks[-1] if self.sinks else self.out).append(chunk)

    def run(self, html: str) -> str:
        out = self.out
        tags = self.tags
        starts = self.starts
        filled = self.filled
        sinks = self.sinks
        fosters = self.fosters
        clones_open = self.clones_open
        # On the whole text at once: the pattern never looks past a tag's brackets,
        # so the result is the same as chunk by chunk (a tag holds no raw "<": the
        # renderer escapes attribute values).
        html = french_spacing(html)
        parts = _TOKEN_RE.split(html)
        last = len(parts) - 1
        for at in range(0, last, 4):
            chunk = parts[at]
            if chunk:
                self.text(chunk)
            token = parts[at + 1]
            closing = parts[at + 2]
            name = parts[at + 3]
            if not closing:
                if name in _CELL_PARTS and not self.open_tables:
                    continue  # a row or cell tag outside any table: dropped
                if name == "table" and tags and tags[-1] in _TABLE_CONTEXT:
                    # A table started in a table (outside a cell) closes that table.
                    self.pop_to(self.table_in_scope())
                clones = ""
                if self.open_p:
                    # A block start tag closes a <p> open in scope.
                    for i in range(len(tags) - 1, -1, -1):
                        tag = tags[i]
                        if tag == "p":
                            opened = self.wrap
                            # By parts: a compiled build may rebox the tuple (no identity).
                            if (
                                opened is not None
                                and starts[i][0] is opened[0]
                                and starts[i][1] == opened[1]
                                and i == len(tags) - 1
                            ):
                                clones = _end_wrapper(*starts[i])
                                tags.pop()
                                starts.pop()
                                filled.pop()
                                sinks.pop()
                                fosters.pop()
                                self.open_p -= 1
                            else:
                                self.pop_to(i)
                            break
                        if tag in _SCOPE:
                            break
                target = sinks[-1] if sinks else out
                if clones:
                    target.append(clones)
                    if not tags or tags[-1] == "blockquote":
                        clones_open[:] = [t.group(0) for t in _INLINE_TAG_RE.finditer(clones)]
                        self.clones_depth = len(tags)
                if tags and tags[-1] in _TABLE_CONTEXT and name not in _TABLE_PARTS:
                    target = self.foster_list()
                elif tags:
                    filled[-1] = True
                if name in _VOID:
                    target.append(token)
                    continue
                if len(tags) >= MAX_OPEN_ELEMENTS:
                    # Deeper elements are text (the parser caps its own nesting the same way).
                    target.append(
                        token.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    )
                    continue
                if name == "table":
                    foster: Sink = []
                    target.append(foster)
                    self.push(name, token, target, False)
                    fosters[-1] = foster
                    continue
                if name == "p" and clones_open and self.clones_depth == len(tags):
                    # As for a wrapper: the clones end before the paragraph, open inside it.
                    target.append("".join(f"</{_tag_name(t)}>" for t in reversed(clones_open)))
                    self.push(name, token, target, False)
                    target.append("".join(clones_open))
                    clones_open.clear()
                    continue
                self.push(name, token, target, False)
                continue
            if tags and tags[-1] == name:
                # The common case: the end tag of the innermost element.
                tags.pop()
                if name == "p":
                    self.open_p -= 1
                elif name == "table":
                    self.open_tables -= 1
                where = starts.pop()
                target = sinks.pop()
                fosters.pop()
                if not filled.pop():
                    _mark_empty(name, where)
                target.append(token)
                continue
            # An end tag: find its element, not looking past a scope boundary.
            index = -1
            for i in range(len(tags) - 1, -1, -1):
                tag = tags[i]
                if tag == name:
                    index = i
                    break
                if name != "p" and tag in _SCOPE and name not in _SCOPE:
                    break
            if index >= 0:
                self.pop_to(index)
            elif name == "p":
                # HTML5 turns a stray </p> into an empty paragraph.
                if tags:
                    filled[-1] = True
                (sinks[-1] if sinks else out).append('<p class="mw-empty-elt"></p>')
        rest = parts[last]
        if rest:
            self.text(rest)
        self.pop_to(0)
        if not self.fostered:
            return "".join([piece for piece in out if type(piece) is str])
        result: list[str] = []
        _flatten(out, result)
        return "".join(result)


def french_spacing(html: str) -> str:
    """``html`` with the no-break spaces of French spacing (see the module doc).

    Whether a space changes depends on the characters next to it and on the next
    bracket after it (none inside a tag changes). So text of whole lines, with
    newlines or tags around it in the page, gets the same spaces on its own.
    """
    if _SPACE_BEFORE_MARK_RE.search(html) is not None or (
        " " in html and ("«" in html or "‹" in html)
    ):
        return _FRENCH_RE.sub("\u00a0", html)
    return html


def tidy(html: str) -> str:
    """Apply the Remex-compatible fix-ups to rendered HTML (see the module doc)."""
    return _Tidy().run(html)
