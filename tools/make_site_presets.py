"""Generate the site presets shipped in ``src/wikikit/site/data`` from public MediaWiki data.

Run once, by hand, when the sources move; nothing imports this at run time:

    python tools/make_site_presets.py \\
        --core-git /path/to/mediawiki.git --core-prefix dist/ \\
        --config-git /path/to/operations-mediawiki-config.git \\
        --scribunto-git /path/to/mediawiki-extensions-Scribunto.git \\
        --parserfunctions-git /path/to/mediawiki-extensions-ParserFunctions.git \\
        [--parsoid-git /path/to/mediawiki-services-parsoid.git] [--check]

Every source is a git directory read with ``git show HEAD:<path>``; the commit of each lands in
``data/index.json``. What is read:

* MediaWiki core ``languages/messages/Messages*.php``: namespace names and aliases (gender forms
  too), magic words, link trail, link prefix charset, right-to-left flag, fallback chains;
  ``includes/languages/data/Names.php`` for which interwiki prefixes are languages;
  ``languages/i18n/<code>.json`` for the ``mainpage`` message.
* Scribunto ``Scribunto.namespaces.php`` and ``Scribunto.magic.php`` (data only), ParserFunctions
  ``ParserFunctions.i18n.magic.php``.
* operations-mediawiki-config ``wmf-config/InitialiseSettings.php``,
  ``wmf-config/core-Namespaces.php``, ``dblists-index.php`` and ``wmf-config/interwiki.php``:
  site name, server, meta namespace, extra namespaces, namespace aliases, subpages, content
  namespaces, capital links, local interwikis and the interwiki map, resolved per wiki as
  ``SiteConfiguration`` does.
* Parsoid ``baseconfig/*.json`` (optional): the extension tags and main page of the wikis it has
  siteinfo for, and with ``--check`` a comparison of the generated namespaces, aliases and magic
  words against those live siteinfo answers.

Localisations are merged as ``LocalisationCache`` merges them (local values first, then each
fallback language, English last) and namespaces are assembled as ``Language::getNamespaces`` and
``Language::getNamespaceAliases`` do.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()

CONSTANTS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "NS_MEDIA": -2,
    "NS_SPECIAL": -1,
    "NS_MAIN": 0,
    "NS_TALK": 1,
    "NS_USER": 2,
    "NS_USER_TALK": 3,
    "NS_PROJECT": 4,
    "NS_PROJECT_TALK": 5,
    "NS_FILE": 6,
    "NS_FILE_TALK": 7,
    "NS_IMAGE": 6,
    "NS_IMAGE_TALK": 7,
    "NS_MEDIAWIKI": 8,
    "NS_MEDIAWIKI_TALK": 9,
    "NS_TEMPLATE": 10,
    "NS_TEMPLATE_TALK": 11,
    "NS_HELP": 12,
    "NS_HELP_TALK": 13,
    "NS_CATEGORY": 14,
    "NS_CATEGORY_TALK": 15,
    "NS_MODULE": 828,
    "NS_MODULE_TALK": 829,
}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|\#(?!\[)[^\n]*|/\*.*?\*/)
  | (?P<sq>'(?:[^'\\]|\\.)*')
  | (?P<dq>"(?:[^"\\]|\\.)*")
  | (?P<num>0[xX][0-9A-Fa-f]+|\d+\.\d+|\d+)
  | (?P<var>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<name>\\?[A-Za-z_][A-Za-z0-9_]*(?:\\[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>=>|::|\?\?|\.\.\.|->|[-+*/.,;=\[\](){}?:|&!<>@^%~])
    """,
    re.S | re.X,
)

_DQ_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "f": "\f", "0": "\0", "e": "\x1b"}


def _unquote_sq(text: str) -> str:
    return re.sub(r"\\([\\'])", r"\1", text[1:-1])


