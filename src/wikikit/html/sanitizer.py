"""MediaWiki's HTML whitelist: which tags and attributes wikitext may use, and how
attribute values are cleaned (CSS, ids, URLs).

The lists follow ``includes/parser/Sanitizer.php`` (``getRecognizedTagData``,
``setupAttributesAllowedInternal``, ``checkCss``); anything not on them is
rendered as escaped text or dropped. The code is our own.
"""

from __future__ import annotations

import re
import unicodedata
from html.entities import html5 as _HTML5_ENTITIES
from typing import Final

from wikikit.html.anchors import escape_id
from wikikit.html.characters import valid_codepoint as _valid_codepoint
from wikikit.parser.inline import HTML_TAGS
from wikikit.tree.attributes import decode_attributes, digits_value, unescape_html
from wikikit.tree.attributes import decode_char_refs as _decode_char_refs

__all__ = [
    "ALLOWED_TAGS",
    "VOID_TAGS",
    "check_css",
    "escape_attr",
    "escape_text",
    "is_safe_url",
    "normalize_entity",
    "sanitize_attributes",
    "sanitize_html",
    "url_protocol_re",
]

#: Tags wikitext may write as HTML (MediaWiki's htmlpairs + htmlsingle): the parser's
#: list, less meta and link, which only carry microdata and render as nothing here.
ALLOWED_TAGS: Final = HTML_TAGS - {"meta", "link"}
#: Tags that never have content or an end tag.
VOID_TAGS: Final = frozenset(("br", "wbr", "hr"))
#: Tags that may appear without an end tag (MediaWiki's htmlsingle).
SINGLE_TAGS: Final = frozenset(("br", "wbr", "hr", "li", "dt", "dd"))

_COMMON: Final = frozenset(
    [
        "id",
        "class",
        "style",
        "lang",
        "dir",
        "title",
        "tabindex",
        # WAI-ARIA
        "aria-describedby",
        "aria-flowto",
        "aria-hidden",
        "aria-label",
        "aria-labelledby",
        "aria-level",
        "aria-owns",
        "role",
        "itemid",
        "itemprop",
        "itemref",
        "itemscope",
        "itemtype",
        # RDFa
        "about",
        "property",
        "resource",
        "datatype",
        "typeof",
    ]
)
_BLOCK = _COMMON | {"align"}
_TABLE_ALIGN: Final = frozenset(("align", "valign"))
_TABLE_CELL: Final = frozenset(
    [
        "abbr",
        "axis",
        "headers",
        "scope",
        "rowspan",
        "colspan",
        "nowrap",
        "width",
        "height",
        "bgcolor",
    ]
)


def _attrs(*groups: frozenset[str] | set[str] | str) -> frozenset[str]:
    names: set[str] = set()
    for g in groups:
        names.update(g.split() if isinstance(g, str) else g)
    return frozenset(names)


_ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "div": _BLOCK,
    "center": _COMMON,
    "span": _COMMON,
    "h1": _BLOCK,
    "h2": _BLOCK,
    "h3": _BLOCK,
    "h4": _BLOCK,
    "h5": _BLOCK,
    "h6": _BLOCK,
    "bdo": _COMMON,
    "em": _COMMON,
    "strong": _COMMON,
    "cite": _COMMON,
    "dfn": _COMMON,
    "code": _COMMON,
    "samp": _COMMON,
    "kbd": _COMMON,
    "var": _COMMON,
    "abbr": _COMMON,
    "blockquote": _attrs(_COMMON, "cite"),
    "q": _attrs(_COMMON, "cite"),
    "sub": _COMMON,
    "sup": _COMMON,
    "p": _BLOCK,
    "br": _attrs(_COMMON, "clear"),
    "wbr": _COMMON,
    "pre": _attrs(_COMMON, "width"),
    "ins": _attrs(_COMMON, "cite datetime"),
    "del": _attrs(_COMMON, "cite datetime"),
    "ul": _attrs(_COMMON, "type"),
    "ol": _attrs(_COMMON, "type start reversed"),
    "li": _attrs(_COMMON, "type value"),
    "dl": _COMMON,
    "dd": _COMMON,
    "dt": _COMMON,
    "table": _attrs(
        _COMMON, "summary width border frame rules cellspacing cellpadding align bgcolor"
    ),
    "caption": _BLOCK,
    "tr": _attrs(_COMMON, "bgcolor", _TABLE_ALIGN),
    "td": _attrs(_COMMON, _TABLE_CELL, _TABLE_ALIGN),
    "th": _attrs(_COMMON, _TABLE_CELL, _TABLE_ALIGN),
    "tt": _COMMON,
    "b": _COMMON,
    "i": _COMMON,
    "big": _COMMON,
    "small": _COMMON,
    "strike": _COMMON,
    "s": _COMMON,
    "u": _COMMON,
    "font": _attrs(_COMMON, "size color face"),
    "hr": _attrs(_COMMON, "width"),
    "ruby": _COMMON,
    "rb": _COMMON,
    "rp": _COMMON,
    "rt": _COMMON,
    "rtc": _COMMON,
    "data": _attrs(_COMMON, "value"),
    "time": _attrs(_COMMON, "datetime"),
    "mark": _COMMON,
    "bdi": _COMMON,
    # Microdata only (validate_tag rejects them without itemprop).
    "meta": frozenset(("itemprop", "content")),
    "link": frozenset(("itemprop", "href", "title")),
    # Only reachable through sanitize_html (wikitext cannot write <a>).
    "a": _attrs(_COMMON, "href rel rev hreflang"),
}

_DATA_ATTR_RE: Final = re.compile(r"^data-[^:]*$", re.I)
_RESERVED_DATA_RE: Final = re.compile(r"^data-(?:ooui|mw|parsoid)", re.I)
_XMLNS_RE: Final = re.compile(r"^xmlns:[:A-Z_a-z\-.0-9]+$")
_EVIL_URI_RE: Final = re.compile(r"(?:^|\s|\*/\s*)(?:javascript|vbscript)(?:\W|$)", re.I)
_CHAR_REF_RE: Final = re.compile(
    r"&(?:([A-Za-z][A-Za-z0-9]*|רלמ|رلم);|#([0-9]+);|#[xX]([0-9A-Fa-f]+);)"
)
# MediaWiki's wikitext-only spellings of &rlm; (Hebrew and Arabic letters).
_ENTITY_ALIASES: Final = {"רלמ": "rlm", "رلم": "rlm"}
#: Attributes whose value is a URL, URI or CURIE: MediaWiki drops javascript: ones.
_URI_ATTRS: Final = frozenset(
    [
        "rel",
        "rev",
        "about",
        "property",
        "resource",
        "datatype",
        "typeof",
        "itemid",
        "itemprop",
        "itemref",
        "itemscope",
        "itemtype",
    ]
)
_ID_LIST_ATTRS: Final = frozenset(
    ("aria-describedby", "aria-flowto", "aria-labelledby", "aria-owns")
)


def decode_char_refs(text: str) -> str:
    """Decode well-formed character references (``&amp;``, ``&#60;``, ``&#x3C;``)."""
    return _decode_char_refs(text)


def normalize_entity(markup: str) -> str:
    """A character reference as HTML: kept when valid, else its ``&`` escaped."""
    m = _CHAR_REF_RE.fullmatch(markup)
    if m is None:
        return escape_text(markup)
    name, dec, hexa = m.group(1), m.group(2), m.group(3)
    if name is not None:
        if name in _ENTITY_ALIASES:
            return f"&{_ENTITY_ALIASES[name]};"
        return markup if name + ";" in _HTML5_ENTITIES else "&amp;" + markup[1:]
    # More digits than U+10FFFF has is out of range.
    cp = digits_value(dec, 7) if dec is not None else digits_value(hexa, 7, 16)
    if cp is None or not _valid_codepoint(cp):
        return "&amp;" + markup[1:]
    return f"&#{cp};" if dec is not None else f"&#x{hexa};"


