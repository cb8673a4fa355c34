"""Multistream dumps split at their bz2 streams (wikikit.sources.multistream)."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest

from conftest import dump_xml
from wikikit.sources import InputError
from wikikit.sources.dumps import iter_pages
from wikikit.sources.multistream import (
    DumpPart,
    check_index,
    find_index,
    iter_stream_offsets,
    plan_parts,
    write_multistream,
)
from wikikit.sources.pages import Page, Selection

PAGES = [(f"Page {i}", [f"text of page {i} & more\r\n" * (i % 7 + 1)]) for i in range(1, 48)]


def make(tmp_path: Path, pages_per_stream: int = 10) -> tuple[str, str]:
    dump = str(tmp_path / "xxwiki-20240101-pages-articles-multistream.xml.bz2")
    index = str(tmp_path / "xxwiki-20240101-pages-articles-multistream-index.txt.bz2")
    n, streams = write_multistream(dump_xml(PAGES).decode(), dump, index, pages_per_stream)
    assert n == 47 and streams == 1 + 5 + 1  # head, 5 streams of pages, tail
    return dump, index


def read_all(parts: list[DumpPart]) -> list[object]:
    return [item for part in parts for item in part.read()]


def test_the_written_dump_is_wikipedias_layout(tmp_path: Path) -> None:
    dump, index = make(tmp_path)
    lines = bz2.decompress(Path(index).read_bytes()).decode().splitlines()
    assert len(lines) == 47 and lines[0].split(":", 2)[1:] == ["1", "Page 1"]
    offsets = list(iter_stream_offsets(index))
    assert len(offsets) == 5 and offsets == sorted(offsets)
    raw = Path(dump).read_bytes()
    # Each offset starts an independent bz2 stream of whole pages.
    first = bz2.BZ2Decompressor().decompress(raw[offsets[0] :])
    assert first.startswith(b"<page>") and first.rstrip().endswith(b"</page>")
    assert first.count(b"<page>") == 10
    head = bz2.BZ2Decompressor().decompress(raw[: offsets[0]])
    assert b"<siteinfo>" in head and b"<page>" not in head


def test_index_found_beside_the_dump(tmp_path: Path) -> None:
    dump, index = make(tmp_path)
    assert find_index(dump) == index
    split = tmp_path / "enwiki-20240101-pages-articles-multistream3.xml-p1p41242.bz2"
    split_index = tmp_path / "enwiki-20240101-pages-articles-multistream-index3.txt-p1p41242.bz2"
    split.write_bytes(b"")
    assert find_index(str(split)) is None
    split_index.write_bytes(b"")
    assert find_index(str(split)) == str(split_index)
    assert find_index(str(tmp_path / "other.xml.bz2")) is None


@pytest.mark.parametrize("part_bytes", [1, 300, 10**9])
def test_parts_read_the_same_pages_as_a_sequential_read(tmp_path: Path, part_bytes: int) -> None:
    dump, index = make(tmp_path)
    assert check_index(dump, index) is None
    parts = list(plan_parts(dump, index, Selection(), part_bytes))
    if part_bytes == 1:
        assert len(parts) == 5
    if part_bytes == 10**9:
        assert len(parts) == 1
    assert parts[-1].end is None and parts[0].start == next(iter_stream_offsets(index))
    got = [(p.title, p.page_id, p.text, p.source, p.site) for p in read_all(parts)]  # type: ignore[attr-defined]
    want = [(p.title, p.page_id, p.text, p.source, p.site) for p in iter_pages(dump)]  # type: ignore[union-attr]
    assert got == want and len(got) == 47
    assert got[0][4] is not None and got[0][4][1] == "enwiki"  # the head's siteinfo


@pytest.mark.parametrize("part_bytes", [1, 10**9])
def test_a_corrupt_stream_is_an_error_for_that_stream_only(tmp_path: Path, part_bytes: int) -> None:
    dump, index = make(tmp_path)
    offsets = list(iter_stream_offsets(index))
    raw = bytearray(Path(dump).read_bytes())
    middle = (offsets[2] + offsets[3]) // 2
    raw[middle : middle + 8] = b"\x00" * 8
    Path(dump).write_bytes(bytes(raw))
    parts = list(plan_parts(dump, index, Selection(), part_bytes))
    items = read_all(parts)
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and "compressed data" in errors[0].message
    where = errors[0].where or ""
    assert f"bz2 stream at bytes {offsets[2]}-{offsets[3]} (from page 'Page 21')" in where
    # Within one part too, the streams after the damaged one are read.
    if part_bytes != 1:
        assert "after page 'Page 20'" in where
    titles = [i.title for i in items if isinstance(i, Page)]
    assert len(titles) == 37 and "Page 21" not in titles and "Page 31" in titles


def test_broken_xml_in_a_stream_is_an_error_for_that_stream_only(tmp_path: Path) -> None:
    dump, index = make(tmp_path)
    offsets = list(iter_stream_offsets(index))
    raw = Path(dump).read_bytes()
    stream = bz2.decompress(raw[offsets[1] : offsets[2]]).replace(b"</title>", b"</titel>", 1)
    Path(dump).write_bytes(raw[: offsets[1]] + bz2.compress(stream) + raw[offsets[2] :])
    shift = len(bz2.compress(stream)) - (offsets[2] - offsets[1])
    index_lines = bz2.decompress(Path(index).read_bytes()).decode().splitlines()
    fixed = []
    for line in index_lines:
        off, rest = line.split(":", 1)
        fixed.append(f"{int(off) + shift if int(off) >= offsets[2] else off}:{rest}\n")
    Path(index).write_bytes(bz2.compress("".join(fixed).encode()))
    items = read_all(list(plan_parts(dump, index, Selection())))
    [error] = [i for i in items if isinstance(i, InputError)]
    assert "malformed XML" in error.message and "from page 'Page 11'" in (error.where or "")
    assert len([i for i in items if isinstance(i, Page)]) == 37


def test_a_cut_dump_reports_the_cut_stream(tmp_path: Path) -> None:
    dump, index = make(tmp_path)
    raw = Path(dump).read_bytes()
    Path(dump).write_bytes(raw[: len(raw) - 40])  # into the last page stream's end
    items = read_all(list(plan_parts(dump, index, Selection(), 1)))
    assert isinstance(items[-1], InputError)
    assert "truncated" in items[-1].message or "corrupt" in items[-1].message


def test_wrong_index_is_detected(tmp_path: Path) -> None:
    dump, _ = make(tmp_path)
    wrong = tmp_path / "wrong-index.txt"
    wrong.write_text("7:1:Page 1\n", encoding="utf-8")
    message = check_index(dump, str(wrong))
    assert message is not None and "no bz2 stream at byte 7" in message
    assert "cannot read the index" in (check_index(dump, str(tmp_path / "none.txt")) or "")


def test_index_that_goes_backwards_ends_in_one_last_part(tmp_path: Path) -> None:
    dump, index = make(tmp_path)
    offsets = list(iter_stream_offsets(index))
    bad = tmp_path / "bad-index.txt"
    bad.write_text(
        f"{offsets[0]}:1:a\n{offsets[1]}:2:b\n{offsets[0]}:3:c\n{offsets[3]}:4:d\n",
        encoding="utf-8",
    )
    parts = list(plan_parts(dump, str(bad), Selection(), 1))
    assert [(p.start, p.end) for p in parts] == [(offsets[0], offsets[1]), (offsets[1], None)]
    assert len([i for i in read_all(parts) if isinstance(i, Page)]) == 47


def test_no_entity_can_be_declared_inside_a_stream(tmp_path: Path) -> None:
    dump = tmp_path / "evil-multistream.xml.bz2"
    head = dump_xml([])[: dump_xml([]).index(b"</mediawiki>")]
    stream = (
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<page><title>X</title><ns>0</ns><id>1</id><revision><id>1</id>"
        b"<text>&b;</text></revision></page>"
    )
    first = len(bz2.compress(head))
    dump.write_bytes(bz2.compress(head) + bz2.compress(stream) + bz2.compress(b"</mediawiki>"))
    index = tmp_path / "evil-multistream-index.txt"
    index.write_text(f"{first}:1:X\n", encoding="utf-8")
    items = read_all(list(plan_parts(str(dump), str(index), Selection())))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "malformed XML" in items[0].message


def test_selection_travels_with_the_parts(tmp_path: Path) -> None:
    dump, index = make(tmp_path)
    parts = list(plan_parts(dump, index, Selection.of(namespaces=[1]), 1))
    items = read_all(parts)
    assert not any(isinstance(i, Page) for i in items)
    assert sum(getattr(i, "count", 0) for i in items) == 47