def _unquote_dq(text: str) -> str:
    body = text[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _DQ_ESCAPES:
                out.append(_DQ_ESCAPES[nxt])
                i += 2
                continue
            if nxt in '\\"$':
                out.append(nxt)
                i += 2
                continue
            m = re.match(r"u\{([0-9A-Fa-f]+)\}", body[i + 1 :])
            if m:
                out.append(chr(int(m.group(1), 16)))
                i += 1 + m.end()
                continue
            m = re.match(r"x([0-9A-Fa-f]{1,2})", body[i + 1 :])
            if m:
                # A byte escape: PHP strings are bytes; keep it as its Latin-1 character.
                out.append(chr(int(m.group(1), 16)))
                i += 1 + m.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


@dataclass
class _Tok:
    kind: str
    text: str


def _tokenize(source: str) -> list[_Tok]:
    start = source.find("<?php")
    pos = start + 5 if start >= 0 else 0
    toks: list[_Tok] = []
    n = len(source)
    while pos < n:
        m = _TOKEN.match(source, pos)
        if m is None:
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup or ""
        if kind in ("ws", "comment"):
            continue
        toks.append(_Tok(kind, m.group()))
    return toks


def _php_key(key: Any) -> Any:
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, str) and re.fullmatch(r"0|-?[1-9][0-9]*", key):
        return int(key)
    if key is None:
        return ""
    if isinstance(key, float):
        return int(key)
    return key


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.assigned: dict[str, Any] = {}

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def at(self, text: str, offset: int = 0) -> bool:
        tok = self.peek(offset)
        return tok is not None and tok.text == text

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def skip_balanced(self) -> None:
        """Skip one token, or a whole bracketed group when it opens one."""
        pairs = {"(": ")", "[": "]", "{": "}"}
        tok = self.take()
        if tok.text not in pairs:
            return
        depth = 1
        while depth and self.i < len(self.toks):
            t = self.take().text
            if t in pairs:
                depth += 1
            elif t in pairs.values():
                depth -= 1

    def skip_expression(self) -> None:
        """Skip to the end of the current expression (``,``, ``;`` or a closing bracket)."""
        while self.i < len(self.toks):
            t = self.peek()
            assert t is not None
            if t.text in (",", ";", ")", "]", "}"):
                return
            self.skip_balanced()

    # expressions ----------------------------------------------------------------------------

    def expression(self) -> Any:
        value = self.unary()
        while True:
            tok = self.peek()
            if tok is None or tok.text not in (".", "+", "|", "-", "*", "??"):
                break
            op = self.take().text
            right = self.unary()
            value = _binary(op, value, right)
        tok = self.peek()
        if tok is not None and tok.text == "?":
            # A ternary: its value depends on run-time state.
            self.skip_expression()
            return UNKNOWN
        return value

    def unary(self) -> Any:
        if self.at("-"):
            self.take()
            value = self.unary()
            return (
                -value
                if isinstance(value, (int, float)) and not isinstance(value, bool)
                else UNKNOWN
            )
        if self.at("+"):
            self.take()
            return self.unary()
        if self.at("!"):
            self.take()
            value = self.unary()
            return UNKNOWN if value is UNKNOWN else not value
        if self.at("@"):
            self.take()
        if self.at("("):
            self.take()
            value = self.expression()
            if self.at(")"):
                self.take()
            return value
        return self.primary()

    def primary(self) -> Any:
        tok = self.peek()
        if tok is None:
            return UNKNOWN
        if tok.kind == "sq":
            self.take()
            return _unquote_sq(tok.text)
        if tok.kind == "dq":
            self.take()
            return _unquote_dq(tok.text)
        if tok.kind == "num":
            self.take()
            text = tok.text
            if text.lower().startswith("0x"):
                return int(text, 16)
            return float(text) if "." in text else int(text)
        if tok.text == "[":
            self.take()
            return self.array("]")
        if tok.kind == "name":
            low = tok.text.lower()
            if low == "array" and self.at("(", 1):
                self.take()
                self.take()
                return self.array(")")
            if low in ("function", "fn", "static", "new", "match"):
                self.skip_expression()
                return UNKNOWN
            self.take()
            if self.at("::"):
                self.take()
                if self.peek() is not None:
                    self.take()
                if self.at("("):
                    self.skip_balanced()
                return UNKNOWN
            if self.at("("):
                self.skip_balanced()
                return UNKNOWN
            if low in ("true", "false", "null"):
                return CONSTANTS[low]
            return CONSTANTS.get(tok.text, UNKNOWN)
        if tok.kind == "var":
            self.take()
            if not (self.at("[") or self.at("->")):
                return self.assigned.get(tok.text[1:], UNKNOWN)
            while self.at("[") or self.at("->"):
                if self.at("["):
                    self.skip_balanced()
                else:
                    self.take()
                    self.take()
            return UNKNOWN
        self.skip_balanced()
        return UNKNOWN

    def array(self, close: str) -> Any:
        out: dict[Any, Any] = {}
        next_index = 0
        while self.i < len(self.toks) and not self.at(close):
            if self.at("..."):
                self.take()
                spread = self.expression()
                if isinstance(spread, dict):
                    for v in spread.values():
                        out[next_index] = v
                        next_index += 1
            else:
                first = self.expression()
                if self.at("=>"):
                    self.take()
                    value = self.expression()
                    key = _php_key(first)
                    if key is not UNKNOWN:
                        out[key] = value
                        if isinstance(key, int) and key >= next_index:
                            next_index = key + 1
                else:
                    out[next_index] = first
                    next_index += 1
            if self.at(","):
                self.take()
            elif not self.at(close):
                # Something this reader does not understand: skip past it.
                self.skip_balanced()
        if self.at(close):
            self.take()
        return out

    # statements -----------------------------------------------------------------------------

    def statements(self) -> tuple[dict[str, Any], Any]:
        assigned = self.assigned
        returned: Any = None
        while self.i < len(self.toks):
            tok = self.peek()
            assert tok is not None
            if tok.kind == "var":
                name = self.take().text[1:]
                keys: list[Any] = []
                while self.at("["):
                    self.take()
                    keys.append(_php_key(self.expression()) if not self.at("]") else None)
                    if self.at("]"):
                        self.take()
                if self.at("=") or (self.at("+") and self.at("=", 1)):
                    plus = self.at("+")
                    if plus:
                        self.take()
                    self.take()
                    value = self.expression()
                    _assign(assigned, name, keys, value, plus)
                self._end_statement()
            elif tok.text == "return":
                self.take()
                returned = self.expression()
                self._end_statement()
            elif tok.text in ("{", "}", ";"):
                self.take()
            else:
                self._end_statement()
        return assigned, returned

    def _end_statement(self) -> None:
        while self.i < len(self.toks) and not self.at(";"):
            if self.at("{"):
                self.skip_balanced()
                return
            self.skip_balanced()
        if self.at(";"):
            self.take()


def _binary(op: str, left: Any, right: Any) -> Any:
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if op == ".":
        return _php_str(left) + _php_str(right)
    if op == "+" and isinstance(left, dict) and isinstance(right, dict):
        merged = dict(left)
        for k, v in right.items():
            merged.setdefault(k, v)
        return merged
    if op == "??":
        return left if left is not None else right
    num = (int, float)
    if isinstance(left, num) and isinstance(right, num):
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if op == "|" and isinstance(left, int) and isinstance(right, int):
            return left | right
    return UNKNOWN


def _php_str(value: Any) -> str:
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    return str(value)


