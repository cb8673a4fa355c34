"""What the tree needs to know about a wiki: the part of a site configuration its
accessors read (namespace names, titles, redirect words, image options).

The tree imports nothing above it, so this is a protocol: a
:class:`wikikit.site.SiteConfig` satisfies it, and ``import wikikit`` registers
English Wikipedia's as the default. A document parsed with ``site=``/``wiki=``
carries its own (see :attr:`Document.site <wikikit.tree.Document.site>`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["SiteRules", "TitleLike", "default_site", "register_default_site"]

#: Namespace numbers MediaWiki fixes on every wiki.
NS_MEDIA = -2
NS_FILE = 6
NS_TEMPLATE = 10
NS_CATEGORY = 14


class TitleLike(Protocol):
    """A parsed page title (:class:`wikikit.site.Title`)."""

    @property
    def namespace(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def fragment(self) -> str: ...

    @property
    def interwiki(self) -> str: ...

    @property
    def prefixed_text(self) -> str: ...


class SiteRules(Protocol):
    """The site configuration the tree's accessors read."""

    def title(self, text: str, default_namespace: int = 0) -> Any: ...

    def namespace_id(self, name: str) -> int | None: ...

    def is_language_link(self, prefix: str) -> bool: ...

    def is_redirect_word(self, word: str) -> bool: ...

    def image_option(self, text: str) -> tuple[str, str] | None: ...


_default: list[SiteRules] = []
_factory: list[Callable[[], SiteRules]] = []


def register_default_site(site: SiteRules | Callable[[], SiteRules]) -> None:
    """Set the site configuration used for documents parsed without one (or a function
    that makes it, called on first use: presets load only when needed)."""
    _default.clear()
    _factory.clear()
    if callable(site):
        _factory.append(site)
    else:
        _default.append(site)


def default_site() -> SiteRules:
    """The registered default site configuration (English Wikipedia after ``import wikikit``)."""
    if not _default:
        if not _factory:
            raise RuntimeError("no site configuration is registered; import wikikit first")
        _default.append(_factory[0]())
    return _default[0]
