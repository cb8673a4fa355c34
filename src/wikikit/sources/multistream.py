"""Multistream dumps cut at their bz2 streams, so many workers read one dump at once.

Wikipedia's ``*-pages-articles-multistream.xml.bz2`` is a run of independent
bz2 streams of 100 pages each, after one stream holding the ``<siteinfo>``
header; ``*-multistream-index.txt.bz2`` beside it has a line
``offset:page_id:title`` per page, ``offset`` being where the page's stream
starts in the compressed file. :func:`plan_parts` groups consecutive streams
into :class:`DumpPart` values; each one is read where it is processed (a
worker process, a Dask worker) with :meth:`DumpPart.read`, so no single
decompressor feeds every worker.

Each stream is parsed on its own by :class:`~wikikit.sources.pages.PageReader`,
inside a root element of its own: a DOCTYPE there is a syntax error, so no
entity can be declared, let alone expanded; and a damaged stream loses only
its own pages.
"""

from __future__ import annotations

import bz2
import os
import re
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from wikikit.sources.dumps import iter_dump, iter_pages, open_dump, read_siteinfo
from wikikit.sources.items import InputError, InputItem, InputWarning
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
    "PART_BYTES",
    "DumpFile",
    "DumpPart",
    "Work",
    "check_index",
    "find_index",
    "is_index",
    "iter_dump_work",
    "iter_stream_offsets",
    "iter_streams",
    "plan_parts",
    "work_inputs",
    "write_multistream",
]

#: Compressed bytes per part (at least one stream): Wikipedia's streams of 100
#: pages are 100-400 kB, so a part is one or a few streams.
PART_BYTES = 256 * 1024

_READ_CHUNK = 1 << 20
_WRAPPER = b"wikikit-streams"
_DUMP_NAME = re.compile(r"^(?P<stem>.*-multistream)(?P<n>\d*)\.xml(?P<range>-p\d+p\d+)?\.bz2$")


def find_index(path: str) -> str | None:
    """The multistream index beside a multistream dump, if there is one.

    ``X-multistream.xml.bz2`` has ``X-multistream-index.txt.bz2`` (or ``.txt``);
    the split dumps ``X-multistream3.xml-p1p41242.bz2`` have
    ``X-multistream-index3.txt-p1p41242.bz2``.
    """
    folder, name = os.path.split(path)
    m = _DUMP_NAME.match(name)
    if m is None:
        return None
    base = f"{m['stem']}-index{m['n']}.txt{m['range'] or ''}"
    for candidate in (base + ".bz2", base):
        full = os.path.join(folder, candidate)
        if os.path.isfile(full):
            return full
    return None


_INDEX_NAME = re.compile(r"-multistream-index\d*\.txt(-p\d+p\d+)?(\.bz2)?\Z")


def is_index(path: str) -> bool:
    """Whether ``path`` is named like a multistream dump's index."""
    return _INDEX_NAME.search(os.path.basename(path)) is not None


def iter_stream_offsets(index: str) -> Iterator[int]:
    """The distinct stream offsets of a multistream index, in order, read lazily."""
    for offset, _ in iter_streams(index):
        yield offset


def iter_streams(index: str) -> Iterator[tuple[int, str]]:
    """``(offset, title of its first page)`` per stream of a multistream index, read lazily.

    Stops at the first line that is not ``offset:page_id:title`` or whose
    offset goes backwards: the rest of the dump is then one part to its end.
    """
    last = -1
    with open_dump(index) as raw:
        for line in raw:
            head, sep, rest = line.partition(b":")
            if not sep:
                if line.strip():
                    return
                continue
            try:
                offset = int(head)
            except ValueError:
                return
            if offset < last:
                return
            if offset != last:
                last = offset
                title = rest.partition(b":")[2].rstrip(b"\r\n")
                yield offset, title.decode("utf-8", "replace")


def check_index(path: str, index: str) -> str | None:
    """Why ``index`` cannot split ``path`` (a message), or None when it can.

    Looks at the index's first offset: a bz2 stream must start there.
    """
    try:
        first = next(iter_stream_offsets(index), None)
    except (OSError, EOFError, zlib.error) as e:
        return f"cannot read the index {index}: {getattr(e, 'strerror', None) or e}"
    if first is None:
        return f"the index {index} lists no streams"
    try:
        with open(path, "rb") as f:
            f.seek(first)
            magic = f.read(4)
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if not (magic[:3] == b"BZh" and magic[3:4].isdigit()):
        return f"no bz2 stream at byte {first}, the index's first offset: is {index} for this dump?"
    return None