def _assign(store: dict[str, Any], name: str, keys: list[Any], value: Any, plus: bool) -> None:
    if not keys:
        if plus and isinstance(store.get(name), dict) and isinstance(value, dict):
            value = _binary("+", store[name], value)
        store[name] = value
        return
    target = store.setdefault(name, {})
    if not isinstance(target, dict):
        return
    for key in keys[:-1]:
        key = len(target) if key is None else key
        target = target.setdefault(key, {})
        if not isinstance(target, dict):
            return
    last = keys[-1]
    target[len(target) if last is None else last] = value


@dataclass
class PhpFile:
    """The top-level assignments (``$name = ...``) and the ``return`` value of a PHP file."""

    variables: dict[str, Any]
    returned: Any


def parse_php(source: str) -> PhpFile:
    """Read the data literals of a PHP file."""
    parser = _Parser(_tokenize(source))
    variables, returned = parser.statements()
    return PhpFile(variables, returned)


# =============================================================================================
# Which wikis

# The 20 Wikipedias with the most articles, leaving out the four whose articles are mostly
# bot-generated (ceb, arz, war, ce), in the order of pywikibot's wikipedia_family
# ``languages_by_size`` (article counts from meta's List of Wikipedias) as last kept in pywikibot
# commit 5a0d19da^ (January 2024). Then no and af (the shared corpus has pages in them) and cs,
# he, tr (next in line by article count or by active editors).
WIKIS: tuple[str, ...] = (
    "en", "de", "fr", "sv", "nl", "ru", "es", "it", "pl", "ja",
    "zh", "uk", "vi", "ar", "pt", "fa", "ca", "sr", "id", "ko",
    "no", "af", "cs", "he", "tr",
)  # fmt: skip

# Template-name prefixes (and suffixes) that mark an infobox: a best-effort list from the
# templates each Wikipedia uses and from wtf_wikipedia's src/_data/infoboxes.js. "Infobox" is
# added everywhere because most wikis keep imported English names.
INFOBOX_PREFIXES: dict[str, tuple[str, ...]] = {
    "en": ("Infobox",),
    "de": ("Infobox",),
    "fr": ("Infobox",),
    "sv": ("Faktamall",),
    "nl": ("Infobox",),
    "ru": ("Карточка",),
    "es": ("Ficha",),
    "it": ("Sinottico", "Infobox"),
    "pl": ("Infobox",),
    "ja": ("Infobox", "基礎情報"),
    "zh": ("Infobox",),
    "uk": ("Картка",),
    "vi": ("Hộp thông tin", "Thông tin"),
    "ar": ("صندوق معلومات",),
    "pt": ("Info/", "Info "),
    "fa": ("جعبه اطلاعات",),
    "ca": ("Infotaula",),
    "sr": ("Инфокутија",),
    "id": ("Kotak info",),
    "ko": ("정보상자",),
    "no": ("Infoboks",),
    "af": ("Inligtingskas",),
    "cs": ("Infobox",),
    "he": ("Infobox",),
    "tr": ("Bilgi kutusu",),
}
INFOBOX_SUFFIXES: dict[str, tuple[str, ...]] = {"pl": (" infobox",)}

# $wgOverrideUcfirstCharacters on Wikimedia wikis (wmf-config/UcfirstOverrides.php) plus the
# ucfirst rules of MediaWiki's language classes (LanguageTr, LanguageAz) for their languages.
UCFIRST_COMMON = {"ß": "ß"}
UCFIRST_BY_CLASS = {"tr": {"i": "İ", "ı": "I"}, "az": {"i": "İ"}}

# Parser::setFunctionHook registrations: True when the call takes a "#". Core per
# CoreParserFunctions::register; ParserFunctions per its Hooks (string functions are off on
# Wikimedia wikis, $wgPFEnableStringFunctions); Scribunto's #invoke.
CORE_HASHLESS = [
    "ns",
    "nse",
    "urlencode",
    "lcfirst",
    "ucfirst",
    "lc",
    "uc",
    "localurl",
    "localurle",
    "fullurl",
    "fullurle",
    "canonicalurl",
    "canonicalurle",
    "formatnum",
    "grammar",
    "gender",
    "plural",
    "formal",
    "bidi",
    "numberingroup",
    "language",
    "padleft",
    "padright",
    "anchorencode",
    "defaultsort",
    "filepath",
    "pagesincategory",
    "pagesize",
    "protectionlevel",
    "protectionexpiry",
    "pagename",
    "pagenamee",
    "fullpagename",
    "fullpagenamee",
    "subpagename",
    "subpagenamee",
    "rootpagename",
    "rootpagenamee",
    "basepagename",
    "basepagenamee",
    "talkpagename",
    "talkpagenamee",
    "subjectpagename",
    "subjectpagenamee",
    "pageid",
    "revisionid",
    "revisionday",
    "revisionday2",
    "revisionmonth",
    "revisionmonth1",
    "revisionyear",
    "revisiontimestamp",
    "revisionuser",
    "cascadingsources",
    "namespace",
    "namespacee",
    "namespacenumber",
    "talkspace",
    "talkspacee",
    "subjectspace",
    "subjectspacee",
    "numberofarticles",
    "numberoffiles",
    "numberofusers",
    "numberofactiveusers",
    "numberofpages",
    "numberofadmins",
    "numberofedits",
    "bcp47",
    "dir",
    "int",
    "displaytitle",
]
CORE_HASHED = ("special", "speciale", "tag", "formatdate")
PF_HASHED = [
    "if",
    "ifeq",
    "switch",
    "ifexist",
    "ifexpr",
    "iferror",
    "time",
    "timel",
    "timef",
    "timefl",
    "expr",
    "rel2abs",
    "titleparts",
]
SCRIBUNTO_HASHED = ("invoke",)

