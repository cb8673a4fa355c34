"""MediaWiki XML dumps (``.xml``, ``.xml.bz2``, ``.xml.gz``), read as a stream.

Each page's latest revision (or each revision, see
:class:`~wikikit.sources.pages.Selection`) is one document, named by page title
and carrying the page's metadata; memory stays flat whatever the dump's size.
The XML is read by :class:`~wikikit.sources.pages.PageReader`.
"""

from __future__ import annotations

import bz2
import gzip
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from typing import IO, cast
from xml.parsers import expat

from wikikit.sources.items import InputError, InputItem
from wikikit.sources.pages import (
    EntityDeclared,
    Page,
    PageItem,
    PageReader,
    Selection,
    describe_xml_error,
)
from wikikit.sources.siteinfo import DumpSite

__all__ = [
    "DUMP_SUFFIXES",
    "SPLIT_DUMP_GLOB",
    "export_xml",
    "is_dump",
    "iter_dump",
    "iter_pages",
    "open_dump",
    "read_prolog",
    "read_siteinfo",
]

#: Suffixes read as MediaWiki XML dumps rather than as one wikitext document.
DUMP_SUFFIXES: tuple[str, ...] = (".xml", ".xml.bz2", ".xml.gz")

#: Wikipedia's dumps split by page id: ``…-pages-articles-multistream3.xml-p1p41242.bz2``.
SPLIT_DUMP_GLOB = "*.xml-p*.bz2"
_SPLIT_DUMP = re.compile(r"\.xml-p[^./]*\.bz2\Z", re.I)


def _xml_escape(text: str) -> str:
    # xml.sax.saxutils.escape, without importing urllib.request along with it.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_dump(path: str) -> bool:
    """Whether ``path`` names a MediaWiki XML export or dump (by suffix)."""
    lower = path.lower()
    return any(lower.endswith(s) for s in DUMP_SUFFIXES) or _SPLIT_DUMP.search(path) is not None


#: The prolog (everything before the root element) may be at most this long.
_MAX_PROLOG = 1 << 20
_PROLOG_MARKUP = re.compile(r"<(!--|\?|!DOCTYPE)?")


def read_prolog(raw: IO[bytes]) -> tuple[bytes, tuple[str, str | None] | None]:
    """The bytes up to the root element's start, and why the dump is refused: ``(message,
    where)``, or None.

    MediaWiki dumps never declare entities; a DOCTYPE that does could expand a
    few bytes into gigabytes of page text (expat only stops the worst cases).
    """
    data = b""
    while True:
        chunk = raw.read(1 << 16)
        data += chunk
        text = _prolog_text(data)
        verdict = _scan_prolog(text, complete=not chunk)
        if verdict:
            return data, ("the DOCTYPE declares XML entities (MediaWiki dumps never do)", verdict)
        if verdict is not None:
            return data, None
        if len(data) > _MAX_PROLOG:
            return data, (f"more than {_MAX_PROLOG} bytes before the root element", None)


def _prolog_text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    return data.decode("latin-1")  # the markup that matters is ASCII


def _scan_prolog(text: str, complete: bool) -> str | None:
    """``""`` when the prolog is fine, where an entity is declared, or None to read on."""
    pos = 0
    while True:
        m = _PROLOG_MARKUP.search(text, pos)
        if m is None:
            return "" if complete else None
        kind = m.group(1)
        if kind is None:
            return ""  # the root element: the prolog is over
        end_mark = {"!--": "-->", "?": "?>"}.get(kind)
        if end_mark is not None:
            end = text.find(end_mark, m.end())
            if end < 0:
                return "" if complete else None
            pos = end + len(end_mark)
            continue
        # A DOCTYPE: look for declarations in it (comments inside do not count).
        end = _doctype_end(text, m.end())
        if end < 0 and not complete:
            return None
        body = text[m.end() : end if end >= 0 else len(text)]
        declaration = re.search(r"<!ENTITY", re.sub(r"<!--.*?-->", _blank, body, flags=re.S))
        if declaration is not None:
            at = m.end() + declaration.start()
            line = text.count("\n", 0, at) + 1
            column = at - text.rfind("\n", 0, at)
            return f"XML line {line}, column {column}"
        if end < 0:
            return ""
        pos = end


def _blank(m: re.Match[str]) -> str:
    # Same length, so positions after a comment stay right.
    return " " * len(m.group(0))


def _doctype_end(text: str, start: int) -> int:
    """The index after the DOCTYPE's closing ``>`` (an internal subset included), or -1."""
    bracket = text.find("[", start)
    close = text.find(">", start)
    if close < 0:
        return -1
    if 0 <= bracket < close:
        end = text.find("]", bracket)
        if end < 0:
            return -1
        close = text.find(">", end)
        if close < 0:
            return -1
    return close + 1


