"""Placeholder: the real parser is being written."""
from __future__ import annotations

from wikikit.nodes import Document, Inline, Paragraph, Text


def parse(text: str, *, dialect: str = "auto", name: str | None = None) -> Document:
    return Document("", None, (Paragraph((Text(text),), ""),), (), name)


def parse_inline(text: str) -> tuple[Inline, ...]:
    return (Text(text),)
