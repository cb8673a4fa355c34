"""String helpers with PHP's and MediaWiki's exact semantics (trim, URL encoding, ``==``…)."""

from __future__ import annotations

import html.entities
import math
import re
from typing import Final
from urllib.parse import quote

from wikikit.tree.attributes import digits_value

__all__ = [
    "decode_char_references",
    "escape_wiki_text",
    "format_num",
    "loose_equal",
    "parse_formatted_number",
    "php_int",
    "php_trim",
    "php_urlencode",
    "rawurlencode",
    "wf_urlencode",
]

#: PHP's trim() strips these (and nothing else: no NBSP, no Unicode spaces).
PHP_WS: Final = " \t\n\r\0\x0b"


def php_trim(s: str) -> str:
    """PHP's ``trim``."""
    return s.strip(PHP_WS)


def php_urlencode(s: str) -> str:
    """PHP's ``urlencode``: ``+`` for space, ``%XX`` for all but ``[A-Za-z0-9_.-]``."""
    return quote(s, safe="-_. ", encoding="utf-8", errors="surrogatepass").replace(" ", "+")


def rawurlencode(s: str) -> str:
    """PHP's ``rawurlencode`` (RFC 3986: keeps ``[A-Za-z0-9_.~-]``)."""
    return quote(s, safe="-_.~", encoding="utf-8", errors="surrogatepass")


_WF_KEEP: Final = {
    "%3B": ";",
    "%40": "@",
    "%24": "$",
    "%21": "!",
    "%2A": "*",
    "%28": "(",
    "%29": ")",
    "%2C": ",",
    "%2F": "/",
    "%7E": "~",
    "%3A": ":",
}
_WF_RE: Final = re.compile("|".join(re.escape(k) for k in _WF_KEEP))


def wf_urlencode(s: str) -> str:
    """MediaWiki's ``wfUrlencode``: ``urlencode`` that keeps ``;@$!*(),/~:`` readable."""
    return _WF_RE.sub(lambda m: _WF_KEEP[m.group()], php_urlencode(s))


_ESCAPE_CHARS: Final = {c: f"&#{ord(c)};" for c in "\"&'<=>[]{|};"}
_ESCAPE_LINE_START: Final = "#*:; \t\n\r"
_ESCAPE_SEQ: Final = [
    ("\n#", "\n&#35;"),
    ("\r#", "\r&#35;"),
    ("\n*", "\n&#42;"),
    ("\r*", "\r&#42;"),
    ("\n:", "\n&#58;"),
    ("\r:", "\r&#58;"),
    ("\n ", "\n&#32;"),
    ("\r ", "\r&#32;"),
    ("\n\n", "\n&#10;"),
    ("\r\n", "&#13;\n"),
    ("\n\r", "\n&#13;"),
    ("\r\r", "\r&#13;"),
    ("\n\t", "\n&#9;"),
    ("\r\t", "\r&#9;"),
    ("\n----", "\n&#45;---"),
    ("\r----", "\r&#45;---"),
    ("__", "_&#95;"),
    ("://", "&#58;//"),
    ("~~~", "~~&#126;"),
]
_MAGIC_LINK_RE: Final = re.compile(r"\b(ISBN|RFC|PMID) ")
_ESCAPE_SEQ_RE: Final = re.compile("|".join(re.escape(a) for a, _ in _ESCAPE_SEQ))
_ESCAPE_SEQ_MAP: Final = dict(_ESCAPE_SEQ)


def escape_wiki_text(text: str) -> str:
    """MediaWiki's ``wfEscapeWikiText``: make text safe to insert into wikitext."""
    if not text:
        return text
    out = "".join(_ESCAPE_CHARS.get(c, c) for c in text)
    if out[0] in _ESCAPE_LINE_START:
        out = f"&#{ord(out[0])};" + out[1:]
    out = _ESCAPE_SEQ_RE.sub(lambda m: _ESCAPE_SEQ_MAP[m.group()], out)
    return _MAGIC_LINK_RE.sub(lambda m: m.group(1) + "&#32;", out)


_CHARREF_RE: Final = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9A-Fa-f]+)|([A-Za-z][A-Za-z0-9]*));")


