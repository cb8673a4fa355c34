"""A wiki's site configuration: what MediaWiki keeps apart from the parser.

Namespaces, magic words, link trail, interwiki and language prefixes, extension tags. A
:class:`SiteConfig` comes from a shipped preset (:meth:`SiteConfig.preset`), from a MediaWiki
API siteinfo answer (:meth:`SiteConfig.from_siteinfo`) or from the ``<siteinfo>`` block of an
XML dump (:meth:`SiteConfig.from_dump_siteinfo`). Every default is English Wikipedia's.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from wikikit.site.namespaces import (
    CASE_SENSITIVE,
    FIRST_LETTER,
    NS_MAIN,
    NS_SPECIAL,
    Namespace,
    NamespaceTable,
)
from wikikit.site.titles import Title, parse_title, set_default_site

__all__ = [
    "MagicWordSpec",
    "SiteConfig",
    "php_regex_to_python",
]

if TYPE_CHECKING:
    ENGLISH_WIKIPEDIA: SiteConfig

#: (case sensitive, synonyms) of one magic word, as MediaWiki's ``$magicWords`` entries.
MagicWordSpec = tuple[bool, tuple[str, ...]]

_DATA_PACKAGE = "wikikit.site.data"
_JSON_CACHE: dict[str, Any] = {}
_PRESETS: dict[str, SiteConfig] = {}


def _read_json(name: str) -> Any:
    cached = _JSON_CACHE.get(name)
    if cached is None:
        try:
            text = (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8")
        except OSError:
            # A zipped package, say (importlib.resources costs 6 ms to import).
            from importlib import resources

            text = resources.files(_DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        cached = _JSON_CACHE[name] = json.loads(text)
    return cached


def _index() -> dict[str, Any]:
    data: dict[str, Any] = _read_json("index.json")
    return data


# ---------------------------------------------------------------------------------------------
# PHP regular expressions


_PHP_HEX = re.compile(r"\\x\{([0-9A-Fa-f]+)\}")


def php_regex_to_python(source: str) -> tuple[str, int]:
    """Turn a PHP PCRE literal such as ``/^([a-z]+)(.*)$/sD`` into a Python pattern and flags.

    Handles the delimiters, the ``s``/``i``/``m``/``x``/``u``/``D`` modifiers and ``\\x{HHHH}``
    escapes; a final ``$`` under ``D`` becomes ``\\Z``. An empty or malformed literal gives an
    empty pattern.
    """
    source = source.strip()
    if len(source) < 2:
        return "", 0
    delim = source[0]
    close = {"(": ")", "{": "}", "[": "]", "<": ">"}.get(delim, delim)
    end = source.rfind(close)
    if end <= 0:
        return "", 0
    body, modifiers = source[1:end], source[end + 1 :]
    flags = 0
    if "s" in modifiers:
        flags |= re.DOTALL
    if "i" in modifiers:
        flags |= re.IGNORECASE
    if "m" in modifiers:
        flags |= re.MULTILINE
    if "x" in modifiers:
        flags |= re.VERBOSE
    body = _PHP_HEX.sub(lambda m: f"\\U{int(m.group(1), 16):08x}", body)
    if "D" in modifiers and body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1] + r"\Z"
    return body, flags


# ---------------------------------------------------------------------------------------------
# The configuration


def _english(key: str) -> Any:
    return _preset_data("en")[key]


def _default_namespaces() -> NamespaceTable:
    return _namespaces_from_rows(_english("namespaces"))


def _default_magic_words() -> Mapping[str, MagicWordSpec]:
    return _magic_from_data(_english("magic_words"))


def _common(key: str) -> Any:
    return _read_json("common.json")[key]


@dataclass(frozen=True)
class SiteConfig:
    """The configuration of one wiki. Instances are immutable; use :func:`dataclasses.replace`
    to derive one. Equal configurations compare equal; the hash covers the identifying fields.
    """

    language: str = "en"
    sitename: str = "Wikipedia"
    server: str = "https://en.wikipedia.org"
    article_path: str = "/wiki/$1"
    script_path: str = "/w"
    dbname: str = "enwiki"
    main_page: str = "Main Page"
    rtl: bool = False
    namespaces: NamespaceTable = field(default_factory=_default_namespaces)
    #: Magic word id -> (case sensitive, synonyms); local synonyms first, then English ones.
    magic_words: Mapping[str, MagicWordSpec] = field(default_factory=_default_magic_words)
    #: Parser functions by magic word id: True when called with ``#`` (``{{#if:}}``).
    function_hooks: Mapping[str, bool] = field(
        default_factory=lambda: MappingProxyType(dict(_common("function_hooks")))
    )
    variable_ids: frozenset[str] = field(default_factory=lambda: frozenset(_common("variable_ids")))
    double_underscore_ids: frozenset[str] = field(
        default_factory=lambda: frozenset(_common("double_underscore_ids"))
    )
    #: Python source of the language's link trail (compiled with ``re.DOTALL``).
    link_trail: str = field(default_factory=lambda: str(_english("link_trail")))
    #: Characters that may precede ``[[`` and join the link text; ``""`` when disabled.
    link_prefix_charset: str = ""
    extension_tags: frozenset[str] = field(
        default_factory=lambda: frozenset(_common("extension_tags"))
    )
    #: Every interwiki prefix, lower-cased (language prefixes included).
    interwiki_prefixes: frozenset[str] = field(
        default_factory=lambda: frozenset(_preset_interwiki("en"))
    )
    #: The interwiki prefixes that make interlanguage links (``[[de:Foo]]``).
    language_codes: frozenset[str] = field(
        default_factory=lambda: frozenset(_common("language_codes"))
    )
    #: Interwiki prefixes naming this wiki itself: ``[[en:Foo]]`` on en is a local link.
    local_interwikis: frozenset[str] = field(
        default_factory=lambda: frozenset(_english("local_interwikis"))
    )
    #: Template-name prefixes marking an infobox on this wiki (best effort).
    infobox_prefixes: tuple[str, ...] = ("Infobox",)
    #: Template-name suffixes marking an infobox (``Państwo infobox`` on pl).
    infobox_suffixes: tuple[str, ...] = ()
    #: First-letter capitalization overrides (``$wgOverrideUcfirstCharacters`` and the
    #: language's own rules such as Turkish dotted i).
    ucfirst_overrides: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(dict(_english("ucfirst_overrides")))
    )

    def __hash__(self) -> int:
        return hash((self.language, self.dbname, self.sitename, self.server))

    # -----------------------------------------------------------------------------------------
    # construction

    @classmethod
    def preset(cls, language: str) -> SiteConfig:
        """The shipped configuration of a Wikipedia by language code (``"de"``, ``"no"``).

        The data is read on first use and cached. Raises :class:`ValueError` naming the known
        codes for an unknown one.
        """
        code = language.strip().lower().replace("_", "-")
        code = _index()["aliases"].get(code, code)
        site = _PRESETS.get(code)
        if site is None:
            if code not in _index()["presets"]:
                known = ", ".join(sorted(_index()["presets"]))
                raise ValueError(f"no site preset for {language!r}; known: {known}")
            site = _PRESETS[code] = cls.from_dict(_preset_data(code))
        return site

    @staticmethod
    def preset_languages() -> tuple[str, ...]:
        """The language codes :meth:`preset` accepts (besides aliases such as ``nb``)."""
        return tuple(sorted(_index()["presets"]))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SiteConfig:
        """Build a configuration from the JSON form :meth:`to_dict` writes. Missing keys take
        English Wikipedia's values; a ``magic_words_local`` map (synonyms to put before the
        English ones) may stand in for ``magic_words``."""
        kwargs: dict[str, Any] = {}
        for key in ("language", "sitename", "server", "article_path", "script_path", "dbname"):
            if isinstance(data.get(key), str):
                kwargs[key] = data[key]
        if isinstance(data.get("main_page"), str):
            kwargs["main_page"] = data["main_page"]
        if "rtl" in data:
            kwargs["rtl"] = bool(data["rtl"])
        if isinstance(data.get("namespaces"), list):
            kwargs["namespaces"] = _namespaces_from_rows(data["namespaces"])
        if isinstance(data.get("magic_words"), Mapping):
            kwargs["magic_words"] = _magic_from_data(data["magic_words"])
        elif isinstance(data.get("magic_words_local"), Mapping):
            kwargs["magic_words"] = _merge_magic(data["magic_words_local"], _default_magic_words())
        if isinstance(data.get("function_hooks"), Mapping):
            kwargs["function_hooks"] = MappingProxyType(
                {str(k): bool(v) for k, v in data["function_hooks"].items()}
            )
        for key in (
            "variable_ids",
            "double_underscore_ids",
            "extension_tags",
            "language_codes",
        ):
            if isinstance(data.get(key), list):
                kwargs[key] = frozenset(str(x) for x in data[key])
        for key in ("interwiki_prefixes", "local_interwikis"):
            if isinstance(data.get(key), list):
                kwargs[key] = frozenset(str(x).lower() for x in data[key])
        if isinstance(data.get("interwiki_extra"), list):
            base = kwargs.get("interwiki_prefixes", _common_interwiki())
            kwargs["interwiki_prefixes"] = frozenset(base) | {
                str(x).lower() for x in data["interwiki_extra"]
            }
        for key in ("link_trail", "link_prefix_charset"):
            if isinstance(data.get(key), str):
                kwargs[key] = data[key]
        for key in ("infobox_prefixes", "infobox_suffixes"):
            if isinstance(data.get(key), list):
                kwargs[key] = tuple(str(x) for x in data[key])
        if isinstance(data.get("ucfirst_overrides"), Mapping):
            kwargs["ucfirst_overrides"] = MappingProxyType(
                {str(k): str(v) for k, v in data["ucfirst_overrides"].items()}
            )
        return cls(**kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        # Documents keep their wiki's configuration, so it pickles: a preset by its
        # language (loaded again on the other side), any other configuration by its data.
        if self.language in self.preset_languages() and self is SiteConfig.preset(self.language):
            return (SiteConfig.preset, (self.language,))
        return (SiteConfig.from_dict, (self.to_dict(),))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form that :meth:`from_dict` reads back to an equal configuration."""
        return {
            "language": self.language,
            "sitename": self.sitename,
            "server": self.server,
            "article_path": self.article_path,
            "script_path": self.script_path,
            "dbname": self.dbname,
            "main_page": self.main_page,
            "rtl": self.rtl,
            "namespaces": [_namespace_row(ns) for ns in self.namespaces.values()],
            "magic_words": {k: [cs, list(syn)] for k, (cs, syn) in self.magic_words.items()},
            "function_hooks": dict(self.function_hooks),
            "variable_ids": sorted(self.variable_ids),
            "double_underscore_ids": sorted(self.double_underscore_ids),
            "link_trail": self.link_trail,
            "link_prefix_charset": self.link_prefix_charset,
            "extension_tags": sorted(self.extension_tags),
            "interwiki_prefixes": sorted(self.interwiki_prefixes),
            "language_codes": sorted(self.language_codes),
            "local_interwikis": sorted(self.local_interwikis),
            "infobox_prefixes": list(self.infobox_prefixes),
            "infobox_suffixes": list(self.infobox_suffixes),
            "ucfirst_overrides": dict(self.ucfirst_overrides),
        }

    @classmethod
    def from_siteinfo(cls, source: str | os.PathLike[str] | Mapping[str, Any]) -> SiteConfig:
        """Build a configuration from a MediaWiki API siteinfo answer
        (``action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|magicwords|
        extensiontags|interwikimap``, optionally ``functionhooks|variables|doubleunderscores``),
        in formatversion 1 or 2. ``source`` is the decoded JSON, JSON text, or a path to it.

        Parts the answer lacks keep English Wikipedia's values, except that a wiki whose
        language is not English gets no infobox words but ``Infobox``.
        """
        data = _load_json_source(source)
        query = data.get("query", data) if isinstance(data, Mapping) else {}
        if not isinstance(query, Mapping):
            query = {}
        return _from_siteinfo_query(cls, query)

    @classmethod
    def from_dump_siteinfo(cls, siteinfo: Any) -> SiteConfig:
        """Build a configuration from the ``<siteinfo>`` block of a MediaWiki XML dump.

        ``siteinfo`` is an :class:`xml.etree.ElementTree.Element` for ``<siteinfo>`` (any XML
        namespace), or the plain data form: a mapping with ``sitename``, ``dbname``, ``base``,
        optional ``case`` and ``namespaces`` as a list of ``(key, case, name)`` triples (or of
        mappings with those keys). A preset for the dump's language (from ``dbname``) supplies
        what a dump does not carry: aliases, magic words, link trail; without one English
        Wikipedia's are used.
        """
        data = _dump_siteinfo_data(siteinfo)
        return _from_dump_data(cls, data)

    # -----------------------------------------------------------------------------------------
    # namespaces and titles

    def namespace_id(self, name: str) -> int | None:
        """The namespace id for a local name, alias or canonical name (any case), or ``None``."""
        return self.namespaces.id_of(name)

    def namespace_name(self, ns_id: int) -> str:
        """The local name of a namespace (``""`` for the main namespace and unknown ids)."""
        return self.namespaces.name_of(ns_id)

    def namespace(self, key: int | str) -> Namespace | None:
        """A namespace by id or by any of its names."""
        if isinstance(key, int):
            return self.namespaces.get(key)
        return self.namespaces.lookup(key)

    def title(
        self, text: str, default_namespace: int = NS_MAIN, *, decode_entities: bool = True
    ) -> Title | None:
        """Parse ``text`` as a page title on this wiki (see :func:`parse_title`)."""
        return parse_title(
            text, self, default_namespace=default_namespace, decode_entities=decode_entities
        )

    def ucfirst(self, text: str) -> str:
        """MediaWiki's ``Language::ucfirst``: title-case the first character (per the override
        table, which keeps ``ß``), ASCII fast path included."""
        if not text:
            return text
        first = text[0]
        override = self.ucfirst_overrides.get(first)
        if override is not None:
            return override + text[1:]
        code = ord(first)
        if code < 97:
            return text
        if code < 128:
            return first.upper() + text[1:] if code <= 122 else text
        upper = first.title()
        return text if upper == first else upper + text[1:]

    def is_interwiki(self, prefix: str) -> bool:
        """True when ``prefix`` (any case, spaces or underscores) is an interwiki prefix."""
        return prefix.replace(" ", "_").lower() in self.interwiki_prefixes

    def is_language_link(self, prefix: str) -> bool:
        """True when ``[[prefix:...]]`` is an interlanguage link on this wiki."""
        key = prefix.replace(" ", "_").lower()
        return (
            key in self.language_codes
            and key in self.interwiki_prefixes
            and key not in self.local_interwikis
        )

    def page_url(self, title: Title | str) -> str:
        """The URL of a local page (``server`` + ``article_path``), as ``wfUrlencode`` would
        write it; ``""`` for an invalid title. Interwiki titles are not resolved."""
        if isinstance(title, str):
            parsed = self.title(title)
            if parsed is None:
                return ""
            title = parsed
        path = _wf_urlencode(title.prefixed_dbkey)
        url = self.server + self.article_path.replace("$1", path)
        if title.fragment:
            url += "#" + _anchor_encode(title.fragment)
        return url

    # -----------------------------------------------------------------------------------------
    # magic words

    def synonyms(self, magic_id: str) -> tuple[str, ...]:
        """The synonyms of a magic word (``()`` when the id is unknown)."""
        spec = self.magic_words.get(magic_id)
        return () if spec is None else spec[1]

    def is_case_sensitive(self, magic_id: str) -> bool:
        """Whether a magic word matches case-sensitively (unknown ids: True)."""
        spec = self.magic_words.get(magic_id)
        return True if spec is None else spec[0]

    @cached_property
    def _magic_lookup(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        sensitive: dict[str, list[str]] = {}
        insensitive: dict[str, list[str]] = {}
        for magic_id, (cs, syns) in self.magic_words.items():
            for syn in syns:
                if cs:
                    sensitive.setdefault(syn, []).append(magic_id)
                else:
                    insensitive.setdefault(syn.lower(), []).append(magic_id)
        return sensitive, insensitive

    def matches_magic_word(self, text: str, magic_id: str) -> bool:
        """True when ``text`` is exactly one of the synonyms of ``magic_id``."""
        spec = self.magic_words.get(magic_id)
        if spec is None:
            return False
        cs, syns = spec
        if cs:
            return text in syns
        low = text.lower()
        return any(low == s.lower() for s in syns)

    def match_magic_word(self, text: str, ids: Iterable[str] | None = None) -> str | None:
        """The id of the magic word ``text`` is a synonym of, looking only at ``ids`` when
        given (as a ``MagicWordArray`` does); case-sensitive synonyms are tried first."""
        sensitive, insensitive = self._magic_lookup
        allowed = None if ids is None else set(ids)
        for cand in (sensitive.get(text, ()), insensitive.get(text.lower(), ())):
            for magic_id in cand:
                if allowed is None or magic_id in allowed:
                    return magic_id
        return None

    def variable_id(self, name: str) -> str | None:
        """The magic variable ``{{name}}`` names (``PAGENAME`` -> ``pagename``), or ``None``."""
        return self.match_magic_word(name, self.variable_ids)

    def double_underscore_id(self, word: str) -> str | None:
        """The behaviour switch ``word`` is (``__NOTOC__`` -> ``notoc``), or ``None``."""
        return self.match_magic_word(word, self.double_underscore_ids)

    @cached_property
    def _function_synonyms(self) -> tuple[dict[str, str], dict[str, str]]:
        # Parser::setFunctionHook: "#" added unless the hook is hashless, a trailing ":" dropped,
        # case-insensitive synonyms stored lower-cased.
        sensitive: dict[str, str] = {}
        insensitive: dict[str, str] = {}
        for magic_id, hashed in self.function_hooks.items():
            spec = self.magic_words.get(magic_id)
            if spec is None:
                continue
            cs, syns = spec
            for syn in syns:
                key = syn if cs else syn.lower()
                if hashed:
                    key = "#" + key
                if key.endswith(":"):
                    key = key[:-1]
                (sensitive if cs else insensitive).setdefault(key, magic_id)
        return sensitive, insensitive

    def parser_function_id(self, name: str) -> str | None:
        """The parser function ``{{name:...}}`` calls, as ``Parser::callParserFunction`` looks
        it up: ``"#if"`` -> ``if``, ``"lc"`` -> ``lc``, ``"#invoke"`` -> ``invoke``."""
        name = name.strip()
        sensitive, insensitive = self._function_synonyms
        found = sensitive.get(name)
        if found is None:
            found = insensitive.get(name.lower())
        return found

    def strip_magic_prefix(self, text: str, ids: Iterable[str]) -> tuple[str, str] | None:
        """If ``text`` starts with a synonym of one of ``ids`` (``MagicWord::matchStartAndRemove``),
        give the id and the rest: ``"subst:Foo"`` with ``("subst", "safesubst")`` ->
        ``("subst", "Foo")``. The longest synonym wins."""
        best: tuple[str, str] | None = None
        best_len = -1
        for magic_id in ids:
            spec = self.magic_words.get(magic_id)
            if spec is None:
                continue
            cs, syns = spec
            for syn in syns:
                if len(syn) <= best_len or len(syn) > len(text):
                    continue
                head = text[: len(syn)]
                if head == syn if cs else head.lower() == syn.lower():
                    best, best_len = (magic_id, text[len(syn) :]), len(syn)
        return best

    @cached_property
    def _variable_patterns(self) -> dict[str, list[tuple[re.Pattern[str], str]]]:
        out: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for magic_id, (cs, syns) in self.magic_words.items():
            for syn in syns:
                if "$1" not in syn:
                    continue
                head, _, tail = syn.partition("$1")
                pattern = re.escape(head) + "(.*?)" + re.escape(tail)
                flags = re.DOTALL if cs else re.DOTALL | re.IGNORECASE
                out.setdefault(magic_id, []).append((re.compile(pattern, flags), syn))
        return out

    def match_magic_word_with_parameter(
        self, text: str, ids: Iterable[str]
    ) -> tuple[str, str] | None:
        """Match ``text`` whole against the synonyms of ``ids``, where ``$1`` in a synonym
        stands for a parameter (``MagicWordArray::matchVariableStartToEnd``): ``"200px"`` ->
        ``("img_width", "200")``, ``"thumb"`` -> ``("img_thumbnail", "")``."""
        id_list = list(ids)
        plain = self.match_magic_word(text, id_list)
        if plain is not None and "$1" not in text:
            return plain, ""
        patterns = self._variable_patterns
        for magic_id in id_list:
            for regex, _syn in patterns.get(magic_id, ()):
                m = regex.fullmatch(text)
                if m is not None:
                    return magic_id, m.group(1)
        return None

    @cached_property
    def image_option_ids(self) -> tuple[str, ...]:
        """The magic word ids of image options (``img_thumbnail``, ``img_width``, ...)."""
        return tuple(k for k in self.magic_words if k.startswith("img_"))

    def image_option(self, text: str) -> tuple[str, str] | None:
        """Which image option ``text`` is, with its parameter (``"upright=1.2"`` ->
        ``("img_upright", "1.2")``), or ``None`` (then it is a caption candidate)."""
        return self.match_magic_word_with_parameter(text.strip(), self.image_option_ids)

    # -----------------------------------------------------------------------------------------
    # redirects

    @property
    def redirect_words(self) -> tuple[str, ...]:
        """The synonyms of the ``redirect`` magic word (``#WEITERLEITUNG``, ``#REDIRECT``)."""
        return self.synonyms("redirect") or ("#REDIRECT",)

    @cached_property
    def _redirect_start(self) -> re.Pattern[str]:
        words = sorted(self.redirect_words, key=len, reverse=True)
        flags = 0 if self.is_case_sensitive("redirect") else re.IGNORECASE
        return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")", flags)

    def is_redirect_word(self, word: str) -> bool:
        """True when ``word`` is one of the redirect magic word's synonyms (any case)."""
        return self.matches_magic_word(word, "redirect")

    def redirect_target(self, wikitext: str) -> Title | None:
        """The target of a redirect page (``#REDIRECT [[Target]]``), or ``None`` when the text
        is no redirect, as ``WikitextContentHandler::extractRedirectTargetAndText`` decides."""
        found = self.split_redirect(wikitext)
        return None if found is None else found[0]

    def split_redirect(self, wikitext: str) -> tuple[Title, str] | None:
        """A redirect page's target and the text after its link (and the whitespace after
        it), which MediaWiki still renders below the redirect notice; ``None`` when the
        text is no redirect."""
        text = wikitext.lstrip(" \t\n\r\0\x0b")
        m = self._redirect_start.match(text)
        if m is None:
            return None
        link = _REDIRECT_LINK.match(text, m.end())
        if link is None:
            return None
        rest = text[link.end() :].lstrip(" \t\n\r\f\v")
        target = link.group(1)
        if "%" in target:
            target = urllib.parse.unquote(target.lstrip(":"), errors="replace")
        title = self.title(target)
        if title is None or (not title.text and not title.interwiki):
            return None
        if title.namespace == NS_SPECIAL and title.text.split("/")[0] in _BAD_SPECIAL_TARGETS:
            return None
        return title, rest

    # -----------------------------------------------------------------------------------------
    # link trail, infoboxes, tags

    @cached_property
    def link_trail_re(self) -> re.Pattern[str]:
        """The compiled link trail; group 1 is the trail, group 2 the rest."""
        try:
            return re.compile(self.link_trail or r"^()(.*)\Z", re.DOTALL)
        except re.error:
            return re.compile(r"^([a-z]+)(.*)\Z", re.DOTALL)

    def split_link_trail(self, text: str) -> tuple[str, str]:
        """Split the text after ``]]`` into the trail that joins the link and the rest."""
        m = self.link_trail_re.match(text)
        if m is None:
            return "", text
        return m.group(1) or "", m.group(2) or ""

    @cached_property
    def _infobox_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        prefixes = tuple(_name_key(p) for p in self.infobox_prefixes if p)
        suffixes = tuple(_name_key(s) for s in self.infobox_suffixes if s)
        return prefixes, suffixes

    def is_infobox_name(self, template_name: str) -> bool:
        """True when a template name looks like an infobox on this wiki (case-insensitive,
        Template namespace prefix allowed). A heuristic: wikis name their infoboxes freely."""
        name = template_name
        if ":" in name:
            head, _, rest = name.partition(":")
            if self.namespace_id(head) == 10:
                name = rest
        key = _name_key(name)
        prefixes, suffixes = self._infobox_keys
        return key.startswith(prefixes) or (bool(suffixes) and key.endswith(suffixes))

    def is_extension_tag(self, name: str) -> bool:
        """True when ``<name>`` is a parser extension tag on this wiki (case-insensitive)."""
        return name.lower() in self.extension_tags


