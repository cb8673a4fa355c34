"""``parse``: text in, :class:`~wikikit.tree.Document` out, for every string.

Pipeline: preprocessor (templates, comments, extension tags) → HTML tags →
lines → block grammar → inline passes → section tree. Each stage falls back to text on
markup it cannot read, as MediaWiki does; none of them raises on input.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any

from wikikit.parser.blocks import parse_blocks
from wikikit.parser.context import (
    _LEGACY_INFOBOX_PREFIXES,
    ParserSite,
    current,
    default_parser_site,
    parser_site,
    using,
)
from wikikit.parser.dialect import DIALECTS, detect_dialect
from wikikit.parser.gcpause import paused_gc
from wikikit.parser.inline import join_spanning_links, parse_items, tokenize_tags
from wikikit.parser.lines import heading_parts
from wikikit.parser.preprocessor import Notes, preprocess, split_lines
from wikikit.parser.sections import build_sections
from wikikit.site import SiteConfig
from wikikit.tree import (
    Comment,
    Document,
    Heading,
    Infobox,
    InfoboxField,
    Inline,
    Template,
)

__all__ = ["DEFAULT_INFOBOX_PREFIXES", "parse", "parse_inline", "resolve_site"]

#: Template names that make an infobox when no site is given (compared case-insensitively,
#: ``_`` as space); a site's own names are used with ``site=``/``wiki=``.
DEFAULT_INFOBOX_PREFIXES: tuple[str, ...] = _LEGACY_INFOBOX_PREFIXES


class _Config:
    __slots__ = ("site",)

    def __init__(self, site: ParserSite) -> None:
        self.site = site

    def make_infobox(self, template: Template) -> Inline | None:
        name = template.name_nodes
        raw = "".join(n.to_wikitext() for n in name if not isinstance(n, Comment))
        if not self.site.is_infobox_name(raw):
            return None
        fields = tuple(InfoboxField("|", p.key, "=", p.value, "") for p in template.params)
        return Infobox("{{", name, "", fields, "}}", "")

    def parse_later(self, items: list[Any]) -> tuple[Inline, ...]:
        """Parse a template parameter's value when it is first read, as the parse
        would have: in this wiki, whenever and wherever that happens."""
        return self._in_wiki(parse_items, items)

    def parse_body(self, text: str) -> tuple[Inline, ...]:
        """Parse wikitext as inline nodes in this wiki: an extension tag's body when it
        is first read, whenever and wherever that happens."""
        return self._in_wiki(self._inline, text)

    def _in_wiki(self, parse: Callable[[Any], tuple[Inline, ...]], arg: Any) -> tuple[Inline, ...]:
        if current() is self.site and not gc.isenabled():
            # Already paused, in this wiki (read while a page is built or rendered):
            # no context to enter.
            return parse(arg)
        with paused_gc(), using(self.site):
            return parse(arg)

    def _inline(self, text: str) -> tuple[Inline, ...]:
        items = preprocess(
            text, parse_items, self.make_infobox, later=self.parse_later, bodies=self.parse_body
        )
        return parse_items(items)


def resolve_site(
    site: SiteConfig | None = None,
    wiki: Any = None,
    infobox_prefixes: Iterable[str] | None = None,
) -> ParserSite:
    """The parser's view of ``wiki.site``, ``site`` or (neither given) English Wikipedia."""
    if wiki is not None:
        if site is not None:
            raise TypeError("give site or wiki, not both")
        site = wiki.site
    prefixes = None if infobox_prefixes is None else tuple(infobox_prefixes)
    if site is None:
        if prefixes is None:
            return default_parser_site()
        site = SiteConfig.preset("en")
    return parser_site(site, prefixes)


def parse(
    text: str,
    *,
    dialect: str = "auto",
    name: str | None = None,
    infobox_prefixes: Iterable[str] | None = None,
    site: SiteConfig | None = None,
    wiki: Any = None,
) -> Document:
    """Parse an article into a :class:`~wikikit.tree.Document`.

    ``dialect`` is ``"mediawiki"``, ``"article"`` (the flattened export) or
    ``"auto"`` (see :func:`detect_dialect`). ``name`` is the page title, kept
    on the document when the text does not carry one. ``wiki`` (a
    :class:`wikikit.Wiki`) or ``site`` (a :class:`wikikit.site.SiteConfig`)
    says which wiki the text is from: its namespace names decide file links,
    its link trail, extension tags and infobox names are used, and the document
    keeps it for its accessors (categories, images, redirect …). The default is
    English Wikipedia (recognizing ``Infoboks`` too, as wikikit always has).
    ``infobox_prefixes`` replaces the infobox names. Never raises on any
    ``str``; ``doc.to_wikitext() == text`` always holds.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    if dialect not in DIALECTS:
        raise ValueError(f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
    if dialect == "auto":
        dialect = detect_dialect(text)
    ps = resolve_site(site, wiki, infobox_prefixes)
    with paused_gc(), using(ps):
        doc = _parse(text, dialect, name, _Config(ps))
    if site is not None or wiki is not None:
        doc = doc.with_site(ps.site)
    return doc


def _parse(text: str, dialect: str, name: str | None, config: _Config) -> Document:
    bom = ""
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    notes: Notes = []
    # HTML tags are read before the line structure, as MediaWiki's Sanitizer runs
    # before its table, heading and list passes (a tag may span lines).
    items = tokenize_tags(
        preprocess(
            text,
            parse_items,
            config.make_infobox,
            notes=notes,
            later=config.parse_later,
            bodies=config.parse_body,
        )
    )
    # Links run over newlines before the paragraph and list passes (not tables).
    items = join_spanning_links(items)
    lines = split_lines(items)
    blocks = parse_blocks(lines, dialect, parse_items)
    title_line = None
    if (
        dialect == "article"
        and blocks
        and isinstance(blocks[0], Heading)
        and heading_parts(lines[0][0]) is not None
    ):
        title_line = blocks.pop(0)
    lead, sections = build_sections(blocks)
    doc = Document(bom, title_line, tuple(lead), tuple(sections), name)
    if notes:
        if bom:
            notes = [(kind, offset + 1, message) for kind, offset, message in notes]
        doc = doc.with_parse_notes(notes)
    return doc


def parse_inline(
    text: str, *, site: SiteConfig | None = None, wiki: Any = None
) -> tuple[Inline, ...]:
    """Parse a fragment as inline wikitext (no block structure): templates, links, quotes …

    Inside a ``parse`` call (an extension tag's body) the wiki of that parse is used.
    """
    ps = current() if site is None and wiki is None else resolve_site(site, wiki)
    return _Config(ps).parse_body(text)