# MagicWordFactory's variable and double-underscore ids.
VARIABLE_IDS = [
    "!",
    "=",
    "currentmonth",
    "currentmonth1",
    "currentmonthname",
    "currentmonthnamegen",
    "currentmonthabbrev",
    "currentday",
    "currentday2",
    "currentdayname",
    "currentyear",
    "currenttime",
    "currenthour",
    "localmonth",
    "localmonth1",
    "localmonthname",
    "localmonthnamegen",
    "localmonthabbrev",
    "localday",
    "localday2",
    "localdayname",
    "localyear",
    "localtime",
    "localhour",
    "numberofarticles",
    "numberoffiles",
    "numberofedits",
    "articlepath",
    "pageid",
    "sitename",
    "server",
    "servername",
    "scriptpath",
    "stylepath",
    "pagename",
    "pagenamee",
    "fullpagename",
    "fullpagenamee",
    "namespace",
    "namespacee",
    "namespacenumber",
    "currentweek",
    "currentdow",
    "localweek",
    "localdow",
    "revisionid",
    "revisionday",
    "revisionday2",
    "revisionmonth",
    "revisionmonth1",
    "revisionyear",
    "revisiontimestamp",
    "revisionuser",
    "revisionsize",
    "subpagename",
    "subpagenamee",
    "talkspace",
    "talkspacee",
    "subjectspace",
    "subjectspacee",
    "talkpagename",
    "talkpagenamee",
    "subjectpagename",
    "subjectpagenamee",
    "numberofusers",
    "numberofactiveusers",
    "numberofpages",
    "currentversion",
    "rootpagename",
    "rootpagenamee",
    "basepagename",
    "basepagenamee",
    "currenttimestamp",
    "localtimestamp",
    "directionmark",
    "contentlanguage",
    "userlanguage",
    "pagelanguage",
    "numberofadmins",
    "cascadingsources",
    "bcp47",
    "dir",
    "language",
]
DOUBLE_UNDERSCORE_IDS = [
    "notoc",
    "nogallery",
    "forcetoc",
    "toc",
    "noeditsection",
    "newsectionlink",
    "nonewsectionlink",
    "hiddencat",
    "expectunusedcategory",
    "expectunusedtemplate",
    "index",
    "noindex",
    "staticredirect",
    "notitleconvert",
    "nocontentconvert",
]

# NamespaceInfo::CANONICAL_NAMES, plus Scribunto's Module namespaces.
CANONICAL = {
    -2: "Media", -1: "Special", 0: "", 1: "Talk", 2: "User", 3: "User_talk", 4: "Project",
    5: "Project_talk", 6: "File", 7: "File_talk", 8: "MediaWiki", 9: "MediaWiki_talk",
    10: "Template", 11: "Template_talk", 12: "Help", 13: "Help_talk", 14: "Category",
    15: "Category_talk", 828: "Module", 829: "Module_talk",
}  # fmt: skip
# Language variants whose namespace names become aliases (ZhConverter, SrConverter).
VARIANTS = {
    "zh": ("zh", "zh-hans", "zh-hant", "zh-cn", "zh-hk", "zh-mo", "zh-my", "zh-sg", "zh-tw"),
    "sr": ("sr", "sr-ec", "sr-el"),
}
# Names the live wikis show that this MediaWiki release cannot derive (cswiki's project talk
# name comes from a grammar rule newer than the core release read here).
NAME_OVERRIDES: dict[str, dict[int, str]] = {"cs": {5: "Diskuse_k_Wikipedii"}}
# NamespaceInfo::ALWAYS_CAPITALIZED_NAMESPACES
ALWAYS_CAPITALIZED = {-1, 2, 8}


# =============================================================================================
# Reading the sources