# ---------------------------------------------------------------------------------------------
# helpers


_REDIRECT_LINK = re.compile(r"[ \t\n\r\f\v]*:?[ \t\n\r\f\v]*\[\[(.*?)(?:\|.*?)?\]\]")
# $wgInvalidRedirectTargets plus Userlogout (canonical English names only).
_BAD_SPECIAL_TARGETS = frozenset(
    {"Filepath", "Mypage", "Mytalk", "Redirect", "Mylog", "Userlogout"}
)
_NAME_SPACES = re.compile(r"[\s_]+")


def _name_key(name: str) -> str:
    return _NAME_SPACES.sub(" ", name).strip().lower()


def _wf_urlencode(text: str) -> str:
    # wfUrlencode: rawurlencode, then keep ; @ $ ! * ( ) , / ~ : readable.
    return urllib.parse.quote(text, safe=";@$!*(),/~:")


def _anchor_encode(fragment: str) -> str:
    return urllib.parse.quote(fragment.replace(" ", "_"), safe=";@$!*(),/~:.%")


def _namespace_row(ns: Namespace) -> list[Any]:
    return [ns.id, ns.name, ns.canonical, list(ns.aliases), ns.case, ns.content, ns.subpages]


def _namespaces_from_rows(rows: Sequence[Any]) -> NamespaceTable:
    out: list[Namespace] = []
    for row in rows:
        if isinstance(row, Mapping):
            row = [
                row.get("id"),
                row.get("name", ""),
                row.get("canonical", ""),
                row.get("aliases", []),
                row.get("case", FIRST_LETTER),
                row.get("content", False),
                row.get("subpages", False),
            ]
        if not isinstance(row, Sequence) or len(row) < 2:
            continue
        try:
            ns_id = int(row[0])
        except (TypeError, ValueError):
            continue
        name = str(row[1] or "").replace("_", " ")
        canonical = str(row[2] or "").replace("_", " ") if len(row) > 2 else name
        aliases = tuple(str(a).replace("_", " ") for a in (row[3] if len(row) > 3 else []))
        case = str(row[4]) if len(row) > 4 and row[4] else FIRST_LETTER
        content = bool(row[5]) if len(row) > 5 else ns_id == NS_MAIN
        subpages = bool(row[6]) if len(row) > 6 else False
        out.append(Namespace(ns_id, name, canonical, aliases, case, content, subpages))
    return NamespaceTable(out)


