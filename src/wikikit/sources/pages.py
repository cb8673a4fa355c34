"""Pages of a MediaWiki XML dump with their metadata: the streaming expat reader.

:class:`PageReader` turns dump XML, fed in chunks, into a :class:`Page` per page
(or, with ``all_revisions``, per revision): its title, namespace, page and
revision ids, timestamp, content model, redirect target and text. A
:class:`Selection` chooses namespaces and content models (wikitext only by
default: a ``Module:`` page of Lua is not wikitext); what it leaves out, and
revisions whose text is deleted or missing, become
:class:`~wikikit.sources.items.Skipped` items, so a run can count and report
them instead of turning them into empty documents. :mod:`~wikikit.sources.dumps`
reads whole files with it, :mod:`~wikikit.sources.multistream` single streams.

The reader never expands XML entities: a DOCTYPE that declares one raises
:class:`EntityDeclared` (MediaWiki dumps never declare entities; expansion is
how a small file becomes a huge one).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from wikikit.sources.items import WIKITEXT, DocumentInput, InputError, PageInfo, Skipped
from wikikit.sources.siteinfo import DumpSite

__all__ = [
    "WIKITEXT",
    "EntityDeclared",
    "Page",
    "PageInfo",
    "PageItem",
    "PageReader",
    "Selection",
    "Skipped",
    "default_content_model",
    "describe_xml_error",
]

_NS_USER, _NS_MEDIAWIKI, _NS_MODULE = 2, 8, 828
_CODE_SUFFIX = re.compile(r"\.(css|js|json)\Z")
_CODE_MODELS = {"css": "css", "js": "javascript", "json": "json"}


def default_content_model(namespace: int, title: str) -> str:
    """The content model MediaWiki gives a page whose revision does not say (old exports).

    Code pages by their suffix (``.css``, ``.js``, ``.json``) in the MediaWiki
    namespace and in user subpages, Lua modules in the Module namespace (their
    ``/doc`` subpages are wikitext), wikitext everywhere else.
    """
    text = title.split(":", 1)[1] if namespace and ":" in title else title
    if namespace == _NS_MODULE:
        if text.endswith("/doc"):
            return WIKITEXT
        return "json" if text.endswith(".json") else "Scribunto"
    if namespace == _NS_MEDIAWIKI or (namespace == _NS_USER and "/" in text):
        m = _CODE_SUFFIX.search(text)
        if m is not None:
            return _CODE_MODELS[m.group(1)]
    return WIKITEXT


@dataclass(frozen=True)
class Selection:
    """Which pages of a dump become documents.

    ``namespaces``: only these namespace numbers (None: every namespace);
    ``content_models``: only these content models (None: every model; default
    wikitext only); ``all_revisions``: every revision of a full-history dump
    instead of each page's latest.
    """

    namespaces: frozenset[int] | None = None
    content_models: frozenset[str] | None = frozenset({WIKITEXT})
    all_revisions: bool = False

    @classmethod
    def of(
        cls,
        namespaces: Collection[int] | None = None,
        content_models: Collection[str] | None = (WIKITEXT,),
        all_revisions: bool = False,
    ) -> Selection:
        """A selection from any collections (empty ``namespaces`` means all)."""
        return cls(
            frozenset(namespaces) if namespaces else None,
            None if content_models is None else frozenset(content_models),
            all_revisions,
        )


@dataclass(frozen=True)
class Page(PageInfo):
    """A page revision read from a dump: its metadata, its text and where it came from.

    ``source`` names it in messages and reports (``dump.xml.bz2#Title``;
    ``…#Title?oldid=N`` when every revision is read); ``dump`` is the dump's
    path and ``site`` the dump's ``<siteinfo>`` (see
    :data:`~wikikit.sources.siteinfo.DumpSite` and
    :func:`~wikikit.sources.siteinfo.site_config`).
    """

    text: str = ""
    source: str = ""
    dump: str = ""
    site: DumpSite | None = field(default=None, repr=False)

    @property
    def info(self) -> PageInfo:
        """The metadata alone."""
        return PageInfo(
            self.title,
            self.namespace,
            self.page_id,
            self.revision_id,
            self.timestamp,
            self.content_model,
            self.redirect,
        )

    @property
    def size(self) -> int:
        """The text's size in UTF-8 bytes."""
        return len(self.text.encode("utf-8", "surrogatepass"))

    def to_dict(self) -> dict[str, Any]:
        """The metadata and the text (``text``, ``source``; not the site)."""
        data = super().to_dict()
        data["text"] = self.text
        data["source"] = self.source
        return data

    def to_input(self) -> DocumentInput:
        """The page as a document for the command line's pipeline."""
        return DocumentInput(
            self.source, self.title, self.text, self.dump, self.size, self.site, self.info
        )


PageItem = Page | Skipped | InputError


