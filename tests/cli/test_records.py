"""Records of wikikit text and json, and the Parquet writer (wikikit.cli.tables)."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from wikikit.cli.tables import (
    JSON_COLUMNS,
    TEXT_COLUMNS,
    ParquetWriter,
    is_parquet,
    json_record,
    text_record,
)
from wikikit.parser import parse
from wikikit.sources.pages import PageInfo

INFO = PageInfo("Alpha", 0, 10, 105, "2021-06-01T12:30:00Z", "wikitext", None)


def test_text_record_has_metadata_text_and_section_titles() -> None:
    doc = parse("Intro '''bold'''.\n== One ==\nx\n=== Two ===\ny\n== Three ==\n", name="Alpha")
    record = text_record(doc, INFO, "Alpha", "d.xml#Alpha")
    assert list(record) == list(TEXT_COLUMNS)
    assert record["page_id"] == 10 and record["revision_id"] == 105
    assert record["sections"] == ["One", "Two", "Three"]
    assert record["text"].startswith("Intro bold.")
    # A plain file has no page metadata: only its name as the title.
    plain = text_record(doc, None, "a file", "a.wiki")
    assert plain["title"] == "a file" and plain["page_id"] is None and plain["namespace"] is None


def test_parquet_file_reads_back_with_types(tmp_path: Path) -> None:
    path = str(tmp_path / "out.parquet")
    writer = ParquetWriter(path, TEXT_COLUMNS, group_rows=2)
    doc = parse("x\n== S ==\n", name="Alpha")
    for i in range(5):
        record = text_record(doc, INFO, "Alpha", f"src{i}")
        writer.write(record)
    writer.write(text_record(doc, None, "plain", "p.wiki"))
    assert not os.path.exists(path)  # nothing at the target before commit
    writer.commit()
    table = pq.read_table(path)
    assert table.column_names == list(TEXT_COLUMNS)
    assert table.num_rows == 6 and pq.ParquetFile(path).num_row_groups == 3
    rows = table.to_pylist()
    assert rows[0]["timestamp"] == datetime(2021, 6, 1, 12, 30, tzinfo=timezone.utc)
    assert rows[0]["sections"] == ["S"] and rows[0]["namespace"] == 0
    assert rows[5]["page_id"] is None and rows[5]["timestamp"] is None
    assert str(table.schema.field("timestamp").type) == "timestamp[ms, tz=UTC]"
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]  # no temporary left


def test_json_table_has_the_tree_as_a_column(tmp_path: Path) -> None:
    path = str(tmp_path / "t.parquet")
    writer = ParquetWriter(path, JSON_COLUMNS)
    writer.write(json_record('{"type": "Document"}', INFO, "Alpha", "s"))
    writer.commit()
    [row] = pq.read_table(path).to_pylist()
    assert json.loads(row["tree"]) == {"type": "Document"} and row["title"] == "Alpha"


def test_discard_leaves_nothing(tmp_path: Path) -> None:
    writer = ParquetWriter(str(tmp_path / "x.parquet"), TEXT_COLUMNS)
    writer.write({"title": "a"})
    writer.discard()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "expected"), [("a.parquet", True), ("A.PARQUET", True), ("a.jsonl", False)]
)
def test_is_parquet(name: str, expected: bool) -> None:
    assert is_parquet(name) is expected
