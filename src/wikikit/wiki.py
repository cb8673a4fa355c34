"""``Wiki``: a site configuration, a set of pages and a clock, to expand and render pages.

>>> wiki = Wiki(pages={"Template:Hello": "Hello, {{{1|world}}}!"})
>>> wiki.expand("{{hello|you}}")
'Hello, you!'
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from wikikit.html import to_html
from wikikit.parser import parse
from wikikit.site import SiteConfig

if TYPE_CHECKING:
    from wikikit.expand.context import Limits
    from wikikit.expand.frame import Expander, TreeCache
    from wikikit.sources.store import DumpStore

# The expander and the page stores (with sqlite3) are imported when a Wiki is made,
# not with the package: most programs that import wikikit only parse and render.

__all__ = ["ExpandedPage", "PageSource", "Wiki"]


@runtime_checkable
class PageSource(Protocol):
    """Where a wiki's pages come from: ``get`` takes a normalized title (``"Template:Foo"``)."""

    def get(self, title: str) -> str | None:
        """The page's wikitext, or None when there is no such page."""
        ...


class MappingPages:
    """Pages from a mapping of titles to wikitext; titles are normalized as MediaWiki does."""

    def __init__(self, pages: Mapping[str, str], site: SiteConfig) -> None:
        self._pages: dict[str, str] = {}
        for title, text in pages.items():
            parsed = site.title(title)
            if parsed is not None:
                self._pages[parsed.prefixed_text] = text

    def get(self, title: str) -> str | None:
        return self._pages.get(title)

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


@dataclass(frozen=True)
class ExpandedPage:
    """A page's expanded wikitext and what it set while expanding."""

    text: str
    #: The ``{{DISPLAYTITLE:…}}`` markup, when the page set one.
    display_title: str | None
    #: The ``{{DEFAULTSORT:…}}`` key, when the page set one.
    default_sort: str | None
    #: Category names linked from the expanded text, in order, without duplicates.
    categories: tuple[str, ...]
    #: Pages transcluded (normalized titles), in first-use order.
    templates: tuple[str, ...]
    #: Limit warnings (MediaWiki's: template loops, node count, include size …).
    warnings: tuple[str, ...]


_CATEGORY_RE = re.compile(r"\[\[[ _]*(?i:category)[ _]*:([^\]|\n]+)")