def _magic_from_data(data: Mapping[str, Any]) -> Mapping[str, MagicWordSpec]:
    out: dict[str, MagicWordSpec] = {}
    for key, value in data.items():
        if (
            isinstance(value, Sequence)
            and not isinstance(value, str)
            and len(value) == 2
            and isinstance(value[1], Sequence)
            and not isinstance(value[1], str)
        ):
            out[str(key)] = (bool(value[0]), tuple(str(s) for s in value[1]))
    return MappingProxyType(out)


def _merge_magic(
    local: Mapping[str, Any], base: Mapping[str, MagicWordSpec]
) -> Mapping[str, MagicWordSpec]:
    # LocalisationCache::mergeMagicWords: the fallback's case flag, local synonyms first.
    out: dict[str, MagicWordSpec] = dict(base)
    for key, value in local.items():
        if isinstance(value, str) or not isinstance(value, Sequence):
            continue
        syns = [str(s) for s in value]
        if key in base:
            cs, base_syns = base[key]
            merged = tuple(dict.fromkeys([*syns, *base_syns]))
            out[key] = (cs, merged)
        else:
            out[key] = (False, tuple(dict.fromkeys(syns)))
    return MappingProxyType(out)


def _preset_data(code: str) -> dict[str, Any]:
    data: dict[str, Any] = _read_json(f"{code}.json")
    return data