@dataclass(frozen=True)
class DumpPart:
    """Consecutive bz2 streams of a multistream dump, to be sent to a worker and read there.

    ``streams`` holds each stream's offset and the title of its first page (from
    the index); the part runs from the first offset to ``end`` (None: the end of
    the file). A damaged stream is an error for that stream only: the worker goes
    on at the next one.
    """

    path: str
    streams: tuple[tuple[int, str], ...]
    end: int | None
    selection: Selection
    site: DumpSite | None = None

    @property
    def start(self) -> int:
        return self.streams[0][0] if self.streams else 0

    @property
    def weight(self) -> int:
        """About how many bytes of text the part holds (for batching)."""
        return 4 * (self.end - self.start) if self.end is not None else 4 * PART_BYTES

    def describe(self) -> str:
        """``bz2 streams at bytes A-B (from page 'T')`` for messages."""
        first = f" (from page {self.streams[0][1]!r})" if self.streams else ""
        return f"bz2 streams at bytes {self.start}-{_end(self.end)}{first}"

    def read(self) -> Iterator[PageItem]:
        """The part's pages, skipped pages, and an error for each stream that breaks."""
        return _read_part(self)


def _end(end: int | None) -> str:
    return "end" if end is None else str(end)


@dataclass(frozen=True)
class DumpFile:
    """A whole dump to be read where it is processed (a Dask partition)."""

    path: str
    selection: Selection

    @property
    def weight(self) -> int:
        try:
            return 4 * os.path.getsize(self.path)
        except OSError:
            return 0

    def describe(self) -> str:
        return "the whole dump"

    def read(self) -> Iterator[PageItem]:
        return iter_pages(self.path, self.selection)


#: What a worker is given to read: part of a dump, or a whole one.
Work = DumpPart | DumpFile


def plan_parts(
    path: str,
    index: str,
    selection: Selection,
    part_bytes: int | None = None,
    site: DumpSite | None = None,
) -> Iterator[DumpPart]:
    """The parts of a multistream dump: consecutive streams of about ``part_bytes``
    (default :data:`PART_BYTES`) compressed bytes each, the last one running to the
    end of the file.

    Lazy: a full Wikipedia index has millions of lines; only stream offsets are
    kept, one part at a time. ``site`` defaults to the dump's own ``<siteinfo>``.
    """
    size = PART_BYTES if part_bytes is None else part_bytes
    if site is None:
        site = read_siteinfo(path)
    streams: list[tuple[int, str]] = []
    for offset, title in iter_streams(index):
        if streams and offset - streams[0][0] >= size:
            yield DumpPart(path, tuple(streams), offset, selection, site)
            streams = []
        streams.append((offset, title))
    if streams:
        yield DumpPart(path, tuple(streams), None, selection, site)


def work_inputs(work: Work) -> Iterator[InputItem]:
    """What a worker reads from ``work``: each page as a document
    (:meth:`Page.to_input <wikikit.sources.pages.Page.to_input>`), skipped pages
    and errors as they are."""
    for item in work.read():
        yield item.to_input() if isinstance(item, Page) else item


def iter_dump_work(
    path: str, selection: Selection, index: str | None = None, part_bytes: int | None = None
) -> Iterator[InputItem | DumpPart]:
    """A dump as the command line reads it: the :class:`DumpPart` values of a
    multistream dump with its index (found beside it, or ``index``), to be read
    by the workers; any other dump's documents, read here. An index that does
    not fit the dump is a warning, and the dump is read from start to end."""
    found = index if index is not None else find_index(path)
    if found is not None:
        problem = check_index(path, found)
        if problem is None:
            yield from plan_parts(path, found, selection, part_bytes)
            return
        yield InputWarning(path, f"{problem}; reading the dump from start to end")
    yield from iter_dump(path, selection)


def _strip_frame(data: bytes) -> bytes:
    """A stream's text without the dump's head (``<mediawiki>``, ``<siteinfo>``) or tail."""
    if b"<mediawiki" in data:
        m = re.search(rb"<page[\s>]", data)
        data = data[m.start() :] if m is not None else b""
    tail = data.rfind(b"</mediawiki>")
    if tail >= 0:
        data = data[:tail]
    return data


def _read_part(part: DumpPart) -> Iterator[PageItem]:
    path = part.path
    try:
        f: IO[bytes] = open(path, "rb")  # noqa: SIM115 (closed below; errors are values)
    except OSError as e:
        yield InputError(path, f"cannot read: {e.strerror or e}")
        return
    last: str | None = None
    with f:
        streams = part.streams
        for i, (start, title) in enumerate(streams):
            end = streams[i + 1][0] if i + 1 < len(streams) else part.end
            last = yield from _read_streams(f, part, start, end, title, last)