class Repo:
    """A git directory read at HEAD, with an optional path prefix."""

    def __init__(self, git_dir: str, prefix: str = "") -> None:
        self.git_dir = git_dir
        self.prefix = prefix
        self._cache: dict[str, str | None] = {}

    def show(self, path: str) -> str | None:
        full = self.prefix + path
        if full not in self._cache:
            proc = subprocess.run(
                ["git", "--git-dir", self.git_dir, "show", f"HEAD:{full}"],
                capture_output=True,
                check=False,
            )
            self._cache[full] = proc.stdout.decode("utf-8") if proc.returncode == 0 else None
        return self._cache[full]

    def head(self) -> dict[str, str]:
        out = subprocess.run(
            ["git", "--git-dir", self.git_dir, "log", "-1", "--format=%H %cI"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return {"commit": out[0], "date": out[1]}


def messages_file(code: str) -> str:
    name = code[0].upper() + code[1:].replace("-", "_")
    return f"languages/messages/Messages{name}.php"


class Localisation:
    """Core and extension localisation data, merged along fallback chains."""

    def __init__(self, core: Repo, scribunto: Repo, parserfunctions: Repo) -> None:
        self.core = core
        self._messages: dict[str, dict[str, Any]] = {}
        scrib_ns = parse_php(scribunto.show("Scribunto.namespaces.php") or "").variables
        self.ext_namespace_names: dict[str, dict[int, str]] = scrib_ns.get("namespaceNames", {})
        self.ext_namespace_aliases: dict[str, dict[str, int]] = scrib_ns.get("namespaceAliases", {})
        manifest = json.loads(scribunto.show("extension.json") or "{}")
        self.ext_subpages = {
            int(ns["id"]) for ns in manifest.get("namespaces", []) if ns.get("subpages")
        }
        self.ext_magic: list[dict[str, dict[str, Any]]] = []
        for repo, path in (
            (parserfunctions, "ParserFunctions.i18n.magic.php"),
            (scribunto, "Scribunto.magic.php"),
        ):
            self.ext_magic.append(parse_php(repo.show(path) or "").variables.get("magicWords", {}))

    def messages(self, code: str) -> dict[str, Any]:
        if code not in self._messages:
            source = self.core.show(messages_file(code))
            self._messages[code] = parse_php(source).variables if source else {}
        return self._messages[code]

    def chain(self, code: str) -> list[str]:
        # LocalisationCache: the language's own $fallback list (not recursive), then "en".
        fallback = self.messages(code).get("fallback")
        seq = [code]
        if code != "en":
            if isinstance(fallback, str) and fallback:
                seq += [c.strip() for c in fallback.split(",") if c.strip()]
            if seq[-1] != "en":
                seq.append("en")
        return seq

    def first(self, code: str, key: str) -> Any:
        for c in self.chain(code):
            value = self.messages(c).get(key)
            if value is not None and value is not UNKNOWN:
                return value
        return None

    def merged_map(
        self, code: str, key: str, ext: dict[str, dict[Any, Any]] | None
    ) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for c in self.chain(code):
            layer: dict[Any, Any] = {}
            if ext and isinstance(ext.get(c), dict):
                layer.update(ext[c])
            core_layer = self.messages(c).get(key)
            if isinstance(core_layer, dict):
                for k, v in core_layer.items():
                    layer.setdefault(k, v)
            for k, v in layer.items():
                if k is not UNKNOWN and v is not UNKNOWN:
                    out.setdefault(k, v)
        return out

    def magic_words(self, code: str, *, stop_before_en: bool = False) -> dict[str, list[Any]]:
        """``{id: [case, syn, ...]}`` merged as mergeMagicWords does."""
        out: dict[str, list[Any]] = {}
        for c in self.chain(code):
            if stop_before_en and c == "en":
                break
            layer: dict[str, list[Any]] = {}
            for ext in self.ext_magic:
                for mid, spec in (ext.get(c) or {}).items():
                    layer[mid] = list(spec.values()) if isinstance(spec, dict) else []
            for mid, spec in (self.messages(c).get("magicWords") or {}).items():
                vals = list(spec.values()) if isinstance(spec, dict) else []
                if mid in layer:
                    layer[mid] = [vals[0], *dict.fromkeys([*layer[mid][1:], *vals[1:]])]
                else:
                    layer[mid] = vals
            for mid, vals in layer.items():
                if not vals:
                    continue
                if mid in out:
                    syns = dict.fromkeys([*out[mid][1:], *vals[1:]])
                    out[mid] = [vals[0], *syns]
                else:
                    out[mid] = list(vals)
        return out


def load_names(core: Repo) -> set[str]:
    source = core.show("includes/languages/data/Names.php") or ""
    start = source.find("NAMES = [")
    end = source.find("];", start)
    names = parse_php("<?php return " + source[start + 8 : end + 1] + ";").returned
    return {str(k) for k in names} if isinstance(names, dict) else set()


# ---------------------------------------------------------------------------------------------
# SiteConfiguration


def array_merge(a: dict[Any, Any], b: dict[Any, Any]) -> dict[Any, Any]:
    """SiteConfiguration::arrayMerge."""
    out = dict(a)
    for key, value in b.items():
        if key in out and out[key] is not None:
            if isinstance(out[key], dict) and isinstance(value, dict):
                out[key] = array_merge(out[key], value)
            elif isinstance(key, int):
                ints = [k for k in out if isinstance(k, int)]
                out[max(ints) + 1 if ints else 0] = value
            elif out[key] is False:
                out[key] = value
        else:
            out[key] = value
    return out


def process_setting(setting: dict[Any, Any], wiki: str, tags: list[str]) -> Any:
    """SiteConfiguration::processSetting."""
    if list(setting) == ["default"]:
        return setting["default"]
    if wiki in setting:
        return setting[wiki]
    retval: Any = setting.get("+" + wiki)
    for tag in tags:
        if tag in setting:
            if isinstance(retval, dict) and isinstance(setting[tag], dict):
                return array_merge(retval, setting[tag])
            return setting[tag]
        if "+" + tag in setting:
            retval = array_merge(retval if isinstance(retval, dict) else {}, setting["+" + tag])
    if "default" in setting:
        if isinstance(retval, dict) and isinstance(setting["default"], dict):
            return array_merge(retval, setting["default"])
        return setting["default"]
    return retval


class WmfConfig:
    def __init__(self, repo: Repo) -> None:
        settings = parse_php(repo.show("wmf-config/InitialiseSettings.php") or "").returned
        namespaces = parse_php(repo.show("wmf-config/core-Namespaces.php") or "").returned
        self.settings: dict[str, Any] = {**namespaces, **settings}
        self.replaceable = set((self.settings.get("@replaceableSettings") or {}).values())
        self.tags_index: dict[str, Any] = parse_php(repo.show("dblists-index.php") or "").returned
        self.interwiki: dict[str, str] = parse_php(
            repo.show("wmf-config/interwiki.php") or ""
        ).returned

    def get(self, name: str, dbname: str, lang_param: str, tags: list[str]) -> Any:
        setting = self.settings.get(name)
        if not isinstance(setting, dict):
            return None
        value = process_setting(setting, dbname, tags)
        if name in self.replaceable:
            value = replace_params(value, {"$lang": lang_param, "$site": "wikipedia"})
        return value

    def tags(self, dbname: str, lang_param: str) -> list[str]:
        base = [str(t) for t in (self.tags_index.get(dbname) or {}).values()]
        language = process_setting(self.settings["wgLanguageCode"], dbname, base)
        language = replace_params(language, {"$lang": lang_param})
        return list(dict.fromkeys([*base, language, "wiki"]))


def replace_params(value: Any, params: dict[str, str]) -> Any:
    def one(s: str) -> str:
        for k in sorted(params, key=len, reverse=True):
            s = s.replace(k, params[k])
        return s

    if isinstance(value, str):
        return one(value)
    if isinstance(value, dict):
        return {k: one(v) if isinstance(v, str) else v for k, v in value.items()}
    return value


# =============================================================================================
# Building a preset


def php_regex_body(source: str) -> str:
    """The pattern of a PHP PCRE literal as Python source (see SiteConfig's converter)."""
    source = source.strip()
    delim = source[0]
    end = source.rfind(delim)
    body, modifiers = source[1:end], source[end + 1 :]
    body = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), body)
    if "D" in modifiers and body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1] + r"\Z"
    re.compile(body, re.DOTALL)
    return body