def _common_interwiki() -> frozenset[str]:
    return frozenset(_common("interwiki_prefixes"))


def _preset_interwiki(code: str) -> frozenset[str]:
    return _common_interwiki() | {x.lower() for x in _preset_data(code).get("interwiki_extra", [])}


def _load_json_source(source: str | os.PathLike[str] | Mapping[str, Any]) -> Any:
    if isinstance(source, Mapping):
        return source
    if isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        text = source
    else:
        with open(source, encoding="utf-8") as fh:
            text = fh.read()
    try:
        return json.loads(text)
    except ValueError:
        return {}


def _flag(entry: Mapping[str, Any], key: str) -> bool:
    # formatversion 1 marks a true flag by the key's presence (value ""), 2 by a boolean.
    if key not in entry:
        return False
    value = entry[key]
    return value is not False and value is not None


def _alias_text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key, entry.get("*", ""))
    return str(value) if value is not None else ""


def _preset_for(language: str) -> SiteConfig | None:
    try:
        return SiteConfig.preset(language)
    except ValueError:
        return None


def _from_siteinfo_query(cls: type[SiteConfig], query: Mapping[str, Any]) -> SiteConfig:
    general = query.get("general")
    general = general if isinstance(general, Mapping) else {}
    language = str(general.get("lang") or "en")
    base = SiteConfig()
    kwargs: dict[str, Any] = {"language": language}
    if language != "en":
        kwargs["infobox_prefixes"] = ("Infobox",)
    if isinstance(general.get("sitename"), str):
        kwargs["sitename"] = general["sitename"]
    server = general.get("server")
    if isinstance(server, str) and server:
        kwargs["server"] = "https:" + server if server.startswith("//") else server
    for key, target in (
        ("articlepath", "article_path"),
        ("scriptpath", "script_path"),
        ("wikiid", "dbname"),
        ("mainpage", "main_page"),
    ):
        if isinstance(general.get(key), str):
            kwargs[target] = general[key]
    if "rtl" in general:
        kwargs["rtl"] = _flag(general, "rtl")
    if isinstance(general.get("linktrail"), str):
        kwargs["link_trail"] = php_regex_to_python(general["linktrail"])[0]
    if isinstance(general.get("linkprefixcharset"), str):
        kwargs["link_prefix_charset"] = general["linkprefixcharset"]
    default_case = str(general.get("case") or FIRST_LETTER)

    raw_ns = query.get("namespaces")
    if isinstance(raw_ns, Mapping):
        aliases: dict[int, list[str]] = {}
        raw_aliases = query.get("namespacealiases")
        if isinstance(raw_aliases, list):
            for entry in raw_aliases:
                if isinstance(entry, Mapping) and "id" in entry:
                    try:
                        aliases.setdefault(int(entry["id"]), []).append(_alias_text(entry, "alias"))
                    except (TypeError, ValueError):
                        continue
        rows: list[Namespace] = []
        for key, entry in raw_ns.items():
            if not isinstance(entry, Mapping):
                continue
            try:
                ns_id = int(entry.get("id", key))
            except (TypeError, ValueError):
                continue
            name = _alias_text(entry, "name").replace("_", " ")
            canonical = str(entry.get("canonical", name) or "").replace("_", " ")
            case = str(entry.get("case") or default_case)
            rows.append(
                Namespace(
                    ns_id,
                    name,
                    canonical,
                    tuple(a.replace("_", " ") for a in aliases.get(ns_id, []) if a),
                    case if case in (FIRST_LETTER, CASE_SENSITIVE) else FIRST_LETTER,
                    _flag(entry, "content"),
                    _flag(entry, "subpages"),
                )
            )
        kwargs["namespaces"] = NamespaceTable(rows)

    raw_magic = query.get("magicwords")
    if isinstance(raw_magic, list):
        magic: dict[str, MagicWordSpec] = {}
        for entry in raw_magic:
            if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                syns = entry.get("aliases")
                if isinstance(syns, list):
                    magic[entry["name"]] = (
                        _flag(entry, "case-sensitive"),
                        tuple(str(s) for s in syns),
                    )
        kwargs["magic_words"] = MappingProxyType(magic)

    raw_hooks = query.get("functionhooks")
    if isinstance(raw_hooks, list):
        known = base.function_hooks
        kwargs["function_hooks"] = MappingProxyType(
            {str(h): known.get(str(h), True) for h in raw_hooks}
        )
    for key, target in (
        ("variables", "variable_ids"),
        ("doubleunderscores", "double_underscore_ids"),
    ):
        if isinstance(query.get(key), list):
            kwargs[target] = frozenset(str(x) for x in query[key])

    raw_tags = query.get("extensiontags")
    if isinstance(raw_tags, list):
        kwargs["extension_tags"] = frozenset(
            str(t).strip("<>").lower() for t in raw_tags if isinstance(t, str)
        )

    raw_iw = query.get("interwikimap")
    if isinstance(raw_iw, list):
        prefixes: set[str] = set()
        langs: set[str] = set()
        local: set[str] = set()
        for entry in raw_iw:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("prefix"), str):
                continue
            prefix = entry["prefix"].lower()
            prefixes.add(prefix)
            if _flag(entry, "language"):
                langs.add(prefix)
            if _flag(entry, "localinterwiki"):
                local.add(prefix)
        kwargs["interwiki_prefixes"] = frozenset(prefixes)
        kwargs["language_codes"] = frozenset(langs)
        kwargs["local_interwikis"] = frozenset(local)
    else:
        kwargs["local_interwikis"] = frozenset({language})
    preset = _preset_for(language)
    if preset is not None:
        kwargs["infobox_prefixes"] = preset.infobox_prefixes
        kwargs["infobox_suffixes"] = preset.infobox_suffixes
        kwargs["ucfirst_overrides"] = preset.ucfirst_overrides
    return cls(**kwargs)


