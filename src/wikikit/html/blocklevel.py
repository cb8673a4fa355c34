"""Paragraphs, indent-pre and list nesting, as MediaWiki's ``BlockLevelPass`` does them.

MediaWiki decides ``<p>``/``<pre>`` wrapping on the *rendered* line text (it
looks for block-level tags such as ``<div`` or ``</table`` in each line), so
the renderer first produces the same line-oriented intermediate text that
MediaWiki has at this point (inline markup already HTML, list lines still
starting with their ``*#:;`` prefix) and then runs this pass over it. The
algorithm follows ``includes/parser/BlockLevelPass.php``; the code is ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from wikikit.html.wordtrie import trie_pattern
from wikikit.parser.blocks import MAX_LIST_NESTING

__all__ = ["do_block_levels", "runs_as_text"]

_BLOCK: Final = ("table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "p", "ul", "ol", "dl")
_ANTI_BLOCK: Final = ("td", "th")
_EITHER: Final = ("tr", "caption", "dt", "dd", "li")
_ALWAYS: Final = ("center", "blockquote", "div", "hr", "mw:", "aside")
# BlockLevelPass's two tag sets: an "open match" closes an open paragraph and starts
# block mode (no p-wrapping), a "close match" closes one and ends block mode. They
# are disjoint, so one scan finds both kinds (group 1 is an open match).
_OPEN_MATCH_TAGS: Final = [
    *_BLOCK,
    *(f"/{t}" for t in _ANTI_BLOCK),
    *_EITHER,
    *(f"/{t}" for t in _EITHER),
]
_CLOSE_MATCH_TAGS: Final = [
    *(f"/{t}" for t in _BLOCK),
    *_ANTI_BLOCK,
    *_ALWAYS,
    *(f"/{t}" for t in _ALWAYS),
]
_OPEN_TAG: Final = trie_pattern(_OPEN_MATCH_TAGS)
_CLOSE_TAG: Final = trie_pattern(_CLOSE_MATCH_TAGS)
_BLOCK_TAG_RE: Final = re.compile(f"<(?:({_OPEN_TAG})|({_CLOSE_TAG}))\\b", re.I)
# MediaWiki looks for "<pre" and "</pre" anywhere in a line (no word boundary).
_PRE_TAG_RE: Final = re.compile(r"<(/?)pre", re.I)
# Both in one scan, for a text whose every "<" starts a lower-case ASCII tag name (the
# renderer writes no other), where matching ignoring case finds nothing more; the last
# alternative matches any other "<", and then the text is scanned ignoring case.
# m.lastindex tells the alternatives apart: 1 "<pre" (2: and a block tag, "\b" after
# it), 3 an open match, 4 a close match, 5 another "<".
_MARKS_LOWER_RE: Final = re.compile(
    f"<(?:(/?)pre(\\b)?|({_OPEN_TAG})\\b|({_CLOSE_TAG})\\b|()(?!/?[a-z][a-z0-9]*[\\s/>]))"
)
_BLOCKQUOTE_RE: Final = re.compile(r"<(/?)blockquote[\s>]", re.I)
# A line of nothing but <style> elements and <link> tags (BlockLevelPass writes it as
# (<style…>.*?</style>\s*|<link…>\s*)+, which backtracks exponentially on many <style>
# elements followed by other text). Written so that it cannot: a .*? that may run over
# later </style> tags lets the <style> elements merge into one, from the first to the
# last </style>, after which only <link> tags may follow; <link> tags may also precede.
_LINK_TAGS: Final = r"(?:<link\b[^>]*>\s*)*"
_STYLE_LINE_RE: Final = re.compile(
    rf"^(?=<){_LINK_TAGS}(?:<style\b[^>]*>.*</style>\s*{_LINK_TAGS})?$", re.I
)
_COLON_SCAN_RE: Final = re.compile(r":|<|-\{")
_LANG_CONVERT_RE: Final = re.compile(r"-\{|\}-")
_PREFIX_RE: Final = re.compile(r"[*#:;]*")
_LIST_MARKS: Final = frozenset("*#:;")
_WS: Final = " \t\n\r\x00\x0b"

_OPEN_LIST: Final = {"*": "<ul><li>", "#": "<ol><li>", ":": "<dl><dd>", ";": "<dl><dt>"}


# Bits of a line's marks (see _line_marks).
_OPENS: Final = 1
_CLOSES: Final = 2
_PRE_OPENS: Final = 4
_PRE_CLOSES: Final = 8


def _matches_by_line(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """The matches of ``pattern`` in ``text``, each with the index of its line."""
    line = 0
    last = 0
    for m in pattern.finditer(text):
        start = m.start()
        line += text.count("\n", last, start)
        last = start
        yield line, m


def _line_marks(text: str) -> tuple[dict[int, int], bool]:
    """For each line of ``text`` that has one, the block tags and ``<pre`` in it, as bits;
    and whether ``text`` may hold a blockquote tag (most pages have none, and then no
    line needs looking at for one).

    PERF: one scan of the whole text, not one per line (the calls cost more than the
    matching), and one pattern for block tags and ``<pre`` in the renderer's text
    (three scans took 26 ms on the benchmark corpus, the one 14 ms). The matches are
    the same: the patterns are letters after ``<`` and a ``\\b``, and no letter folds to
    a newline under ``re.I``.
    """
    marks: dict[int, int] = {}
    # _matches_by_line inlined: the generator costs 0.7% of to_html here.
    line = 0
    last = 0
    for m in _MARKS_LOWER_RE.finditer(text):
        kind = m.lastindex
        if kind == 5:
            return _line_marks_ignoring_case(text)
        start = m.start()
        line += text.count("\n", last, start)
        last = start
        if kind == 3:
            bit = _OPENS
        elif kind == 4:
            bit = _CLOSES
        elif m.group(1):
            bit = _PRE_CLOSES | _CLOSES if kind == 2 else _PRE_CLOSES
        else:
            bit = _PRE_OPENS | _OPENS if kind == 2 else _PRE_OPENS
        marks[line] = marks.get(line, 0) | bit
    # Every tag name is in lower case here, so a blockquote tag is spelt so.
    return marks, "blockquote" in text


def _line_marks_ignoring_case(text: str) -> tuple[dict[int, int], bool]:
    marks: dict[int, int] = {}
    for line, m in _matches_by_line(_BLOCK_TAG_RE, text):
        marks[line] = marks.get(line, 0) | (_OPENS if m.group(1) is not None else _CLOSES)
    for line, m in _matches_by_line(_PRE_TAG_RE, text):
        marks[line] = marks.get(line, 0) | (_PRE_CLOSES if m.group(1) else _PRE_OPENS)
    return marks, _BLOCKQUOTE_RE.search(text) is not None


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def find_colon_no_links(text: str) -> int:
    """Index of the first ``:`` outside any HTML tag or comment, or -1.

    Splits ``; term : definition``; colons inside ``<a href="http://…">`` and
    inside elements must not split the line (MediaWiki's findColonNoLinks).
    """
    m = _COLON_SCAN_RE.search(text)
    if m is None:
        return -1
    if m.group() == ":":
        return m.start()
    # A small state machine over tags; only runs when a tag precedes the colon.
    state = "text"
    depth = 0
    lc_depth = 0
    i = m.start()
    n = len(text)
    while i < n:
        c = text[i]
        if state == "text":
            if c == "<":
                state = "tagstart"
            elif c == ":":
                if depth == 0:
                    return i
            else:
                m = _COLON_SCAN_RE.search(text, i)
                if m is None:
                    return -1
                if m.group() == "-{":
                    state = "lc"
                    lc_depth += 1
                    i = m.start() + 1
                else:
                    i = m.start() - 1
        elif state == "lc":
            m2 = _LANG_CONVERT_RE.search(text, i)
            if m2 is None:
                return -1
            i = m2.start() + 1
            if m2.group() == "-{":
                lc_depth += 1
            else:
                lc_depth -= 1
                if lc_depth == 0:
                    state = "text"
        elif state == "tag":
            if c == ">":
                depth += 1
                state = "text"
            elif c == "/":
                state = "tagslash"
        elif state == "tagstart":
            if c == "/":
                state = "closetag"
            elif c == "!":
                state = "comment"
            elif c == ">":
                state = "text"
            else:
                state = "tag"
        elif state == "closetag":
            if c == ">":
                if depth > 0:
                    depth -= 1
                state = "text"
        elif state == "tagslash":
            state = "text" if c == ">" else "tag"
        elif state == "comment":
            if c == "-":
                state = "commentdash"
        elif state == "commentdash":
            state = "commentdashdash" if c == "-" else "comment"
        elif state == "commentdashdash":
            state = "text" if c == ">" else "comment"
        i += 1
    return -1


class _Pass:
    __slots__ = ("dt_open", "in_pre", "last_para")

    def __init__(self) -> None:
        self.dt_open = False
        self.in_pre = False
        self.last_para = ""

    def close_paragraph(self, at_end: bool = False) -> str:
        result = ""
        if self.last_para:
            result = f"</{self.last_para}>" if at_end else f"</{self.last_para}>\n"
        self.in_pre = False
        self.last_para = ""
        return result

    def open_list(self, char: str) -> str:
        result = self.close_paragraph()
        if char == ";":
            self.dt_open = True
        return result + _OPEN_LIST[char]

    def next_item(self, char: str) -> str:
        if char in "*#":
            return "</li>\n<li>"
        close = "</dt>\n" if self.dt_open else "</dd>\n"
        if char == ";":
            self.dt_open = True
            return close + "<dt>"
        self.dt_open = False
        return close + "<dd>"

    def close_list(self, char: str) -> str:
        if char == "*":
            return "</li></ul>"
        if char == "#":
            return "</li></ol>"
        if self.dt_open:
            self.dt_open = False
            return "</dt></dl>"
        return "</dd></dl>"

    def run(self, text: str) -> str:
        out: list[str] = []
        emit = out.append
        last_prefix = ""
        prefix = ""
        prefix2 = ""
        in_block = False
        pending: str | None = None  # a <p> (or </p><p>) waiting for text
        in_blockquote = False
        lines = text.split("\n")
        last_index = len(lines) - 1
        line_marks, quotes = _line_marks(text) if "<" in text else ({}, False)
        for index, line in enumerate(lines):
            not_last = index < last_index
            marks = line_marks.get(index, 0)
            pre_close = bool(marks & _PRE_CLOSES)
            pre_open = bool(marks & _PRE_OPENS)
            if not self.in_pre:
                if line[:1] in _LIST_MARKS:
                    # Nesting is capped as in the parser: further markers are text.
                    plen = min(_PREFIX_RE.match(line).end(), MAX_LIST_NESTING)  # type: ignore[union-attr]
                else:
                    plen = 0  # most lines: no regex match to run
                prefix = line[:plen]
                prefix2 = prefix.replace(";", ":")
                t = line[plen:]
                self.in_pre = pre_open
            else:
                plen = 0
                prefix = prefix2 = ""
                t = line

            if plen and last_prefix == prefix2:
                emit(self.next_item(prefix[-1]))
                pending = None
                if prefix[-1] == ";":
                    pos = find_colon_no_links(t)
                    if pos >= 0:
                        emit(t[:pos].strip(_WS))
                        emit(self.next_item(":"))
                        t = t[pos + 1 :]
            elif plen or last_prefix:
                common = _common_prefix(prefix, last_prefix)
                pending = None
                last_len = len(last_prefix)
                while common < last_len:
                    emit(self.close_list(last_prefix[last_len - 1]))
                    last_len -= 1
                if plen <= common and common > 0:
                    emit(self.next_item(prefix[common - 1]))
                if self.dt_open and common > 0 and prefix[common - 1] == ":":
                    emit(self.next_item(":"))
                if last_prefix and plen > common:
                    emit("\n")
                while plen > common:
                    char = prefix[common]
                    emit(self.open_list(char))
                    if char == ";":
                        pos = find_colon_no_links(t)
                        if pos >= 0:
                            emit(t[:pos].strip(_WS))
                            emit(self.next_item(":"))
                            t = t[pos + 1 :]
                    common += 1
                if not plen and last_prefix:
                    emit("\n")
                last_prefix = prefix2

            if plen == 0:
                # t is the whole line here, so the line's marks are t's.
                open_match = bool(marks & _OPENS)
                close_match = bool(marks & _CLOSES)
                if open_match or close_match:
                    pending = None
                    if not self.in_pre or pre_open:
                        emit(self.close_paragraph())
                    if pre_open and not pre_close:
                        self.in_pre = True
                    if quotes:
                        for bq in _BLOCKQUOTE_RE.finditer(t):
                            in_blockquote = not bq.group(1)
                    in_block = not close_match
                elif not in_block and not self.in_pre:
                    if (
                        t[:1] == " "
                        and (self.last_para == "pre" or t.strip(_WS) != "")
                        and not in_blockquote
                    ):
                        if self.last_para != "pre":
                            pending = None
                            emit(self.close_paragraph() + "<pre>")
                            self.last_para = "pre"
                        t = t[1:]
                    elif "<" in t and _STYLE_LINE_RE.match(t):
                        if pending is not None:
                            emit(self.close_paragraph())
                            pending = None
                    elif t.strip(_WS) == "":
                        if pending is not None:
                            emit(pending + "<br />")
                            pending = None
                            self.last_para = "p"
                        elif self.last_para != "p":
                            emit(self.close_paragraph())
                            pending = "<p>"
                        else:
                            pending = "</p><p>"
                    elif pending is not None:
                        emit(pending)
                        pending = None
                        self.last_para = "p"
                    elif self.last_para != "p":
                        emit(self.close_paragraph() + "<p>")
                        self.last_para = "p"
            if pre_close and self.in_pre:
                self.in_pre = False
            if pending is None:
                if plen == 0:
                    emit(t)
                    if not_last or self.last_para:
                        emit("\n")
                else:
                    emit(t.strip(_WS))
        plen = len(prefix2)
        while plen:
            emit(self.close_list(prefix2[plen - 1]))
            plen -= 1
            if not plen and self.last_para:
                emit("\n")
        emit(self.close_paragraph(True))
        return "".join(out)


def runs_as_text(text: str) -> bool:
    """Whether the pass reads every line of ``text`` as running text, whatever the
    lines around it: no line is blank, starts a list item or indent-pre (``*#:;`` or
    a space), or holds only ``<style>`` and ``<link>`` tags.

    When such text also holds none of the tags the pass looks for (block tags,
    ``<pre``, ``<blockquote``), the pass treats its lines as it treats one line of
    plain words in their place: it wraps them in the same ``<p>`` (or in none), and
    every line after the first only follows the first. The renderer relies on this to
    set such paragraphs aside as one placeholder line (its tags are the renderer's
    to rule out, without a scan).
    """
    if not text:
        return False
    for line in text.split("\n") if "\n" in text else (text,):
        first = line[:1]
        if first in _LIST_MARKS or first == " " or first == "":
            return False
        # Blank when made of _WS only (a first character outside it settles that).
        if first in _WS and not line.strip(_WS):
            return False
        if first == "<" and _STYLE_LINE_RE.match(line):
            return False
    return True


def do_block_levels(text: str) -> str:
    """Wrap paragraphs, indent-pre lines and ``*#:;`` list lines of ``text`` in HTML."""
    return _Pass().run(text)