def convert_grammar(word: str, case: str, language: str, l10n: Localisation) -> str:
    """Language::convertGrammar with the JSON grammar transformations of the language."""
    text = l10n.core.show(f"languages/data/grammarTransformations/{language}.json")
    rules = json.loads(text).get(case.lower()) if text else None
    if isinstance(rules, str):
        rules = json.loads(text or "{}").get(rules)
    for form, replacement in rules or []:
        if form == "@metadata":
            continue
        regex = re.compile(form)
        if regex.search(word):
            return regex.sub(re.sub(r"\$(\d)", r"\\\1", replacement), word)
    return word


def fix_project_talk(name: str, meta: str, language: str, l10n: Localisation) -> str:
    """Language::fixVariableInNamespace."""
    if "$1" not in name:
        return name
    name = name.replace("$1", meta)
    name = re.sub(
        r"\{\{grammar:(.*?)\|(.*?)\}\}",
        lambda m: convert_grammar(m.group(2).strip(), m.group(1).strip(), language, l10n),
        name,
        flags=re.I,
    )
    return name.replace(" ", "_")


def build_wiki(
    code: str,
    l10n: Localisation,
    wmf: WmfConfig,
    parsoid: Repo | None,
    warnings: list[str],
) -> dict[str, Any]:
    dbname = code.replace("-", "_") + "wiki"
    tags = wmf.tags(dbname, code)

    def setting(name: str) -> Any:
        return wmf.get(name, dbname, code, tags)

    language = str(setting("wgLanguageCode"))
    meta = str(setting("wgMetaNamespace"))
    meta_talk = setting("wgMetaNamespaceTalk")
    extra = setting("wgExtraNamespaces") or {}
    config_aliases = setting("wgNamespaceAliases") or {}
    with_subpages = setting("wgNamespacesWithSubpages") or {}
    content_ns = {int(v) for v in (setting("wgContentNamespaces") or {}).values()}
    capital = setting("wgCapitalLinks")
    capital_overrides = setting("wgCapitalLinkOverrides") or {}
    local_iw = [str(v).lower() for v in (setting("wgLocalInterwikis") or {}).values()]
    for name, value in (("wgExtraNamespaces", extra), ("wgNamespaceAliases", config_aliases)):
        if any(k is UNKNOWN or v is UNKNOWN for k, v in value.items()):
            warnings.append(f"{code}: unreadable entries in {name}")

    # Language::getNamespaces
    l10n_names = l10n.merged_map(language, "namespaceNames", l10n.ext_namespace_names)
    # NamespaceInfo::getCanonicalNamespaces: core names, then extension and extra namespaces
    # for ids not taken yet (jawiki's renamed talk namespaces keep their English canonical).
    valid = dict(CANONICAL)
    for k, v in extra.items():
        valid.setdefault(int(k), v)
    names: dict[int, str] = {int(k): v for k, v in extra.items()}
    for k, v in l10n_names.items():
        names.setdefault(int(k), v)
    for k, v in valid.items():
        names.setdefault(k, v)
    names[4] = meta
    names[5] = meta_talk if meta_talk else fix_project_talk(names[5], meta, language, l10n)
    names.update(NAME_OVERRIDES.get(code, {}))
    names = {k: v for k, v in sorted(names.items()) if k in valid}

    # Language::getNamespaceAliases
    aliases: dict[str, int] = {}
    for alias, ns in l10n.merged_map(
        language, "namespaceAliases", l10n.ext_namespace_aliases
    ).items():
        ns = int(ns)
        aliases[fix_project_talk(alias, meta, language, l10n) if ns == 5 else alias] = ns
    genders = l10n.first(language, "namespaceGenderAliases") or {}
    for ns, forms in genders.items():
        for alias in forms.values():
            aliases[alias] = int(ns)
    # Names in the other script variants (LanguageConverter::convertNamespace through the
    # variant's own localisation; on-wiki conversion-ns messages are not available here).
    converted: dict[str, int] = {}
    for variant in VARIANTS.get(language, ()):
        if variant == language:
            continue
        variant_names = l10n.merged_map(variant, "namespaceNames", l10n.ext_namespace_names)
        for ns_id in names:
            if ns_id == 0:
                continue
            if ns_id in extra:
                text = str(extra[ns_id])
            elif ns_id == 4:
                text = meta
            elif ns_id == 5 and meta_talk:
                text = str(meta_talk)
            elif ns_id in variant_names:
                text = variant_names[ns_id]
                if ns_id == 5:
                    text = fix_project_talk(text, meta, variant, l10n)
            else:
                continue
            converted.setdefault(text.replace(" ", "_"), ns_id)
    for alias, ns in converted.items():
        aliases.setdefault(alias, ns)
    merged_aliases = {str(k): int(v) for k, v in config_aliases.items() if v is not UNKNOWN}
    for alias, ns in aliases.items():
        merged_aliases.setdefault(alias, ns)

    rows = []
    for ns_id, name in names.items():
        canonical = valid[ns_id]
        local = name.replace("_", " ")
        alias_list = []
        for alias, target in merged_aliases.items():
            alias_s = alias.replace("_", " ")
            if target == ns_id and alias_s not in (local, canonical.replace("_", " ")):
                alias_list.append(alias_s)
        is_capital = capital_overrides.get(ns_id, capital) if ns_id >= 0 else True
        if ns_id in ALWAYS_CAPITALIZED:
            is_capital = True
        rows.append(
            [
                ns_id,
                local,
                canonical.replace("_", " "),
                list(dict.fromkeys(alias_list)),
                "first-letter" if is_capital else "case-sensitive",
                ns_id in content_ns,
                bool(with_subpages.get(ns_id)) or ns_id in l10n.ext_subpages,
            ]
        )

    # Magic words: what the fallback chain adds before English; SiteConfig appends English's
    # synonyms on load, which gives mergeMagicWords' result.
    english = l10n.magic_words("en")
    magic_local: dict[str, list[str]] = {}
    for mid, vals in l10n.magic_words(language, stop_before_en=True).items():
        local_syns = [str(s) for s in vals[1:]]
        en_syns = [str(s) for s in english.get(mid, [0])[1:]]
        if list(dict.fromkeys([*local_syns, *en_syns])) != en_syns:
            magic_local[mid] = local_syns

    link_trail = l10n.first(language, "linkTrail") or "/^([a-z]+)(.*)$/sD"
    prefix_ext = l10n.first(language, "linkPrefixExtension")
    prefix_charset = l10n.first(language, "linkPrefixCharset") if prefix_ext else ""
    prefix_charset = re.sub(
        r"\\x\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), str(prefix_charset or "")
    )
    ucfirst = dict(UCFIRST_COMMON)
    for c in l10n.chain(language):
        if c in UCFIRST_BY_CLASS:
            ucfirst.update(UCFIRST_BY_CLASS[c])
            break

    iw_extra = sorted(key.split(":", 1)[1] for key in wmf.interwiki if key.startswith(dbname + ":"))

    server = str(setting("wgServer") or f"//{code}.wikipedia.org")
    if server.startswith("//"):
        server = "https:" + server
    data: dict[str, Any] = {
        "language": language,
        "dbname": dbname,
        "sitename": str(setting("wgSitename")),
        "server": server,
        "article_path": str(setting("wgArticlePath")),
        "script_path": str(setting("wgScriptPath")),
        "main_page": main_page(code, language, l10n, parsoid),
        "rtl": bool(l10n.first(language, "rtl")),
        "namespaces": rows,
        "magic_words_local": magic_local,
        "link_trail": php_regex_body(str(link_trail)),
        "link_trail_php": str(link_trail),
        "link_prefix_charset": prefix_charset,
        "interwiki_extra": iw_extra,
        "local_interwikis": local_iw,
        "infobox_prefixes": list(dict.fromkeys([*INFOBOX_PREFIXES.get(code, ()), "Infobox"])),
        "infobox_suffixes": list(INFOBOX_SUFFIXES.get(code, ())),
        "ucfirst_overrides": ucfirst,
    }
    tags_from_parsoid = parsoid_extension_tags(dbname, parsoid)
    if tags_from_parsoid is not None:
        data["extension_tags"] = tags_from_parsoid
    return data


