"""The wiki the parser is reading for: what it takes from a site configuration.

:class:`ParserSite` is built once per :class:`~wikikit.site.SiteConfig` (cached)
and made current for the length of one ``parse`` call, so the passes read it
without threading it through every function: file link namespaces, the link
trail, the extension tags the preprocessor recognizes and the infobox names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Final

from wikikit.site import NS_FILE, NS_MEDIA, SiteConfig, normalize_name

__all__ = ["ParserSite", "current", "parser_site", "using"]

_TRAIL_TAIL: Final = "(.*)\\Z"
#: The preprocessor's own tags, on every wiki.
_INCLUSION_TAGS: Final = frozenset(("includeonly", "noinclude", "onlyinclude"))


class ParserSite:
    """The parser's view of one wiki."""

    __slots__ = (
        "extension_tags",
        "file_namespaces",
        "infobox_prefixes",
        "site",
        "trail",
    )

    def __init__(
        self,
        site: SiteConfig,
        infobox_prefixes: tuple[str, ...] | None,
        default_tags: bool = False,
    ) -> None:
        self.site = site
        names = site.namespaces.names()
        #: Lower-cased names and aliases of the File and Media namespaces.
        self.file_namespaces = frozenset(
            name for name, ns in names.items() if ns in (NS_FILE, NS_MEDIA)
        )
        self.trail = _trail_regex(site.link_trail)
        #: The wiki's extension tags (lower case), or None for the preprocessor's own list.
        self.extension_tags: frozenset[str] | None = (
            None
            if default_tags
            else frozenset(t.lower() for t in site.extension_tags) | _INCLUSION_TAGS
        )
        self.infobox_prefixes = (
            None
            if infobox_prefixes is None
            else tuple(" ".join(p.replace("_", " ").split()).lower() for p in infobox_prefixes)
        )

    def is_file_namespace(self, prefix: str) -> bool:
        return normalize_name(prefix) in self.file_namespaces

    def is_infobox_name(self, raw: str) -> bool:
        if self.infobox_prefixes is None:
            return self.site.is_infobox_name(raw)
        name = " ".join(raw.replace("_", " ").split()).lower()
        return name.startswith(self.infobox_prefixes)

    def trail_length(self, text: str) -> int:
        """How many characters at the start of ``text`` join the link before it."""
        m = self.trail.match(text)
        return len(m.group(1) or "") if m else 0


def _trail_regex(source: str) -> re.Pattern[str]:
    # MediaWiki's trails are "^(letters+)(.*)$": only the first group matters, and
    # matching "(.*)" to the end of every text after a link would cost its length.
    if source.endswith(_TRAIL_TAIL):
        source = source[: -len(_TRAIL_TAIL)]
    try:
        return re.compile(source or "^()", re.DOTALL)
    except re.error:
        return re.compile("^([a-z]+)")


@lru_cache(maxsize=64)
def parser_site(
    site: SiteConfig, infobox_prefixes: tuple[str, ...] | None = None, default_tags: bool = False
) -> ParserSite:
    """The (cached) parser view of ``site``; ``infobox_prefixes`` replaces the site's infobox
    names when given; ``default_tags`` keeps the preprocessor's own tag list."""
    return ParserSite(site, infobox_prefixes, default_tags)


_default: list[ParserSite] = []


def default_parser_site() -> ParserSite:
    """English Wikipedia, with the infobox names and extension tags wikikit has always
    recognized."""
    if not _default:
        _default.append(parser_site(SiteConfig.preset("en"), _LEGACY_INFOBOX_PREFIXES, True))
    return _default[0]


#: Template names that make an infobox when no site is given (``Infoboks`` is Norwegian).
_LEGACY_INFOBOX_PREFIXES: tuple[str, ...] = ("infobox", "infoboks")

_current: ContextVar[ParserSite | None] = ContextVar("wikikit_parser_site", default=None)


def current() -> ParserSite:
    """The site of the parse under way (English Wikipedia outside one)."""
    site = _current.get()
    return default_parser_site() if site is None else site


@contextmanager
def using(site: ParserSite) -> Iterator[ParserSite]:
    """Make ``site`` current for the parse inside the ``with`` block."""
    token = _current.set(site)
    try:
        yield site
    finally:
        _current.reset(token)


def infobox_prefixes(prefixes: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if prefixes is None else tuple(prefixes)
