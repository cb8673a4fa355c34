"""``parse``: text in, :class:`~wikikit.tree.Document` out, for every string.

Pipeline: preprocessor (templates, comments, extension tags) → HTML tags →
lines → block grammar → inline passes → section tree. Each stage falls back to text on
markup it cannot read, as MediaWiki does; none of them raises on input.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

from wikikit.parser.blocks import parse_blocks
from wikikit.parser.dialect import DIALECTS, detect_dialect
from wikikit.parser.gcpause import paused_gc
from wikikit.parser.inline import join_spanning_links, parse_items, tokenize_tags
from wikikit.parser.lines import heading_parts
from wikikit.parser.preprocessor import preprocess, split_lines
from wikikit.parser.sections import build_sections
from wikikit.tree import (
    Comment,
    Document,
    Heading,
    Infobox,
    InfoboxField,
    Inline,
    Parameter,
)

__all__ = ["DEFAULT_INFOBOX_PREFIXES", "parse", "parse_inline"]

#: Template names that make an infobox (compared case-insensitively, ``_`` as space).
DEFAULT_INFOBOX_PREFIXES: tuple[str, ...] = ("infobox", "infoboks")


class _Config:
    __slots__ = ("prefixes",)

    def __init__(self, prefixes: Iterable[str]) -> None:
        self.prefixes = tuple(p.lower().replace("_", " ") for p in prefixes)

    def is_infobox_name(self, name_nodes: tuple[Inline, ...]) -> bool:
        raw = "".join(n.to_wikitext() for n in name_nodes if not isinstance(n, Comment))
        name = " ".join(raw.replace("_", " ").split()).lower()
        return name.startswith(self.prefixes)

    def make_infobox(
        self, name: tuple[Inline, ...], params: tuple[Parameter, ...]
    ) -> Inline | None:
        if not self.is_infobox_name(name):
            return None
        fields = tuple(InfoboxField("|", p.key, "=", p.value, "") for p in params)
        return Infobox("{{", name, "", fields, "}}", "")


def parse(
    text: str,
    *,
    dialect: str = "auto",
    name: str | None = None,
    infobox_prefixes: Iterable[str] = DEFAULT_INFOBOX_PREFIXES,
) -> Document:
    """Parse an article into a :class:`~wikikit.tree.Document`.

    ``dialect`` is ``"mediawiki"``, ``"article"`` (the flattened export) or
    ``"auto"`` (see :func:`detect_dialect`). ``name`` is the page title, kept
    on the document when the text does not carry one. Never raises on any
    ``str``; ``doc.to_wikitext() == text`` always holds.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    if dialect not in DIALECTS:
        raise ValueError(f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
    if dialect == "auto":
        dialect = detect_dialect(text)
    with paused_gc():
        return _parse(text, dialect, name, _Config(infobox_prefixes))


def _parse(text: str, dialect: str, name: str | None, config: _Config) -> Document:
    bom = ""
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    # HTML tags are read before the line structure, as MediaWiki's Sanitizer runs
    # before its table, heading and list passes (a tag may span lines).
    items = tokenize_tags(preprocess(text, parse_items, config.make_infobox))
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
    return Document(bom, title_line, tuple(lead), tuple(sections), name)


def parse_inline(text: str) -> tuple[Inline, ...]:
    """Parse a fragment as inline wikitext (no block structure): templates, links, quotes …"""
    if not gc.isenabled():
        # Already paused (a body parsed while a page is built or rendered).
        return parse_items(preprocess(text, parse_items, _INLINE_CONFIG.make_infobox))
    with paused_gc():
        items = preprocess(text, parse_items, _INLINE_CONFIG.make_infobox)
        return parse_items(items)


_INLINE_CONFIG = _Config(DEFAULT_INFOBOX_PREFIXES)