def parsoid_siteinfo(dbname: str, parsoid: Repo | None) -> dict[str, Any] | None:
    if parsoid is None:
        return None
    text = parsoid.show(f"baseconfig/{dbname}.json")
    if text is None:
        return None
    query: dict[str, Any] = json.loads(text)["query"]
    return query


def parsoid_extension_tags(dbname: str, parsoid: Repo | None) -> list[str] | None:
    query = parsoid_siteinfo(dbname, parsoid)
    if query is None:
        return None
    return sorted({t.strip("<>").lower() for t in query.get("extensiontags", [])})


def main_page(code: str, language: str, l10n: Localisation, parsoid: Repo | None) -> str:
    query = parsoid_siteinfo(code.replace("-", "_") + "wiki", parsoid)
    if query is not None:
        return str(query["general"]["mainpage"])
    for c in l10n.chain(language):
        text = l10n.core.show(f"languages/i18n/{c}.json")
        if text:
            message = json.loads(text).get("mainpage")
            if message:
                return str(message)
    return "Main Page"


def build_common(
    l10n: Localisation, wmf: WmfConfig, language_names: set[str], parsoid: Repo | None
) -> dict[str, Any]:
    iw = wmf.interwiki
    global_list = str(iw.get("__list:__global", "")).split()
    wiki_list = str(iw.get("__list:_wiki", "")).split()
    hooks = {k: False for k in CORE_HASHLESS}
    hooks.update({k: True for k in (*CORE_HASHED, *PF_HASHED, *SCRIBUNTO_HASHED)})
    tags = parsoid_extension_tags("enwiki", parsoid) or []
    return {
        "function_hooks": hooks,
        "variable_ids": VARIABLE_IDS,
        "double_underscore_ids": DOUBLE_UNDERSCORE_IDS,
        "extension_tags": tags,
        "interwiki_prefixes": sorted({p.lower() for p in (*global_list, *wiki_list)}),
        "language_codes": sorted(p for p in wiki_list if p in language_names),
    }


def build_english(l10n: Localisation) -> dict[str, Any]:
    english = l10n.magic_words("en")
    return {mid: [bool(int(vals[0])), [str(s) for s in vals[1:]]] for mid, vals in english.items()}