class Wiki:
    """A wiki: site configuration (``language`` preset or ``site``), pages and a clock.

    ``pages`` maps full page titles (``"Template:Infobox person"``, ``"Main Page"``)
    to wikitext, or is a page store (see :mod:`wikikit.sources.store`); pages are
    taken not to change while the wiki is in use (their preprocessed form is kept). ``now`` is
    an aware ``datetime`` (default: the current time) for ``{{CURRENTYEAR}}``,
    ``#time`` and the like.
    """

    def __init__(
        self,
        language: str = "en",
        *,
        pages: Mapping[str, str] | PageSource | None = None,
        now: datetime | None = None,
        site: SiteConfig | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.site = site if site is not None else SiteConfig.preset(language)
        if pages is None:
            pages = {}
        if isinstance(pages, Mapping):
            self.pages: PageSource = MappingPages(pages, self.site)
        else:
            self.pages = pages
            bind = getattr(pages, "bind", None)
            if bind is not None:
                bind(self.site)
        if now is not None and now.tzinfo is None:
            raise ValueError("now must be an aware datetime (with a tzinfo)")
        self._now = now
        if limits is None:
            from wikikit.expand.context import Limits

            limits = Limits()
        self.limits = limits
        self._trees = _tree_cache()

    @property
    def now(self) -> datetime:
        """The wiki's clock: the fixed ``now`` given, or the current time."""
        return self._now if self._now is not None else datetime.now(timezone.utc)

    def page(self, title: str) -> str | None:
        """The wikitext of a page (title normalized as MediaWiki does), or None."""
        parsed = self.site.title(title)
        if parsed is None:
            return None
        return self.pages.get(parsed.prefixed_text)

    def _expander(self, title: str, escape_leftovers: bool = False) -> Expander:
        from wikikit.expand.frame import Expander

        return Expander(
            self.site,
            self.pages.get,
            self.now,
            title,
            limits=self.limits,
            escape_leftovers=escape_leftovers,
            trees=self._trees,
        )

    def expand(self, text: str, *, title: str = "Main Page") -> str:
        """``text`` with its templates, arguments, magic words and functions expanded."""
        return self._expander(title).expand_text(text)

    def expand_page(self, text: str, *, title: str = "Main Page") -> ExpandedPage:
        """Expand ``text`` and report what it set (display title, sort key, categories …)."""
        return self._expand_page(text, title, False)

    def _expand_page(self, text: str, title: str, escape_leftovers: bool) -> ExpandedPage:
        ex = self._expander(title, escape_leftovers)
        # Rendering reads the page as a view: its comments and <noinclude> tags go too.
        out = ex.expand_text(text, keep=not escape_leftovers)
        categories: dict[str, None] = {}
        for m in _CATEGORY_RE.finditer(out):
            name = " ".join(m.group(1).replace("_", " ").split())
            if name:
                categories[name[:1].upper() + name[1:]] = None
        return ExpandedPage(
            out,
            None if ex.meta.display_title is None else ex.unstrip(ex.meta.display_title),
            None if ex.meta.default_sort is None else ex.unstrip(ex.meta.default_sort),
            tuple(categories),
            tuple(dict.fromkeys(ex.meta.templates)),
            tuple(ex.meta.warnings),
        )

    def parse(self, text: str, **options: Any) -> Any:
        """The lossless source tree of ``text``, unexpanded, read as a page of this wiki
        (:func:`wikikit.parse` with ``site=self.site``: its namespace names, link trail,
        redirect words, infobox names and extension tags)."""
        return parse(text, site=self.site, **options)

    def to_html(self, source: str, *, title: str | None = None, **options: Any) -> str:
        """Expand ``source``, parse and render it with :func:`wikikit.html.to_html`.

        ``title`` is the page's title: ``{{PAGENAME}}`` and the like read it (default
        "Main Page"), links to it show as self-links, and a standalone page shows it as
        its ``<h1>``. A redirect page renders as MediaWiki's redirect notice.
        """
        expanded = self._expand_page(source, title or "Main Page", True).text
        if title:
            options.setdefault("page_title", title)
        options.setdefault("redirect_notice", True)
        return to_html(expanded, site=self.site, **options)

    def parse_expanded(self, text: str, *, title: str = "Main Page", **options: Any) -> Any:
        """The expanded page, parsed as this wiki's page (what :meth:`to_html` renders and
        :meth:`plain_text` reads); ``options`` go to :func:`wikikit.parse`. Unlike
        :meth:`parse`, its text is the expansion, not the source."""
        return parse(self._expand_page(text, title, True).text, site=self.site, **options)

    def plain_text(self, text: str, *, title: str = "Main Page") -> str:
        """The plain text of the expanded page."""
        return str(self.parse_expanded(text, title=title).text)

    def __getstate__(self) -> dict[str, Any]:
        # The parsed-template cache stays behind; a page store reopens its file.
        state = self.__dict__.copy()
        del state["_trees"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._trees = _tree_cache()

    @classmethod
    def from_siteinfo(cls, source: str | Path | Mapping[str, Any], **kwargs: Any) -> Wiki:
        """A wiki configured from MediaWiki's siteinfo JSON (``api.php?action=query&meta=
        siteinfo``; a file path or the decoded data, see ``SiteConfig.from_siteinfo``)."""
        return cls(site=SiteConfig.from_siteinfo(source), **kwargs)

    @classmethod
    def from_folder(cls, path: str | Path, **kwargs: Any) -> Wiki:
        """A wiki whose pages are files in a folder (``wikikit.sources.store.FolderPages``)."""
        from wikikit.sources.store import FolderPages

        return cls(pages=FolderPages(path), **kwargs)

    @classmethod
    def from_dump(cls, path: str | Path, *, store: str | Path | None = None, **kwargs: Any) -> Wiki:
        """A wiki reading its pages from a MediaWiki XML dump, through a SQLite page store."""
        from wikikit.sources.store import DumpStore

        return cls._from_store(DumpStore.open(path, store=store), kwargs)

    @classmethod
    def from_store(cls, path: str | Path, **kwargs: Any) -> Wiki:
        """A wiki reading the page store :meth:`from_dump` wrote (the SQLite file), without
        the dump; ``ValueError`` when ``path`` is no such file."""
        from wikikit.sources.store import DumpStore

        return cls._from_store(DumpStore.open_store(path), kwargs)

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> Wiki:
        """A wiki whose pages are at ``path``: an XML dump (``.xml``, ``.xml.bz2``,
        ``.xml.gz``; :meth:`from_dump`), a page store (:meth:`from_store`) or a folder
        (:meth:`from_folder`). ``ValueError`` when it is none of these."""
        p = Path(path)
        if p.is_dir():
            return cls.from_folder(p, **kwargs)
        if not p.exists():
            raise ValueError(f"{p}: no such file or folder")
        from wikikit.sources.dumps import is_dump

        if is_dump(str(p)):
            import sqlite3
            import xml.etree.ElementTree as ET

            try:
                return cls.from_dump(p, **kwargs)
            except (OSError, sqlite3.Error, ET.ParseError, EOFError, ValueError) as e:
                raise ValueError(f"{p}: cannot read the dump ({type(e).__name__}: {e})") from e
        try:
            return cls.from_store(p, **kwargs)
        except ValueError as e:
            if str(e).startswith("cannot read"):
                raise
            raise ValueError(
                f"{p} is not an XML dump (.xml, .xml.bz2, .xml.gz), a page store "
                "(the SQLite file Wiki.from_dump writes) or a folder"
            ) from None

    @classmethod
    def _from_store(cls, pages: DumpStore, kwargs: dict[str, Any]) -> Wiki:
        if "site" not in kwargs and "language" not in kwargs:
            siteinfo = pages.siteinfo()
            if siteinfo is not None:
                # An odd <siteinfo> leaves the English preset in place.
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    kwargs["site"] = SiteConfig.from_dump_siteinfo(siteinfo)
        return cls(pages=pages, **kwargs)


def _tree_cache() -> TreeCache:
    from wikikit.expand.frame import TreeCache

    return TreeCache()
