"""MediaWiki's core parser functions (``CoreParserFunctions.php``).

Offline there are no site statistics, revisions, protections or files:
``NUMBEROF…``, ``PAGESINCATEGORY`` and ``PAGESINNAMESPACE`` give 0, the revision
and protection functions an empty string, ``filepath`` nothing. ``PAGESIZE`` is
the size in bytes of the page in the wiki's page source (0 when missing).
``int:`` knows a few English interface messages; others show as ``⧼key⧽``.
``{{#invoke:…}}`` (Lua, Scribunto) is not run: it gives
``<span class="error wikikit-invoke">Lua module Module:X is not supported</span>``,
an error that ``#iferror`` recognizes.
"""

from __future__ import annotations

import html
import re
from typing import Final

from wikikit.expand.context import Expansion, Frame, FunctionImpl, Result
from wikikit.expand.magic import formatted_stat, title_word
from wikikit.expand.parser_functions import PARSER_FUNCTIONS
from wikikit.expand.pptree import PPart
from wikikit.expand.textutil import (
    decode_char_references,
    escape_wiki_text,
    format_num,
    loose_equal,
    parse_formatted_number,
    php_int,
    php_trim,
    php_urlencode,
    rawurlencode,
    wf_urlencode,
)
from wikikit.expand.words import TITLE_WORDS
from wikikit.html.anchors import escape_id, normalize_section_name
from wikikit.tree.attributes import unescape_html

__all__ = ["FUNCTIONS"]