def _read_streams(
    f: IO[bytes], part: DumpPart, start: int, end: int | None, title: str, last: str | None
) -> Generator[PageItem, None, str | None]:
    """The pages of the bz2 stream(s) from ``start`` to ``end``, each stream parsed on its
    own; returns the title of the last page read (for messages)."""
    path = part.path
    reader: PageReader | None = None
    in_stream = False

    def where(extra: str | None = None) -> str:
        parts = [f"bz2 stream at bytes {start}-{_end(end)} (from page {title!r})"]
        if extra is not None:
            parts.append(extra)
        parts.append(f"after page {last!r}" if last is not None else "before any page")
        return ", ".join(parts)

    try:
        f.seek(start)
        remaining = None if end is None else end - start
        decompressor = bz2.BZ2Decompressor()
        pieces: list[bytes] = []
        while remaining is None or remaining > 0:
            chunk = f.read(_READ_CHUNK if remaining is None else min(_READ_CHUNK, remaining))
            if not chunk:
                break
            if remaining is not None:
                remaining -= len(chunk)
            data = chunk
            while data:
                pieces.append(decompressor.decompress(data))
                in_stream = True
                if not decompressor.eof:
                    break
                reader = PageReader(path, part.selection, part.site)
                reader.last_title = last
                text = _strip_frame(b"".join(pieces))
                reader.feed(b"<" + _WRAPPER + b">" + text + b"</" + _WRAPPER + b">", final=True)
                yield from reader.out
                last = reader.last_title
                pieces, reader, in_stream = [], None, False
                data = decompressor.unused_data
                decompressor = bz2.BZ2Decompressor()
        if in_stream:
            yield InputError(path, "truncated compressed data (a bz2 stream is cut)", where())
    except (OSError, EOFError, zlib.error, ValueError) as e:
        yield InputError(path, f"corrupt compressed data ({e})", where())
    except (expat.ExpatError, EntityDeclared) as e:
        assert reader is not None
        yield from reader.out
        last = reader.last_title
        yield InputError(path, describe_xml_error(e), where(reader.position()))
    return last


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ID = re.compile(r"<id>(\d+)</id>")
_XML_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#039;", "'"), ("&#39;", "'"))


def _xml_unescape(text: str) -> str:
    # xml.sax.saxutils.unescape with these entities (&amp; last), without importing
    # urllib.request along with it.
    if "&" not in text:
        return text
    for entity, char in _XML_ESCAPES:
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def write_multistream(
    xml: str | Iterable[str], path: str, index: str | None = None, pages_per_stream: int = 100
) -> tuple[int, int]:
    """Write an export (a string, or pieces such as
    :func:`~wikikit.sources.dumps.export_xml` yields) as a multistream dump, and its
    index; for tests and benchmarks. Returns (pages, streams).

    Like Wikipedia's: the head up to the first page is one stream, then streams
    of ``pages_per_stream`` pages, then the closing tag in a stream of its own;
    the index (compressed when its name ends in ``.bz2``) has a line
    ``offset:page_id:title`` per page. Streams through the pieces.
    """
    pieces = [xml] if isinstance(xml, str) else xml
    lines: list[str] = []
    pages = streams = 0
    group: list[str] = []
    buf = ""
    head_done = False
    with open(path, "wb") as out:

        def flush() -> None:
            nonlocal streams
            offset = out.tell()
            for page in group:
                title_m = _TITLE.search(page)
                id_m = _ID.search(page)
                title = _xml_unescape(title_m.group(1)) if title_m else ""
                lines.append(f"{offset}:{id_m.group(1) if id_m else 0}:{title}\n")
            out.write(bz2.compress("".join(group).encode("utf-8")))
            streams += 1
            group.clear()

        for piece in pieces:
            buf += piece
            if not head_done:
                first = buf.find("<page>")
                if first < 0:
                    continue
                out.write(bz2.compress(buf[:first].encode("utf-8")))
                streams += 1
                buf = buf[first:]
                head_done = True
            while (end := buf.find("</page>")) >= 0:
                end += len("</page>")
                while end < len(buf) and buf[end] in " \t\r\n":
                    end += 1
                group.append(buf[:end])
                buf = buf[end:]
                pages += 1
                if len(group) == pages_per_stream:
                    flush()
        if group:
            flush()
        if buf:
            out.write(bz2.compress(buf.encode("utf-8")))
            streams += 1
    if index is not None:
        data = "".join(lines).encode("utf-8")
        with open(index, "wb") as f:
            f.write(bz2.compress(data) if index.lower().endswith(".bz2") else data)
    return pages, streams
