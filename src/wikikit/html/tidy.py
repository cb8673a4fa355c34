"""The fix-ups MediaWiki's HTML5 tidying step (Remex with its compat "munger")
applies after the block pass, done on a tag stream instead of a DOM.

* Inline content left directly in the body or a ``<blockquote>`` (next to a
  ``<div>`` on the same line, say) is wrapped in ``<p>``.
* A ``<p>`` or ``<li>`` that ends up empty gets ``class="mw-empty-elt"``;
  a stray ``</p>`` becomes an empty paragraph, as an HTML5 parser makes it.
* French spacing: a space before ``? : ; ! % » ›`` (not followed by a word
  character) and after ``« ‹`` becomes a no-break space.

The input is the renderer's own output, so every ``<`` starts a tag and the
scan can be a single regular expression.
"""

from __future__ import annotations

import re

__all__ = ["tidy"]

_VOID = frozenset(
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
_BLOCK = frozenset(
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
def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words``, factored by prefix (faster than a|b|c)."""
    groups: dict[str, list[str]] = {}
    end = False
    for w in words:
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            end = True
    alts = [re.escape(c) + _trie(rest) for c, rest in sorted(groups.items())]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if end else body


# The renderer writes every tag name in lower case.
_TOKEN_RE = re.compile(r"<(/?)(" + _trie(sorted(_BLOCK)) + r")\b[^>]*>")
# Elements whose inline content is never wrapped, nor do they trigger wrapping.
# p is only closed by a block start tag if no scope boundary lies between.
_SCOPE = frozenset(("table", "td", "th", "caption", "html", "object", "marquee", "applet"))
# After « or ‹ only when the guillemet points inward (not glued to a word before it).
# "(?![^<>]*>)": not inside a tag, so attribute values are never touched (text
# has its < and > escaped, so the next bracket tells).
_FRENCH_RE = re.compile(r" (?:(?=[?:;!%»›](?!\w))|(?<=(?<!\w)[«‹] ))(?![^<>]*>)")

_EMPTY_MARKED = frozenset(("p", "li"))

#: Block elements open at once, at most: a deeper start tag is shown as text (its
#: end tag, with nothing to close, is dropped). Lists, tables and inline tags are
#: capped earlier, as the parser caps them; this bounds what they add up to.
MAX_OPEN_ELEMENTS = 200


# Only end tags (and blanks): no content, an HTML parser drops stray ones.
_END_TAGS_RE = re.compile(r"(?:</[^>]*>\s*)+")
_FRENCH_TRIGGER_RE = re.compile("[?:;!%»›«‹]")


def tidy(html: str) -> str:
    """Apply the Remex-compatible fix-ups to rendered HTML (see the module doc)."""
    out: list[str] = []
    append = out.append
    # The open elements: parallel lists of tag name, index of the start tag in
    # ``out``, and whether anything (text or an element) went inside.
    tags: list[str] = []
    starts: list[int] = []
    filled: list[bool] = []
    open_p = [0]  # how many <p> are on the stack (skips scope scans in deep lists)
    pos = 0
    french = _FRENCH_RE.sub
    trigger = _FRENCH_TRIGGER_RE.search

    def pop_to(index: int) -> None:
        while len(tags) > index:
            tag = tags.pop()
            start = starts.pop()
            content = filled.pop()
            if tag == "p":
                open_p[0] -= 1
            if not content and tag in _EMPTY_MARKED and "class=" not in out[start]:
                out[start] = f'<{tag} class="mw-empty-elt"' + out[start][len(tag) + 1 :]
            if len(tags) == index or tag == "p":
                # Inner inline elements are left to the HTML parser to close
                # (and to reopen after a block, as MediaWiki's output does).
                append(f"</{tag}>")
            elif tags and content:
                filled[-1] = True

    for m in _TOKEN_RE.finditer(html):
        begin = m.start()
        if begin > pos:
            chunk = html[pos:begin]
            stripped = chunk.strip(" \t\n\r\f")
            if stripped and (stripped[0] != "<" or not _END_TAGS_RE.fullmatch(stripped)):
                if not tags or tags[-1] == "blockquote":
                    if tags:
                        filled[-1] = True
                    tags.append("p")
                    open_p[0] += 1
                    starts.append(len(out))
                    filled.append(True)
                    append("<p>")
                else:
                    filled[-1] = True
            if " " in chunk and trigger(chunk):
                chunk = french("\u00a0", chunk)
            append(chunk)
        pos = m.end()
        closing, name = m.group(1, 2)
        token = m.group(0)
        if not closing:
            if open_p[0]:
                # A block start tag closes a <p> open in scope.
                for i in range(len(tags) - 1, -1, -1):
                    tag = tags[i]
                    if tag == "p":
                        pop_to(i)
                        break
                    if tag in _SCOPE:
                        break
            if tags:
                filled[-1] = True
            if name in _VOID:
                append(token)
                continue
            if len(tags) >= MAX_OPEN_ELEMENTS:
                append(token.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                continue
            tags.append(name)
            if name == "p":
                open_p[0] += 1
            starts.append(len(out))
            filled.append(False)
            append(token)
            continue
        if tags and tags[-1] == name:
            # The common case: the end tag of the innermost element.
            tags.pop()
            if name == "p":
                open_p[0] -= 1
            start = starts.pop()
            if not filled.pop() and name in _EMPTY_MARKED and "class=" not in out[start]:
                out[start] = f'<{name} class="mw-empty-elt"' + out[start][len(name) + 1 :]
            append(token)
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
            pop_to(index)
        elif name == "p":
            # HTML5 turns a stray </p> into an empty paragraph.
            if tags:
                filled[-1] = True
            append('<p class="mw-empty-elt"></p>')
    rest = html[pos:]
    if rest:
        stripped = rest.strip(" \t\n\r\f")
        if (
            stripped
            and (stripped[0] != "<" or not _END_TAGS_RE.fullmatch(stripped))
            and (not tags or tags[-1] == "blockquote")
        ):
            tags.append("p")
            open_p[0] += 1
            starts.append(len(out))
            filled.append(True)
            append("<p>")
        if " " in rest and trigger(rest):
            rest = french("\u00a0", rest)
        append(rest)
    pop_to(0)
    return "".join(out)
