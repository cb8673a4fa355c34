"""The ordered, bounded worker pipeline behind every command that reads PATHs.

Documents go to ``--jobs`` worker processes (or a Dask cluster, see
:mod:`~wikikit.cli.engines`) in batches; results come back in input order as
they finish, with a bounded number of batches in flight, so memory stays flat
however large the input is. The parts of a multistream dump
(:class:`~wikikit.sources.DumpPart`) go out unread: each worker decompresses
and reads its own bz2 streams.
"""

from __future__ import annotations

import difflib
import json
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from wikikit.cli.checks import DocumentResult, load_plugins, run_checks
from wikikit.cli.engines import DaskEngine, Engine, FutureLike, ProcessEngine
from wikikit.cli.outline import format_outline
from wikikit.cli.tables import json_record, plain_text, text_record
from wikikit.cli.templates import TemplateSource
from wikikit.html import to_html
from wikikit.parser import parse, paused_gc
from wikikit.sources import (
    DocumentInput,
    InputError,
    InputItem,
    InputWarning,
    PageInfo,
    Skipped,
    Work,
    work_inputs,
)
from wikikit.sources.multistream import DumpFile, DumpPart
from wikikit.sources.siteinfo import site_config
from wikikit.tree import Document, document_to_json
from wikikit.tree.json import node_to_dict
from wikikit.wikitext.convert import convert
from wikikit.wikitext.formatter import format

__all__ = ["Item", "Rendered", "Result", "Task", "pipeline"]

#: Documents are sent to workers in batches of about this many bytes (or documents):
#: one document per task would spend more time pickling than parsing small pages.
BATCH_BYTES = 256 * 1024


BATCH_DOCS = 32


#: Batches in flight per worker: enough to keep workers busy, few enough that memory
#: stays bounded however large the dump is.
IN_FLIGHT_PER_JOB = 3


@dataclass(frozen=True)
class Task:
    """What to do with each document; small, pickled with every batch."""

    kind: str  # "check", "html", "json", "outline", "text", "fmt" or "convert"
    dialect: str = "auto"
    checks: tuple[str, ...] = ()
    #: Modules that register checks; workers import them (spawned ones start empty).
    plugins: tuple[str, ...] = ()
    standalone: bool = False
    pretty: bool = False
    diff: bool = False  # fmt: a unified diff instead of the formatted text
    to: str = ""  # convert: the dialect to write
    #: The page title (``--title``; convert: the export's title). Default: the
    #: document's name.
    title: str | None = None
    #: json and text: "table" gives a record (for Parquet) instead of text; text:
    #: "plain" the text alone, else a JSON Lines record.
    form: str = ""
    #: The wiki whose templates expand each document first (``--templates``).
    templates: TemplateSource | None = None
    link_base: str = "/wiki/"


@dataclass(frozen=True)
class Rendered:
    """One document rendered by html/json/outline/text/fmt/convert: ``output`` or ``error``.

    ``changed`` says whether fmt's result differs from the input; ``record`` is
    the table row of ``form="table"`` (``output`` is then empty).
    """

    source: str
    name: str | None
    path: str | None
    size: int
    output: str | None
    error: str | None = None
    changed: bool = False
    record: dict[str, Any] | None = None


Result = DocumentResult | Rendered | InputError | InputWarning | Skipped

#: What the pipeline takes: documents (and what else an input gives), or a part of a
#: dump for a worker to read.
Item = InputItem | Work


def _work(task: Task, batch: list[Item]) -> list[Result]:
    out: list[Result] = []
    for item in batch:
        if isinstance(item, (DumpPart, DumpFile)):
            out.extend(_work_one(task, doc) for doc in work_inputs(item))
        else:
            out.append(_work_one(task, item))
    return out


def _work_one(task: Task, item: InputItem) -> Result:
    # A document's trees are built, used and dropped with the collector paused: they
    # are freed by reference counting before it could scan them even once.
    with paused_gc():
        return _document_work(task, item)


