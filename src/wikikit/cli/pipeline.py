"""The ordered, bounded worker pipeline behind every command that reads PATHs.

Documents go to ``--jobs`` worker processes in batches; results come back in
input order as they finish, with a bounded number of batches in flight, so
memory stays flat however large the input is.
"""

from __future__ import annotations

import difflib
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from wikikit.cli.checks import DocumentResult, load_plugins, run_checks
from wikikit.cli.outline import format_outline
from wikikit.html import to_html
from wikikit.parser import parse
from wikikit.sources import DocumentInput, InputError, InputItem, InputWarning
from wikikit.sources.siteinfo import site_config
from wikikit.tree import document_to_json
from wikikit.wikitext.convert import convert
from wikikit.wikitext.formatter import format

__all__ = ["Rendered", "Result", "Task", "pipeline"]

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

    kind: str  # "check", "html", "json", "outline", "fmt" or "convert"
    dialect: str = "auto"
    checks: tuple[str, ...] = ()
    #: Modules that register checks; workers import them (spawned ones start empty).
    plugins: tuple[str, ...] = ()
    standalone: bool = False
    pretty: bool = False
    diff: bool = False  # fmt: a unified diff instead of the formatted text
    to: str = ""  # convert: the dialect to write
    title: str | None = None  # convert: the export's title (default: the document's name)


@dataclass(frozen=True)
class Rendered:
    """One document rendered by html/json/outline/fmt/convert: ``output`` or ``error``.

    ``changed`` says whether fmt's result differs from the input.
    """

    source: str
    name: str | None
    path: str | None
    size: int
    output: str | None
    error: str | None = None
    changed: bool = False


Result = DocumentResult | Rendered | InputError | InputWarning


def _work(task: Task, batch: list[InputItem]) -> list[Result]:
    return [_work_one(task, item) for item in batch]


def _work_one(task: Task, item: InputItem) -> Result:
    if isinstance(item, (InputError, InputWarning)):
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
        )
    try:
        if task.kind == "fmt":
            return _format(task, item)
        output = _render(task, item)
    except Exception as e:  # reported per document; the other documents go on
        return Rendered(
            item.source, item.name, item.path, item.size, None, f"{type(e).__name__}: {e}"
        )
    return Rendered(item.source, item.name, item.path, item.size, output)


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
    site = site_config(item.site)
    if task.kind == "convert":
        title = task.title if task.title is not None else item.name
        doc = parse(item.text, dialect=cast(Any, task.dialect), name=title, site=site)
        return convert(doc, to=task.to, title=title)
    doc = parse(item.text, dialect=cast(Any, task.dialect), name=item.name, site=site)
    if task.kind == "json":
        return document_to_json(doc, indent=2 if task.pretty else None) + "\n"
    if task.kind == "outline":
        return format_outline(doc)
    html = str(to_html(doc, standalone=task.standalone))
    return html if html.endswith("\n") else html + "\n"


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group; only the main process handles it,
    # so workers finish their batch quietly instead of printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _batches(items: Iterable[InputItem]) -> Iterator[list[InputItem]]:
    batch: list[InputItem] = []
    size = 0
    for item in items:
        batch.append(item)
        size += item.size if isinstance(item, DocumentInput) else 0
        if size >= BATCH_BYTES or len(batch) >= BATCH_DOCS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _pool_context() -> Any:
    # fork on Linux: workers start in milliseconds and inherit the loaded grammar and
    # every registered check. Elsewhere (macOS: fork is unsafe there) the default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def pipeline(task: Task, items: Iterable[InputItem], jobs: int) -> Generator[Result, None, None]:
    """Results of ``task`` on every item, in input order, using ``jobs`` processes.

    At most ``jobs * IN_FLIGHT_PER_JOB`` batches are read ahead, so memory is
    bounded on any input size. With one job, or input that fits in one batch,
    documents run in this process (no pool to start for one small file).
    """
    if jobs <= 1:
        # One document at a time: Ctrl-C loses at most the document in progress.
        for item in items:
            yield _work_one(task, item)
        return
    batches = _batches(items)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None:
        for item in first:
            yield _work_one(task, item)
        return
    # Run one tiny document first: the grammar and renderer load here, once, and
    # forked workers inherit them instead of each loading them again.
    _work_one(task, DocumentInput("", None, "x", None, 1))
    executor = ProcessPoolExecutor(jobs, mp_context=_pool_context(), initializer=_ignore_sigint)
    pending: deque[tuple[list[InputItem], Future[list[Result]]]] = deque()
    try:

        def submit(batch: list[InputItem]) -> None:
            pending.append((batch, executor.submit(_work, task, batch)))

        submit(first)
        submit(second)
        for batch in batches:
            submit(batch)
            # Block only when the window is full, but pass on finished work at once
            # so output and progress flow steadily.
            while pending and (len(pending) >= jobs * IN_FLIGHT_PER_JOB or pending[0][1].done()):
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _collect(batch: list[InputItem], future: Future[list[Result]]) -> list[Result]:
    try:
        return future.result()
    except Exception as e:  # a worker died (killed, out of memory): report, don't crash
        return [
            item
            if isinstance(item, (InputError, InputWarning))
            else InputError(item.source, f"worker process failed ({type(e).__name__}: {e})")
            for item in batch
        ]
