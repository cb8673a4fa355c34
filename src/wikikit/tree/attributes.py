"""Attributes as MediaWiki's Sanitizer reads them (``decodeTagAttributes``), and
character references as it decodes them (``decodeCharReferences``).

Tag, table, row and cell attributes are stored as nodes (text, templates,
template arguments, comments, extension tags); :func:`attribute_text` turns
them into the text the Sanitizer would see and :func:`decode_attributes` reads
``name=value`` pairs from it:

* a name is anything up to a space, ``/``, ``>`` or ``=`` (a leading ``=`` is
  part of it) and must then be letters, digits and ``:_.-``, else the pair is
  dropped (``!style=…``, a stray ``"``);
* a value is double-quoted, single-quoted (an unclosed quote runs to the end)
  or bare up to a space or ``>``; a name alone has the value ``""``;
* whitespace runs in a value become one space and the value is trimmed, then
  character references are decoded;
* names are lower-cased; a repeated name keeps its last value.

A template left unexpanded stays one piece of a name or value (so
``{{a}}="{{b}}"`` is the pair ``{{a}}`` → ``{{b}}``); its text is restored
after the split.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.entities import html5 as _HTML5
from typing import Final

from wikikit.tree.base import Node

__all__ = [
    "ENTITY_NAME_CHARS",
    "attribute_text",
    "decode_attributes",
    "decode_char_refs",
    "digits_value",
    "unescape_html",
    "valid_codepoint",
]

_SPACE: Final = "\t\n\x0c\r "
_ATTRIBS_RE: Final = re.compile(
    r"((?:[^\t\n\x0c\r />=]|=)[^\t\n\x0c\r />=]*)"
    r"([\t\n\x0c\r ]*=[\t\n\x0c\r ]*"
    r"""(?:"([^"]*)(?:"|$)|'([^']*)(?:'|$)|((?:(?![\t\n\x0c\r ]|>).)*)))?""",
    re.S,
)
_NAME_RE: Final = re.compile(r"[:_\w][:_.\-\w]*")
_VALUE_SPACE_RE: Final = re.compile(r"[\t\r\n ]+")

# -- character references ---------------------------------------------------------------

#: The characters of an entity name as MediaWiki matches them: ASCII letters and
#: digits, and everything from U+0080. Written as the complement: a class reaching
#: U+10FFFF takes the regex compiler 5 ms at import.
ENTITY_NAME_CHARS: Final = r"[^\x00-/:-@\[-`{-\x7f]"
_CHAR_REF_RE: Final = re.compile(
    "&(" + ENTITY_NAME_CHARS + r"+;)|&#([0-9]+);|&#[xX]([0-9A-Fa-f]+);"
)
#: MediaWiki's own spellings of &rlm; (Hebrew and Arabic letters).
ENTITY_ALIASES: Final = {"רלמ;": "rlm;", "رلم;": "rlm;"}


def valid_codepoint(cp: int) -> bool:
    """A character allowed in both HTML5 and XML (MediaWiki's validateCodepoint)."""
    return (
        cp in (0x09, 0x0A)
        or 0x20 <= cp <= 0x7E
        or 0xA0 <= cp <= 0xD7FF
        or 0xE000 <= cp <= 0xFFFD
        or 0x10000 <= cp <= 0x10FFFF
    )


def digits_value(digits: str, most: int, base: int = 10) -> int | None:
    """The value of a run of digits, or None when it has more than ``most`` digits
    after its leading zeros. The length is bounded before ``int()``, which refuses more
    than 4300 decimal digits, leading zeros included."""
    significant = digits.lstrip("0")
    if len(significant) > most:
        return None
    return int(significant or "0", base)


def _decode_ref(m: re.Match[str]) -> str:
    name, dec, hexa = m.group(1), m.group(2), m.group(3)
    if name is not None:
        name = ENTITY_ALIASES.get(name, name)
        return _HTML5.get(name, "&" + name)
    # Seven digits at most: more are beyond U+10FFFF.
    cp = digits_value(dec, 7) if dec is not None else digits_value(hexa, 7, 16)
    return chr(cp) if cp is not None and valid_codepoint(cp) else "\ufffd"


def decode_char_refs(text: str) -> str:
    """Decode ``&amp;``, ``&#60;`` and ``&#x3C;``; an invalid code point becomes U+FFFD."""
    if "&" not in text:
        return text
    return _CHAR_REF_RE.sub(_decode_ref, text)


_DECIMAL_REF_RE: Final = re.compile(r"&#([0-9]+)(;?)")


