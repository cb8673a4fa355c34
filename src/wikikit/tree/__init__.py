"""The article tree: immutable, slotted nodes that own every byte of their markup.

This package is the bottom layer of wikikit and imports nothing else from it:
:mod:`~wikikit.tree.base` (what every node does), :mod:`~wikikit.tree.inline`,
:mod:`~wikikit.tree.block`, :mod:`~wikikit.tree.document`, attributes as
MediaWiki reads them in :mod:`~wikikit.tree.attributes` and the JSON form in
:mod:`~wikikit.tree.json`.
"""

from __future__ import annotations

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
from wikikit.tree.document import Document, DocumentEditor, Section, register_editor
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
    Text,
    WikiLink,
    register_inline_parser,
)
from wikikit.tree.json import document_from_json, document_to_json, from_dict

__all__ = [
    "NODE_TYPES",
    "SCHEMA_VERSION",
    "WIKITEXT_BODY_TAGS",
    "BlankLine",
    "Block",
    "Bold",
    "Comment",
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
    "Table",
    "TableCaption",
    "TableCell",
    "TableRow",
    "Template",
    "TemplateArgument",
    "Text",
    "WikiLink",
    "decode_attributes",
    "decode_char_refs",
    "document_from_json",
    "document_to_json",
    "from_dict",
    "plain_text",
    "register_editor",
    "register_inline_parser",
    "write_nodes",
]
