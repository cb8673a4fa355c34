"""MediaWiki XML dumps (``.xml``, ``.xml.bz2``, ``.xml.gz``), read as a stream.

Each page's latest revision is one document, named by page title, and memory
stays flat whatever the dump's size.
"""

from __future__ import annotations

import bz2
import gzip
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, cast
from xml.sax.saxutils import escape

from wikikit.sources.items import DocumentInput, InputError, InputItem
from wikikit.sources.siteinfo import dump_site

__all__ = ["DUMP_SUFFIXES", "export_xml", "is_dump", "iter_dump", "read_prolog"]

#: Suffixes read as MediaWiki XML dumps rather than as one wikitext document.
DUMP_SUFFIXES: tuple[str, ...] = (".xml", ".xml.bz2", ".xml.gz")


def is_dump(path: str) -> bool:
    """Whether ``path`` names a MediaWiki XML export or dump (by suffix)."""
    lower = path.lower()
    return any(lower.endswith(s) for s in DUMP_SUFFIXES)


class _CountingReader:
    """A read-only binary stream that counts the (decompressed) bytes handed out.

    Gives dump errors a byte offset; the XML parser reads in chunks, so the
    offset is where the bad chunk ends, not the exact byte. Bytes read ahead
    (the prolog, see :func:`read_prolog`) are handed out first.
    """

    def __init__(self, raw: IO[bytes], head: bytes = b"") -> None:
        self._raw = raw
        self._head = head
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        if self._head:
            n = len(self._head) if size < 0 else size
            data, self._head = self._head[:n], self._head[n:]
        else:
            data = self._raw.read(size)
        self.offset += len(data)
        return data


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


def _open_dump(path: str) -> IO[bytes]:
    lower = path.lower()
    if lower.endswith(".bz2"):
        return bz2.open(path, "rb")
    if lower.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def iter_dump(path: str) -> Iterator[InputItem]:
    """The latest revision of every page in a MediaWiki XML dump, streamed.

    Pages are named by title (``source`` is ``path#title``). A dump that is
    malformed, truncated or not decompressible yields one :class:`InputError`
    with the decompressed byte offset and the last good page, after every page
    before the damage.
    """
    import mwxml
    from mwxml.element_iterator import ElementIterator

    last_title: str | None = None
    reader: _CountingReader | None = None

    def where(extra: str | None = None) -> str:
        parts = [] if extra is None else [extra]
        if reader is not None:
            parts.append(f"near decompressed byte {reader.offset}")
        parts.append(f"after page {last_title!r}" if last_title is not None else "before any page")
        return ", ".join(parts)

    try:
        raw = _open_dump(path)
    except OSError as e:
        yield InputError(path, f"cannot read: {e.strerror or e}")
        return
    with raw:
        try:
            head, refused = read_prolog(raw)
            if refused is not None:
                yield InputError(path, *refused)
                return
            reader = _CountingReader(raw, head)
            root = ElementIterator.from_file(reader)
            if root.tag != "mediawiki":
                yield InputError(path, f"not a MediaWiki XML dump (root element <{root.tag}>)")
                return
            dump = mwxml.Dump.from_element(root)
            site = dump_site(dump.site_info)
            for page in dump.pages:
                text: str | None = None
                best: Any = None
                for revision in page:
                    # Latest = greatest timestamp (dumps are chronological, but
                    # exports need not be); ties go to the later one.
                    stamp = revision.timestamp
                    if best is None or stamp is None or best <= stamp:
                        best = stamp if stamp is not None else best
                        text = revision.text
                title = page.title if page.title is not None else ""
                # Drop the emptied page elements mwxml leaves under <mediawiki>:
                # they grow ~100 B a page (mwxml issue #23), i.e. GBs on a full dump.
                root.element.clear()
                body = text or ""
                last_title = title
                size = len(body.encode("utf-8", "surrogatepass"))
                yield DocumentInput(f"{path}#{title}", title, body, path, size, site)
        except EOFError as e:
            yield InputError(path, f"truncated compressed data ({e})", where())
        except (OSError, zlib.error) as e:
            yield InputError(path, f"corrupt compressed data ({e})", where())
        except Exception as e:  # ParseError, MalformedXML, bad values: all mean "bad XML"
            position = getattr(e, "position", None)
            # expat counts columns from 0; people (and editors) from 1.
            extra = f"XML line {position[0]}, column {position[1] + 1}" if position else None
            message = str(e).split("\n", 1)[0][:200]
            yield InputError(
                path, f"malformed XML dump ({type(e).__name__}: {message})", where(extra)
            )


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
        parts = [f"<page><title>{escape(title)}</title><ns>0</ns><id>{page_id}</id>"]
        for day, text in enumerate(revisions):
            rev_id += 1
            # &#13; keeps a CR through XML's newline normalization, as real dumps do.
            body = escape(text).replace("\r", "&#13;")
            parts.append(
                f"<revision><id>{rev_id}</id><timestamp>{2001 + day}-01-01T00:00:00Z</timestamp>"
                "<model>wikitext</model><format>text/x-wiki</format>"
                f'<text xml:space="preserve">{body}</text></revision>'
            )
        parts.append("</page>\n")
        yield "".join(parts)
    yield "</mediawiki>\n"
