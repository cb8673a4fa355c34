"""Inline markup inside a line, a cell or a template parameter.

The passes run in MediaWiki's order where it matters: internal links, then
HTML tags, then external links and bare URLs, entities and behaviour
switches, and bold/italic last, per line, with MediaWiki's ``doQuotes`` rules.
Input is a list of text pieces and atomic nodes from the preprocessor; output
is a tuple of :class:`~wikikit.tree.Inline` nodes whose markup concatenates
back to the input exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.entities import html5 as _HTML5_ENTITIES
from typing import Any, Final

from wikikit.parser.context import current
from wikikit.parser.preprocessor import Item, Items, add_text, coalesce, split_lines
from wikikit.tree import (
    Bold,
    Comment,
    Entity,
    ExternalLink,
    HtmlTag,
    Inline,
    Italic,
    MagicWord,
    Template,
    TemplateArgument,
    Text,
    WikiLink,
)
from wikikit.tree.base import NODE_TYPES

#: HTML elements wikitext may write (MediaWiki's Sanitizer: htmlpairs and htmlsingle,
#: plus meta and link, which it allows with microdata attributes); others are text.
#: The HTML renderer's sanitizer uses this list too.
HTML_TAGS: Final = frozenset(
    """b bdi del i ins u font big small sub sup h1 h2 h3 h4 h5 h6 cite code em s strike strong
    tt var div center blockquote ol ul dl table caption pre ruby rb rp rt rtc p span abbr dfn
    kbd samp data time mark br wbr hr li dt dd meta link tr td th q bdo""".split()  # noqa: SIM905
)
VOID_TAGS: Final = frozenset(("br", "wbr", "hr", "meta", "link"))
#: Namespaces whose links may hold further links in their caption.
FILE_NAMESPACES: Final = frozenset(("file", "image", "datei", "bild", "fil", "media"))

MAX_DEPTH: Final = 20

# A whole link with a plain target and label, or a lone "[[" or "]]".
_LINK_TOKEN: Final = re.compile(
    r"\[\[([^\[\]{}|<>\n\r\t#\x00-\x1f\x7f\ufffd]*(?:#[^\[\]{}|\n]*)?)"
    r"(?:\|([^\[\]\n]*))?\]\]|\[\[|\]\]"
)
_TITLE_OK: Final = re.compile(r"[^\[\]{}|<>\n\r\t\x00-\x1f\x7f\ufffd#]*(?:#[^\[\]{}|\n]*)?")
_PROTOCOLS: Final = (
    r"bitcoin:|ftp://|ftps://|geo:|git://|gopher://|http://|https://|irc://|ircs://|magnet:"
    r"|mailto:|matrix:|mms://|news:|nntp://|redis://|sftp://|sip:|sips:|sms:|ssh://|svn://"
    r"|tel:|telnet://|urn:|worldwind://|xmpp:"
)
# MediaWiki never makes an internal link of a target that starts with a URL protocol
# ("[[http://x]]" is "[", an external link and "]"); "//" counts as one.
_URL_TARGET: Final = re.compile(r" *(?i:" + _PROTOCOLS + r"|//)")
_ZS: Final = "\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# An apostrophe ends a URL only where it starts a '' run (MediaWiki reads quotes first).
_URL_CHAR: Final = r"(?:[^\]\[<>\"\x00-\x20\x7f" + _ZS + r"\ufffd']|'(?!'))"
_EXT_START: Final = re.compile(
    r"\[((?i:"
    + _PROTOCOLS
    + r"|//)(?:\[[0-9A-Fa-f:.]+\]|"
    + _URL_CHAR
    + r")"
    + _URL_CHAR
    + r"*)(["
    + _ZS
    + r"]*)"
)
_BAD_LABEL: Final = re.compile("[\x00-\x08\x0a-\x1f\ufffd]")
_ENTITY: Final = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MAGIC: Final = re.compile(
    r"__(?i:NOTOC|FORCETOC|TOC|NOEDITSECTION|NEWSECTIONLINK|NONEWSECTIONLINK|NOGALLERY|"
    r"HIDDENCAT|EXPECTUNUSEDCATEGORY|NOCONTENTCONVERT|NOCC|NOTITLECONVERT|NOTC|INDEX|NOINDEX|"
    r"STATICREDIRECT|EXPECTUNUSEDTEMPLATE|NOGLOBAL|DISAMBIG|ARCHIVEDTALK|NOTALK)__"
)
_QUOTE_MARKUP: Final = {"b": "'''", "i": "''"}
# Two apostrophes and any more: the runs of '{2,}, with a literal prefix that ``re``
# scans for instead of trying a match at every position.
_QUOTES: Final = re.compile(r"('''*)")


class _Mark:
    """A ``[[`` waiting for its ``]]``."""

    __slots__ = ("is_file", "pipe_seen")

    def __init__(self) -> None:
        self.pipe_seen = False
        self.is_file: bool | None = None  # known once its target is complete


def parse_items(items: Items, depth: int = 0) -> tuple[Inline, ...]:
    """Inline nodes for a run of text pieces and atomic nodes."""
    if not items:
        return ()
    # Markup never straddles two text pieces (pieces split only at markup), so the
    # plain check can run before joining them.
    for item in items:
        if type(item) is str:
            if _has_markup(item):
                break
        elif type(item) is HtmlTag:
            break
    else:
        return _wrap(items)
    items = tokenize_tags(coalesce(items))
    seq = _links(items, depth) if depth < MAX_DEPTH else list(items)
    seq = _tags(seq, depth)
    return _finish(seq, depth, True)


def _has_markup(text: str) -> bool:
    """Whether ``text`` holds a character or pair that may start inline markup.

    PERF: ``in`` runs at memory speed; a regex for any of these tests each character
    against a set, one call per character.
    """
    return (
        "[" in text
        or "]" in text
        or "<" in text
        or "&" in text
        or ":" in text
        or "''" in text
        or "__" in text
    )


def parse_text(text: str) -> tuple[Inline, ...]:
    return parse_items([text]) if text else ()


def _wrap(items: Items) -> tuple[Inline, ...]:
    if len(items) == 1:
        only = items[0]
        if type(only) is str:
            return (Text(only),) if only else ()
        return (only,)  # type: ignore[return-value]
    out: list[Inline] = []
    buf: list[str] = []
    for item in items:
        if type(item) is str:
            if item:
                buf.append(item)
        else:
            if buf:
                out.append(Text("".join(buf)))
                buf = []
            out.append(item)  # type: ignore[arg-type]
    if buf:
        out.append(Text("".join(buf)))
    return tuple(out)


# -- internal links --------------------------------------------------------------


def _links(items: Items, depth: int) -> Items:
    for item in items:
        if type(item) is str and ("[[" in item or "]]" in item):
            break
    else:
        return items
    out: list[Item | _Mark] = []
    stack: list[tuple[int, _Mark]] = []
    for item in items:
        if type(item) is not str:
            out.append(item)
            continue
        text: str = item
        pos = 0
        # PERF: every token starts at a "[[" or "]]", so the next one is found with
        # ``str.find`` (the pattern would test each character on the way). Each is
        # looked for again only once passed (-1: none left); ``pos`` never goes back.
        opens = closes = -2
        while True:
            if opens != -1 and opens < pos:
                opens = text.find("[[", pos)
            if closes != -1 and closes < pos:
                closes = text.find("]]", pos)
            if opens < 0:
                if closes < 0:
                    break
                start = closes
            else:
                start = opens if closes < 0 or opens < closes else closes
            m = _LINK_TOKEN.match(text, start)
            if m is None:
                break
            if start > pos:
                _text_after(out, stack, text[pos:start])
            target = m.group(1)
            if (
                target is not None
                and target.strip()
                and not (("/" in target or ":" in target) and _URL_TARGET.match(target))
            ):
                # PERF: a whole plain link inside one piece skips the bracket stack.
                label = m.group(2)
                link: WikiLink | None
                if label is None:
                    link = WikiLink((Text(target),))
                elif _has_markup(label):
                    link = WikiLink((Text(target),), parse_items([label], depth + 1))
                else:
                    link = WikiLink((Text(target),), (Text(label),) if label else ())
                out.append(link)
                pos = m.end()
                if stack:
                    _close_outer(out, stack)
                continue
            if target is not None or text.startswith("[[", start):
                # A "[[" inside a link's target makes that link text (a target holds
                # no "[["); only a label may hold links. Bounding the stack this way
                # keeps unmatched runs of "[[" linear.
                if stack and not stack[-1][1].pipe_seen:
                    stack.pop()
                if len(stack) < MAX_DEPTH:
                    mark = _Mark()
                    stack.append((len(out), mark))
                    out.append(mark)
                else:
                    out.append("[[")
                pos = start + 2
                continue
            pos = m.end()
            # "]]" closes the newest open link; if that is no valid link, the "[[" is
            # text (as in MediaWiki, a "[[" only ever pairs with its first "]]").
            if not stack:
                out.append("]]")
                continue
            begin, mark = stack.pop()
            inner = out[begin + 1 :]
            if text.startswith("]", pos) and mark.pipe_seen and _has_open_bracket(inner):
                # MediaWiki: in [[a|[b]]] the third "]" closes the label's "[".
                inner.append("]")
                pos += 1
            link = _make_link(inner, depth)
            if link is None:
                if inner and inner[-1] == "]":
                    pos -= 1
                out.append("]]")
                continue
            del out[begin:]
            out.append(link)
            if stack:
                _close_outer(out, stack)
        if pos < len(text):
            _text_after(out, stack, text[pos:])
    return coalesce(["[[" if type(item) is _Mark else item for item in out])


def _has_open_bracket(inner: list[Item | _Mark]) -> bool:
    """True when the label (after the first pipe) holds a "["."""
    in_label = False
    for item in inner:
        if type(item) is not str:
            continue
        text: str = item
        if not in_label:
            if "|" not in text:
                continue
            in_label = True
            text = text.partition("|")[2]
        if "[" in text:
            return True
    return False


def _close_outer(out: list[Item | _Mark], stack: list[tuple[int, _Mark]]) -> None:
    """Only file links may contain links: open links around a new link that are not file
    links can no longer close. Checking from the top keeps this linear."""
    while stack:
        k, outer = stack[-1]
        if outer.pipe_seen:
            if outer.is_file is None:
                outer.is_file = _is_file_target(out, k)
            if outer.is_file:
                return
        stack.pop()


def _text_after(out: list[Item | _Mark], stack: list[tuple[int, _Mark]], text: str) -> None:
    """Append text; letters right after a link are its trail."""
    if stack and "|" in text:
        stack[-1][1].pipe_seen = True
    if out:
        last = out[-1]
        if type(last) is WikiLink and not last.trail:
            n = current().trail_length(text)
            if n:
                out[-1] = WikiLink(last.target, last.label, text[:n])
                text = text[n:]
                if not text:
                    return
    out.append(text)


def _is_file_target(out: list[Item | _Mark], idx: int) -> bool:
    buf = []
    for item in out[idx + 1 :]:
        if type(item) is str:
            s: str = item
            buf.append(s.split("|", 1)[0])
            if "|" in s:
                break
    ns = "".join(buf).split(":", 1)
    return len(ns) == 2 and current().is_file_namespace(ns[0])


def _make_link(inner: list[Item | _Mark], depth: int) -> WikiLink | None:
    target: Items = []
    label: Items | None = None
    for item in inner:
        if isinstance(item, _Mark):
            if label is None:
                return None
            add_text(label, "[[")
            continue
        if label is not None:
            if type(item) is str:
                add_text(label, item)
            else:
                label.append(item)
            continue
        if type(item) is str:
            text: str = item
            head, sep, tail = text.partition("|")
            add_text(target, head)
            if sep:
                label = []
                add_text(label, tail)
        elif isinstance(item, Template | TemplateArgument | Comment):
            target.append(item)
        else:
            return None
    first = target[0] if target else ""
    if type(first) is str and ("/" in first or ":" in first) and _URL_TARGET.match(first):
        return None
    has_content = False
    for item in target:
        if type(item) is str:
            s: str = item
            if _TITLE_OK.fullmatch(s) is None:
                return None
            if s.strip():
                has_content = True
        elif not isinstance(item, Comment):
            has_content = True
    if not has_content:
        return None
    target_nodes = _wrap(target)
    label_nodes = None if label is None else parse_items(label, depth + 1)
    return WikiLink(target_nodes, label_nodes, "")


# -- links that span lines ---------------------------------------------------------

#: The characters of an internal link target: Title::legalChars() and "#" (all of
#: printable ASCII but ``<>[]{|}``, and everything from U+0080). Written as the
#: complement: a class reaching U+10FFFF takes the regex compiler 5 ms at import.
LINK_TARGET_CHARS: Final = r"[^\x00-\x1f\x7f<>\[\]{|}]"
# An internal link target and its "|" (never a newline).
_SPANNING_CANDIDATE: Final = re.compile(r"\[\[(" + LINK_TARGET_CHARS + r"+\|)[^\[\]\n]*(?:\n|\Z)")
_BRACKETS: Final = re.compile(r"\[\[|\]\]")
# Lines that MediaWiki's table and heading passes read before links: a link is
# never joined across them.
_LINE_BEFORE_LINKS: Final = re.compile(r"[ \t]*(?:[|!=]|:*[ \t]*\{\|)")


def join_spanning_links(items: Items) -> Items:
    """Internal links whose label runs over a newline, as single nodes.

    MediaWiki reads links over the whole text, after its table and heading
    passes but before paragraphs, lists and preformatted text: ``[[target|`` then
    anything but ``[[`` up to the first ``]]`` is one link, newlines included.
    The line passes then see the link as one piece of its first line. (A label
    with a lone ``[`` or ``]`` before its first newline is left to the line passes.)
    """
    search = _SPANNING_CANDIDATE.search
    for item in items:
        if type(item) is str and "[[" in item and search(item):
            break
    else:
        return items
    out: Items = []
    line_start = True  # the next text begins a line
    i = 0
    n = len(items)
    found = False
    while i < n:
        item = items[i]
        i += 1
        if type(item) is not str:
            out.append(item)
            line_start = False
            continue
        text: str = item
        pos = 0  # where the search goes on
        kept = 0  # where the text not yet in ``out`` begins
        while True:
            # PERF: only a "[[target|" whose label reaches a newline or the piece's end
            # before any bracket can span lines.
            m = _SPANNING_CANDIDATE.search(text, pos)
            if m is None:
                break
            end = _link_close(items, i - 1, m.end(1), text)
            target = m.group(1)[:-1]
            if end is None or not target.strip() or _URL_TARGET.match(target):
                pos = m.start() + 2
                continue
            j, close = end
            label: Items = []
            if j == i - 1:
                add_text(label, text[m.end(1) : close])
            else:
                add_text(label, text[m.end(1) :])
                label.extend(items[i:j])
                add_text(label, items[j][:close])  # type: ignore[index]
            if not _joinable(text, m.start(), line_start, label):
                pos = m.start() + 2
                continue
            add_text(out, text[kept : m.start()])
            out.append(WikiLink((Text(target),), parse_items(coalesce(label), 1), ""))
            found = True
            if j != i - 1:
                i = j + 1
                text = items[j]  # type: ignore[assignment]
                line_start = False
            pos = kept = close + 2
        add_text(out, text[kept:])
        if text:
            line_start = text.endswith("\n")
    return coalesce(out) if found else items


def _link_close(items: Items, i: int, start: int, text: str) -> tuple[int, int] | None:
    """Where the label's ``]]`` is, if it comes before any ``[[`` and a newline comes first."""
    newline = False
    piece = text
    j = i
    pos = start
    while True:
        m = _BRACKETS.search(piece, pos)
        stop = m.start() if m is not None else len(piece)
        if "\n" in piece[pos:stop]:
            newline = True
        if m is not None:
            return (j, m.start()) if m.group() == "]]" and newline else None
        j += 1
        while j < len(items) and type(items[j]) is not str:
            j += 1
        if j >= len(items):
            return None
        piece = items[j]  # type: ignore[assignment]
        pos = 0


def _joinable(text: str, start: int, line_start: bool, label: Items) -> bool:
    """False when a line the link touches is a table or heading line."""
    nl = text.rfind("\n", 0, start)
    if nl >= 0 or line_start:
        head = text[nl + 1 : start]
        if _LINE_BEFORE_LINKS.match(head):
            return False
    for piece in label:
        if type(piece) is str and "\n" in piece:
            for line in piece.split("\n")[1:]:
                if _LINE_BEFORE_LINKS.match(line):
                    return False
    return True


# -- HTML tags -------------------------------------------------------------------

_TAG_NAME: Final = re.compile(r"<(/?)([A-Za-z][^\t\n\x0b />\x00<]*)")
_ANGLE: Final = re.compile(r"[<>]")


def tokenize_tags(items: Items) -> Items:
    """HTML tags as childless :class:`HtmlTag` tokens, found as MediaWiki's Sanitizer
    finds them: ``<`` and an allowed name, then everything up to the first ``>``
    with no ``<`` before it (newlines, templates and comments included) is the tag.

    MediaWiki does this before tables, headings, links and quotes, so a tag's
    attributes never split a cell or start a link. :func:`parse_items` pairs
    the start and end tokens into elements.
    """
    for item in items:
        if type(item) is str and "<" in item:
            break
    else:
        return items
    out: Items = []
    found = False
    i = 0
    n = len(items)
    while i < n:
        item = items[i]
        i += 1
        if type(item) is not str or "<" not in item:
            out.append(item)
            continue
        text: str = item
        pos = 0
        while True:
            lt = text.find("<", pos)
            if lt < 0:
                add_text(out, text[pos:])
                break
            m = _TAG_NAME.match(text, lt)
            if m is None or m.group(2).lower() not in HTML_TAGS:
                add_text(out, text[pos : lt + 1])
                pos = lt + 1
                continue
            end = _tag_end(items, i - 1, m.end(), text)
            if end is None:
                add_text(out, text[pos : lt + 1])
                pos = lt + 1
                continue
            j, gt = end
            token = _tag_token(items, i - 1, m, j, gt, text)
            if token is None:
                add_text(out, text[pos : lt + 1])
                pos = lt + 1
                continue
            add_text(out, text[pos:lt])
            out.append(token)
            found = True
            if j != i - 1:
                # The tag ran over other pieces: go on after it in the piece where it ends.
                i = j + 1
                text = items[j]  # type: ignore[assignment]
            pos = gt + 1
    return coalesce(out) if found else items


def _tag_end(items: Items, i: int, start: int, text: str) -> tuple[int, int] | None:
    """Where the tag ends: (piece index, offset of its ``>``), if a ``>`` comes before any ``<``."""
    m = _ANGLE.search(text, start)
    if m is not None:
        return (i, m.start()) if m.group() == ">" else None
    for j in range(i + 1, len(items)):
        piece = items[j]
        if type(piece) is not str:
            continue
        m = _ANGLE.search(piece)
        if m is not None:
            return (j, m.start()) if m.group() == ">" else None
    return None


def _tag_token(
    items: Items, i: int, m: re.Match[str], j: int, gt: int, text: str
) -> HtmlTag | None:
    last: str = items[j]  # type: ignore[assignment]
    slash = gt > 0 and last[gt - 1] == "/" and (j != i or gt - 1 >= m.end())
    if m.group(1):
        if j != i:
            return None  # an end tag holding a template or comment stays text
        return HtmlTag("", (), "", (), text[m.start() : gt + 1])
    name = m.group(2)
    stop = gt - 1 if slash else gt
    attrs: Items = []
    if j == i:
        add_text(attrs, text[m.end() : stop])
    else:
        add_text(attrs, text[m.end() :])
        attrs.extend(items[i + 1 : j])
        add_text(attrs, last[:stop])
    attr_nodes = _wrap(coalesce(attrs)) if attrs else ()
    return HtmlTag(name, attr_nodes, "/>" if slash else ">", (), "")


def _tags(items: Items, depth: int) -> Items:
    """Pair start and end tag tokens into elements (a tag left open stays a token)."""
    for item in items:
        if type(item) is HtmlTag:
            break
    else:
        return items
    out: Items = []
    stack: list[tuple[str, int]] = []
    for item in items:
        if type(item) is not HtmlTag or item.children or (item.name and item.close_tag):
            out.append(item)
            continue
        tag: HtmlTag = item
        name = tag.tag
        if tag.name:
            if name in VOID_TAGS or tag.open_end == "/>" or len(stack) >= MAX_DEPTH:
                out.append(tag)
            else:
                stack.append((name, len(out)))
                out.append(tag)
            continue
        k = len(stack) - 1
        while k >= 0 and stack[k][0] != name:
            k -= 1
        if k < 0 or name in VOID_TAGS:
            out.append(tag)
            continue
        idx = stack[k][1]
        del stack[k:]
        opener = out[idx]
        assert isinstance(opener, HtmlTag)
        children = _finish(coalesce(out[idx + 1 :]), depth + 1, True)
        del out[idx:]
        out.append(opener.with_changes(children=children, close_tag=tag.close_tag))
    return coalesce(out)


# -- external links, bare URLs, entities, behaviour switches, quotes ---------------


def _finish(items: Items, depth: int, free_urls: bool) -> tuple[Inline, ...]:
    linked = _external_links(items, depth)
    if linked is not items:
        items = coalesce(linked)
    atoms = _atoms(items, free_urls)
    if atoms is not items:
        items = coalesce(atoms)
    return _quotes(items, depth)


def _external_links(items: Items, depth: int) -> Items:
    if not any(type(i) is str and "[" in i for i in items):
        return items
    out: Items = []
    i = 0
    n = len(items)
    pending: str | None = None
    # Where a label that runs past its piece ends: piece index -> (index, offset) or None.
    # Cached so that many "[http://…" starts without a "]" stay linear.
    ahead: dict[int, tuple[int, int] | None] = {}
    while i < n or pending is not None:
        if pending is not None:
            item: Item = pending
            pending = None
        else:
            item = items[i]
            i += 1
        if type(item) is not str:
            out.append(item)
            continue
        text: str = item
        pos = 0
        close = nl = -2  # next "]" / newline at or after the current start (-1: none left)
        while True:
            m = _EXT_START.search(text, pos)
            if m is None:
                add_text(out, text[pos:])
                break
            after = m.end()
            if close == -2 or 0 <= close < after:
                close = text.find("]", after)
            if nl == -2 or 0 <= nl < after:
                nl = text.find("\n", after)
            if close >= 0 and (nl < 0 or nl > close) and not _BAD_LABEL.search(text, after, close):
                add_text(out, text[pos : m.start()])
                label_items: Items = [text[after:close]] if close > after else []
                out.append(_ext_link(m.group(1), m.group(2), label_items, depth))
                pos = close + 1
                continue
            if close < 0 and nl < 0:
                if i not in ahead:
                    ahead[i] = _label_end(items, i)
                end = ahead[i]
                if end is not None:
                    j, found = end
                    label_items = [text[after:]] if after < len(text) else []
                    label_items.extend(items[i:j])
                    tail: str = items[j]  # type: ignore[assignment]
                    if found:
                        label_items.append(tail[:found])
                    add_text(out, text[pos : m.start()])
                    out.append(_ext_link(m.group(1), m.group(2), label_items, depth))
                    i = j + 1
                    pending = tail[found + 1 :] or None
                    break
            # Not a link: keep the "[" as text and look further on.
            add_text(out, text[pos : m.start() + 1])
            pos = m.start() + 1
    return out


def _label_end(items: Items, start: int) -> tuple[int, int] | None:
    """The first "]" in the pieces from ``start`` on, if no newline comes before it."""
    for j in range(start, len(items)):
        nxt = items[j]
        if type(nxt) is str:
            s: str = nxt
            c = s.find("]")
            e = s.find("\n")
            if c >= 0 and (e < 0 or e > c):
                return j, c
            if e >= 0:
                return None
    return None


def _ext_link(url: str, space: str, label_items: Items, depth: int) -> ExternalLink:
    label = _finish(_tags(label_items, depth + 1), depth + 1, False) if label_items else None
    if label is None and not space:
        return ExternalLink(url, "", None, True)
    return ExternalLink(url, space, label or (), True)


def _may_hold_atoms(text: str, free_urls: bool) -> bool:
    """Cheap test for an entity, a behaviour switch or (with ``free_urls``) a bare URL."""
    return "&" in text or "__" in text or (free_urls and ":" in text)


def _atoms(items: Items, free_urls: bool) -> Items:
    if not any(type(item) is str and _may_hold_atoms(item, free_urls) for item in items):
        return items
    out: Items = []
    for item in items:
        if type(item) is not str:
            out.append(item)
            continue
        text: str = item
        if not _may_hold_atoms(text, free_urls):
            add_text(out, text)
            continue
        spans: list[tuple[int, int, Inline]] = []
        if "&" in text:
            for m in _ENTITY.finditer(text):
                raw = m.group()
                if raw[1] == "#" or raw[1:] in _HTML5_ENTITIES:
                    spans.append((m.start(), m.end(), Entity(raw)))
        if "__" in text:
            for m in _MAGIC.finditer(text):
                spans.append((m.start(), m.end(), MagicWord(m.group())))
        if free_urls and ":" in text:
            for start, url in _free_urls(text):
                spans.append((start, start + len(url), ExternalLink(url, "", None, False)))
        if not spans:
            add_text(out, text)
            continue
        spans.sort(key=lambda s: s[0])
        pos = 0
        for start, end, node in spans:
            if start < pos:
                continue  # an entity inside a URL belongs to the URL
            add_text(out, text[pos:start])
            out.append(node)
            pos = end
        add_text(out, text[pos:])
    return out


_SLASH_SCHEMES: Final = frozenset(
    [
        "ftp",
        "ftps",
        "git",
        "gopher",
        "http",
        "https",
        "irc",
        "ircs",
        "mms",
        "nntp",
        "redis",
        "sftp",
        "ssh",
        "svn",
        "telnet",
        "worldwind",
    ]
)
_COLON_SCHEMES: Final = frozenset(
    [
        "bitcoin",
        "geo",
        "magnet",
        "mailto",
        "matrix",
        "news",
        "sip",
        "sips",
        "sms",
        "tel",
        "urn",
        "xmpp",
    ]
)
_URL_BODY: Final = re.compile(_URL_CHAR + "+")
_WORD_CHAR: Final = re.compile(r"\w")


def _free_urls(text: str) -> list[tuple[int, str]]:
    """Bare URLs as ``(start, url)``.

    PERF: found from each ":" looking back at the scheme; a regex alternation of
    all protocols tried at every word boundary was the slowest part of parsing.
    """
    found: list[tuple[int, str]] = []
    colon = text.find(":")
    while colon > 0:
        start = colon
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        scheme = text[start:colon].lower()
        body = -1
        if scheme in _SLASH_SCHEMES and text.startswith("//", colon + 1):
            body = colon + 3
        elif scheme in _COLON_SCHEMES:
            body = colon + 1
        if body > 0 and (start == 0 or not _WORD_CHAR.match(text, start - 1)):
            m = _URL_BODY.match(text, body)
            if m:
                url = _trim_url(text[start : m.end()])
                if len(url) > body - start:
                    found.append((start, url))
                    colon = text.find(":", start + len(url))
                    continue
        colon = text.find(":", colon + 1)
    return found


_URL_STOP: Final = re.compile(r"&(?:lt|gt|nbsp|#x0*(?:3[CcEe]|[Aa]0)|#0*(?:60|62|160));")
_ENTITY_END: Final = re.compile(r"&(?:[a-z]+|#x[0-9a-f]+|#[0-9]+)$", re.I)


def _trim_url(url: str) -> str:
    """A bare URL as MediaWiki's makeFreeExternalLink keeps it: it ends before ``&lt;``,
    ``&gt;`` or a no-break space entity, and trailing ``,;\\.:!?`` are text (and ``)``
    when the URL has no ``(``), except the ``;`` that closes an entity."""
    m = _URL_STOP.search(url)
    if m:
        url = url[: m.start()]
    seps = ",;\\.:!?" if "(" in url else ",;\\.:!?)"
    stripped = url.rstrip(seps)
    cut = len(url) - len(stripped)
    if cut and url[len(stripped)] == ";" and _ENTITY_END.search(stripped):
        stripped = url[: len(stripped) + 1]
    return stripped


def _quotes(items: Items, depth: int) -> tuple[Inline, ...]:
    if not any(type(i) is str and "''" in i for i in items):
        return _wrap(items)
    # doQuotes works line by line.
    merged: Items = []
    for line, newline in split_lines(items):
        if any(type(i) is str and "''" in i for i in line):
            for node in _do_quotes(line):
                merged.append(node.value if type(node) is Text else node)
        else:
            merged.extend(line)
        add_text(merged, newline)
    return _wrap(merged)


class LinkEdge(Inline):
    """The start (``[url ``) or the end (``]``) of an external link's label, in a
    line whose quotes :func:`requote` read again; rendering only, never in a tree."""

    __slots__ = ("link", "opening")
    link: ExternalLink
    opening: bool

    def __init__(self, link: ExternalLink, opening: bool) -> None:
        object.__setattr__(self, "link", link)
        object.__setattr__(self, "opening", opening)

    def _write(self, out: list[str]) -> None:
        out.append("[" + self.link.url + self.link.space if self.opening else "]")


del NODE_TYPES["LinkEdge"]


def requote(nodes: tuple[Inline, ...], split: Callable[[ExternalLink], bool]) -> tuple[Inline, ...]:
    """``nodes`` with bold and italic read again over whole lines, the labels of the
    external links ``split`` accepts included, as MediaWiki reads them: its
    ``doQuotes`` runs before external links are found, so ``''a [http://x b'' c]``
    ends the italics inside the label. Those links' ends become :class:`LinkEdge`
    nodes, and the result may nest the HTML way only (tags that cross).
    """
    items: Items = []
    _unquote(nodes, items, split)
    return _quotes(coalesce(items), 0)


def _unquote(
    nodes: tuple[Inline, ...], items: Items, split: Callable[[ExternalLink], bool]
) -> None:
    for n in nodes:
        t = type(n)
        if t is Text:
            add_text(items, n.value)  # type: ignore[attr-defined]
        elif t is Bold or t is Italic:
            add_text(items, n.open)  # type: ignore[attr-defined]
            _unquote(n.children, items, split)  # type: ignore[attr-defined]
            add_text(items, n.close)  # type: ignore[attr-defined]
        elif t is ExternalLink and split(n):  # type: ignore[arg-type]
            items.append(LinkEdge(n, True))  # type: ignore[arg-type]
            _unquote(n.label or (), items, split)  # type: ignore[attr-defined]
            items.append(LinkEdge(n, False))  # type: ignore[arg-type]
        else:
            items.append(n)


def _last_chars(segment: Items) -> tuple[str, str]:
    """(last char, the char before it) of a text segment, as MediaWiki's substr sees them."""
    tail = ""
    for item in reversed(segment):
        if type(item) is str or type(item) is LinkEdge:
            tail = str(item) + tail
            if len(tail) >= 2:
                break
        else:
            tail = "\x00" + tail  # a node reads as a non-space character
            break
    x1 = tail[-1:]
    x2 = tail[-2] if len(tail) >= 2 else tail[:1]
    return x1, x2


# Module-level helpers, not closures: a closure's cell and the function would form a
# reference cycle holding the line's nodes until the cyclic collector runs.
def _quote_open(frames: list[list[Any]], kind: str, markup: str) -> None:
    frames.append([kind, markup, []])


def _quote_close(frames: list[list[Any]], markup: str) -> None:
    kind, opened, kids = frames.pop()
    frames[-1][2].append((Bold if kind == "b" else Italic)(_wrap(kids), opened, markup))


def _open_both(frames: list[list[Any]], buffer: Items, outer: str) -> None:
    # A held ''''' opens both runs; the one that closes first is the inner one.
    inner = "i" if outer == "b" else "b"
    _quote_open(frames, outer, _QUOTE_MARKUP[outer])
    _quote_open(frames, inner, _QUOTE_MARKUP[inner])
    frames[-1][2].extend(buffer)


def _do_quotes(line: Items) -> list[Inline]:
    """MediaWiki's ``doQuotes`` on one line, building Bold/Italic nodes."""
    # arr alternates text segments (lists of items) and apostrophe-run lengths.
    arr: list[Items | int] = [[]]
    for item in line:
        if type(item) is str:
            parts = _QUOTES.split(item)
            for k, part in enumerate(parts):
                if k % 2:
                    arr.append(len(part))
                    arr.append([])
                else:
                    add_text(arr[-1], part)  # type: ignore[arg-type]
        else:
            arr[-1].append(item)  # type: ignore[union-attr]
    italics = bolds = 0
    for i in range(1, len(arr), 2):
        length: int = arr[i]  # type: ignore[assignment]
        if length == 4:
            add_text(arr[i - 1], "'")  # type: ignore[arg-type]
            length = arr[i] = 3
        elif length > 5:
            add_text(arr[i - 1], "'" * (length - 5))  # type: ignore[arg-type]
            length = arr[i] = 5
        if length == 2:
            italics += 1
        elif length == 3:
            bolds += 1
        else:
            italics += 1
            bolds += 1
    if bolds % 2 and italics % 2:
        single = multi = space = -1
        for i in range(1, len(arr), 2):
            if arr[i] != 3:
                continue
            x1, x2 = _last_chars(arr[i - 1])  # type: ignore[arg-type]
            if x1 == " ":
                if space < 0:
                    space = i
            elif x2 == " ":
                single = i
                break
            elif multi < 0:
                multi = i
        pick = single if single > -1 else multi if multi > -1 else space
        if pick > -1:
            arr[pick] = 2
            add_text(arr[pick - 1], "'")  # type: ignore[arg-type]
    # Build the nodes directly: frames are [kind, opening markup, children];
    # doQuotes always nests properly, so a close pops the innermost frame.
    frames: list[list[Any]] = [["", "", []]]
    state = ""
    buffer: Items = []
    for i, part in enumerate(arr):
        if i % 2 == 0:
            (buffer if state == "both" else frames[-1][2]).extend(part)  # type: ignore[arg-type]
            continue
        if part == 2:
            if state == "i":
                _quote_close(frames, "''")
                state = ""
            elif state == "bi":
                _quote_close(frames, "''")
                state = "b"
            elif state == "ib":
                _quote_close(frames, "")
                _quote_close(frames, "''")
                _quote_open(frames, "b", "")
                state = "b"
            elif state == "both":
                _open_both(frames, buffer, "b")
                _quote_close(frames, "''")
                state = "b"
            else:
                _quote_open(frames, "i", "''")
                state += "i"
        elif part == 3:
            if state == "b":
                _quote_close(frames, "'''")
                state = ""
            elif state == "bi":
                _quote_close(frames, "")
                _quote_close(frames, "'''")
                _quote_open(frames, "i", "")
                state = "i"
            elif state == "ib":
                _quote_close(frames, "'''")
                state = "i"
            elif state == "both":
                _open_both(frames, buffer, "i")
                _quote_close(frames, "'''")
                state = "i"
            else:
                _quote_open(frames, "b", "'''")
                state += "b"
        elif state == "b":
            _quote_close(frames, "'''")
            _quote_open(frames, "i", "''")
            state = "i"
        elif state == "i":
            _quote_close(frames, "''")
            _quote_open(frames, "b", "'''")
            state = "b"
        elif state in ("bi", "ib"):
            _quote_close(frames, "''" if state == "bi" else "'''")
            _quote_close(frames, "'''" if state == "bi" else "''")
            state = ""
        elif state == "both":
            _open_both(frames, buffer, "i")
            _quote_close(frames, "'''")
            _quote_close(frames, "''")
            state = ""
        else:
            buffer = []
            state = "both"
    # Close what is still open at the end of the line (the markup is implicit).
    if state == "both":
        _open_both(frames, buffer, "b")
    while len(frames) > 1:
        _quote_close(frames, "")
    return list(_wrap(frames[0][2]))
