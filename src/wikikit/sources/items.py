"""One input's outcome: a document's text, or an error saying what went wrong where.

Errors are values, not exceptions, so one corrupt file or a dump that breaks
halfway never stops the other documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "WIKITEXT",
    "DocumentInput",
    "InputError",
    "InputItem",
    "InputWarning",
    "PageInfo",
    "Skipped",
    "decode",
]

#: The content model of wikitext pages.
WIKITEXT = "wikitext"


@dataclass(frozen=True)
class PageInfo:
    """What a dump says about a page revision, apart from its text.

    ``timestamp`` is the revision's ISO 8601 time as the dump writes it
    (``2024-01-31T12:00:00Z``); ``redirect`` the target title of a redirect page.
    """

    title: str
    namespace: int = 0
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    content_model: str = WIKITEXT
    redirect: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The metadata under its field names (the keys of JSON records and table columns)."""
        return {
            "title": self.title,
            "page_id": self.page_id,
            "namespace": self.namespace,
            "revision_id": self.revision_id,
            "timestamp": self.timestamp,
            "content_model": self.content_model,
            "redirect": self.redirect,
        }


@dataclass(frozen=True)
class DocumentInput:
    """One document to process.

    ``source`` names where it came from, for messages and reports: the file
    path, ``-`` for stdin, or ``dump.xml.bz2#Page title`` for a dump page.
    ``name`` is the page title handed to :func:`wikikit.parse`; ``path`` the
    file it was read from (None for stdin); ``size`` its UTF-8 size in bytes;
    ``site`` the dump's ``<siteinfo>`` for a dump page (see :mod:`wikikit.sources.siteinfo`);
    ``page`` what the dump says about the page (None for other documents).
    """

    source: str
    name: str | None
    text: str
    path: str | None
    size: int
    site: Any = None
    page: PageInfo | None = None


@dataclass(frozen=True)
class InputError:
    """An input that could not be read (or stopped being readable halfway).

    ``where`` pinpoints the problem (a byte offset, an XML line/column, the
    last good page); ``message`` says what is wrong, in one line.
    """

    source: str
    message: str
    where: str | None = None

    def describe(self) -> str:
        """The one-line error: ``source: message (where)``."""
        tail = f" ({self.where})" if self.where else ""
        return f"{self.source}: {self.message}{tail}"


@dataclass(frozen=True)
class InputWarning:
    """An input that was skipped on purpose (a FIFO in a folder): worth a line, not an error."""

    source: str
    message: str

    def describe(self) -> str:
        """The one-line warning: ``source: message``."""
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class Skipped:
    """Dump pages (or revisions) a run leaves out: counted, and reported when ``warn`` is set.

    ``reason`` is ``"namespace"`` (outside the chosen namespaces; ``detail`` is
    the namespace number), ``"content model"`` (not wikitext; ``detail`` names
    the model), ``"deleted"`` (the revision's text is deleted) or ``"missing"``
    (the dump has no text for it; ``detail`` says so); ``count`` how many pages
    it stands for.
    """

    source: str
    reason: str
    detail: str = ""
    warn: bool = False
    count: int = 1

    def describe(self) -> str:
        """The one-line message: ``source: detail``."""
        return f"{self.source}: {self.detail or self.reason}"


InputItem = DocumentInput | InputError | InputWarning | Skipped


def decode(data: bytes, source: str, name: str | None, path: str | None) -> InputItem:
    # Strict UTF-8 without newline translation: the text must be the file's exact
    # characters for the round trip to mean anything (a BOM stays as U+FEFF).
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line_start = data.rfind(b"\n", 0, e.start) + 1
        line = data.count(b"\n", 0, e.start) + 1
        column = len(data[line_start : e.start].decode("utf-8", "replace")) + 1
        return InputError(
            source,
            f"not valid UTF-8 ({e.reason}, byte 0x{data[e.start]:02x}; expected UTF-8 text)",
            f"line {line}, column {column}, byte offset {e.start}",
        )
    return DocumentInput(source, name, text, path, len(data))
