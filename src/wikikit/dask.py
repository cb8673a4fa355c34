"""Whole dumps on a Dask cluster: :func:`read_dump` gives a ``dask.bag.Bag`` of pages.

Needs the optional extra ``wikikit[dask]``. A multistream dump with its index
(found beside it, or given) is one partition per group of bz2 streams, read
by the worker that processes it; any other dump is one partition. The
records are :class:`~wikikit.sources.pages.Page` values (title, namespace,
page and revision ids, timestamp, content model, redirect target, text)::

    import wikikit.dask as wd
    pages = wd.read_dump("enwiki-20240101-pages-articles-multistream.xml.bz2",
                         namespaces=[0])
    docs = pages.map(wd.parse)                      # wikikit.parse on each page
    html = pages.map(wd.to_html)                    # wikikit.to_html
    failed = pages.map(wd.check).filter(lambda r: r.failed)
    wd.to_parquet(pages.map(wd.text_record), "enwiki-text/")   # one file per partition

Every worker needs wikikit installed (the same version) and the dump at the
same path (a shared file system or object store mount).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wikikit.cli.checks import DocumentResult, registry, run_checks
from wikikit.cli.tables import TEXT_COLUMNS, ParquetWriter
from wikikit.cli.tables import text_record as _text_record
from wikikit.html import HtmlOutput
from wikikit.html import to_html as _to_html
from wikikit.parser import parse as _parse
from wikikit.sources.items import WIKITEXT, Skipped
from wikikit.sources.multistream import DumpFile, Work, check_index, find_index, plan_parts
from wikikit.sources.pages import Page, Selection
from wikikit.sources.siteinfo import site_config
from wikikit.tree import Document

if TYPE_CHECKING:
    import dask.bag

__all__ = [
    "PARTITION_BYTES",
    "DumpError",
    "check",
    "parse",
    "read_dump",
    "text_record",
    "to_html",
    "to_parquet",
]

#: Compressed bytes of a multistream dump per partition (about four times as much text).
PARTITION_BYTES = 16 * 1024 * 1024


class DumpError(ValueError):
    """A dump (or part of one) could not be read; the message says where."""


def read_dump(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    index: str | os.PathLike[str] | None = None,
    namespaces: Collection[int] | None = None,
    content_models: Collection[str] | None = (WIKITEXT,),
    all_revisions: bool = False,
    blocksize: int = PARTITION_BYTES,
    errors: str = "raise",
) -> dask.bag.Bag:
    """The pages of one or more MediaWiki XML dumps as a Dask bag.

    ``index`` is the multistream index of a single dump (by default looked
    for beside each ``*-multistream.xml.bz2``); ``blocksize`` the compressed
    bytes per partition of a multistream dump. ``namespaces`` and
    ``content_models`` choose pages (default: every namespace, wikitext
    only); ``all_revisions`` reads every revision of a full-history dump.
    Pages left out, and revisions whose text is deleted or missing, are not in
    the bag. A part of a dump that cannot be read raises :class:`DumpError`
    when computed, or is dropped with ``errors="ignore"``.
    """
    import dask.bag as db

    if errors not in ("raise", "ignore"):
        raise ValueError(f"errors must be 'raise' or 'ignore', not {errors!r}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = [os.fspath(p) for p in paths]
    if index is not None and len(names) != 1:
        raise ValueError("index= is for a single dump; other dumps find theirs beside them")
    selection = Selection.of(namespaces, content_models, all_revisions)
    works: list[Work] = []
    for path in names:
        if not os.path.isfile(path):
            raise FileNotFoundError(path)
        found = os.fspath(index) if index is not None else find_index(path)
        problem = check_index(path, found) if found is not None else None
        if problem is not None:
            if index is not None:
                raise DumpError(f"{path}: {problem}")
            found = None
        if found is None:
            works.append(DumpFile(path, selection))
        else:
            works.extend(plan_parts(path, found, selection, blocksize))
    if not works:
        return db.from_sequence([], npartitions=1)
    bag = db.from_sequence(works, npartitions=len(works))
    return bag.map_partitions(_read_works, errors == "raise")


def _read_works(works: Iterable[Work], raise_errors: bool) -> Iterator[Page]:
    for work in works:
        for item in work.read():
            if isinstance(item, Page):
                yield item
            elif not isinstance(item, Skipped) and raise_errors:
                raise DumpError(item.describe())


def parse(page: Page, **options: Any) -> Document:
    """:func:`wikikit.parse` of a page's text, named by its title, as a page of its
    dump's wiki (namespaces and language from the dump's ``<siteinfo>``)."""
    options.setdefault("site", site_config(page.site))
    return _parse(page.text, name=page.title, **options)


def to_html(page: Page, **options: Any) -> HtmlOutput:
    """:func:`wikikit.to_html` of a page, as a page of its dump's wiki (links to the
    page itself render as self-links)."""
    options.setdefault("page_title", page.title)
    options.setdefault("site", site_config(page.site))
    return _to_html(page.text, **options)


def check(page: Page, checks: Sequence[str] | None = None) -> DocumentResult:
    """The round-trip checks of ``wikikit check`` on a page (all registered ones by default)."""
    names = tuple(registry.CHECKS) if checks is None else tuple(checks)
    return run_checks(page.text, source=page.source, name=page.title, size=page.size, checks=names)


def text_record(page: Page) -> dict[str, Any]:
    """The ``wikikit text`` record of a page: metadata, plain text, section titles, source."""
    return _text_record(parse(page), page.info, page.title, page.source)


def to_parquet(
    records: dask.bag.Bag, folder: str | os.PathLike[str], columns: Sequence[str] = TEXT_COLUMNS
) -> list[str]:
    """Write a bag of records (:func:`text_record`) as Parquet, one file per partition.

    Computes the bag; returns the files written (``part-00000.parquet`` …), a
    dataset that ``datasets.load_dataset("parquet", data_files=...)`` reads.
    """
    import dask

    out = os.fspath(folder)
    os.makedirs(out, exist_ok=True)
    tasks = [
        dask.delayed(_write_partition)(part, os.path.join(out, f"part-{i:05d}.parquet"), columns)
        for i, part in enumerate(records.to_delayed())
    ]
    return list(dask.compute(*tasks))


def _write_partition(records: Iterable[dict[str, Any]], path: str, columns: Sequence[str]) -> str:
    writer = ParquetWriter(path, columns)
    try:
        for record in records:
            writer.write(record)
    except BaseException:
        writer.discard()
        raise
    writer.commit()
    return path
