"""The characters HTML allows, and U+FFFD for the others.

HTML5 reports a parse error for controls (other than tab, newline and
carriage return), lone surrogates and noncharacters, whether written as
characters or as numeric character references. MediaWiki never lets them
through: its input is cleaned to valid UTF-8 with such controls replaced by
U+FFFD, and its output's character references are normalized (an invalid one
has its ``&`` escaped). The renderer does the same on its output, so no node,
however it was built, can put one into the page.
"""

from __future__ import annotations

import re

__all__ = ["allowed_codepoint", "clean_html", "clean_text"]

# C0 controls except tab, newline and carriage return (form feed too, as MediaWiki
# does); DEL and the C1 controls; lone surrogates; noncharacters. The last range holds
# the noncharacters of the other planes (U+1FFFE … U+10FFFF, each ending in FFFE or
# FFFF) among allowed characters: one class listing all of them scans ten times slower.
_FORBIDDEN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe-\U0010ffff]"
)
_NUMERIC_REF_RE = re.compile(r"&#(?:([0-9]+)|[xX]([0-9A-Fa-f]+));")


def allowed_codepoint(cp: int) -> bool:
    """Whether HTML allows the character ``cp`` (see the module doc)."""
    if cp >= 0x110000 or cp & 0xFFFE == 0xFFFE:
        return False
    return cp >= 0x10000 or _FORBIDDEN_RE.match(chr(cp)) is None


def _replace(m: re.Match[str]) -> str:
    c = m.group(0)
    return c if c > "\uffff" and ord(c) & 0xFFFE != 0xFFFE else "\ufffd"


def clean_text(text: str) -> str:
    """``text`` with every character HTML does not allow replaced by U+FFFD."""
    if _FORBIDDEN_RE.search(text) is None:
        return text
    return _FORBIDDEN_RE.sub(_replace, text)


def _check_ref(m: re.Match[str]) -> str:
    dec, hexa = m.group(1), m.group(2)
    digits = dec if dec is not None else hexa
    # More digits than any code point has: out of range (and no huge int()).
    if len(digits.lstrip("0")) <= 7:
        cp = int(dec) if dec is not None else int(hexa, 16)
        if allowed_codepoint(cp):
            return m.group(0)
    return "&amp;" + m.group(0)[1:]


def clean_html(html: str) -> str:
    """Rendered HTML with forbidden characters replaced by U+FFFD and character
    references to them shown as text (``&#0;`` becomes ``&amp;#0;``, as MediaWiki's
    ``normalizeCharReferences`` writes it)."""
    html = clean_text(html)
    if "&#" in html:
        html = _NUMERIC_REF_RE.sub(_check_ref, html)
    return html
