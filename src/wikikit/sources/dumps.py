"""MediaWiki XML dumps (``.xml``, ``.xml.bz2``, ``.xml.gz``), read as a stream.

Each page's latest revision is one document, named by page title, and memory
stays flat whatever the dump's size.
"""

from __future__ import annotations

import bz2
import gzip
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, cast
from xml.sax.saxutils import escape

from wikikit.sources.items import DocumentInput, InputError, InputItem
from wikikit.sources.siteinfo import dump_site

__all__ = ["DUMP_SUFFIXES", "export_xml", "is_dump", "iter_dump"]

#: Suffixes read as MediaWiki XML dumps rather than as one wikitext document.
DUMP_SUFFIXES: tuple[str, ...] = (".xml", ".xml.bz2", ".xml.gz")


def is_dump(path: str) -> bool:
    """Whether ``path`` names a MediaWiki XML export or dump (by suffix)."""
    lower = path.lower()
    return any(lower.endswith(s) for s in DUMP_SUFFIXES)


class _CountingReader:
    """A read-only binary stream that counts the (decompressed) bytes handed out.

    Gives dump errors a byte offset; the XML parser reads in chunks, so the
    offset is where the bad chunk ends, not the exact byte.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.offset += len(data)
        return data


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
        reader = _CountingReader(raw)
        try:
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
            extra = f"XML line {position[0]}, column {position[1]}" if position else None
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
