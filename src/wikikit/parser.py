"""``parse``: text in, :class:`~wikikit.nodes.Document` out, for every string.

Pipeline: preprocessor (templates, comments, extension tags) → lines → block
grammar → inline passes → section tree. Each stage falls back to text on
markup it cannot read, as MediaWiki does; none of them raises on input.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from wikikit.blocks import heading_parts, parse_blocks
from wikikit.inline import parse_items
from wikikit.nodes import (
    Block,
    Comment,
    Document,
    Heading,
    Infobox,
    InfoboxField,
    Inline,
    Parameter,
    Section,
)
from wikikit.preprocessor import preprocess, split_lines

__all__ = ["DEFAULT_INFOBOX_PREFIXES", "detect_dialect", "parse", "parse_inline"]

#: Template names that make an infobox (compared case-insensitively, ``_`` as space).
DEFAULT_INFOBOX_PREFIXES: tuple[str, ...] = ("infobox", "infoboks")

_DIALECTS = ("auto", "mediawiki", "article")
_TITLE_LINE = re.compile(r"=(?!=)[^\n]*[^=\n]=[ \t]*\r?(?:\n|$)")
_NEXT_HEADING = re.compile(r"^=", re.MULTILINE)
_EXPORT_INFOBOX = re.compile(r"^[^\s-][^\n]*\r?\n- [^\n]*?: ", re.MULTILINE)


def detect_dialect(text: str) -> str:
    """``"article"`` for the flattened export, else ``"mediawiki"``.

    The export opens with a level-1 ``= Title =`` line and has its infobox block
    (a header line directly followed by ``- Key: Value`` lines) before the
    first section heading. Real wikitext almost never opens with a level-1
    heading, and never has such a block; an export without an infobox needs
    ``dialect="article"``.
    """
    body = text[1:] if text.startswith("\ufeff") else text
    m = _TITLE_LINE.match(body)
    if m is None:
        return "mediawiki"
    heading = _NEXT_HEADING.search(body, m.end())
    lead = body[m.end() : heading.start() if heading else len(body)]
    return "article" if _EXPORT_INFOBOX.search(lead) else "mediawiki"


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
    """Parse an article into a :class:`~wikikit.nodes.Document`.

    ``dialect`` is ``"mediawiki"``, ``"article"`` (the flattened export) or
    ``"auto"`` (see :func:`detect_dialect`). ``name`` is the page title, kept
    on the document when the text does not carry one. Never raises on any
    ``str``; ``doc.to_wikitext() == text`` always holds.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    if dialect not in _DIALECTS:
        raise ValueError(f"dialect must be one of {', '.join(_DIALECTS)}, not {dialect!r}")
    if dialect == "auto":
        dialect = detect_dialect(text)
    with paused_gc():
        return _parse(text, dialect, name, _Config(infobox_prefixes))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built or rendered.

    PERF: a tree is many small container objects that all live on; the collector
    would rescan them (and every tree the caller already holds) again and again.
    Nothing built here forms reference cycles, so nothing is left for it to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(text: str, dialect: str, name: str | None, config: _Config) -> Document:
    bom = ""
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    items = preprocess(text, parse_items, config.make_infobox)
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
    with paused_gc():
        items = preprocess(text, parse_items, _INLINE_CONFIG.make_infobox)
        return parse_items(items)


_INLINE_CONFIG = _Config(DEFAULT_INFOBOX_PREFIXES)


def build_sections(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """Group blocks under headings: a section runs to the next heading of its level or higher."""
    lead: list[Block] = []
    top: list[Section] = []
    # Frames: [heading, blocks, subsections].
    stack: list[tuple[Heading, list[Block], list[Section]]] = []

    def close() -> None:
        heading, body, subs = stack.pop()
        section = Section(heading, tuple(body), tuple(subs))
        (stack[-1][2] if stack else top).append(section)

    for block in blocks:
        if isinstance(block, Heading):
            while stack and stack[-1][0].level >= block.level:
                close()
            stack.append((block, [], []))
        elif stack:
            stack[-1][1].append(block)
        else:
            lead.append(block)
    while stack:
        close()
    return lead, top