def open_dump(path: str) -> IO[bytes]:
    """``path`` opened for reading bytes, decompressed by its suffix (``.bz2``, ``.gz``)."""
    lower = path.lower()
    if lower.endswith(".bz2"):
        return bz2.open(path, "rb")
    if lower.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def iter_pages(path: str, selection: Selection | None = None) -> Iterator[PageItem]:
    """Every page of a dump with its metadata, streamed.

    Yields a :class:`~wikikit.sources.pages.Page` for each selected page (its
    latest revision, or each revision with ``selection.all_revisions``), a
    :class:`~wikikit.sources.items.Skipped` for the others, and one
    :class:`~wikikit.sources.items.InputError` if the dump cannot be read,
    declares XML entities or breaks halfway (after every page before the
    damage, with the decompressed byte offset and the last good page).
    """
    try:
        raw = open_dump(path)
    except OSError as e:
        yield InputError(path, f"cannot read: {e.strerror or e}")
        return
    reader = PageReader(path, selection if selection is not None else Selection())
    offset = 0

    def where(extra: str | None = None) -> str:
        parts = [] if extra is None else [extra]
        parts.append(f"near decompressed byte {offset}")
        parts.append(reader.after())
        return ", ".join(parts)

    # Reading may stop early (not a dump, or the caller stops): the reader is let go then.
    with raw, closing(reader):
        try:
            chunk, refused = read_prolog(raw)
            if refused is not None:
                yield InputError(path, *refused)
                return
            while True:
                offset += len(chunk)
                reader.feed(chunk, final=not chunk)
                if reader.root is not None and reader.root != "mediawiki":
                    yield InputError(
                        path, f"not a MediaWiki XML dump (root element <{reader.root}>)"
                    )
                    return
                if reader.out:
                    yield from reader.out
                    reader.out.clear()
                if not chunk:
                    break
                chunk = raw.read(_CHUNK)
        except EOFError as e:
            yield from reader.out
            yield InputError(path, f"truncated compressed data ({e})", where())
        except (OSError, zlib.error) as e:
            yield from reader.out
            yield InputError(path, f"corrupt compressed data ({e})", where())
        except (expat.ExpatError, EntityDeclared) as e:
            yield from reader.out
            yield InputError(path, describe_xml_error(e), where(reader.position()))


_CHUNK = 1 << 20


def iter_dump(path: str, selection: Selection | None = None) -> Iterator[InputItem]:
    """:func:`iter_pages` as documents: each page a
    :class:`~wikikit.sources.items.DocumentInput` (``source`` is ``path#title``,
    ``page`` its metadata), skipped pages and errors as they are."""
    for item in iter_pages(path, selection):
        yield item.to_input() if isinstance(item, Page) else item


def read_siteinfo(path: str) -> DumpSite | None:
    """A dump's ``<siteinfo>``, read from its start (None if it has none or cannot be read)."""
    reader = PageReader(path, Selection())
    try:
        with open_dump(path) as raw:
            chunk, refused = read_prolog(raw)
            while refused is None and not reader.siteinfo_done and reader.pages_seen == 0:
                reader.feed(chunk, final=not chunk)
                reader.out.clear()
                if not chunk or (reader.root is not None and reader.root != "mediawiki"):
                    break
                chunk = raw.read(1 << 16)
    except (OSError, EOFError, zlib.error, expat.ExpatError, EntityDeclared):
        return None
    finally:
        reader.close()
    return reader.site if reader.siteinfo_done else None


def export_xml(pages: Iterable[tuple[str, Sequence[str]]]) -> Iterator[str]:
    """A MediaWiki XML export of ``(title, [revision texts, oldest first])`` pages, in pieces.

    For tests and benchmarks: write the pieces to a (compressed) file to get a
    dump that :func:`iter_dump` reads back with the same titles and texts.
    """
    yield (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n'
        "<siteinfo><sitename>Wikipedia</sitename><dbname>enwiki</dbname>"
        '<namespaces><namespace key="0" case="first-letter" /></namespaces></siteinfo>\n'
    )
    rev_id = 0
    for page_id, (title, revisions) in enumerate(pages, 1):
        parts = [f"<page><title>{_xml_escape(title)}</title><ns>0</ns><id>{page_id}</id>"]
        for day, text in enumerate(revisions):
            rev_id += 1
            # &#13; keeps a CR through XML's newline normalization, as real dumps do.
            body = _xml_escape(text).replace("\r", "&#13;")
            parts.append(
                f"<revision><id>{rev_id}</id><timestamp>{2001 + day}-01-01T00:00:00Z</timestamp>"
                "<model>wikitext</model><format>text/x-wiki</format>"
                f'<text xml:space="preserve">{body}</text></revision>'
            )
        parts.append("</page>\n")
        yield "".join(parts)
    yield "</mediawiki>\n"
