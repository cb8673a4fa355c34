"""Dumps as Dask bags (wikikit.dask), on the synchronous scheduler and on a local cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import dump_xml, write_dump
from wikikit.sources.dumps import iter_pages
from wikikit.sources.multistream import write_multistream

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import wikikit.dask as wd  # noqa: E402  (after the skip)

PAGES = [
    (f"Page {i}", [f"Intro {i}.\n== Part {i} ==\n'''Bold''' [[link|text]] {i}\n" * (i % 3 + 1)])
    for i in range(1, 36)
]


@pytest.fixture
def multistream(tmp_path: Path) -> str:
    dump = str(tmp_path / "xxwiki-pages-articles-multistream.xml.bz2")
    index = str(tmp_path / "xxwiki-pages-articles-multistream-index.txt.bz2")
    write_multistream(dump_xml(PAGES).decode(), dump, index, pages_per_stream=5)
    return dump


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    # Threads, not processes: quick to start, and enough to exercise the cluster path.
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_partitions_follow_the_streams(multistream: str) -> None:
    bag = wd.read_dump(multistream, blocksize=1)
    assert bag.npartitions == 7  # 35 pages in streams of 5
    got = bag.compute(scheduler="sync")
    want = list(iter_pages(multistream))
    assert [(p.title, p.text, p.page_id) for p in got] == [
        (p.title, p.text, p.page_id)  # type: ignore[union-attr]
        for p in want
    ]
    assert wd.read_dump(multistream).npartitions == 1  # all streams fit in one block


def test_other_dumps_are_one_partition_each(tmp_path: Path) -> None:
    a = write_dump(tmp_path / "a.xml", [("A", ["a"])])
    b = write_dump(tmp_path / "b.xml.gz", [("B", ["b"]), ("C", ["c"])])
    bag = wd.read_dump([a, b])
    assert bag.npartitions == 2
    assert [p.title for p in bag.compute(scheduler="sync")] == ["A", "B", "C"]


def test_errors_raise_or_are_dropped(tmp_path: Path) -> None:
    data = dump_xml([("A", ["alpha"]), ("B", ["beta"])])
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: data.index(b"beta")])
    with pytest.raises(wd.DumpError, match="malformed XML"):
        wd.read_dump(path).compute(scheduler="sync")
    pages = wd.read_dump(path, errors="ignore").compute(scheduler="sync")
    assert [p.title for p in pages] == ["A"]
    with pytest.raises(FileNotFoundError):
        wd.read_dump(tmp_path / "none.xml")


def test_given_index_must_fit(multistream: str, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("3:1:x\n", encoding="utf-8")
    with pytest.raises(wd.DumpError, match="no bz2 stream at byte 3"):
        wd.read_dump(multistream, index=wrong)


def test_on_a_local_cluster(multistream: str, client: object, tmp_path: Path) -> None:
    pages = wd.read_dump(multistream, blocksize=1)
    # parse, render, check and text records all run on the workers.
    docs = pages.map(wd.parse).compute()
    assert [d.title for d in docs] == [f"Page {i}" for i in range(1, 36)]
    html = pages.map(wd.to_html).compute()
    assert '<a href="/wiki/Link" title="Link">text</a>' in html[0]
    results = pages.map(wd.check, checks=["parse", "exact"]).compute()
    assert all(not r.failed for r in results) and len(results) == 35
    files = wd.to_parquet(pages.map(wd.text_record), tmp_path / "out")
    assert len(files) == 7
    table = pq.read_table(tmp_path / "out")
    assert table.num_rows == 35
    first = sorted(table.to_pylist(), key=lambda r: r["page_id"])[0]
    assert first["title"] == "Page 1" and first["sections"] == ["Part 1", "Part 1"]
    assert first["text"].startswith("Intro 1.")


def test_namespaces_choose_pages(multistream: str) -> None:
    assert wd.read_dump(multistream, namespaces=[1]).count().compute(scheduler="sync") == 0
    assert wd.read_dump(multistream, namespaces=[0]).count().compute(scheduler="sync") == 35
