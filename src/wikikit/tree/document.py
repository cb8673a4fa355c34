"""The document and its sections."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final, Protocol
from urllib.parse import unquote

from wikikit.tree import accessors
from wikikit.tree.base import SCHEMA_VERSION, Block, Node, register_slot
from wikikit.tree.block import Heading, Infobox, Table
from wikikit.tree.diagnostics import Diagnostic, locate, scan
from wikikit.tree.inline import ExternalLink, Template, WikiLink, _parse_inline
from wikikit.tree.rules import SiteRules, default_site

__all__ = ["Document", "DocumentEditor", "Section", "register_editor", "register_html_view"]

# WikitextContent::getRedirectTargetAndText: leading whitespace, the magic word
# (the site's, checked apart), an optional colon, then the first link, up to its
# "|" or "]]".
_REDIRECT_RE: Final = re.compile(r"\s*(#[^\s:\[]+)\s*:?\s*\[\[(.*?)(?:\|.*?)?\]\]", re.DOTALL)

_LINE_END_SPACES: Final = re.compile(r" +\n")
_BLANK_RUNS: Final = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")

#: A recovery the parser recorded: (kind, offset, message).
Note = tuple[str, int, str]


def _rebuild(
    values: tuple[Any, ...], site: SiteRules | None, notes: tuple[Note, ...] | None
) -> Document:
    doc = Document(*values)
    object.__setattr__(doc, "_site", site)
    object.__setattr__(doc, "_notes", notes)
    return doc


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
        object.__setattr__(self, "heading", heading)
        object.__setattr__(self, "blocks", blocks)
        object.__setattr__(self, "subsections", subsections)

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

    __slots__ = ("_notes", "_site", "blocks", "bom", "name", "sections", "title_line")
    _fields = ("bom", "title_line", "blocks", "sections", "name")
    _node_fields = ("title_line", "blocks", "sections")
    bom: str
    title_line: Heading | None
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    name: str | None
    # Not fields (never compared, hashed or written to JSON): the wiki the text was
    # parsed for, and what the parser recovered from (see ``diagnostics``).
    _site: SiteRules | None
    _notes: tuple[Note, ...] | None

    def __init__(
        self,
        bom: str,
        title_line: Heading | None,
        blocks: tuple[Block, ...],
        sections: tuple[Section, ...],
        name: str | None = None,
    ) -> None:
        object.__setattr__(self, "bom", bom)
        object.__setattr__(self, "title_line", title_line)
        object.__setattr__(self, "blocks", blocks)
        object.__setattr__(self, "sections", sections)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "_site", None)
        object.__setattr__(self, "_notes", None)

    # -- the wiki and the parse behind the tree (not fields) ----------------------

    @property
    def site(self) -> SiteRules:
        """The wiki configuration the document was parsed with (English Wikipedia by default)."""
        return self._site if self._site is not None else default_site()

    @property
    def given_site(self) -> SiteRules | None:
        """The site passed to ``parse`` (``site=``/``wiki=``), None when parsed with the default."""
        return self._site

    def with_site(self, site: SiteRules | None) -> Document:
        """The same tree read as a page of ``site`` (its namespaces, redirect words …)."""
        doc = Node.with_changes(self)
        object.__setattr__(doc, "_site", site)
        object.__setattr__(doc, "_notes", self._notes)
        return doc

    def with_parse_notes(self, notes: list[Note]) -> Document:
        """The same tree carrying the parser's own records (see :attr:`diagnostics`)."""
        doc = self.with_site(self._site)
        object.__setattr__(doc, "_notes", tuple(notes))
        return doc

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """What the parser recovered from, in text order (see :mod:`wikikit.tree.diagnostics`).

        Empty for a clean parse. Not part of the tree: equal documents may differ here.
        """
        raw = list(self._notes or ())
        raw.extend(scan(self))
        return locate(self.to_wikitext(), raw) if raw else []

    def with_changes(self, **changes: Any) -> Document:
        """A copy with some fields replaced; it keeps the document's site.

        The parser's :attr:`diagnostics` are not carried over: their positions
        describe the parsed text, and an edited tree is checked afresh.
        """
        doc = Node.with_changes(self, **changes)
        object.__setattr__(doc, "_site", self._site)
        return doc

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (tuple(getattr(self, f) for f in self._fields), self._site, self._notes))

    @property
    def text(self) -> str:
        """Readable plain text (see :meth:`plain_text`): no blank lines at the start or end,
        at most one blank line between paragraphs."""
        out: list[str] = []
        self._plain(out)
        text = _BLANK_RUNS.sub("\n\n", _LINE_END_SPACES.sub("\n", "".join(out)))
        return text.strip("\n") + "\n" if text.strip() else ""

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

    @property
    def tables(self) -> list[Table]:
        """Every table at any depth (nested and ``:{|`` indented ones too), in source order."""
        return self.find(Table)

    @property
    def templates(self) -> list[Template]:
        """Every template call at any depth (inside parameters, links, tags), in source order.

        Infoboxes are :class:`~wikikit.tree.Infobox` nodes, listed by :attr:`infoboxes`.
        """
        return self.find(Template)

    def _repr_html_(self) -> str:
        """The rendered article, for notebooks (Jupyter calls this)."""
        if not _html_view:
            raise RuntimeError("no HTML renderer is registered; import wikikit first")
        return _html_view[0](self)

    # -- what a dataset script reads (computed when asked; see tree/accessors.py) --

    @property
    def categories(self) -> list[str]:
        """Category names, without the namespace, in source order, each once.

        ``[[Category:X|sort key]]`` gives ``"X"``; the links themselves (with
        :attr:`WikiLink.sort_key <wikikit.tree.WikiLink.sort_key>`) are
        :attr:`category_links`. Namespace names are the document's wiki's
        (``Kategorie`` on ``de``). Categories added by templates are not seen:
        templates are not expanded.
        """
        return accessors.categories(self, self.site)

    @property
    def category_links(self) -> list[WikiLink]:
        """The category links, in source order (repeats included)."""
        return accessors.category_links(self, self.site)

    @property
    def links(self) -> list[str]:
        """Internal link targets as normalized titles, in source order (see
        :func:`wikikit.tree.accessors.links` for what is left out)."""
        return accessors.links(self, self.site)

    @property
    def language_links(self) -> list[tuple[str, str]]:
        """Interlanguage links as ``(code, title)``: ``[[de:Foo]]`` gives ``("de", "Foo")``."""
        return accessors.language_links(self, self.site)

    @property
    def external_links(self) -> list[ExternalLink]:
        """External links (``[url label]`` and bare URLs), in source order."""
        return accessors.external_links(self)

    @property
    def images(self) -> list[accessors.Image]:
        """Files shown on the page, with their options parsed (see :class:`Image`)."""
        return accessors.images(self, self.site, _parse_inline)

    @property
    def references(self) -> list[accessors.Reference]:
        """Every ``<ref>`` with its name, group and parsed body, in source order."""
        return accessors.references(self)

    def path(self, node: Node) -> list[Node] | None:
        """The nodes from the document down to ``node`` (matched by identity), or None.

        Nodes are shared between trees and know no parent, so navigation upwards
        starts from the document.
        """
        return _path(self, node)

    def section_path(self, node: Node) -> list[Section]:
        """The sections that hold ``node`` (a section, a block or any node in one), outermost
        first: ``[History, Early years]``. Empty for the lead; ``ValueError`` if ``node`` is
        not in the document.

        This stands in for ``section.parent``, which an immutable tree whose
        nodes are shared between versions cannot have.
        """
        found = _path(self, node)
        if found is None:
            raise ValueError("the node is not in this document")
        return [n for n in found if isinstance(n, Section)]

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
        if not self.site.is_redirect_word(m.group(1)):
            return None
        target = m.group(2)
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


def _path(root: Node, target: Node) -> list[Node] | None:
    if root is target:
        return [root]
    # Depth first with an explicit stack of (node, its children iterator).
    stack: list[tuple[Node, Iterator[Node]]] = [(root, root.iter_children())]
    while stack:
        _, kids = stack[-1]
        child = next(kids, None)
        if child is None:
            stack.pop()
            continue
        if child is target:
            return [n for n, _ in stack] + [child]
        stack.append((child, child.iter_children()))
    return None


_html_view: list[Callable[[Document], str]] = []


def register_html_view(view: Callable[[Document], str]) -> None:
    """Set what :meth:`Document._repr_html_` shows (done by ``import wikikit``)."""
    _html_view[:] = [view]


# -- stand-ins for offsets (see wikikit.tree.base.register_slot) --------------------


class _SectionSlot(Section):
    """A :class:`Section` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(Section, _SectionSlot)