def _document_work(task: Task, item: InputItem) -> Result:
    if isinstance(item, (InputError, InputWarning, Skipped)):
        return item
    if task.kind == "check":
        load_plugins(task.plugins)
        return run_checks(
            item.text,
            source=item.source,
            name=item.name,
            size=item.size,
            dialect=task.dialect,
            checks=task.checks,
            wiki=None if task.templates is None else task.templates.open(),
        )
    try:
        if task.kind == "fmt":
            return _format(task, item)
        if task.form == "table":
            record = _record(task, item)
            return Rendered(item.source, item.name, item.path, item.size, "", record=record)
        output = _render(task, item)
    except Exception as e:  # reported per document; the other documents go on
        return Rendered(
            item.source, item.name, item.path, item.size, None, f"{type(e).__name__}: {e}"
        )
    return Rendered(item.source, item.name, item.path, item.size, output)


def _name(task: Task, item: DocumentInput) -> str | None:
    """The document's page title: ``--title``, else the file's or the dump page's."""
    return task.title if task.title is not None else item.name


def _given_title(task: Task, item: DocumentInput) -> str | None:
    """The page title given from outside the text (``--title``, a dump page's title),
    which a standalone page shows before the export's own title line."""
    if task.title is not None:
        return task.title
    return item.page.title if item.page is not None else None


def _parse(task: Task, item: DocumentInput) -> Document:
    """The document's source tree (never expanded)."""
    return parse(
        item.text,
        dialect=cast(Any, task.dialect),
        name=_name(task, item),
        site=site_config(item.site),
    )


def _expanded(task: Task, item: DocumentInput) -> Document:
    """The document as rendered: expanded with the ``--templates`` wiki when there is
    one, else its source tree."""
    if task.templates is None:
        return _parse(task, item)
    name = _name(task, item)
    doc: Document = task.templates.open().parse_expanded(
        item.text, title=name or "Main Page", dialect=cast(Any, task.dialect), name=name
    )
    return doc


def _record(task: Task, item: DocumentInput) -> dict[str, Any]:
    name = _name(task, item)
    if task.kind == "json":
        tree = document_to_json(_parse(task, item))
        return json_record(tree, item.page, name, item.source)
    return text_record(_expanded(task, item), item.page, name, item.source)


def _expansion(task: Task, item: DocumentInput) -> dict[str, Any] | None:
    """What expanding the document with ``--templates`` gave, for ``wikikit json``."""
    if task.templates is None:
        return None
    name = _name(task, item)
    page = task.templates.open().expand_page(item.text, title=name or "Main Page")
    return {
        "display_title": page.display_title,
        "default_sort": page.default_sort,
        "categories": list(page.categories),
        "templates": list(page.templates),
        "warnings": list(page.warnings),
    }


def _document_json(
    doc: Document,
    page: PageInfo | None,
    indent: int | None,
    expansion: dict[str, Any] | None = None,
) -> str:
    """The tree as JSON; a dump page's metadata joins the document's own keys after
    ``title`` (:func:`~wikikit.tree.from_dict` reads the fields and ignores them), and so
    does ``expansion`` (what ``--templates`` expansion set) under that key."""
    data = node_to_dict(doc)
    meta: dict[str, Any] = {}
    if page is not None:
        meta = page.to_dict()
        del meta["title"]
    if expansion is not None:
        meta["expansion"] = expansion
    if meta:
        head = {k: data.pop(k) for k in list(data) if k in ("type", "schema", "title")}
        data = {**head, **meta, **data}
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _format(task: Task, item: DocumentInput) -> Rendered:
    text = item.text
    site = site_config(item.site)
    out = format(parse(text, dialect=cast(Any, task.dialect), name=item.name, site=site))
    changed = out != text
    if task.diff:
        out = _unified_diff(text, out, item.source) if changed else ""
    return Rendered(item.source, item.name, item.path, item.size, out, changed=changed)


