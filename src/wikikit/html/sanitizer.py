"""MediaWiki's HTML whitelist: which tags and attributes wikitext may use, and how
attribute values are cleaned (CSS, ids, URLs).

The lists follow ``includes/parser/Sanitizer.php`` (``getRecognizedTagData``,
``setupAttributesAllowedInternal``, ``checkCss``); anything not on them is
rendered as escaped text or dropped. The code is our own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5 as _HTML5_ENTITIES

from wikikit.html.anchors import escape_id
from wikikit.html.characters import valid_codepoint as _valid_codepoint
from wikikit.parser.inline import HTML_TAGS

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
ALLOWED_TAGS = HTML_TAGS - {"meta", "link"}
#: Tags that never have content or an end tag.
VOID_TAGS = frozenset(("br", "wbr", "hr"))
#: Tags that may appear without an end tag (MediaWiki's htmlsingle).
SINGLE_TAGS = frozenset(("br", "wbr", "hr", "li", "dt", "dd"))

_COMMON = frozenset(
    [
        "id",
        "class",
        "style",
        "lang",
        "dir",
        "title",
        "tabindex",
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
_TABLE_ALIGN = frozenset(("align", "valign"))
_TABLE_CELL = frozenset(
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
    "br": frozenset(("id", "class", "title", "style", "clear")),
    "wbr": frozenset(("id", "class", "title", "style")),
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
    # Only reachable through sanitize_html (wikitext cannot write <a>).
    "a": _attrs(_COMMON, "href rel hreflang"),
}

# MediaWiki's attribute regex: a name, then an optional quoted or bare value
# (an unterminated quote runs to the end of the text).
_ATTRIB_RE = re.compile(
    r"""([:_\w][:_\w.\-]*)
        (?:[\t\n\f\r ]*=[\t\n\f\r ]*
          (?:"([^"]*)(?:"|$)|'([^']*)(?:'|$)|((?:(?![\t\n\f\r ]|>).)*))
        )?""",
    re.X | re.S,
)
_DATA_ATTR_RE = re.compile(r"^data-[^:]*$")
# RDFa namespace declarations (the value is checked like a URL).
_XMLNS_RE = re.compile(r"^xmlns:[A-Za-z_][\w.-]*$")
_CHAR_REF_RE = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]*|רלמ|رلم);|#([0-9]+);|#[xX]([0-9A-Fa-f]+);)")
# MediaWiki's wikitext-only spellings of &rlm; (Hebrew and Arabic letters).
_ENTITY_ALIASES = {"רלמ": "rlm", "رلم": "rlm"}
_URL_ATTRS = frozenset(("cite", "itemid", "itemtype", "resource", "about", "href", "src"))


def _decode_ref(m: re.Match[str]) -> str:
    name, dec, hexa = m.group(1), m.group(2), m.group(3)
    if name is not None:
        return _HTML5_ENTITIES.get(_ENTITY_ALIASES.get(name, name) + ";", m.group(0))
    cp = int(dec) if dec is not None else int(hexa, 16)
    return chr(cp) if cp < 0x110000 and _valid_codepoint(cp) else "\ufffd"


def decode_char_refs(text: str) -> str:
    """Decode well-formed character references (``&amp;``, ``&#60;``, ``&#x3C;``)."""
    if "&" not in text:
        return text
    return _CHAR_REF_RE.sub(_decode_ref, text)


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
    cp = int(dec) if dec is not None else int(hexa, 16)
    if cp >= 0x110000 or not _valid_codepoint(cp):
        return "&amp;" + markup[1:]
    return f"&#{cp};" if dec is not None else f"&#x{hexa};"


def escape_text(text: str) -> str:
    """Escape text for an HTML text node.

    U+007F is dropped: the renderer uses it to delimit its placeholders, so
    input must never be able to forge one.
    """
    return text.replace("\x7f", "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """Escape text for a double-quoted HTML attribute value (U+007F dropped, see above)."""
    return (
        text.replace("\x7f", "")
        .replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


# -- CSS ---------------------------------------------------------------------

_CSS_ESCAPE_RE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\r\n\f]?|(.)|$)", re.S)
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CSS_COMMENT_RE = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_INSECURE_RE = re.compile(
    r"""expression|filter\s*:|accelerator\s*:|-o-link\s*:|-o-link-source\s*:
    |-o-replace\s*:|url\s*\(|image\s*\(|image-set\s*\(|attr\s*\([^)]+[\s,]+url
    |var\s*\(|behavior\s*:|-moz-binding|javascript\s*:|vbscript\s*:|@import""",
    re.I | re.X,
)


def _css_unescape(m: re.Match[str]) -> str:
    hexa, char = m.group(1), m.group(2)
    if hexa is not None:
        cp = int(hexa, 16)
        return chr(cp) if 0 < cp < 0x110000 and not 0xD800 <= cp <= 0xDFFF else "\ufffd"
    return char or ""


def check_css(value: str) -> str:
    """The style value, or ``/* insecure input */`` when it could run script or load URLs.

    Like MediaWiki's checkCss, the test runs on the decoded form: character
    references and CSS escapes decoded, comments removed, and look-alike
    letters (full-width, small capitals) folded, so ``ex&#112;ression`` or
    ``e\\78pression`` are caught too.
    """
    decoded = decode_char_refs(value)
    decoded = _CSS_ESCAPE_RE.sub(_css_unescape, decoded)
    if _CONTROL_RE.search(decoded):
        return "/* invalid control char */"
    decoded = _CSS_COMMENT_RE.sub(" ", decoded)
    folded = unicodedata.normalize("NFKC", decoded)
    folded = folded.translate(_LOOKALIKES)
    if _CSS_INSECURE_RE.search(folded) or "\x00" in folded:
        return "/* insecure input */"
    if "\\" in value or "/*" in value:
        # Keep the normalized form, as MediaWiki does, so no escape survives.
        return decoded.strip()
    return value


# IPA small capitals and other letters browsers once folded to ASCII in CSS.
_LOOKALIKES = str.maketrans(
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
URL_PROTOCOLS = (
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
url_protocol_re = re.compile("(?:" + "|".join(re.escape(p) for p in URL_PROTOCOLS) + ")", re.I)
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str) -> bool:
    """True when ``url`` starts with an allowed protocol (after decoding and trimming).

    Control characters and spaces are removed first, because browsers ignore
    them inside a scheme (``java\\tscript:``).
    """
    cleaned = _URL_JUNK_RE.sub("", html.unescape(url))
    return url_protocol_re.match(cleaned) is not None


_ATTR_NOWIKI_RE = re.compile(r"<nowiki\s*>(.*?)</nowiki\s*>|<nowiki\s*/>", re.I | re.S)
_ATTR_TEMPLATE_RE = re.compile(r"\{\{[^{}]*\}\}")
_ATTR_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)
_WS_TO_SPACE = str.maketrans("\t\n\r", "   ")
_BAD_SCHEME_RE = re.compile(r"^\s*(?:javascript|vbscript|data|livescript|mocha)\s*:", re.I)


# -- Attributes -----------------------------------------------------------------


def _escape_id(value: str) -> str:
    return escape_id(value)


def sanitize_attributes(tag: str, text: str, *, drop_templates: bool = True) -> str:
    """``text`` (raw attributes as written) reduced to the allowed ones for ``tag``.

    Returns a string of `` name="value"`` pairs (empty when nothing is left).
    Event handlers, unknown attributes, unsafe CSS and script URLs are dropped.
    """
    if not text or not text.strip():
        return ""
    if drop_templates and "{{" in text:
        # Templates are not expanded: drop the calls, never print "{{…}}". (In an
        # extension tag's attributes MediaWiki keeps them as written.)
        prev = None
        while prev != text:
            prev = text
            text = _ATTR_TEMPLATE_RE.sub("", text)
    if "<" in text:
        # MediaWiki unstrips <nowiki> and drops comments before reading attributes.
        text = _ATTR_NOWIKI_RE.sub(r"\1", text)
        text = _ATTR_COMMENT_RE.sub("", text)
    allowed = _ALLOWED_ATTRS.get(tag, _COMMON)
    found: dict[str, str] = {}
    for m in _ATTRIB_RE.finditer(text):
        name = m.group(1).lower()
        value = m.group(2)
        if value is None:
            value = m.group(3)
        if value is None:
            value = m.group(4)
        if value is None:
            value = ""
        if (
            name not in allowed
            and not _DATA_ATTR_RE.match(name)
            and not (name.startswith("xmlns:") and _XMLNS_RE.match(name))
        ):
            continue
        if name.startswith("on") or name.startswith(("data-ooui", "data-mw", "data-parsoid")):
            continue
        value = decode_char_refs(value)
        if name == "style":
            value = check_css(value)
        elif name == "id":
            value = _escape_id(value)
            if not value:
                continue
        elif name == "tabindex" and value.strip() not in ("0", "-1"):
            continue  # positive tab indexes would hijack keyboard navigation
        elif (name in _URL_ATTRS or name.startswith("xmlns:")) and _BAD_SCHEME_RE.match(
            _URL_JUNK_RE.sub("", value)
        ):
            continue
        # Each whitespace character becomes a space (MediaWiki's normalizeAttributeValue).
        value = value.translate(_WS_TO_SPACE)
        found[name] = value
    return "".join(f' {k}="{escape_attr(v)}"' for k, v in found.items())


# -- HTML from trusted-but-careless code (template handlers) ----------------------

_HTML_TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|$)|<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|<",
    re.S,
)
_RELATIVE_URL_RE = re.compile(r"^(?:[/#?.]|[^:/?#]*(?:[/?#]|$))")


def _safe_href(url: str) -> bool:
    cleaned = _URL_JUNK_RE.sub("", html.unescape(url))
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
            if href and not _safe_href(html.unescape(href.group(1))):
                attrs = attrs.replace(href.group(0), "")
        out.append(f"<{name}{attrs} />" if name in VOID_TAGS else f"<{name}{attrs}>")
    out.append(markup[pos:])
    return "".join(out)
