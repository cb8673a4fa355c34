"""The article tree: immutable, slotted nodes that own every byte of their markup.

This package is the bottom layer of wikikit and imports nothing else from it:
:mod:`~wikikit.tree.base` (what every node does), :mod:`~wikikit.tree.inline`,
:mod:`~wikikit.tree.block`, :mod:`~wikikit.tree.document`, attributes as
MediaWiki reads them in :mod:`~wikikit.tree.attributes` and the JSON form in
:mod:`~wikikit.tree.json`.
"""

from __future__ import annotations

from wikikit.tree import text  # installs the default plain-text rules
from wikikit.tree.attributes import decode_attributes, decode_char_refs
from wikikit.tree.base import (
    NODE_TYPES,
    SCHEMA_VERSION,
    Block,
    Inline,
    Node,
    plain_text,
    write_nodes,
)
from wikikit.tree.block import (
    BlankLine,
    Heading,
    HorizontalRule,
    Infobox,
    InfoboxField,
    List,
    ListItem,
    Paragraph,
    Preformatted,
    Table,
    TableCaption,
    TableCell,
    TableRow,
)
from wikikit.tree.diagnostics import Diagnostic
from wikikit.tree.document import (
    Document,
    DocumentEditor,
    Section,
    register_editor,
    register_html_view,
)
from wikikit.tree.inline import (
    WIKITEXT_BODY_TAGS,
    Bold,
    Comment,
    Entity,
    ExtensionTag,
    ExternalLink,
    HtmlTag,
    Italic,
    MagicWord,
    Parameter,
    Raw,
    Template,
    TemplateArgument,
    TemplateEditor,
    Text,
    WikiLink,
    register_inline_parser,
    register_template_editor,
    title_key,
)
from wikikit.tree.json import document_from_json, document_to_json, from_dict
from wikikit.tree.rules import SiteRules, default_site, register_default_site

__all__ = [
    "NODE_TYPES",
    "SCHEMA_VERSION",
    "WIKITEXT_BODY_TAGS",
    "BlankLine",
    "Block",
    "Bold",
    "Comment",
    "Diagnostic",
    "Document",
    "DocumentEditor",
    "Entity",
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
    "SiteRules",
    "Table",
    "TableCaption",
    "TableCell",
    "TableRow",
    "Template",
    "TemplateArgument",
    "TemplateEditor",
    "Text",
    "WikiLink",
    "decode_attributes",
    "decode_char_refs",
    "default_site",
    "document_from_json",
    "document_to_json",
    "from_dict",
    "plain_text",
    "register_default_site",
    "register_editor",
    "register_html_view",
    "register_inline_parser",
    "register_template_editor",
    "text",
    "title_key",
    "write_nodes",
]