def escape_text(text: str) -> str:
    """Escape text for an HTML text node.

    U+007F is dropped: the renderer uses it to delimit its placeholders, so
    input must never be able to forge one.
    """
    # PERF: each ``in`` runs at memchr's speed; ``replace`` walks the text one
    # character at a time even when there is nothing to replace.
    if "\x7f" in text:
        text = text.replace("\x7f", "")
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attr(text: str) -> str:
    """Escape text for a double-quoted HTML attribute value (U+007F dropped, see above)."""
    text = escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


# -- CSS ---------------------------------------------------------------------

_CSS_ESCAPE_RE: Final = re.compile(
    r"\\(?:(\n|\r\n|\r|\f)|([0-9A-Fa-f]{1,6})[ \t\r\n\f]?|(.)|())", re.S
)
_CONTROL_RE: Final = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_SINGLE_COMMENT_RE: Final = re.compile(r"^\s*/\*[^*/]*\*/\s*$")
_CSS_INSECURE_RE: Final = re.compile(
    r"""expression|accelerator\s*:|-o-link\s*:|-o-link-source\s*:|-o-replace\s*:
    |url\s*\(|src\s*\(|image\s*\(|image-set\s*\(|attr\s*\([^)]+[\s,]+url
    |behavior\s*:|-moz-binding|@import""",
    re.I | re.X,
)


def _css_unescape(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return ""  # a line continuation
    if m.group(2) is not None:
        cp = int(m.group(2), 16)
        char = chr(cp) if 0 < cp < 0x110000 and not 0xD800 <= cp <= 0xDFFF else "\ufffd"
    elif m.group(3) is not None:
        char = m.group(3)
    else:
        char = "\\"
    if char in "\n\"'\\":
        # These must stay escaped in CSS strings: write them as a clean escape.
        return f"\\{ord(char):x} "
    return char


def _remove_css_comments(value: str) -> str:
    """``/* … */`` become spaces, and anything after an unclosed ``/*`` goes."""
    out: list[str] = []
    pos = 0
    while True:
        start = value.find("/*", pos)
        if start < 0:
            out.append(value[pos:])
            break
        end = value.find("*/", start + 2)
        if end < 0:
            out.append(value[pos:start])
            break
        out.append(value[pos:start])
        out.append(" ")
        pos = end + 2
    return "".join(out)


def normalize_css(value: str) -> str:
    """MediaWiki's normalizeCss: character references and CSS escapes decoded,
    comments replaced by a space (unless the value is one comment)."""
    value = decode_char_refs(value)
    if "\\" in value:
        value = _CSS_ESCAPE_RE.sub(_css_unescape, value)
    if "/*" in value and not _SINGLE_COMMENT_RE.match(value):
        value = _remove_css_comments(value)
    return value


def check_css(value: str) -> str:
    """The style value as MediaWiki's checkCss leaves it: normalized (see
    :func:`normalize_css`), or a comment when it could run script or load
    something (``expression``, ``url(``, ``image(`` …) or holds control characters.

    Look-alike letters (full-width, small capitals) are folded before the
    keyword test, so they cannot smuggle a keyword past it.
    """
    value = normalize_css(value)
    if _CONTROL_RE.search(value):
        return "/* invalid control char */"
    folded = value
    if not value.isascii():
        folded = unicodedata.normalize("NFKC", value).translate(_LOOKALIKES)
    if _CSS_INSECURE_RE.search(folded):
        return "/* insecure input */"
    return value


# IPA small capitals and other letters browsers once folded to ASCII in CSS.
_LOOKALIKES: Final = str.maketrans(
    {
        "ʀ": "r",
        "ɴ": "n",
        "ⁿ": "n",
        "ʟ": "l",
        "ɪ": "i",
        "⁽": "(",
        "₍": "(",
        "ᴀ": "a",
        "ʙ": "b",
        "ᴄ": "c",
        "ᴅ": "d",
        "ᴇ": "e",
        "ғ": "f",
        "ɢ": "g",
        "ʜ": "h",
        "ᴊ": "j",
        "ᴋ": "k",
        "ᴍ": "m",
        "ᴏ": "o",
        "ᴘ": "p",
        "ǫ": "q",
        "ꜱ": "s",
        "ᴛ": "t",
        "ᴜ": "u",
        "ᴠ": "v",
        "ᴡ": "w",
        "ʏ": "y",
        "ᴢ": "z",
    }
)

# -- URLs --------------------------------------------------------------------

#: MediaWiki's default $wgUrlProtocols.
URL_PROTOCOLS: Final = (
    "bitcoin:",
    "ftp://",
    "ftps://",
    "geo:",
    "git://",
    "gopher://",
    "http://",
    "https://",
    "irc://",
    "ircs://",
    "magnet:",
    "mailto:",
    "matrix:",
    "mms://",
    "news:",
    "nntp://",
    "redis://",
    "sftp://",
    "sip:",
    "sips:",
    "sms:",
    "ssh://",
    "svn://",
    "tel:",
    "telnet://",
    "urn:",
    "worldwind://",
    "xmpp:",
    "//",
)
url_protocol_re: Final = re.compile(
    "(?:" + "|".join(re.escape(p) for p in URL_PROTOCOLS) + ")", re.I
)
_URL_JUNK_RE: Final = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str) -> bool:
    """True when ``url`` starts with an allowed protocol (after decoding and trimming).

    Control characters and spaces are removed first, because browsers ignore
    them inside a scheme (``java\\tscript:``).
    """
    cleaned = _URL_JUNK_RE.sub("", unescape_html(url))
    return url_protocol_re.match(cleaned) is not None