class EntityDeclared(Exception):
    """A DOCTYPE declared an XML entity (raised from inside expat, reported by the reader)."""


def _int(text: str | None) -> int | None:
    try:
        return int(text.strip()) if text else None
    except ValueError:
        return None


# The elements whose text is kept: (parent, element) -> field name.
_CAPTURE = {
    ("page", "title"): "title",
    ("page", "ns"): "ns",
    ("page", "id"): "page_id",
    ("revision", "id"): "revision_id",
    ("revision", "timestamp"): "timestamp",
    ("revision", "model"): "model",
    ("siteinfo", "sitename"): "sitename",
    ("siteinfo", "dbname"): "dbname",
    ("siteinfo", "base"): "base",
    ("siteinfo", "case"): "case",
    ("namespaces", "namespace"): "namespace",
}


class PageReader:
    """An expat parser that turns dump XML, fed in chunks, into :data:`PageItem` values.

    Used for a whole dump and for a run of multistream streams alike: it knows
    ``<page>`` and ``<siteinfo>`` by their parents, not by depth, so pages wrapped
    in any root element read the same. Call :meth:`feed` and collect
    :attr:`out` after each call; :meth:`close` at the end.
    """

    def __init__(self, dump: str, selection: Selection, site: DumpSite | None = None) -> None:
        self.dump = dump
        self.selection = selection
        self.site = site
        self.out: list[PageItem] = []
        #: The title of the last page finished (for error messages).
        self.last_title: str | None = None
        #: Set when the ``<siteinfo>`` element has been read.
        self.siteinfo_done = False
        self.pages_seen = 0
        self._root: str | None = None
        self._stack: list[str] = []
        self._capture: str | None = None
        self._capture_depth = 0
        self._buf: list[str] = []
        self._site_fields: dict[str, str] = {}
        self._namespaces: list[tuple[int, str, str]] = []
        self._ns_attrs: tuple[int, str] = (0, "")
        self._new_page()
        parser = expat.ParserCreate("utf-8")
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.EntityDeclHandler = self._entity
        self.parser = parser

    @property
    def root(self) -> str | None:
        """The name of the document's root element, once seen."""
        return self._root

    def feed(self, data: bytes, final: bool = False) -> None:
        """Parse the next chunk (raises :class:`expat.ExpatError` or :class:`EntityDeclared`).

        The reader lets expat go (see :meth:`close`) once the last chunk is parsed, or
        when parsing fails."""
        try:
            self.parser.Parse(data, final)
        except BaseException:
            self.close()
            raise
        if final:
            self.close()

    def close(self) -> None:
        """Let the reader go: expat's handlers are its methods, a reference cycle that
        would keep it (and its 64 kB buffer) until the cyclic collector runs. Needed
        only when reading stops before the last chunk."""
        p = self.parser
        p.StartElementHandler = p.EndElementHandler = None
        p.CharacterDataHandler = p.EntityDeclHandler = None

    def position(self) -> str:
        """Where expat stopped, for an error message (columns counted from 1)."""
        p = self.parser
        return f"XML line {p.ErrorLineNumber}, column {p.ErrorColumnNumber + 1}"

    def after(self) -> str:
        """The last good page, for an error message."""
        last = self.last_title
        return f"after page {last!r}" if last is not None else "before any page"

    # -- expat handlers -----------------------------------------------------------------------

    def _entity(self, name: str, *_: Any) -> None:
        raise EntityDeclared(name)

    def _new_page(self) -> None:
        self._title = ""
        self._ns: int | None = None
        self._page_id: int | None = None
        self._redirect: str | None = None
        self._revisions = 0
        self._best: tuple[Any, ...] | None = None
        self._new_revision()

    def _new_revision(self) -> None:
        self._rev_id: int | None = None
        self._timestamp: str | None = None
        self._model: str | None = None
        self._text: str | None = None
        self._text_bytes: int | None = None
        self._text_state = "missing"

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        stack = self._stack
        parent = stack[-1] if stack else None
        stack.append(name)
        if parent is None:
            self._root = name
        if name == "page":
            self._new_page()
            return
        if name == "revision" and parent == "page":
            self._new_revision()
            return
        if name == "text" and parent == "revision":
            if "deleted" in attrs:
                self._text_state = "deleted"
            elif self._wanted_namespace() is False or self._unwanted_model():
                self._text_state = "skipped"  # not kept: the page is not selected anyway
            else:
                self._text_state = "text"
                self._text_bytes = _int(attrs.get("bytes"))
                self._capture = "text"
                self._capture_depth = len(stack)
                self._buf = []
            return
        if name == "redirect" and parent == "page":
            self._redirect = attrs.get("title")
            return
        key = _CAPTURE.get((parent or "", name))
        if key is not None:
            if key == "namespace":
                self._ns_attrs = (_int(attrs.get("key")) or 0, attrs.get("case", ""))
            self._capture = key
            self._capture_depth = len(stack)
            self._buf = []

    def _chars(self, data: str) -> None:
        if self._capture is not None:
            self._buf.append(data)

    def _end(self, name: str) -> None:
        stack = self._stack
        key = self._capture
        if key is not None and len(stack) == self._capture_depth:
            self._capture = None
            value = "".join(self._buf)
            self._buf = []
            self._store(key, value)
        stack.pop()
        if name == "revision":
            self._end_revision()
        elif name == "page":
            self._end_page()
        elif name == "siteinfo":
            self._end_siteinfo()

    def _store(self, key: str, value: str) -> None:
        if key == "text":
            self._text = value
            if not value and self._text_bytes:
                self._text_state = "missing"  # a stub: the size is known, the text is not
        elif key == "title":
            self._title = value
        elif key == "ns":
            self._ns = _int(value)
        elif key == "page_id":
            self._page_id = _int(value)
        elif key == "revision_id":
            self._rev_id = _int(value)
        elif key == "timestamp":
            self._timestamp = value.strip() or None
        elif key == "model":
            self._model = value.strip() or None
        elif key == "namespace":
            self._namespaces.append((*self._ns_attrs, value))
        else:
            self._site_fields[key] = value.strip()

    def _end_siteinfo(self) -> None:
        f = self._site_fields
        self.site = (
            f.get("sitename", ""),
            f.get("dbname", ""),
            f.get("base", ""),
            f.get("case", ""),
            tuple(self._namespaces),
        )
        self.siteinfo_done = True

    def _namespace(self) -> int:
        if self._ns is not None:
            return self._ns
        # Exports older than 0.6 have no <ns>: find it from the title's prefix.
        if self.site is not None and ":" in self._title:
            prefix = self._title.split(":", 1)[0].strip().lower()
            for key, _, name in self.site[4]:
                if key and name.lower() == prefix:
                    return key
        return 0

    def _wanted_namespace(self) -> bool | None:
        wanted = self.selection.namespaces
        if wanted is None:
            return None
        return self._namespace() in wanted

    def _unwanted_model(self) -> bool:
        models = self.selection.content_models
        return models is not None and self._model is not None and self._model not in models

    def _revision_fields(self) -> tuple[Any, ...]:
        return (self._rev_id, self._timestamp, self._model, self._text, self._text_state)

    def _end_revision(self) -> None:
        self._revisions += 1
        if self.selection.all_revisions:
            self._emit(self._revision_fields(), with_oldid=True)
            self._text = None
            return
        # The latest revision = the greatest timestamp (dumps are chronological,
        # exports need not be); ties go to the later one. Only its text is kept.
        best = self._best
        stamp = self._timestamp
        if best is None or stamp is None or best[1] is None or best[1] <= stamp:
            self._best = self._revision_fields()
        self._text = None

    def _end_page(self) -> None:
        self.pages_seen += 1
        if not self.selection.all_revisions:
            if self._best is None:
                self._emit((None, None, None, None, "missing"), with_oldid=False)
            else:
                self._emit(self._best, with_oldid=False)
        self.last_title = self._title
        self._best = None

    def _emit(self, revision: tuple[Any, ...], *, with_oldid: bool) -> None:
        rev_id, timestamp, model, text, state = revision
        title = self._title
        ns = self._namespace()
        source = f"{self.dump}#{title}"
        if with_oldid and rev_id is not None:
            source += f"?oldid={rev_id}"
        selection = self.selection
        if selection.namespaces is not None and ns not in selection.namespaces:
            self.out.append(Skipped(source, "namespace", str(ns)))
            return
        model = model or default_content_model(ns, title)
        if selection.content_models is not None and model not in selection.content_models:
            self.out.append(Skipped(source, "content model", model))
            return
        if state in ("deleted", "missing") or text is None:
            what = "revision" if rev_id is None else f"revision {rev_id}"
            if state == "deleted":
                self.out.append(Skipped(source, "deleted", f"the text of {what} is deleted", True))
            elif rev_id is None and self._revisions == 0:
                self.out.append(Skipped(source, "missing", "the page has no revision", True))
            else:
                self.out.append(
                    Skipped(source, "missing", f"the dump has no text for {what}", True)
                )
            return
        self.out.append(
            Page(
                title,
                ns,
                self._page_id,
                rev_id,
                timestamp,
                model,
                self._redirect,
                text,
                source,
                self.dump,
                self.site,
            )
        )


def describe_xml_error(e: BaseException) -> str:
    if isinstance(e, EntityDeclared):
        return "the DOCTYPE declares XML entities (MediaWiki dumps never do)"
    message = str(e).split("\n", 1)[0][:200]
    return f"malformed XML dump ({type(e).__name__}: {message})"
