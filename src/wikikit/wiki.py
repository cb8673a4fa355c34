"""``Wiki``: one wiki's configuration, pages and clock; what the parser and renderer read.

>>> wiki = Wiki("de")
>>> wiki.parse("[[Kategorie:Physik]]").categories
['Physik']
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from wikikit.html import HtmlOutput, to_html
from wikikit.parser import parse
from wikikit.site import SiteConfig
from wikikit.tree import Document

__all__ = ["Wiki"]


class Wiki:
    """A wiki: its site configuration (a ``language`` preset, or ``site``), pages and clock.

    ``language`` picks a shipped preset (``"en"``, ``"de"``, ``"fr"`` …, see
    :meth:`SiteConfig.preset <wikikit.site.SiteConfig.preset>`); ``site``
    gives a configuration directly (for example from :meth:`from_siteinfo`).
    ``pages`` (titles to wikitext) and ``now`` (the clock) are kept for
    template expansion.
    """

    def __init__(
        self,
        language: str = "en",
        *,
        pages: Mapping[str, str] | None = None,
        now: datetime | None = None,
        site: SiteConfig | None = None,
    ) -> None:
        self.site = site if site is not None else SiteConfig.preset(language)
        self.pages = pages if pages is not None else {}
        self.now = now

    @classmethod
    def from_siteinfo(
        cls, source: str | os.PathLike[str] | Mapping[str, Any], **kwargs: Any
    ) -> Wiki:
        """A wiki configured from MediaWiki's siteinfo JSON (a file path or the decoded data;
        see :meth:`SiteConfig.from_siteinfo <wikikit.site.SiteConfig.from_siteinfo>`)."""
        return cls(site=SiteConfig.from_siteinfo(source), **kwargs)

    @property
    def language(self) -> str:
        return self.site.language

    def parse(self, text: str, **options: Any) -> Document:
        """Parse ``text`` as a page of this wiki (see :func:`wikikit.parse`)."""
        return parse(text, site=self.site, **options)

    def to_html(self, source: str | Document, **options: Any) -> HtmlOutput:
        """Render ``source`` as a page of this wiki (see :func:`wikikit.to_html`)."""
        if isinstance(source, Document):
            if source.given_site is None:
                source = source.with_site(self.site)
            return to_html(source, **options)
        return to_html(source, site=self.site, **options)

    def __repr__(self) -> str:
        return f"Wiki({self.site.language!r})"