_ATTR_TEMPLATE_RE: Final = re.compile(r"\{\{[^{}]*\}\}")
_BAD_SCHEME_RE: Final = re.compile(r"^\s*(?:javascript|vbscript|data|livescript|mocha)\s*:", re.I)
_ATTR_NOWIKI_RE: Final = re.compile(r"<nowiki\s*>(.*?)</nowiki\s*>|<nowiki\s*/>", re.I | re.S)
_ATTR_COMMENT_RE: Final = re.compile(r"<!--.*?(?:-->|$)", re.S)


# -- Attributes -----------------------------------------------------------------


def _escape_id(value: str) -> str:
    return escape_id(value)


def validate_attributes(attrs: dict[str, str], tag: str) -> dict[str, str]:
    """MediaWiki's validateAttributes: the allowed attributes of ``tag``, cleaned."""
    allowed = _ALLOWED_ATTRS.get(tag, _COMMON)
    out: dict[str, str] = {}
    for name, value in attrs.items():
        if name.startswith("xmlns:") and _XMLNS_RE.match(name):
            if not _EVIL_URI_RE.search(value):
                out[name] = value
            continue
        if (name not in allowed and not _DATA_ATTR_RE.match(name)) or _RESERVED_DATA_RE.match(name):
            continue
        if name == "style":
            value = check_css(value)
        elif name == "id":
            value = _escape_id(value)
            if not value:
                continue
        elif name in _ID_LIST_ATTRS:
            value = " ".join(_escape_id(v) for v in value.split())
        elif name in _URI_ATTRS:
            if _EVIL_URI_RE.search(value):
                continue
        elif name == "cite":
            # Not checked by MediaWiki; a script URL has no business there either.
            if _BAD_SCHEME_RE.match(_URL_JUNK_RE.sub("", value)):
                continue
        elif name in ("href", "src", "poster"):
            # Only <a> from a template handler may link relatively (wikitext has no <a>).
            if re.search(r"\s", value) or not (
                is_safe_url(value) or (tag == "a" and _safe_href(value))
            ):
                continue
        elif name == "tabindex" and value != "0":
            continue
        out[name] = value
    if "itemscope" not in out:
        for name in ("itemtype", "itemid", "itemref"):
            out.pop(name, None)
    return out