def _args(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> list[str]:
    return ex.text_args(frame, first, parts)


def _opt(args: list[str], i: int) -> str:
    return args[i] if i < len(args) else ""


def f_ns(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{ns:6}}`` / ``{{ns:image}}``: a namespace's local name."""
    numeric = php_int(first) or loose_equal(first, "0")
    index = php_int(first) if numeric else _ns_index(ex, first)
    if index is None:
        return None
    return ex.ns_text(index)


def _ns_index(ex: Expansion, name: str) -> int | None:
    return ex.site.namespace_id(name.replace("_", " "))


def f_nse(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{nse:…}}``: ``ns`` URL-encoded."""
    name = f_ns(ex, frame, first, parts)
    return None if name is None else wf_urlencode(name.replace(" ", "_"))


def f_urlencode(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{urlencode:text|QUERY/WIKI/PATH}}``."""
    mode = ex.magic.match(_arg(ex, frame, parts, 0), ("url_path", "url_query", "url_wiki"))
    first = ex.kill_markers(first)
    if mode == "url_wiki":
        return wf_urlencode(first.replace(" ", "_"))
    if mode == "url_path":
        return rawurlencode(first)
    return php_urlencode(first)


def _arg(ex: Expansion, frame: Frame, parts: list[PPart], i: int) -> str:
    return php_trim(ex.expand_part(parts[i], frame)) if i < len(parts) else ""


def f_lc(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{lc:…}}``."""
    return ex.skip_markers(first, str.lower)


def f_uc(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{uc:…}}``."""
    return ex.skip_markers(first, str.upper)


def f_lcfirst(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{lcfirst:…}}``."""
    return first[:1].lower() + first[1:]


def f_ucfirst(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{ucfirst:…}}``."""
    return first[:1].upper() + first[1:]


def _url_function(
    ex: Expansion, frame: Frame, first: str, parts: list[PPart], kind: str, escape: bool
) -> str | None:
    title = ex.parse_title(first)
    if title is None:
        from urllib.parse import unquote

        title = ex.parse_title(unquote(first))
    if title is None:
        return None
    ns = 6 if title.namespace == -2 else title.namespace
    query = _arg(ex, frame, parts, 0)
    dbkey = wf_urlencode(ex.prefixed(ns, title.text).replace(" ", "_"))
    site = ex.site
    if query:
        script = site.script_path + "/index.php"
        url = f"{script}?title={dbkey}&{query}"
    else:
        url = site.article_path.replace("$1", dbkey)
    if kind != "local":
        server = site.server
        if kind == "canonical" and server.startswith("//"):
            server = "https:" + server
        url = server + url
        if title.fragment:
            url += "#" + escape_id(title.fragment)
    return html.escape(url, quote=True) if escape else url


def f_localurl(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{localurl:Page|query}}``."""
    return _url_function(ex, frame, first, parts, "local", False)


def f_localurle(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{localurle:…}}``: HTML-escaped."""
    return _url_function(ex, frame, first, parts, "local", True)


def f_fullurl(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{fullurl:Page|query}}``."""
    return _url_function(ex, frame, first, parts, "full", False)


def f_fullurle(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{fullurle:…}}``: HTML-escaped."""
    return _url_function(ex, frame, first, parts, "full", True)


def f_canonicalurl(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{canonicalurl:Page|query}}``."""
    return _url_function(ex, frame, first, parts, "canonical", False)


def f_canonicalurle(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | None:
    """``{{canonicalurle:…}}``: HTML-escaped."""
    return _url_function(ex, frame, first, parts, "canonical", True)


def f_formatnum(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{formatnum:1234567.89}}``, with ``R`` (unformat) or ``NOSEP`` (no grouping)."""
    option = _arg(ex, frame, parts, 0)
    if option and ex.magic.match(option, ("rawsuffix",)):
        return ex.skip_markers(first, parse_formatted_number)
    if option and ex.magic.match(option, ("nocommafysuffix",)):
        return first
    return ex.skip_markers(first, format_num)


def f_grammar(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{grammar:case|word}}``: English has no grammatical cases."""
    return _arg(ex, frame, parts, 0)


def f_gender(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{gender:user|male|female|other}}``: users' genders are unknown offline."""
    forms = _args(ex, frame, first, parts)[1:]
    if not forms:
        return ""
    if len(forms) < 3:
        return forms[0]
    return forms[2]


def f_plural(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{plural:n|one|other}}`` with English rules and explicit ``n=form`` forms."""
    forms = _args(ex, frame, first, parts)[1:]
    number = parse_formatted_number(first)
    try:
        count = float(number)
    except ValueError:
        count = 0.0
    plain: list[str] = []
    for form in forms:
        m = re.match(r"([0-9]+)=", form)
        if m is not None:
            if float(m.group(1)) == count:
                return form[m.end() :]
            continue
        plain.append(form)
    if not plain:
        return ""
    index = 0 if count == 1 else 1
    return plain[min(index, len(plain) - 1)]


_RTL: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_STRONG: Final = re.compile(
    "[A-Za-z\u00c0-\u024f\u0370-\u058f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
)


def f_bidi(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{bidi:text}}``: wrap in embedding marks by the first strong character."""
    m = _STRONG.search(first)
    if m is None:
        return first
    return ("\u202b" if _RTL.match(m.group()) else "\u202a") + first + "\u202c"


def _stat(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    return formatted_stat(0, first)


def _stat_second(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    return formatted_stat(0, _arg(ex, frame, parts, 0))


def f_pagesincategory(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{PAGESINCATEGORY:…}}``: category sizes are unknown offline (0)."""
    args = _args(ex, frame, first, parts)
    raw = next((a for a in args[1:] if a == "R"), "")
    return formatted_stat(0, raw)


def f_pagesize(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{PAGESIZE:page|R}}``: the page's size in bytes in the page source."""
    title = ex.parse_title(first)
    size = 0
    if title is not None:
        text = ex.page_text(title)
        size = len(text.encode("utf-8")) if text is not None else 0
    return formatted_stat(size, _arg(ex, frame, parts, 0))


def _empty(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    return ""


_LANGUAGE_NAMES: Final = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "español",
    "fa": "فارسی",
    "fr": "français",
    "he": "עברית",
    "hi": "हिन्दी",
    "it": "italiano",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "pl": "polski",
    "pt": "português",
    "ru": "русский",
    "sv": "svenska",
    "uk": "українська",
    "zh": "中文",
}
_ENGLISH_NAMES: Final = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "sv": "Swedish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


def _bcp47(code: str) -> str:
    pieces = code.lower().split("-")
    out = [pieces[0]]
    for piece in pieces[1:]:
        if len(piece) == 2:
            out.append(piece.upper())
        elif len(piece) == 4:
            out.append(piece.title())
        else:
            out.append(piece)
    return "-".join(out)


def f_language(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#language:code|in language}}``: a language's name (autonym by default)."""
    code = first.lower()
    in_language = _arg(ex, frame, parts, 0).lower()
    names = _ENGLISH_NAMES if in_language == "en" else _LANGUAGE_NAMES
    return names.get(code) or _bcp47(code)


def f_bcp47(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#bcp47:code}}``."""
    return _bcp47(first)


def f_dir(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#dir:code}}``: the direction of a language."""
    return "rtl" if first.lower().split("-")[0] in ("ar", "fa", "he", "ur", "yi", "ps") else "ltr"


def _pad(ex: Expansion, frame: Frame, first: str, parts: list[PPart], left: bool) -> str:
    length = php_int(_arg(ex, frame, parts, 0))
    padding = ex.kill_markers(_arg(ex, frame, parts, 1)) if len(parts) > 1 else "0"
    if not padding:
        return first
    remaining = min(length, 500) - len(first)
    fill = []
    while remaining > 0:
        fill.append(padding[:remaining])
        remaining -= len(padding)
    filler = "".join(fill)
    return filler + first if left else first + filler


def f_padleft(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{padleft:text|length|padding}}`` (at most 500 characters)."""
    return _pad(ex, frame, first, parts, True)


def f_padright(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{padright:text|length|padding}}``."""
    return _pad(ex, frame, first, parts, False)


_LINK_PIPED: Final = re.compile(r"\[\[:?([^\[|]+)\|([^\[]+)\]\]")
_LINK_PLAIN: Final = re.compile(r"\[\[:?([^\[]+)\|?\]\]")
_EXT_LINK: Final = re.compile(r"\[(?i:https?://|ftp://|mailto:|//)([^ ]+?) ([^\[]+)\]")
_QUOTES: Final = re.compile(r"'{2,}")
_TAGS: Final = re.compile(r"<[^>]*>")


def f_anchorencode(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{anchorencode:text}}``: the fragment a heading with this text gets."""
    text = _LINK_PIPED.sub(r"\2", ex.kill_markers(first))
    text = _LINK_PLAIN.sub(r"\1", text)
    text = _EXT_LINK.sub(r"\2", text)
    text = _QUOTES.sub("", text)
    text = _TAGS.sub("", text)
    text = decode_char_references(normalize_section_name(text))
    return escape_id(normalize_section_name(text))


def _sort_or_title_option(ex: Expansion, option: str, prefix: str) -> str | None:
    if not option:
        return None
    return ex.magic.match(option, (prefix + "_noerror", prefix + "_noreplace"))


def f_defaultsort(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{DEFAULTSORT:key|noerror/noreplace}}``: the page's category sort key."""
    frame.set_volatile()
    option = _sort_or_title_option(ex, _arg(ex, frame, parts, 0), "defaultsort")
    text = first
    if not text:
        return ""
    old = ex.meta.default_sort
    if old is None or option != "defaultsort_noreplace":
        ex.meta.default_sort = text
    if old is None or old == text or option:
        return ""
    return (
        '<span class="error">Warning: Default sort key "'
        + escape_wiki_text(text)
        + '" overrides earlier default sort key "'
        + escape_wiki_text(old)
        + '".</span>'
    )


def f_displaytitle(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{DISPLAYTITLE:title}}``: honoured when it normalizes to the page's own title."""
    frame.set_volatile()
    option = _sort_or_title_option(ex, _arg(ex, frame, parts, 0), "displaytitle")
    text = ex.kill_markers(first)
    plain = unescape_html(_TAGS.sub("", _QUOTES.sub("", text)))
    title = ex.parse_title(plain)
    if title is None or title.fragment or ex.title_key(title) != ex.title_key(ex.page_title):
        return ""
    old = ex.meta.display_title
    if old is None or option != "displaytitle_noreplace":
        ex.meta.display_title = text
    if old is not None and old != text and not option:
        return (
            '<span class="error">Warning: Display title "'
            + escape_wiki_text(text)
            + '" overrides earlier display title "'
            + escape_wiki_text(old)
            + '".</span>'
        )
    return ""


_MESSAGES: Final = {
    "mainpage": "Main Page",
    "edit": "Edit",
    "lang": "en",
    "pagetitle": "$1 - {{SITENAME}}",
    "search": "Search",
    "help": "Help",
    "talk": "Talk",
    "categories": "Categories",
    "redirectedfrom": "(Redirected from $1)",
    "retrievedfrom": 'Retrieved from "$1"',
    "ok": "OK",
    "and": "&#32;and",
    "comma-separator": ",&#32;",
    "word-separator": "&#32;",
    "parentheses": "($1)",
    "brackets": "[$1]",
    "colon-separator": ":&#32;",
    "pipe-separator": "&#32;|&#32;",
}


def f_int(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str | Result | None:
    """``{{int:message|$1|$2}}``: a few English interface messages."""
    if not first:
        return None
    key = first[:1].lower() + first[1:]
    text = _MESSAGES.get(key.replace(" ", "_").lower()) if key else None
    if text is None:
        return "⧼" + html.escape(first, quote=False) + "⧽"
    params = _args(ex, frame, first, parts)[1:]
    for i, value in enumerate(params, 1):
        text = text.replace(f"${i}", value)
    return Result(text, preprocess=True)


def f_special(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#special:Page}}``: the localized title of a special page."""
    title = ex.parse_title(first, -1)
    if title is None or title.namespace != -1:
        return ex.prefixed(-1, "Badtitle")
    return ex.title_key(title)


def f_speciale(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#speciale:Page}}``: ``#special`` URL-encoded."""
    return wf_urlencode(f_special(ex, frame, first, parts).replace(" ", "_"))


def f_tag(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#tag:name|content|attr=value}}``: an extension tag written as a function."""
    name = first.lower()
    if not name:
        return ""
    inner = ex.expand_part(parts[0], frame) if parts else None
    attrs: list[str] = []
    for part in parts[1:]:
        key, _ = ex.split_arg(part, frame)
        if key is None:
            continue
        value = php_trim(ex.expand(part.value, frame))
        m = re.fullmatch(r"[\"'](.+)[\"']|\"\"|''", value, re.S)
        if m is not None:
            value = m.group(1) or ""
        attrs.append(f' {html.escape(key)}="{html.escape(value)}"')
    attr_text = "".join(attrs)
    text = f"<{name}{attr_text}/>" if inner is None else f"<{name}{attr_text}>{inner}</{name}>"
    # An extension tag's output stands behind a strip marker, as written tags do.
    return ex.strip_marker(name, text) if ex.site.is_extension_tag(name) else text


def f_invoke(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#invoke:Module|function}}``: Lua is not run; an error span names the module."""
    title = ex.parse_title(first, 828)
    name = ex.title_key(title) if title is not None else "Module:" + first
    return (
        '<span class="error wikikit-invoke">Lua module '
        + html.escape(name, quote=False)
        + " is not supported</span>"
    )


def f_formatdate(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
    """``{{#formatdate:date}}``: with no user preference the date stays as written."""
    return first


_NO_SPECIAL: Final = frozenset(("fullpagename", "fullpagenamee", "talkpagename", "talkpagenamee"))


def _title_function(word_id: str) -> FunctionImpl:
    def impl(ex: Expansion, frame: Frame, first: str, parts: list[PPart]) -> str:
        title = ex.parse_title(first)
        if title is None:
            return ""
        if title.namespace < 0 and word_id in _NO_SPECIAL:
            return ""
        return title_word(word_id, ex, title)

    impl.__doc__ = f"``{{{{{word_id.upper()}:title}}}}``."
    return impl


FUNCTIONS: dict[str, FunctionImpl] = {
    "ns": f_ns,
    "nse": f_nse,
    "urlencode": f_urlencode,
    "lcfirst": f_lcfirst,
    "ucfirst": f_ucfirst,
    "lc": f_lc,
    "uc": f_uc,
    "localurl": f_localurl,
    "localurle": f_localurle,
    "fullurl": f_fullurl,
    "fullurle": f_fullurle,
    "canonicalurl": f_canonicalurl,
    "canonicalurle": f_canonicalurle,
    "formatnum": f_formatnum,
    "grammar": f_grammar,
    "gender": f_gender,
    "plural": f_plural,
    "bidi": f_bidi,
    "numberofpages": _stat,
    "numberofusers": _stat,
    "numberofactiveusers": _stat,
    "numberofarticles": _stat,
    "numberoffiles": _stat,
    "numberofadmins": _stat,
    "numberofedits": _stat,
    "numberingroup": _stat_second,
    "pagesinnamespace": _stat_second,
    "language": f_language,
    "bcp47": f_bcp47,
    "dir": f_dir,
    "padleft": f_padleft,
    "padright": f_padright,
    "anchorencode": f_anchorencode,
    "defaultsort": f_defaultsort,
    "displaytitle": f_displaytitle,
    "filepath": _empty,
    "pagesincategory": f_pagesincategory,
    "pagesize": f_pagesize,
    "protectionlevel": _empty,
    "protectionexpiry": _empty,
    "cascadingsources": _empty,
    "pageid": _empty,
    "revisionid": _empty,
    "revisionday": _empty,
    "revisionday2": _empty,
    "revisionmonth": _empty,
    "revisionmonth1": _empty,
    "revisionyear": _empty,
    "revisiontimestamp": _empty,
    "revisionuser": _empty,
    "int": f_int,
    "special": f_special,
    "speciale": f_speciale,
    "tag": f_tag,
    "formatdate": f_formatdate,
    "invoke": f_invoke,
}
for _word in TITLE_WORDS:
    FUNCTIONS[_word] = _title_function(_word)
FUNCTIONS.update(PARSER_FUNCTIONS)
