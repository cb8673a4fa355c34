"""The characters HTML allows, and U+FFFD for the others.

HTML5 reports a parse error for control characters (other than tab, newline
and carriage return) and lone surrogates. MediaWiki never lets them through
either: its input is cleaned to valid UTF-8 with such controls, U+FFFE and
U+FFFF replaced by U+FFFD (``UtfNormal``), and the character references of its
output are checked (``Sanitizer::validateCodepoint``; an invalid one has its
``&`` escaped). The renderer does the same on its output, so no node, however
it was built, can put one into the page. DEL and the C1 controls go too: HTML
forbids them. Noncharacters beyond U+FFFF (and U+FDD0–U+FDEF) stay, as in
MediaWiki.
"""

from __future__ import annotations

import re
from typing import Final

from wikikit.tree.attributes import digits_value, valid_codepoint

__all__ = ["clean_html", "clean_text", "has_forbidden", "valid_codepoint"]

# C0 controls except tab, newline and carriage return (form feed too, as MediaWiki
# does), DEL and the C1 controls, lone surrogates, U+FFFE and U+FFFF.
# (The surrogate range is a regex escape, not a literal: compiled modules cannot hold one.)
_FORBIDDEN_RE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\\ud800-\\udfff\ufffe\uffff]"
)
_NUMERIC_REF_RE: Final = re.compile(r"&#(?:([0-9]+)|[xX]([0-9A-Fa-f]+));")


# Bytes that never start a forbidden character: all but the C0 controls (tab, newline,
# carriage return aside), DEL, and the UTF-8 lead bytes of C1 controls (C2), surrogates
# (ED, as "surrogatepass" writes them) and U+FFFE/U+FFFF (EF).
_LEAD_BYTES: Final = b"\xc2\xed\xef"
_PLAIN_BYTES: Final = bytes(
    b for b in range(256) if b in (9, 10, 13) or 0x20 <= b <= 0x7E or b >= 0x80
).translate(None, _LEAD_BYTES)
# After a lead byte, the second byte range that makes the character forbidden.
_LEADS: Final = ((0xC2, 0x80, 0x9F), (0xED, 0xA0, 0xBF))
# More lead bytes to look at than this, and one regex scan costs less.
_FEW: Final = 64


def has_forbidden(text: str) -> bool:
    """Whether ``text`` holds a character :func:`clean_text` would replace.

    PERF: a regex character class costs a table lookup per character (about
    150 MB/s on mixed text); encoding and ``bytes.translate`` run at memory speed,
    and the few multibyte characters that could be forbidden are looked at one by
    one (a text with many of them is scanned by the pattern instead).
    """
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PLAIN_BYTES))
    data = text.encode("utf-8", "surrogatepass")
    rest = data.translate(None, _PLAIN_BYTES)
    if not rest:
        return False
    if rest.translate(None, _LEAD_BYTES):
        return True  # a C0 control or DEL
    if len(rest) > _FEW:
        # Text dense in U+0080-U+00BF or in Hangul from U+D000: the pattern is faster.
        return _FORBIDDEN_RE.search(text) is not None
    for lead, low, high in _LEADS:
        i = data.find(lead)
        while i >= 0:
            if low <= data[i + 1] <= high:
                return True
            i = data.find(lead, i + 2)
    # One lead byte at a time: a search for the two-byte pair runs at a tenth of
    # memchr's speed, and EF is rare.
    i = data.find(0xEF)
    while i >= 0:
        if data[i + 1] == 0xBF and data[i + 2] >= 0xBE:
            return True
        i = data.find(0xEF, i + 3)
    return False


def clean_text(text: str) -> str:
    """``text`` with every character HTML does not allow replaced by U+FFFD."""
    return _FORBIDDEN_RE.sub("\ufffd", text) if has_forbidden(text) else text


def _ref_ok(dec: str, hexa: str) -> bool:
    """Whether the reference with these digits (one of them empty) is kept."""
    # More digits than any code point has: out of range.
    cp = digits_value(dec, 7) if dec else digits_value(hexa, 7, 16)
    return cp is not None and valid_codepoint(cp)


def _check_ref(m: re.Match[str]) -> str:
    if _ref_ok(m.group(1) or "", m.group(2) or ""):
        return m.group(0)
    return "&amp;" + m.group(0)[1:]


def clean_html(html: str) -> str:
    """Rendered HTML with forbidden characters replaced by U+FFFD and character
    references to them shown as text (``&#0;`` becomes ``&amp;#0;``, as MediaWiki's
    ``normalizeCharReferences`` writes it)."""
    html = clean_text(html)
    # A page repeats a few references (&#160;, &#91;) many times: check each distinct
    # one, and rewrite only when one of them is invalid.
    if "&#" in html and not all(
        _ref_ok(dec, hexa) for dec, hexa in set(_NUMERIC_REF_RE.findall(html))
    ):
        html = _NUMERIC_REF_RE.sub(_check_ref, html)
    return html
