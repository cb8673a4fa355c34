"""Page stores: where a :class:`~wikikit.Wiki` finds templates, modules and pages.

:class:`DumpStore` reads the pages a renderer needs (main, Template and Module
namespaces, redirects included) from a MediaWiki XML dump (``.xml``,
``.xml.bz2``, ``.xml.gz``) once into a SQLite file, streaming with flat memory,
and reopens that file at once next time; it is rebuilt when the dump's size or
modification time changes. :class:`FolderPages` reads one file per page.

A dump whose DOCTYPE declares entities is refused: dumps never declare any, and
entity expansion is how a small file becomes a huge one.
"""

from __future__ import annotations

import bz2
import gzip
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import quote, unquote

from wikikit.sources.dumps import read_prolog

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

__all__ = ["DEFAULT_NAMESPACES", "DumpStore", "FolderPages", "UnsafeDumpError"]

#: Namespaces a renderer needs: articles, templates and Lua modules.
DEFAULT_NAMESPACES: tuple[int, ...] = (0, 10, 828)

_SCHEMA_VERSION = "1"
_BATCH = 500


class UnsafeDumpError(ValueError):
    """The dump declares XML entities (a DOCTYPE with ``<!ENTITY``): it is not read."""


def _open_stream(path: str) -> IO[bytes]:
    lower = path.lower()
    if lower.endswith(".bz2"):
        return bz2.open(path, "rb")
    if lower.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


class _CheckedStream:
    """A byte stream whose prolog is checked for entity declarations before it is parsed
    (the check :func:`~wikikit.sources.dumps.iter_dump` makes)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        head, refused = read_prolog(raw)
        if refused is not None:
            message, where = refused
            at = f" ({where})" if where else ""
            raise UnsafeDumpError(f"{message}{at}; refusing to read it")
        self._head = head

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                data, self._head = self._head, b""
                rest = self._raw.read(-1 if size < 0 else size - len(data))
                return data + rest
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._raw.read(size)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def iter_dump_pages(
    path: str | os.PathLike[str], namespaces: Iterable[int] | None = None
) -> Iterator[tuple[str, int, str]]:
    """``(title, namespace, text of the latest revision)`` for each page, streamed.

    ``namespaces`` keeps only those namespaces (all when None). The ``<siteinfo>``
    element is skipped here; see :func:`read_siteinfo`.
    """
    import xml.etree.ElementTree as ET  # here, not at start-up (6 ms), like the others

    wanted = None if namespaces is None else frozenset(namespaces)
    with _open_stream(os.fspath(path)) as raw:
        stream = _CheckedStream(raw)
        context = ET.iterparse(stream, events=("start", "end"))
        root: ET.Element | None = None
        title = ""
        ns = 0
        text: str | None = None
        current = ""
        stamp = ""
        best = ""
        depth = 0
        for event, elem in context:
            name = _local(elem.tag)
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                elif name == "page":
                    title, ns, text, best = "", 0, None, ""
                continue
            depth -= 1
            if name == "title" and depth == 2:
                title = elem.text or ""
            elif name == "ns" and depth == 2:
                try:
                    ns = int(elem.text or "0")
                except ValueError:
                    ns = 0
            elif name == "timestamp":
                stamp = elem.text or ""
            elif name == "text":
                current = elem.text or ""
            elif name == "revision":
                # The latest revision wins (dumps are chronological; exports need not be).
                if text is None or best <= stamp:
                    text = current
                    best = stamp
                current = ""
                stamp = ""
                elem.clear()
            elif name == "page":
                if wanted is None or ns in wanted:
                    yield title, ns, text or ""
                elem.clear()
                if root is not None:
                    root.clear()


def read_siteinfo(path: str | os.PathLike[str]) -> ET.Element | None:
    """The dump's ``<siteinfo>`` element (read from the start of the dump), or None."""
    import xml.etree.ElementTree as ET

    with _open_stream(os.fspath(path)) as raw:
        stream = _CheckedStream(raw)
        for _, elem in ET.iterparse(stream, events=("end",)):
            name = _local(elem.tag)
            if name == "siteinfo":
                return cast(ET.Element, elem)
            if name == "page":
                return None
    return None