_ATTR_WS: Final = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def encode_attributes(attrs: dict[str, str]) -> str:
    """`` name="value"`` pairs; newlines and tabs in values stay as character references."""
    return "".join(f' {k}="{escape_attr(v).translate(_ATTR_WS)}"' for k, v in attrs.items())


def sanitize_attributes(tag: str, text: str, *, drop_templates: bool = True) -> str:
    """``text`` (attribute text as MediaWiki's Sanitizer sees it) reduced to the
    allowed attributes of ``tag`` (MediaWiki's fixTagAttributes).

    Returns `` name="value"`` pairs (empty when nothing is left). Unknown and
    event-handler attributes, unsafe CSS and script URLs are dropped. With
    ``drop_templates``, unexpanded ``{{…}}`` calls in ``text`` are removed (and
    ``<nowiki>``/comments resolved) first.
    """
    if not text or not text.strip():
        return ""
    if drop_templates and "{{" in text:
        prev = None
        while prev != text:
            prev = text
            text = _ATTR_TEMPLATE_RE.sub("", text)
    if "<" in text:
        text = _ATTR_NOWIKI_RE.sub(r"\1", text)
        text = _ATTR_COMMENT_RE.sub("", text)
    return encode_attributes(validate_attributes(decode_attributes(text), tag))


def validate_tag(tag: str, text: str) -> bool:
    """MediaWiki's validateTag: ``<meta>`` and ``<link>`` only as microdata."""
    if tag not in ("meta", "link"):
        return True
    attrs = decode_attributes(text)
    if "itemprop" not in attrs:
        return False
    if tag == "meta":
        return "content" in attrs
    return "href" in attrs


# -- HTML from trusted-but-careless code (template handlers) ----------------------

_HTML_TOKEN_RE: Final = re.compile(
    r"<!--.*?(?:-->|$)|<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<",
    re.S,
)
_RELATIVE_URL_RE: Final = re.compile(r"^(?:[/#?.]|[^:/?#]*(?:[/?#]|$))")


def _safe_href(url: str) -> bool:
    cleaned = _URL_JUNK_RE.sub("", unescape_html(url))
    return is_safe_url(cleaned) or _RELATIVE_URL_RE.match(cleaned) is not None


def sanitize_html(markup: str) -> str:
    """``markup`` reduced to MediaWiki's allowed tags and attributes, plus ``<a href>``.

    For HTML that comes from code (a template handler) rather than from
    wikitext: disallowed tags are escaped, comments dropped, attributes
    sanitized, and ``href`` must be relative or use an allowed protocol.
    """
    markup = markup.replace("\x7f", "")  # see escape_text
    out: list[str] = []
    pos = 0
    for m in _HTML_TOKEN_RE.finditer(markup):
        out.append(markup[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        name = m.group(2)
        if name is None:
            if token == "<":
                out.append("&lt;")
            continue  # a comment
        name = name.lower()
        if name not in ALLOWED_TAGS and name != "a":
            out.append(escape_text(token))
            continue
        if m.group(1):
            out.append(f"</{name}>")
            continue
        body = m.group(3).rstrip()
        body = body[:-1] if body.endswith("/") else body
        attrs = sanitize_attributes(name, body)
        if name == "a":
            href = re.search(r' href="([^"]*)"', attrs)
            if href and not _safe_href(unescape_html(href.group(1))):
                attrs = attrs.replace(href.group(0), "")
        out.append(f"<{name}{attrs} />" if name in VOID_TAGS else f"<{name}{attrs}>")
    out.append(markup[pos:])
    return "".join(out)
