"""Wikitext -> HTML, as MediaWiki's legacy parser renders it, made safe.

>>> from wikikit.html import to_html
>>> to_html("'''Hi''' [[there]]")
'<p><b>Hi</b> <a href="/wiki/There" title="There">there</a>\\n</p>'

Templates are not expanded. By default a template leaves an empty marker
element, ``<span class="wikikit-template" data-template="Name"></span>``,
so no raw ``{{…}}`` reaches the page; pass ``template_handler`` to render
them yourself. ``{{Infobox …}}`` (and the article export's infobox) renders
as ``<table class="infobox">``; ``{{reflist}}``-like templates and
``<references/>`` print the numbered ``<ref>`` list (or it is appended at
the end). The result is a ``str`` subclass carrying ``categories``,
``article_title``, ``headings`` and ``language_links``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from wikikit.html.characters import clean_text
from wikikit.html.output import HtmlOutput, Wikitext
from wikikit.html.page import standalone_page
from wikikit.html.renderer import Renderer, TemplateHandler
from wikikit.parser import parse, paused_gc
from wikikit.site import SiteConfig
from wikikit.tree import Document

__all__ = ["HtmlOutput", "Renderer", "TemplateHandler", "Wikitext", "render", "to_html"]


def to_html(
    source: str | Document,
    *,
    link_base: str = "/wiki/",
    standalone: bool = False,
    template_handler: TemplateHandler | None = None,
    dialect: str = "auto",
    page_title: str | None = None,
    stylesheet: str | None = None,
    site: SiteConfig | None = None,
    wiki: Any = None,
    external_images: bool = True,
    cite_backlinks: str = "numeric",
) -> HtmlOutput:
    """Render wikitext (or a parsed :class:`~wikikit.tree.Document`) to HTML.

    ``link_base`` prefixes internal link targets (``/wiki/`` by default);
    ``standalone=True`` returns a complete HTML5 page with a small stylesheet
    (replace it with ``stylesheet``) and a table of contents when there are
    four or more headings. ``template_handler(name, params)`` may return HTML,
    :class:`Wikitext` to render, or None for the default marker. ``dialect``
    is passed to :func:`wikikit.parse` for ``str`` sources; ``page_title``
    makes links to that page render as self-links. ``wiki``/``site`` name the
    wiki the text is from (see :func:`wikikit.parse`): its category and file
    namespace names and language prefixes are used; a parsed document brings
    its own. ``external_images`` is MediaWiki's ``$wgAllowExternalImages`` (on
    in its parser tests, off on Wikipedia): an image URL (``http://…/x.png``)
    shows as ``<img>``. ``cite_backlinks`` labels the backlinks of a reused
    footnote: ``"numeric"`` (``1.0``, ``1.1``, the Cite extension's default) or
    ``"alphabetic"`` (``a``, ``b``, as Wikipedia shows them).
    """
    if isinstance(source, Document):
        doc = source
    else:
        # U+007F delimits the renderer's placeholders; it never renders anyway.
        source = source.replace("\x7f", "")
        # MediaWiki's input is valid UTF-8 with controls as U+FFFD: never a lone surrogate.
        source = clean_text(source)
        if not source.isascii():
            # MediaWiki stores and parses text in Unicode NFC (T21451).
            source = unicodedata.normalize("NFC", source)
        doc = parse(source, dialect=dialect, site=site, wiki=wiki)
    renderer = Renderer(
        link_base=link_base,
        template_handler=template_handler,
        page_title=page_title,
        site=doc.given_site,
        external_images=external_images,
        cite_backlinks=cite_backlinks,
    )
    with paused_gc():
        body = renderer.render_document(doc)
    title = doc.title
    if standalone:
        toc: bool | None = None
        if "NOTOC" in renderer.switches:
            toc = False
        elif "FORCETOC" in renderer.switches or "TOC" in renderer.switches:
            toc = True
        body = standalone_page(body, title, renderer.headings, stylesheet=stylesheet, toc=toc)
    return HtmlOutput(
        body,
        tuple(renderer.categories),
        title,
        tuple(renderer.headings),
        tuple(renderer.language_links),
    )


def render(text: str) -> str:
    """``to_html`` for plain wikitext with default options (for scoring tools)."""
    return str(to_html(text))