def _short_decimal_ref(m: re.Match[str]) -> str:
    # Eight digits or more: beyond U+10FFFF, which html.unescape makes U+FFFD.
    cp = digits_value(m.group(1), 7)
    return "\ufffd" if cp is None else f"&#{cp}{m.group(2)}"


def unescape_html(text: str) -> str:
    """``html.unescape``, also for a decimal reference longer than ``int()`` reads
    (4300 digits, leading zeros included), where ``html.unescape`` raises: such a
    reference is read without its leading zeros, and one out of range is U+FFFD."""
    try:
        return html.unescape(text)
    except ValueError:
        return html.unescape(_DECIMAL_REF_RE.sub(_short_decimal_ref, text))


# -- attributes ---------------------------------------------------------------------------

# A template kept whole inside attribute text: a private-use run that the
# name and value patterns read as one word.
_HOLE: Final = "\ue000"
_HOLE_RE: Final = re.compile("\ue000(\\d+)\ue001")


def attribute_text(
    nodes: Iterable[Node], *, templates: str = "keep", holes: list[str] | None = None
) -> str:
    """The attribute text MediaWiki's Sanitizer sees for ``nodes``.

    Comments and ``<includeonly>`` elements vanish, ``<noinclude>`` and
    ``<onlyinclude>`` tags vanish (their content stays), ``<nowiki>`` gives its
    content. Templates and template arguments are kept as written
    (``templates="keep"``), dropped (``"drop"``), or replaced by numbered holes
    whose text is appended to ``holes`` (``"hole"``).
    """
    out: list[str] = []
    _attr_text(nodes, templates, holes, out)
    return "".join(out)


def _attr_text(
    nodes: Iterable[Node], templates: str, holes: list[str] | None, out: list[str]
) -> None:
    for node in nodes:
        kind = type(node).__name__
        if kind == "Text":
            out.append(node.value)  # type: ignore[attr-defined]
        elif kind == "Comment":
            continue
        elif kind in ("Template", "TemplateArgument", "Infobox"):
            if templates == "keep":
                out.append(node.to_wikitext())
            elif templates == "hole" and holes is not None:
                out.append(f"{_HOLE}{len(holes)}\ue001")
                holes.append(node.to_wikitext())
        elif kind == "ExtensionTag":
            tag: str = node.tag  # type: ignore[attr-defined]
            if tag == "nowiki":
                out.append(node.content or "")  # type: ignore[attr-defined]
            elif tag in ("noinclude", "onlyinclude"):
                kids = node.children  # type: ignore[attr-defined]
                if kids:
                    _attr_text(kids, templates, holes, out)
            elif tag != "includeonly":
                out.append(node.to_wikitext())
        else:
            out.append(node.to_wikitext())


def decode_attributes(text: str, holes: list[str] | None = None) -> dict[str, str]:
    """``name -> value`` pairs of attribute text, as ``Sanitizer::decodeTagAttributes``.

    ``holes`` are the texts of the templates :func:`attribute_text` cut out with
    ``templates="hole"``: they count as letters and are put back in the result.
    """
    if not text.strip(_SPACE + "\x00\x0b"):
        return {}
    attrs: dict[str, str] = {}
    for m in _ATTRIBS_RE.finditer(text):
        raw_name = m.group(1)
        probe = _HOLE_RE.sub("a", raw_name) if holes else raw_name
        if _NAME_RE.fullmatch(probe) is None:
            continue
        name = raw_name.lower()
        if m.group(5) is not None:
            value = m.group(5)
        elif m.group(4) is not None:
            value = m.group(4)
        elif m.group(3) is not None:
            value = m.group(3)
        else:
            value = ""
        value = _VALUE_SPACE_RE.sub(" ", value).strip(" \t\n\r\x00\x0b")
        value = decode_char_refs(value)
        if holes:
            name = _restore(name, holes)
            value = _restore(value, holes)
        attrs[name] = value
    return attrs


def _restore(text: str, holes: list[str]) -> str:
    if _HOLE not in text:
        return text
    return _HOLE_RE.sub(lambda m: holes[int(m.group(1))], text)


def node_attributes(nodes: tuple[Node, ...]) -> dict[str, str]:
    """The attributes held by attribute nodes (templates kept as written)."""
    if not nodes:
        return {}
    if len(nodes) == 1 and type(nodes[0]).__name__ == "Text":
        return decode_attributes(nodes[0].value)  # type: ignore[attr-defined]
    holes: list[str] = []
    return decode_attributes(attribute_text(nodes, templates="hole", holes=holes), holes)