# =============================================================================================
# Checking against live siteinfo


def check(code: str, data: dict[str, Any], english: dict[str, Any], parsoid: Repo) -> list[str]:
    query = parsoid_siteinfo(data["dbname"], parsoid)
    if query is None:
        return []
    problems: list[str] = []
    live_ns = {int(k): v for k, v in query["namespaces"].items()}
    ours = {row[0]: row for row in data["namespaces"]}
    for ns_id, row in ours.items():
        live = live_ns.get(ns_id)
        if live is None:
            problems.append(f"ns {ns_id} {row[1]!r} not on the live wiki")
            continue
        if live["name"] != row[1]:
            problems.append(f"ns {ns_id} name {row[1]!r} live {live['name']!r}")
        if live.get("canonical", "") != row[2]:
            problems.append(f"ns {ns_id} canonical {row[2]!r} live {live.get('canonical')!r}")
        if live["case"] != row[4]:
            problems.append(f"ns {ns_id} case {row[4]} live {live['case']}")
        if bool(live.get("subpages")) != row[6]:
            problems.append(f"ns {ns_id} subpages {row[6]} live {live.get('subpages')}")
        if bool(live.get("content")) != row[5]:
            problems.append(f"ns {ns_id} content {row[5]} live {live.get('content')}")
    missing = sorted(set(live_ns) - set(ours))
    if missing:
        problems.append(f"live namespaces not generated: {missing}")
    live_aliases = {(a["alias"], a["id"]) for a in query["namespacealiases"]}
    our_aliases = {(a, row[0]) for row in data["namespaces"] for a in row[3]}
    extra = our_aliases - live_aliases
    lacking = {(a, i) for a, i in live_aliases - our_aliases if i in ours}
    if extra:
        problems.append(f"aliases not live: {sorted(extra)}")
    if lacking:
        problems.append(f"live aliases not generated: {sorted(lacking)}")
    live_magic = {m["name"]: m for m in query["magicwords"]}
    for mid, (_cs, en_syns) in english.items():
        local = data.get("magic_words_local", {}).get(mid, [])
        syns = list(dict.fromkeys([*local, *en_syns]))
        live = live_magic.get(mid)
        if live is None:
            continue
        if set(live["aliases"]) != set(syns):
            problems.append(f"magic {mid}: {syns} live {live['aliases']}")
    if query["general"].get("linktrail") != data["link_trail_php"]:
        problems.append(f"link trail {data['link_trail_php']} live {query['general']['linktrail']}")
    return problems


# =============================================================================================


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--core-git", required=True)
    ap.add_argument("--core-prefix", default="")
    ap.add_argument(
        "--core-label",
        default="wikimedia/mediawiki",
        help="the repository --core-git is a copy of, for the record in index.json",
    )
    ap.add_argument("--config-git", required=True)
    ap.add_argument("--scribunto-git", required=True)
    ap.add_argument("--parserfunctions-git", required=True)
    ap.add_argument("--parsoid-git")
    ap.add_argument(
        "--out", default=str(Path(__file__).resolve().parent.parent / "src/wikikit/site/data")
    )
    ap.add_argument("--check", action="store_true", help="compare with Parsoid's siteinfo copies")
    args = ap.parse_args(argv)

    core = Repo(args.core_git, args.core_prefix)
    config = Repo(args.config_git)
    scribunto = Repo(args.scribunto_git)
    parserfunctions = Repo(args.parserfunctions_git)
    parsoid = Repo(args.parsoid_git) if args.parsoid_git else None
    l10n = Localisation(core, scribunto, parserfunctions)
    wmf = WmfConfig(config)
    language_names = load_names(core)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    warnings: list[str] = []
    english = build_english(l10n)
    presets: dict[str, Any] = {}
    for code in WIKIS:
        data = build_wiki(code, l10n, wmf, parsoid, warnings)
        if code == "en":
            data["magic_words"] = english
            del data["magic_words_local"]
        presets[code] = data
    common = build_common(l10n, wmf, language_names, parsoid)

    defines = core.show("includes/Defines.php") or ""
    version = re.search(r"MW_VERSION', '([^']+)'", defines)
    sources = {
        "mediawiki core": {
            "repository": args.core_label,
            "path": args.core_prefix or "/",
            "mediawiki_version": version.group(1) if version else "",
            **core.head(),
        },
        "operations-mediawiki-config": {
            "repository": "wikimedia/operations-mediawiki-config",
            **config.head(),
        },
        "Scribunto": {"repository": "wikimedia/mediawiki-extensions-Scribunto", **scribunto.head()},
        "ParserFunctions": {
            "repository": "wikimedia/mediawiki-extensions-ParserFunctions",
            **parserfunctions.head(),
        },
    }
    if parsoid is not None:
        sources["Parsoid"] = {
            "repository": "wikimedia/mediawiki-services-parsoid",
            **parsoid.head(),
        }
    aliases = {"nb": "no"}
    index = {"presets": list(WIKIS), "aliases": aliases, "sources": sources}

    def dump(name: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
        (out / name).write_text(text + "\n", encoding="utf-8")

    dump("index.json", index)
    dump("common.json", common)
    for code, data in presets.items():
        dump(f"{code}.json", data)

    for w in warnings:
        print("warning:", w, file=sys.stderr)
    if args.check and parsoid is not None:
        en_specs = {mid: (cs, syns) for mid, (cs, syns) in english.items()}
        for code, data in presets.items():
            problems = check(code, data, en_specs, parsoid)
            if problems or parsoid_siteinfo(data["dbname"], parsoid) is not None:
                print(f"== {code}: {len(problems)} differences from Parsoid's siteinfo")
                for p in problems:
                    print("  ", p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
