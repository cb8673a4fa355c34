"""The document and its sections."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol
from urllib.parse import unquote

from wikikit.tree.base import SCHEMA_VERSION, Block, Node, _set
from wikikit.tree.block import Heading, Infobox
from wikikit.tree.inline import WikiLink

__all__ = ["Document", "DocumentEditor", "Section", "register_editor"]

#: The redirect magic word in English and the corpus's other languages.
_REDIRECT_WORDS = ("REDIRECT", "WEITERLEITUNG", "OMDIRIGERING")
# WikitextContent::getRedirectTargetAndText: leading whitespace, the magic word,
# an optional colon, then the first link, up to its "|" or "]]".
_REDIRECT_RE = re.compile(
    r"\s*#(?:" + "|".join(_REDIRECT_WORDS) + r")\s*:?\s*\[\[(.*?)(?:\|.*?)?\]\]",
    re.IGNORECASE | re.DOTALL,
)


class Section(Node):
    """A heading, the blocks up to the next heading, and the deeper sections below it."""

    __slots__ = ("blocks", "heading", "subsections")
    _fields = ("heading", "blocks", "subsections")
    _node_fields = ("heading", "blocks", "subsections")
    heading: Heading
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]

    def __init__(
        self,
        heading: Heading,
        blocks: tuple[Block, ...] = (),
        subsections: tuple[Section, ...] = (),
    ) -> None:
        _set(self, "heading", heading)
        _set(self, "blocks", blocks)
        _set(self, "subsections", subsections)

    @property
    def level(self) -> int:
        return self.heading.level

    @property
    def title(self) -> str:
        return self.heading.title

    def _write(self, out: list[str]) -> None:
        self.heading._write(out)
        for b in self.blocks:
            b._write(out)
        for s in self.subsections:
            s._write(out)


class Document(Node):
    """A whole article.

    ``bom`` is a leading byte-order mark; ``title_line`` the article export's
    ``= Title =`` line (None in MediaWiki text); ``blocks`` the lead, before the
    first heading; ``sections`` the top-level sections. ``name`` is the page
    title given by the caller (not part of the text).
    """

    __slots__ = ("blocks", "bom", "name", "sections", "title_line")
    _fields = ("bom", "title_line", "blocks", "sections", "name")
    _node_fields = ("title_line", "blocks", "sections")
    bom: str
    title_line: Heading | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    name: str | None

    def __init__(
        self,
        bom: str,
        title_line: Heading | None,
        blocks: tuple[Block, ...],
        sections: tuple[Section, ...],
        name: str | None = None,
    ) -> None:
        _set(self, "bom", bom)
        _set(self, "title_line", title_line)
        _set(self, "blocks", blocks)
        _set(self, "sections", sections)
        _set(self, "name", name)

    @property
    def title(self) -> str | None:
        """The export's ``= Title =`` text, else the name given to :func:`wikikit.parse`."""
        if self.title_line is not None:
            return self.title_line.title
        return self.name

    @property
    def dialect(self) -> str:
        return "article" if self.title_line is not None else "mediawiki"

    @property
    def infoboxes(self) -> list[Infobox]:
        return self.find(Infobox)

    @property
    def infobox(self) -> Infobox | None:
        return self.find_first(Infobox)

    def all_sections(self) -> Iterator[Section]:
        """Every section, nested ones included, in source order."""
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.subsections))

    @property
    def redirect(self) -> str | None:
        """The target of a redirect page (``#REDIRECT [[Target]]``), else None.

        As MediaWiki reads a redirect: the text may open with whitespace, then
        the magic word (any case), optional whitespace and colon, and the link;
        a ``%``-encoded target is decoded. The tree keeps the line as the block
        rules read it (a numbered list item, usually); this reads the text.
        """
        out: list[str] = []
        size = 0
        for block in self.blocks:
            before = len(out)
            block._write(out)
            size += sum(len(x) for x in out[before:])
            if size > 4096:  # whitespace and one link: the start is enough
                break
        m = _REDIRECT_RE.match("".join(out))
        if m is None:
            return None
        target = m.group(1)
        if "%" in target:
            target = unquote(target.lstrip(":"), errors="replace")
        target = target.strip().lstrip(":").strip()
        return target or None

    def section(self, title: str) -> Section | None:
        """The first section whose title is ``title`` (case-insensitive)."""
        wanted = title.strip().lower()
        for s in self.all_sections():
            if s.title.lower() == wanted:
                return s
        return None

    def _write(self, out: list[str]) -> None:
        out.append(self.bom)
        if self.title_line is not None:
            self.title_line._write(out)
        for b in self.blocks:
            b._write(out)
        for s in self.sections:
            s._write(out)

    def _json_extras(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, "title": self.title, "dialect": self.dialect}

    # -- editing: the implementation is wikikit.wikitext.edit (see DocumentEditor) --

    def set_field(self, name: str, value: str, *, infobox: Infobox | None = None) -> Document:
        """A copy with infobox field ``name`` set to ``value``."""
        return _editor().set_field(self, name, value, infobox=infobox)

    def add_field(
        self,
        name: str,
        value: str,
        *,
        after: str | None = None,
        before: str | None = None,
        infobox: Infobox | None = None,
    ) -> Document:
        """A copy with a new infobox field (see :func:`wikikit.wikitext.edit.add_field`)."""
        return _editor().add_field(self, name, value, after=after, before=before, infobox=infobox)

    def rename_field(self, old: str, new: str, *, infobox: Infobox | None = None) -> Document:
        """A copy with infobox field ``old`` renamed (see :mod:`wikikit.wikitext.edit`)."""
        return _editor().rename_field(self, old, new, infobox=infobox)

    def remove_field(self, name: str, *, infobox: Infobox | None = None) -> Document:
        """A copy without infobox field ``name`` (see :mod:`wikikit.wikitext.edit`)."""
        return _editor().remove_field(self, name, infobox=infobox)

    def replace_section_body(self, title: str, body: str) -> Document:
        """A copy with a section's text replaced (see :mod:`wikikit.wikitext.edit`)."""
        return _editor().replace_section_body(self, title, body)

    def insert_section_after(
        self, after: str, title: str, body: str = "", *, level: int | None = None
    ) -> Document:
        """A copy with a new section (see :func:`wikikit.wikitext.edit.insert_section_after`)."""
        return _editor().insert_section_after(self, after, title, body, level=level)

    def set_link_target(self, old: str | WikiLink, new: str, *, keep_text: bool = True) -> Document:
        """A copy with links retargeted (see :func:`wikikit.wikitext.edit.set_link_target`)."""
        return _editor().set_link_target(self, old, new, keep_text=keep_text)