def _decode_ref(m: re.Match[str]) -> str:
    dec, hexa, name = m.groups()
    if name is not None:
        value = html.entities.html5.get(name + ";")
        return value if value is not None else m.group()
    code = digits_value(dec, 7) if dec is not None else digits_value(hexa, 7, 16)
    if code is None:
        return "\ufffd"  # beyond U+10FFFF
    # Sanitizer::validateCodepoint: XML-valid characters only.
    if (
        code in (0x09, 0x0A, 0x0D)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        return chr(code)
    return "\ufffd"


def decode_char_references(text: str) -> str:
    """``Sanitizer::decodeCharReferences``: decode ``&name;``, ``&#n;`` and ``&#xh;``."""
    if "&" not in text:
        return text
    return _CHARREF_RE.sub(_decode_ref, text)


# PHP 8 numeric strings: leading and trailing whitespace allowed, no hex, no inf/nan.
_NUMERIC_RE: Final = re.compile(
    r"[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[ \t\n\r\v\f]*\Z"
)
_INT_RE: Final = re.compile(r"[+-]?[0-9]+\Z")
_INT64: Final = 1 << 63


def _int_or_none(digits: str) -> int | None:
    """A signed run of decimal digits as an int; None when it has more than 19
    digits after its leading zeros: then it is beyond 64 bits (and ``int()``,
    which reads at most 4300 digits, may refuse it)."""
    value = digits_value(digits.lstrip("+-"), 19)
    return -value if value is not None and digits.startswith("-") else value


def _numeric_ex(s: str) -> tuple[int | float, int] | None:
    """PHP's ``is_numeric_string_ex``: the value of a numeric string (an int when it is
    written as one and fits 64 bits, else a float, infinite when out of range), and
    its overflow: 1 or -1 for an integer string beyond 64 bits, else 0."""
    m = _NUMERIC_RE.match(s)
    if m is None:
        return None
    body = m.group(1)
    if _INT_RE.match(body):
        value = _int_or_none(body)
        if value is not None and -_INT64 <= value < _INT64:
            return value, 0
        return float(body), -1 if body.startswith("-") else 1
    return float(body), 0


def _numeric(s: str) -> int | float | None:
    found = _numeric_ex(s)
    return None if found is None else found[0]


def loose_equal(a: str, b: str) -> bool:
    """PHP 8's ``==`` on two strings (``zendi_smart_str_equals``): numeric when both are
    numeric strings, except that two integers beyond 64 bits on the same side, or two
    equal infinities, compare as strings (as numbers they would seem equal)."""
    if a == b:
        return True
    found_a = _numeric_ex(a)
    if found_a is None:
        return False
    found_b = _numeric_ex(b)
    if found_b is None:
        return False
    (x, over_x), (y, over_y) = found_a, found_b
    if over_x and over_x == over_y and float(x) - float(y) == 0.0:
        return False  # compared as strings, which differ
    if isinstance(x, float) or isinstance(y, float):
        if not isinstance(x, float):
            if over_y:
                return False  # an int against an integer beyond 64 bits
        elif not isinstance(y, float):
            if over_x:
                return False
        elif x == y and not math.isfinite(x):
            return False  # both overflowed to the same infinity: as strings
        return float(x) == float(y)
    return x == y


_LEADING_INT_RE: Final = re.compile(r"[ \t\n\r\v\f]*([+-]?[0-9]+)")


def _capped(number: float) -> int:
    # zend_dval_to_lval_cap: infinity and NaN are 0, other values beyond 64 bits the
    # nearest bound.
    if not math.isfinite(number):
        return 0
    if number >= 2.0**63:
        return _INT64 - 1
    if number < -(2.0**63):
        return -_INT64
    return int(number)


def php_int(s: str) -> int:
    """PHP's ``(int)`` cast of a string: its leading number, 0 when none; beyond 64
    bits the nearest bound, and 0 when the number is too large even for a float."""
    m = _LEADING_INT_RE.match(s)
    if m is None:
        num = _NUMERIC_RE.match(s.strip())
        return 0 if num is None else _capped(float(num.group(1)))
    digits = m.group(1)
    value = _int_or_none(digits)
    if value is not None and -_INT64 <= value < _INT64:
        return value
    # float() reads any number of digits; about 309 or more make it infinite.
    return _capped(float(digits))


_DIGITS_RE: Final = re.compile(r"(\d+)(\.\d+)?")


def _commafy(m: re.Match[str]) -> str:
    whole = m.group(1)
    if len(whole) > 3:
        head = len(whole) % 3 or 3
        groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = ",".join(groups)
    return whole + (m.group(2) or "")


def format_num(text: str) -> str:
    """``Language::formatNum`` for English: group the digits of each number with commas."""
    return _DIGITS_RE.sub(_commafy, text)


def parse_formatted_number(text: str) -> str:
    """``Language::parseFormattedNumber`` for English: drop the group separators."""
    stripped = text.replace(",", "")
    return stripped if _numeric(stripped) is not None else text
