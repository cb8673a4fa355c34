"""The ParserFunctions extension: ``#if``, ``#ifeq``, ``#switch``, ``#expr``, ``#time`` …

Each function follows ``ParserFunctions.php``: arguments are expanded lazily,
only when the branch needs them, and trimmed; comparisons use PHP's ``==``
(numeric when both sides are numbers) after decoding character references.
"""

from __future__ import annotations

import re
from typing import Final

from wikikit.expand import expr
from wikikit.expand.context import Expansion, Frame, FunctionImpl
from wikikit.expand.pptree import PPart
from wikikit.expand.textutil import decode_char_references, loose_equal, php_int, php_trim

__all__ = ["PARSER_FUNCTIONS"]


def _arg(ex: Expansion, frame: Frame, parts: list[PPart], i: int) -> str:
    """``trim($frame->expand($args[i]))`` (a part is expanded whole: ``name=value``)."""
    if i >= len(parts):
        return ""
    return php_trim(ex.expand_part(parts[i], frame))


def _decode_trim(text: str) -> str:
    return php_trim(decode_char_references(text))


def pf_if(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#if: test | then | else}}``: the test is true when not blank."""
    return _arg(ex, frame, parts, 0 if first else 1)


def pf_ifeq(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#ifeq: a | b | then | else}}`` with PHP's loose (numeric-aware) equality."""
    left = _decode_trim(first)
    right = _decode_trim(ex.expand_part(parts[0], frame)) if parts else ""
    return _arg(ex, frame, parts, 1 if loose_equal(left, right) else 2)


_ERROR_RE: Final = re.compile(
    r"""<(?:strong|span|p|div)\s(?:[^\s>]*\s+)*?class="(?:[^"\s>]*\s+)*?error(?:\s[^">]*)?\""""
)


def pf_iferror(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#iferror: test | then | else}}``: an error is an element of class "error"."""
    if _ERROR_RE.search(first):
        return _arg(ex, frame, parts, 0)
    if len(parts) < 2:
        return first
    return _arg(ex, frame, parts, 1)


def pf_expr(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#expr: expression}}``."""
    return expr.expr_function(first)


def pf_ifexpr(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#ifexpr: expression | then | else}}``."""
    try:
        true = expr.truth(first)
    except expr.ExprError as err:
        return expr.error_html(err)
    return _arg(ex, frame, parts, 0 if true else 1)


def pf_switch(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#switch: value | case = result | case2 | case3 = result | #default = …}}``."""
    primary = _decode_trim(first)
    found = default_found = False
    default: PPart | None = None
    last_had_no_equals = False
    last_item = ""
    for part in parts:
        if part.name is not None:
            last_had_no_equals = False
            if found:
                return php_trim(ex.expand(part.value, frame))
            test = _decode_trim(ex.expand(part.name, frame))
            if loose_equal(test, primary):
                return php_trim(ex.expand(part.value, frame))
            if default_found or ex.magic.match(test, ("default",)) is not None:
                default = part
                default_found = False
        else:
            last_had_no_equals = True
            expanded = ex.expand(part.value, frame)
            last_item = php_trim(expanded)
            test = _decode_trim(expanded)
            if loose_equal(test, primary):
                found = True
            elif ex.magic.match(test, ("default",)) is not None:
                default_found = True
    if last_had_no_equals:
        return last_item
    if default is None:
        return ""
    return php_trim(ex.expand(default.value, frame))


def pf_ifexist(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#ifexist: page | then | else}}`` against the wiki's pages (files: their pages)."""
    title = ex.parse_title(first)
    exists = False
    if title is not None and not title.interwiki and title.namespace != -1:
        if title.namespace == -2:
            title = ex.parse_title(first.split(":", 1)[-1], 6)
        if title is not None and ex.increment_expensive():
            exists = ex.exists(title)
    return _arg(ex, frame, parts, 0 if exists else 1)


def _time(ex: Expansion, frame: Frame, first: str, parts: list[PPart], local: bool) -> str:
    # Loaded with the first #time: 9 ms (zoneinfo, the date rules) off every start.
    from wikikit.expand import timefmt

    date = _arg(ex, frame, parts, 0)
    language = _arg(ex, frame, parts, 1)
    if not local and len(parts) > 2:
        local = bool(_arg(ex, frame, parts, 2))
    return str(
        timefmt.time_function(
            first, date, now=ex.now, local=local, language=language or ex.site.language
        )
    )


def pf_time(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#time: format | date | language | local}}``."""
    return _time(ex, frame, first, parts, False)


def pf_timel(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#timel: format | date | language}}``: local time."""
    return _time(ex, frame, first, parts, True)


def pf_rel2abs(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#rel2abs: path | base}}``: resolve ``./``, ``../`` against a page name."""
    to = first
    base = _arg(ex, frame, parts, 0)
    if base == "":
        base = ex.title_key(ex.page_title)
    to = to.rstrip(" /")
    if to in ("", "."):
        return base
    if not (to.startswith(("/", "./", "../")) or to == ".."):
        base = ""
    full = "/" + base + "/" + to + "/"
    full = re.sub(r"/(\./)+", "/", full)
    full = re.sub(r"/{2,}", "/", full)
    full = full.strip("/")
    out: list[str] = []
    for piece in full.split("/"):
        if piece == "..":
            if not out:
                return (
                    '<strong class="error">Error: Invalid depth in path: "'
                    + _html_escape(full)
                    + '" (tried to access a node above the root node).</strong>'
                )
            out.pop()
        else:
            out.append(piece)
    return "/".join(out)


def _html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def pf_titleparts(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#titleparts: title | count | first}}``: slash-separated pieces of a title."""
    count = php_int(_arg(ex, frame, parts, 0))
    offset = php_int(_arg(ex, frame, parts, 1))
    title = ex.parse_title(first)
    if title is None:
        return first
    bits = ex.title_key(title).split("/", 24)
    if offset > 0:
        offset -= 1
    return "/".join(_array_slice(bits, offset, count or None))


def _array_slice(items: list[str], offset: int, length: int | None) -> list[str]:
    n = len(items)
    start = offset if offset >= 0 else max(0, n + offset)
    if start > n:
        return []
    if length is None:
        end = n
    elif length >= 0:
        end = min(n, start + length)
    else:
        end = n + length
    return items[start:end] if end > start else []


PARSER_FUNCTIONS: dict[str, FunctionImpl] = {
    "if": pf_if,
    "ifeq": pf_ifeq,
    "iferror": pf_iferror,
    "expr": pf_expr,
    "ifexpr": pf_ifexpr,
    "switch": pf_switch,
    "ifexist": pf_ifexist,
    "time": pf_time,
    "timel": pf_timel,
    "rel2abs": pf_rel2abs,
    "titleparts": pf_titleparts,
}
