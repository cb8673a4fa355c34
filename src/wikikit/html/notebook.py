"""A document as a notebook shows it: the rendered article (``Document._repr_html_``)."""

from __future__ import annotations

from wikikit.html import to_html
from wikikit.html.sanitizer import escape_text
from wikikit.tree import Document

__all__ = ["NOTEBOOK_STYLESHEET", "notebook_html"]

#: The page stylesheet's rules that matter inside a notebook cell, scoped to the article.
NOTEBOOK_STYLESHEET = """
.wikikit-article { max-width: 60em; line-height: 1.6; }
.wikikit-article table.infobox { float: right; clear: right; width: 22em; margin: 0 0 1em 1em;
  border: 1px solid #a2a9b1; background: #f8f9fa; border-collapse: collapse; font-size: 88%; }
.wikikit-article table.infobox caption { font-weight: bold; }
.wikikit-article table.infobox th, .wikikit-article table.infobox td { text-align: left;
  vertical-align: top; padding: 0.2em 0.4em; }
.wikikit-article table.wikitable { border-collapse: collapse; }
.wikikit-article table.wikitable th, .wikikit-article table.wikitable td {
  border: 1px solid #a2a9b1; padding: 0.2em 0.4em; }
.wikikit-article .wikikit-template, .wikikit-article .wikikit-argument,
.wikikit-article .wikikit-ext { display: none; }
.wikikit-article .wikikit-thumb { display: block; float: right; clear: right; width: 220px;
  margin: 0.5em 0 1em 1.4em; padding: 4px; border: 1px solid #c8ccd1; font-size: 88%; }
.wikikit-article .wikikit-caption { display: block; }
"""


def notebook_html(doc: Document) -> str:
    """The article rendered for a notebook cell: a title, the body, the categories."""
    html = to_html(doc)
    parts = ['<div class="wikikit-article">', f"<style>{NOTEBOOK_STYLESHEET}</style>"]
    if doc.title:
        parts.append(f"<h1>{escape_text(doc.title)}</h1>")
    parts.append(str(html))
    if html.categories:
        names = " | ".join(escape_text(c) for c in html.categories)
        parts.append(f'<p class="wikikit-categories"><small>Categories: {names}</small></p>')
    parts.append("</div>")
    return "".join(parts)
