"""wikikit: a lossless, typed parser, writer and HTML renderer for Wikipedia wikitext.

The layers, each a package importing only those below it: :mod:`wikikit.tree`
(the node model), :mod:`wikikit.parser` (text to tree), :mod:`wikikit.wikitext`
(tree to wikitext: formatter, edits, conversion), :mod:`wikikit.html` (tree to
HTML), :mod:`wikikit.sources` (files, folders, dumps) and :mod:`wikikit.cli`.
:mod:`wikikit.site` holds a wiki's configuration and :mod:`wikikit.expand` expands
templates; :class:`Wiki` ties site, pages and clock together.
"""

from __future__ import annotations

from wikikit import site, tree
from wikikit.html import to_html
from wikikit.html.notebook import notebook_html
from wikikit.parser import detect_dialect, parse, parse_inline
from wikikit.tree import (
    BlankLine,
    Block,
    Bold,
    Comment,
    Diagnostic,
    Document,
    Entity,
    ExtensionTag,
    ExternalLink,
    Heading,
    HorizontalRule,
    HtmlTag,
    Infobox,
    InfoboxField,
    Inline,
    Italic,
    List,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    Parameter,
    Preformatted,
    Raw,
    Section,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    TemplateArgument,
    Text,
    WikiLink,
    from_dict,
    plain_text,
)
from wikikit.version import __version__
from wikikit.wiki import ExpandedPage, Wiki
from wikikit.wikitext import convert, edit, format, templates

# The tree's convenience methods (Document.set_field, ExtensionTag.parse_content …)
# need the parser and the editor, which sit above it: hand them down.
tree.register_inline_parser(parse_inline)
tree.register_editor(edit)
tree.register_template_editor(templates)
tree.register_default_site(lambda: site.SiteConfig.preset("en"))
tree.register_html_view(notebook_html)

__all__ = [
    "BlankLine",
    "Block",
    "Bold",
    "Comment",
    "Diagnostic",
    "Document",
    "Entity",
    "ExpandedPage",
    "ExtensionTag",
    "ExternalLink",
    "Heading",
    "HorizontalRule",
    "HtmlTag",
    "Infobox",
    "InfoboxField",
    "Inline",
    "Italic",
    "List",
    "ListItem",
    "MagicWord",
    "Node",
    "Paragraph",
    "Parameter",
    "Preformatted",
    "Raw",
    "Section",
    "Table",
    "TableCaption",
    "TableCell",
    "TableRow",
    "Template",
    "TemplateArgument",
    "Text",
    "Wiki",
    "WikiLink",
    "__version__",
    "convert",
    "detect_dialect",
    "format",
    "from_dict",
    "parse",
    "parse_inline",
    "plain_text",
    "to_html",
]
