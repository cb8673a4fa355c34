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
from wikikit.html.page import link_base_ok, standalone_page
from wikikit.html.page import redirect_notice as redirect_html
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
    redirect_notice: bool | None = None,
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

    A standalone page shows ``page_title`` as its ``<h1>`` and ``<title>`` (without it,
    the article export's ``= Title =`` line or the document's name). A redirect page
    (``#REDIRECT [[Target]]``) renders as MediaWiki's redirect notice, a link to the
    target above the rest of the text, when ``redirect_notice`` is true (default: in
    standalone pages only).
    """
    if not link_base_ok(link_base):
        raise ValueError(f"link_base must be an http(s) URL or a path, not {link_base!r}")
    # The tree is built, rendered and dropped with the collector paused: it is
    # freed by reference counting before the collector could scan it even once.
    with paused_gc():
        if isinstance(source, Document):
            doc = source
        else:
            # U+007F delimits the renderer's placeholders; it never renders anyway.
            if "\x7f" in source:
                source = source.replace("\x7f", "")
            # MediaWiki's input is valid UTF-8 with controls as U+FFFD: never a lone surrogate.
            source = clean_text(source)
            if not source.isascii():
                # MediaWiki stores and parses text in Unicode NFC (T21451).
                source = unicodedata.normalize("NFC", source)
            doc = parse(source, dialect=dialect, site=site, wiki=wiki)
        notice = ""
        show_redirect = standalone if redirect_notice is None else redirect_notice
        if show_redirect and doc.redirect is not None:
            found = _split_redirect(doc)
            if found is not None:
                target, rest = found
                notice = redirect_html(target.prefixed_text, target.fragment, link_base=link_base)
                doc = parse(rest, dialect="mediawiki", name=doc.name).with_site(doc.given_site)
        heading = page_title if page_title else doc.title
        renderer = Renderer(
            link_base=link_base,
            template_handler=template_handler,
            page_title=page_title,
            site=doc.given_site,
            external_images=external_images,
            cite_backlinks=cite_backlinks,
        )
        if standalone and heading:
            renderer.title_line = False  # the page's <h1> shows the title
        body = notice + renderer.render_document(doc)
        title = doc.title
        switches = renderer.switches
        categories = tuple(renderer.categories)
        headings = tuple(renderer.headings)
        language_links = tuple(renderer.language_links)
        # Dropped before the collector resumes (a caller's Document stays alive).
        del doc, renderer
    if standalone:
        toc: bool | None = None
        if "NOTOC" in switches:
            toc = False
        elif "FORCETOC" in switches or "TOC" in switches:
            toc = True
        body = standalone_page(
            body,
            heading or title,
            headings,
            stylesheet=stylesheet,
            toc=toc,
            heading=heading,
        )
    return HtmlOutput(body, categories, title, headings, language_links)


def _split_redirect(doc: Document) -> tuple[Any, str] | None:
    """The redirect target of ``doc`` and the text after the redirect link, or None."""
    split = getattr(doc.site, "split_redirect", None)
    if split is None:
        return None
    found = split(doc.to_wikitext())
    return None if found is None else (found[0], str(found[1]))


def render(text: str) -> str:
    """``to_html`` for plain wikitext with default options (for scoring tools)."""
    return str(to_html(text))