class DumpStore:
    """Pages from a MediaWiki XML dump, kept in a SQLite file beside it (or at ``store``)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(
        cls,
        dump: str | os.PathLike[str],
        *,
        store: str | os.PathLike[str] | None = None,
        namespaces: Iterable[int] = DEFAULT_NAMESPACES,
    ) -> DumpStore:
        """Open the store for ``dump``, building it first when missing or stale.

        The default store is ``<dump>.pages.sqlite``. Building streams the dump
        once; memory stays flat whatever its size.
        """
        dump_path = Path(dump)
        store_path = Path(store) if store is not None else Path(f"{dump_path}.pages.sqlite")
        stat = dump_path.stat()
        stamp = f"{_SCHEMA_VERSION}:{stat.st_size}:{stat.st_mtime_ns}:{sorted(set(namespaces))}"
        if store_path.exists():
            db = sqlite3.connect(store_path)
            try:
                row = db.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
            except sqlite3.DatabaseError:
                row = None
            if row is not None and row[0] == stamp:
                return cls(db, store_path)
            db.close()
        cls._build(dump_path, store_path, stamp, namespaces)
        return cls(sqlite3.connect(store_path), store_path)

    @classmethod
    def open_store(cls, store: str | os.PathLike[str]) -> DumpStore:
        """Open a page store that :meth:`open` built, read-only, without its dump.

        ``ValueError`` when ``store`` is not such a SQLite file.
        """
        store_path = Path(store)
        try:
            with open(store_path, "rb") as f:
                head = f.read(16)
        except OSError as e:
            raise ValueError(f"cannot read {store_path}: {e.strerror or e}") from None
        if head != b"SQLite format 3\x00":
            raise ValueError(f"{store_path} is not a SQLite file")
        uri = "file:" + quote(str(store_path.resolve())) + "?mode=ro"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            db.execute("SELECT title, ns, text FROM pages LIMIT 1").fetchall()
            db.execute("SELECT key, value FROM meta LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            db.close()
            raise ValueError(f"{store_path} is not a wikikit page store") from None
        return cls(db, store_path)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # A connection cannot cross processes: a copy (a worker's) opens the file again.
        # An absolute path: the copy may be opened from another working directory.
        return (_reopen_store, (str(self.path.resolve()),))

    @staticmethod
    def _build(dump: Path, store: Path, stamp: str, namespaces: Iterable[int]) -> None:
        import xml.etree.ElementTree as ET

        partial = store.with_name(store.name + ".partial")
        if partial.exists():
            partial.unlink()
        db = sqlite3.connect(partial)
        built = False
        try:
            db.execute("CREATE TABLE pages (title TEXT PRIMARY KEY, ns INTEGER, text TEXT)")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            siteinfo = read_siteinfo(dump)
            if siteinfo is not None:
                db.execute(
                    "INSERT INTO meta VALUES ('siteinfo', ?)",
                    (ET.tostring(siteinfo, encoding="unicode"),),
                )
            batch: list[tuple[str, int, str]] = []
            rows = 0
            for row in iter_dump_pages(dump, namespaces):
                batch.append(row)
                rows += 1
                if len(batch) >= _BATCH:
                    db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", batch)
                    batch.clear()
            if not rows and siteinfo is None:
                raise ValueError(f"{dump} is not a MediaWiki dump: no <siteinfo> and no pages")
            db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", batch)
            db.execute("INSERT INTO meta VALUES ('source', ?)", (stamp,))
            db.commit()
            built = True
        finally:
            db.close()
            if not built:
                partial.unlink(missing_ok=True)  # nothing half-written stays beside the dump
        os.replace(partial, store)

    def get(self, title: str) -> str | None:
        """The wikitext of the page titled ``title`` (normalized, as in the dump), or None."""
        row = self._db.execute("SELECT text FROM pages WHERE title = ?", (title,)).fetchone()
        return None if row is None else str(row[0])

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM pages").fetchone()[0])

    def titles(self) -> Iterator[str]:
        """Every stored title."""
        for (title,) in self._db.execute("SELECT title FROM pages ORDER BY title"):
            yield str(title)

    def siteinfo(self) -> ET.Element | None:
        """The dump's ``<siteinfo>``, when it had one."""
        import xml.etree.ElementTree as ET

        row = self._db.execute("SELECT value FROM meta WHERE key = 'siteinfo'").fetchone()
        return None if row is None else ET.fromstring(row[0])

    def close(self) -> None:
        self._db.close()


def _reopen_store(path: str) -> DumpStore:
    return DumpStore.open_store(path)


class FolderPages:
    """Pages stored one per file under a folder.

    A file ``Template:Infobox person.wiki`` or ``Template/Infobox person.wiki``
    holds the page "Template:Infobox person"; deeper folders make subpages
    (``Template/Foo/doc.wiki`` is "Template:Foo/doc"). In file names ``%2F``
    stands for ``/`` and ``%25`` for ``%`` (any ``%XX`` is decoded), so
    ``Template:Foo%2Fdoc.wiki`` is "Template:Foo/doc" too. Titles are
    normalized with the wiki's site configuration (``_`` or space, first letter).
    A page's text is the file's as MediaWiki would save it: trailing whitespace
    dropped, line endings as ``\n``.
    """

    SUFFIX = ".wiki"

    def __init__(self, path: str | os.PathLike[str], site: Any = None) -> None:
        self.root = Path(path)
        self.site = site
        self._index: dict[str, Path] | None = None

    def bind(self, site: Any) -> None:
        """Use ``site`` to normalize file names into titles."""
        if site is not self.site:
            self.site = site
            self._index = None

    def _title_of(self, rel: Path) -> str:
        parts = [unquote(p) for p in rel.parts]
        parts[-1] = parts[-1][: -len(self.SUFFIX)]
        if len(parts) == 1:
            return parts[0]
        return parts[0] + ":" + "/".join(parts[1:])

    def _build_index(self) -> dict[str, Path]:
        index: dict[str, Path] = {}
        for file in sorted(self.root.rglob("*" + self.SUFFIX)):
            if not file.is_file():
                continue
            name = self._title_of(file.relative_to(self.root))
            key = name
            if self.site is not None:
                parsed = self.site.title(name)
                if parsed is None:
                    continue
                key = parsed.prefixed_text
            index.setdefault(key, file)
        return index

    def get(self, title: str) -> str | None:
        """The wikitext of ``title`` (normalized full title), or None."""
        if self._index is None:
            self._index = self._build_index()
        file = self._index.get(title)
        if file is None:
            return None
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        # As MediaWiki saves a page (TextContent::normalizeLineEndings): no trailing
        # whitespace, so a file's final newline does not end up in every transclusion.
        # PHP's rtrim set: a trailing no-break space or form feed stays.
        return text.rstrip(" \t\n\r\0\x0b").replace("\r\n", "\n").replace("\r", "\n")

    def __len__(self) -> int:
        if self._index is None:
            self._index = self._build_index()
        return len(self._index)