def _unified_diff(before: str, after: str, source: str) -> str:
    name = "stdin" if source == "-" else source
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        name,
        f"{name} (formatted)",
    )
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def _render(task: Task, item: DocumentInput) -> str:
    if task.kind == "convert":
        title = task.title if task.title is not None else item.name
        site = site_config(item.site)
        doc = parse(item.text, dialect=cast(Any, task.dialect), name=title, site=site)
        return convert(doc, to=task.to, title=title)
    if task.kind == "json":
        doc = _parse(task, item)
        expansion = _expansion(task, item)
        return _document_json(doc, item.page, 2 if task.pretty else None, expansion) + "\n"
    if task.kind == "outline":
        return format_outline(_parse(task, item))
    doc = _expanded(task, item)
    if task.kind == "text":
        if task.form == "plain":
            text = plain_text(doc)
            return text if not text or text.endswith("\n") else text + "\n"
        record = text_record(doc, item.page, _name(task, item), item.source)
        return json.dumps(record, ensure_ascii=False) + "\n"
    html = str(
        to_html(
            doc,
            standalone=task.standalone,
            page_title=_given_title(task, item),
            link_base=task.link_base,
            # Wiki.to_html's rendering: a redirect shows as MediaWiki shows it.
            redirect_notice=True if task.templates is not None else None,
        )
    )
    return html if html.endswith("\n") else html + "\n"


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    batch: list[Item] = []
    size = 0
    for item in items:
        if isinstance(item, (DumpPart, DumpFile)):
            # A part of a dump is a batch of its own: the worker reads it.
            if batch:
                yield batch
                batch, size = [], 0
            yield [item]
            continue
        batch.append(item)
        size += item.size if isinstance(item, DocumentInput) else 0
        if size >= BATCH_BYTES or len(batch) >= BATCH_DOCS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _in_process(task: Task, items: Iterable[Item]) -> Iterator[Result]:
    for item in items:
        if isinstance(item, (DumpPart, DumpFile)):
            for doc in work_inputs(item):
                yield _work_one(task, doc)
        else:
            yield _work_one(task, item)


def pipeline(
    task: Task,
    items: Iterable[Item],
    jobs: int,
    engine: str = "local",
    scheduler: str | None = None,
) -> Generator[Result, None, None]:
    """Results of ``task`` on every item, in input order, using ``jobs`` processes
    (``engine="local"``) or a Dask cluster (``engine="dask"``: the one at
    ``scheduler``, or a local cluster of ``jobs`` workers).

    At most ``IN_FLIGHT_PER_JOB`` batches per worker are read ahead, so memory is
    bounded on any input size. Locally, with one job or input that fits in one
    batch, documents run in this process (no pool to start for one small file).
    Starting the Dask engine may raise :class:`~wikikit.cli.engines.EngineError`.
    """
    batches = _batches(items)
    if engine == "local":
        if jobs <= 1:
            # One document at a time: Ctrl-C loses at most the document in progress.
            yield from _in_process(task, (item for batch in batches for item in batch))
            return
        first = next(batches, None)
        if first is None:
            return
        second = next(batches, None)
        if second is None:
            yield from _in_process(task, first)
            return
        # Run one tiny document first: the grammar and renderer load here, once, and
        # forked workers inherit them instead of each loading them again.
        _work_one(task, DocumentInput("", None, "x", None, 1))
        head = [first, second]
        runner: Engine = ProcessEngine(jobs)
    else:
        head = []
        runner = DaskEngine(scheduler, jobs)
    pending: deque[tuple[list[Item], FutureLike]] = deque()
    window = runner.slots * IN_FLIGHT_PER_JOB
    try:
        for batch in head:
            pending.append((batch, runner.submit(_work, task, batch)))
        for batch in batches:
            pending.append((batch, runner.submit(_work, task, batch)))
            # Block only when the window is full, but pass on finished work at once
            # so output and progress flow steadily.
            while pending and (len(pending) >= window or pending[0][1].done()):
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()
        runner.close()


def _collect(batch: list[Item], future: FutureLike) -> list[Result]:
    try:
        return cast(list[Result], future.result())
    except Exception as e:  # a worker died (killed, out of memory): report, don't crash
        failed = f"worker process failed ({type(e).__name__}: {e})"
        out: list[Result] = []
        for item in batch:
            if isinstance(item, (DumpPart, DumpFile)):
                out.append(InputError(item.path, failed, item.describe()))
            elif isinstance(item, DocumentInput):
                out.append(InputError(item.source, failed))
            else:
                out.append(item)
        return out