def _dump_siteinfo_data(siteinfo: Any) -> dict[str, Any]:
    if isinstance(siteinfo, Mapping):
        return dict(siteinfo)
    # An ElementTree element: read it without importing xml here.
    find = getattr(siteinfo, "iter", None)
    if find is None:
        return {}
    out: dict[str, Any] = {"namespaces": []}
    for el in siteinfo.iter():
        tag = str(el.tag).rsplit("}", 1)[-1]
        if tag in ("sitename", "dbname", "base", "case", "generator"):
            out[tag] = (el.text or "").strip()
        elif tag == "namespace":
            out["namespaces"].append((el.get("key"), el.get("case"), el.text or ""))
    return out


def _from_dump_data(cls: type[SiteConfig], data: Mapping[str, Any]) -> SiteConfig:
    dbname = str(data.get("dbname") or "")
    language = dbname[:-4].replace("_", "-") if dbname.endswith("wiki") else ""
    base_url = str(data.get("base") or "")
    preset = _preset_for(language) if language else None
    site = preset if preset is not None else SiteConfig()
    kwargs: dict[str, Any] = {}
    if language and preset is None:
        kwargs["language"] = language
        kwargs["local_interwikis"] = frozenset({language.lower()})
    if dbname:
        kwargs["dbname"] = dbname
    if isinstance(data.get("sitename"), str):
        kwargs["sitename"] = data["sitename"]
    if base_url:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme and parts.netloc:
            kwargs["server"] = f"{parts.scheme}://{parts.netloc}"
            path = parts.path
            idx = path.find("/wiki/")
            if idx >= 0:
                kwargs["article_path"] = path[: idx + 6] + "$1"
                kwargs["main_page"] = urllib.parse.unquote(path[idx + 6 :]).replace("_", " ")
    if preset is None and language and language != "en":
        kwargs["infobox_prefixes"] = ("Infobox",)
    default_case = str(data.get("case") or FIRST_LETTER)
    raw = data.get("namespaces")
    if isinstance(raw, list) and raw:
        rows: list[Namespace] = []
        for entry in raw:
            if isinstance(entry, Mapping):
                key, case, name = entry.get("key"), entry.get("case"), entry.get("name", "")
            elif isinstance(entry, Sequence) and not isinstance(entry, str) and len(entry) >= 3:
                key, case, name = entry[0], entry[1], entry[2]
            else:
                continue
            try:
                ns_id = int(str(key))
            except ValueError:
                continue
            known = site.namespaces.get(ns_id)
            local = str(name or "").replace("_", " ")
            if known is not None:
                canonical = known.canonical
                aliases = known.aliases
                if local != known.name and known.name:
                    aliases = tuple(dict.fromkeys((*aliases, known.name)))
                content, subpages = known.content, known.subpages
            else:
                canonical, aliases = local, ()
                content, subpages = ns_id == NS_MAIN, ns_id > 0 and ns_id % 2 == 1
            case_s = str(case or default_case)
            rows.append(
                Namespace(
                    ns_id,
                    local,
                    canonical,
                    tuple(a for a in aliases if a != local),
                    case_s if case_s in (FIRST_LETTER, CASE_SENSITIVE) else FIRST_LETTER,
                    content,
                    subpages,
                )
            )
        kwargs["namespaces"] = NamespaceTable(rows)
    return replace(site, **kwargs) if kwargs else site


def _english_wikipedia() -> SiteConfig:
    return SiteConfig.preset("en")


set_default_site(_english_wikipedia)


def __getattr__(name: str) -> Any:
    if name == "ENGLISH_WIKIPEDIA":
        return SiteConfig.preset("en")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