class DocumentEditor(Protocol):
    """The editing operations behind :class:`Document`'s edit methods.

    They parse the new text and copy the page's layout, which belongs to the
    layers above the tree; ``import wikikit`` registers
    :mod:`wikikit.wikitext.edit` (a module satisfies this protocol).
    """

    def set_field(
        self, doc: Document, name: str, value: str, *, infobox: Infobox | None = None
    ) -> Document: ...

    def add_field(
        self,
        doc: Document,
        name: str,
        value: str,
        *,
        after: str | None = None,
        before: str | None = None,
        infobox: Infobox | None = None,
    ) -> Document: ...

    def rename_field(
        self, doc: Document, old: str, new: str, *, infobox: Infobox | None = None
    ) -> Document: ...

    def remove_field(
        self, doc: Document, name: str, *, infobox: Infobox | None = None
    ) -> Document: ...

    def replace_section_body(self, doc: Document, title: str, body: str) -> Document: ...

    def insert_section_after(
        self, doc: Document, after: str, title: str, body: str = "", *, level: int | None = None
    ) -> Document: ...

    def set_link_target(
        self, doc: Document, old: str | WikiLink, new: str, *, keep_text: bool = True
    ) -> Document: ...


_document_editor: DocumentEditor | None = None


def register_editor(editor: DocumentEditor) -> None:
    """Set the implementation of :class:`Document`'s edit methods (done by ``import wikikit``)."""
    global _document_editor
    _document_editor = editor


def _editor() -> DocumentEditor:
    if _document_editor is None:
        raise RuntimeError("no document editor is registered; import wikikit first")
    return _document_editor
