"""Records for ``wikikit text`` and ``wikikit json``, and the files they go to.

A record is a dict: the page metadata (``title``, ``page_id``, ``namespace``,
``revision_id``, ``timestamp``, ``content_model``, ``redirect``; None for
documents that are not dump pages), then ``text`` and ``sections`` (the
section titles) for text, ``tree`` (the document as JSON) for json, and
``source``. As JSON Lines they go through the command's output like any
text; :class:`ParquetWriter` writes a Parquet file in row groups with pyarrow
(the optional extra ``wikikit[parquet]``), ready for
``datasets.load_dataset("parquet", ...)``, to a temporary file renamed over the
target on :meth:`~ParquetWriter.commit`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from wikikit.cli.output import OutputError
from wikikit.sources import PageInfo
from wikikit.tree import Document

__all__ = [
    "JSON_COLUMNS",
    "META_COLUMNS",
    "TEXT_COLUMNS",
    "ParquetWriter",
    "is_parquet",
    "json_record",
    "meta_record",
    "parquet_schema",
    "plain_text",
    "text_record",
]

#: The page metadata, in column order.
META_COLUMNS: tuple[str, ...] = (
    "title",
    "page_id",
    "namespace",
    "revision_id",
    "timestamp",
    "content_model",
    "redirect",
)
TEXT_COLUMNS: tuple[str, ...] = (*META_COLUMNS, "text", "sections", "source")
JSON_COLUMNS: tuple[str, ...] = (*META_COLUMNS, "tree", "source")


def is_parquet(path: str | None) -> bool:
    """Whether ``-o`` asks for Parquet (by its suffix)."""
    return path is not None and path.lower().endswith(".parquet")


def meta_record(info: PageInfo | None, name: str | None) -> dict[str, Any]:
    """The metadata columns: a dump page's, or just the title for other documents."""
    if info is not None:
        return info.to_dict()
    record: dict[str, Any] = dict.fromkeys(META_COLUMNS)
    record["title"] = name
    return record


def plain_text(doc: Document) -> str:
    """The document's plain text: what ``wikikit text`` writes (see
    :meth:`Node.plain_text <wikikit.tree.Node.plain_text>`)."""
    return doc.plain_text()


def text_record(
    doc: Document, info: PageInfo | None, name: str | None, source: str
) -> dict[str, Any]:
    """The ``wikikit text`` record of a parsed document."""
    record = meta_record(info, name)
    record["text"] = plain_text(doc)
    record["sections"] = [s.title for s in doc.all_sections()]
    record["source"] = source
    return record


def json_record(tree: str, info: PageInfo | None, name: str | None, source: str) -> dict[str, Any]:
    """The ``wikikit json`` table record: metadata and the tree as a JSON string."""
    record = meta_record(info, name)
    record["tree"] = tree
    record["source"] = source
    return record


def parquet_schema(columns: Sequence[str]) -> Any:
    """The pyarrow schema of the text or json table (``timestamp`` in UTC, milliseconds:
    Parquet has no seconds)."""
    import pyarrow as pa

    types = {
        "title": pa.string(),
        "page_id": pa.int64(),
        "namespace": pa.int32(),
        "revision_id": pa.int64(),
        "timestamp": pa.timestamp("ms", tz="UTC"),
        "content_model": pa.string(),
        "redirect": pa.string(),
        "text": pa.large_string(),
        "sections": pa.list_(pa.string()),
        "tree": pa.large_string(),
        "source": pa.string(),
    }
    return pa.schema([(c, types[c]) for c in columns])


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        # Python 3.10's fromisoformat does not read a trailing Z.
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _temporary_beside(path: str) -> tuple[int, str]:
    directory = os.path.dirname(os.path.abspath(path))
    return tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")


def _publish(tmp: str, path: str) -> None:
    """Rename ``tmp`` over ``path`` as :class:`~wikikit.cli.output.AtomicFile` does: a
    replaced file keeps its permission bits, and its new bytes are on disk first."""
    try:
        mode = os.stat(path).st_mode & 0o7777
        existed = True
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode, existed = 0o666 & ~umask, False  # mkstemp makes 0600 files
    if existed:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


class ParquetWriter:
    """Records as a Parquet file, written in row groups so memory stays bounded.

    A row group holds up to ``group_rows`` records or about ``group_bytes``
    bytes of text, whichever comes first; zstd-compressed. Failures (pyarrow
    missing, a full disk) are :class:`~wikikit.cli.output.OutputError` values
    naming the path, with nothing half-written left behind.
    """

    def __init__(
        self,
        path: str,
        columns: Sequence[str],
        *,
        group_rows: int = 10_000,
        group_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise OutputError(
                path, "Parquet output needs pyarrow: pip install 'wikikit[parquet]'"
            ) from None
        self.path: str | None = path
        self.columns = tuple(columns)
        self.schema = parquet_schema(self.columns)
        self.group_rows = group_rows
        self.group_bytes = group_bytes
        self.rows = 0
        try:
            fd, self._tmp = _temporary_beside(path)
            os.close(fd)
        except OSError as e:
            raise OutputError(path, e.strerror or str(e)) from None
        try:
            self._writer = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")
        except OSError as e:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            raise OutputError(path, str(e)) from None
        self._pending: dict[str, list[Any]] = {c: [] for c in self.columns}
        self._pending_rows = 0
        self._pending_bytes = 0
        self._done = False

    def write(self, record: dict[str, Any]) -> None:
        for c in self.columns:
            value = record.get(c)
            if c == "timestamp":
                value = _timestamp(value)
            elif isinstance(value, str):
                self._pending_bytes += len(value)
            self._pending[c].append(value)
        self._pending_rows += 1
        if self._pending_rows >= self.group_rows or self._pending_bytes >= self.group_bytes:
            self._flush()

    def _flush(self) -> None:
        if not self._pending_rows:
            return
        import pyarrow as pa

        batch = pa.record_batch(
            [pa.array(self._pending[c], type=self.schema.field(c).type) for c in self.columns],
            schema=self.schema,
        )
        try:
            self._writer.write_batch(batch)
        except OSError as e:
            self.discard()
            raise OutputError(str(self.path), str(e)) from None
        self.rows += self._pending_rows
        self._pending = {c: [] for c in self.columns}
        self._pending_rows = self._pending_bytes = 0

    def commit(self) -> None:
        if self._done:
            return
        self._flush()
        assert self.path is not None
        try:
            self._writer.close()
            self._done = True
            _publish(self._tmp, self.path)
        except OSError as e:
            self._done = False
            self.discard()
            raise OutputError(self.path, str(e)) from None

    def discard(self) -> None:
        if self._done:
            return
        self._done = True
        with contextlib.suppress(Exception):
            self._writer.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)
