"""Records for ``wikikit text`` and ``wikikit json``, and the files they go to.

A record is a dict: the page metadata (``title``, ``page_id``, ``namespace``,
``revision_id``, ``timestamp``, ``content_model``, ``redirect``; None for
documents that are not dump pages), then ``text`` and ``sections`` (the
section titles) for text, ``tree`` (the document as JSON) for json, and
``source``. :class:`JsonLinesWriter` writes one record per line;
:class:`ParquetWriter` writes a Parquet file in row groups with pyarrow (the
optional extra ``wikikit[parquet]``), ready for ``datasets.load_dataset("parquet", ...)``.
Both write to a temporary file renamed over the target on :meth:`commit`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from typing import IO, Any, Protocol

from wikikit.sources.pages import PageInfo
from wikikit.tree import Document

__all__ = [
    "JSON_COLUMNS",
    "META_COLUMNS",
    "TEXT_COLUMNS",
    "JsonLinesWriter",
    "ParquetWriter",
    "RecordWriter",
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


class RecordWriter(Protocol):
    """Where records go: written in order, then committed (or discarded)."""

    path: str | None

    def write(self, record: dict[str, Any]) -> None: ...

    def commit(self) -> None: ...

    def discard(self) -> None: ...


def _temporary_beside(path: str) -> tuple[int, str]:
    directory = os.path.dirname(os.path.abspath(path))
    return tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")


def _publish(tmp: str, path: str) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files
    os.replace(tmp, path)


class JsonLinesWriter:
    """Records as JSON Lines, to ``path`` (atomically) or to stdout (None or ``-``)."""

    def __init__(self, path: str | None, stream: IO[str] | None = None) -> None:
        self.path = None if path in (None, "-") else path
        self._tmp: str | None = None
        self.stream: IO[str]
        if self.path is None:
            self.stream = stream if stream is not None else sys.stdout
            return
        fd, self._tmp = _temporary_beside(self.path)
        self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in commit)

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def commit(self) -> None:
        if self._tmp is None or self.path is None:
            self.stream.flush()
            return
        self.stream.close()
        _publish(self._tmp, self.path)
        self._tmp = None

    def discard(self) -> None:
        if self._tmp is not None:
            self.stream.close()
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None


class ParquetWriter:
    """Records as a Parquet file, written in row groups so memory stays bounded.

    A row group holds up to ``group_rows`` records or about ``group_bytes``
    bytes of text, whichever comes first; zstd-compressed.
    """

    def __init__(
        self,
        path: str,
        columns: Sequence[str],
        *,
        group_rows: int = 10_000,
        group_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError as e:
            raise RuntimeError(
                "Parquet output needs pyarrow: pip install 'wikikit[parquet]'"
            ) from e
        self.path: str | None = path
        self.columns = tuple(columns)
        self.schema = parquet_schema(self.columns)
        self.group_rows = group_rows
        self.group_bytes = group_bytes
        self.rows = 0
        fd, self._tmp = _temporary_beside(path)
        os.close(fd)
        self._writer = pq.ParquetWriter(self._tmp, self.schema, compression="zstd")
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
        self._writer.write_batch(batch)
        self.rows += self._pending_rows
        self._pending = {c: [] for c in self.columns}
        self._pending_rows = self._pending_bytes = 0

    def commit(self) -> None:
        if self._done:
            return
        self._flush()
        self._writer.close()
        self._done = True
        assert self.path is not None
        _publish(self._tmp, self.path)

    def discard(self) -> None:
        if self._done:
            return
        self._done = True
        with contextlib.suppress(Exception):
            self._writer.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)
