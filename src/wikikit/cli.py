"""The ``wikikit`` command: html, json, outline and check over files, folders and dumps.

Every subcommand reads PATHs through :mod:`wikikit.sources` (files, folders,
``-`` for stdin, MediaWiki XML dumps), processes documents in ``--jobs``
worker processes with a bounded number of documents in flight, and writes
results in input order as they come. Exit codes: 0 ok, 1 a check (or a
rendering) failed, 2 usage or input error, 130 interrupted.
"""

from __future__ import annotations

import fnmatch
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, Any, ClassVar, TypeVar, cast

import click

from wikikit import __version__
from wikikit import checks as _checks
from wikikit.checks import DocumentResult, document_json, load_to_html, run_checks
from wikikit.report import Summary, error_record, failure_records, format_size, to_jsonl
from wikikit.sources import (
    DEFAULT_GLOBS,
    DocumentInput,
    InputError,
    InputItem,
    is_dump,
    iter_inputs,
    walk_folder,
)

__all__ = ["main"]

DIALECTS = ("auto", "mediawiki", "article")
EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

#: Documents are sent to workers in batches of about this many bytes (or documents):
#: one document per task would spend more time pickling than parsing small pages.
BATCH_BYTES = 256 * 1024
BATCH_DOCS = 32
#: Batches in flight per worker: enough to keep workers busy, few enough that memory
#: stays bounded however large the dump is.
IN_FLIGHT_PER_JOB = 3


# ---------------------------------------------------------------------------
# Work done per document (in worker processes)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """What to do with each document; small, pickled with every batch."""

    kind: str  # "check", "html", "json" or "outline"
    dialect: str = "auto"
    checks: tuple[str, ...] = ()
    standalone: bool = False
    pretty: bool = False


@dataclass(frozen=True)
class Rendered:
    """One document rendered by html/json/outline: ``output`` or ``error``."""

    source: str
    name: str | None
    path: str | None
    size: int
    output: str | None
    error: str | None = None


Result = DocumentResult | Rendered | InputError


def _work(task: Task, batch: list[InputItem]) -> list[Result]:
    if task.kind == "check":
        _checks.load_plugins()  # a no-op after the first call (and under fork)
    return [_work_one(task, item) for item in batch]


def _work_one(task: Task, item: InputItem) -> Result:
    if isinstance(item, InputError):
        return item
    if task.kind == "check":
        return run_checks(
            item.text,
            source=item.source,
            name=item.name,
            size=item.size,
            dialect=task.dialect,
            checks=task.checks,
        )
    try:
        output = _render(task, item)
    except Exception as e:  # reported per document; the other documents go on
        return Rendered(
            item.source, item.name, item.path, item.size, None, f"{type(e).__name__}: {e}"
        )
    return Rendered(item.source, item.name, item.path, item.size, output)


def _render(task: Task, item: DocumentInput) -> str:
    from wikikit import parse

    doc = parse(item.text, dialect=cast(Any, task.dialect), name=item.name)
    if task.kind == "json":
        return document_json(doc, indent=2 if task.pretty else None) + "\n"
    if task.kind == "outline":
        from wikikit.outline import format_outline

        return format_outline(doc)
    to_html = load_to_html()
    if to_html is None:
        raise RuntimeError("the HTML renderer (wikikit.to_html) is not available")
    html = str(to_html(doc, standalone=task.standalone))
    return html if html.endswith("\n") else html + "\n"


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group; only the main process handles it,
    # so workers finish their batch quietly instead of printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------------------
# The ordered, bounded pipeline
# ---------------------------------------------------------------------------


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


def pipeline(task: Task, items: Iterable[InputItem], jobs: int) -> Iterator[Result]:
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
            if isinstance(item, InputError)
            else InputError(item.source, f"worker process failed ({type(e).__name__}: {e})")
            for item in batch
        ]


# ---------------------------------------------------------------------------
# Progress and output
# ---------------------------------------------------------------------------


class Progress:
    """A tqdm bar on a terminal, a plain line every few seconds otherwise, or nothing."""

    PLAIN_INTERVAL = 5.0

    def __init__(
        self,
        quiet: bool,
        total_bytes: Callable[[], int | None],
        stream: IO[str] | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.documents = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._last_line = self.start
        self.bar: Any = None
        if not quiet and self.stream.isatty():
            from tqdm import tqdm

            # No monitor thread: worker processes are forked later, and forking a
            # process that runs threads is deadlock-prone.
            tqdm.monitor_interval = 0
            # A terminal that reports a 0x0 size (some ptys) would make tqdm draw
            # nothing at all; give it a sane size then.
            try:
                cols, rows = os.get_terminal_size(self.stream.fileno())
            except (OSError, ValueError, AttributeError):
                cols, rows = 0, 0
            size: dict[str, int] = {}
            if cols <= 0 or rows <= 0:
                size = {"ncols": cols if cols > 0 else 100, "nrows": rows if rows > 0 else 24}
            self.bar = tqdm(
                **size,
                total=total_bytes(),  # walks folders: only worth it for a bar
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                desc="wikikit",
                file=self.stream,
                smoothing=0.1,
            )

    def update(self, size: int) -> None:
        self.documents += 1
        self.bytes += size
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.documents} docs", refresh=False)
            self.bar.update(size)
        elif not self.quiet:
            now = time.monotonic()
            if now - self._last_line >= self.PLAIN_INTERVAL:
                self._last_line = now
                rate = self.bytes / 1e6 / max(now - self.start, 1e-9)
                done = format_size(self.bytes)
                print(
                    f"wikikit: {self.documents} documents, {done}, {rate:.2f} MB/s",
                    file=self.stream,
                    flush=True,
                )

    def message(self, line: str, always: bool = False) -> None:
        """A line for the user (errors pass ``always``: shown even with --quiet)."""
        if self.quiet and not always:
            return
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class AtomicOutput:
    """Text written to a temporary file beside ``path``, renamed over it on commit.

    Readers never see a half-written file; ``-`` or None writes to stdout.
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else path
        self._tmp: str | None = None
        self.stream: IO[str]
        if self.path is None:
            self.stream = sys.stdout
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, self._tmp = tempfile.mkstemp(
            dir=directory, prefix="." + os.path.basename(self.path) + ".", suffix=".tmp"
        )
        # newline="": write exactly the characters given (no newline translation).
        self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in commit)

    def write(self, text: str) -> None:
        self.stream.write(text)

    def commit(self) -> None:
        if self._tmp is None or self.path is None:
            self.stream.flush()
            return
        self.stream.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)  # mkstemp makes 0600 files
        os.replace(self._tmp, self.path)
        self._tmp = None

    def discard(self) -> None:
        if self._tmp is not None:
            self.stream.close()
            os.unlink(self._tmp)
            self._tmp = None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _is_input(target: str, paths: Iterable[str], globs: tuple[str, ...]) -> bool:
    """Whether writing ``target`` could overwrite one of the inputs."""
    real = os.path.realpath(target)
    for p in paths:
        if p == "-":
            continue
        if os.path.isdir(p):
            root = os.path.realpath(p)
            name = os.path.basename(real)
            if real.startswith(root + os.sep) and (
                any(fnmatch.fnmatch(name, g) for g in globs) or is_dump(name)
            ):
                return True
        elif _same_file(target, p):
            return True
    return False


def _refuse_input(
    target: str | None, option: str, paths: tuple[str, ...], globs: tuple[str, ...]
) -> None:
    if target is not None and target != "-" and _is_input(target, paths, globs):
        raise click.BadParameter(f"refusing to overwrite the input {target!r}", param_hint=option)


def _total_bytes(paths: tuple[str, ...], globs: tuple[str, ...]) -> int | None:
    """Sum of the input sizes when knowable in advance (for the progress bar's ETA)."""
    total = 0
    for p in paths:
        if p == "-" or is_dump(p):
            return None  # a dump's text size is unknown until it has been read
        try:
            if os.path.isdir(p):
                total += sum(os.path.getsize(f) for f in walk_folder(p, globs))
            else:
                total += os.path.getsize(p)
        except OSError:
            pass
    return total


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------
# Options shared by every subcommand
# ---------------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


def _common_options(fn: F) -> F:
    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True)),
        click.option(
            "--dialect",
            type=click.Choice(DIALECTS),
            default="auto",
            show_default=True,
            help="Input dialect: real MediaWiki wikitext, the flattened article export, or guess.",
        ),
        click.option(
            "--glob",
            "globs",
            multiple=True,
            metavar="PATTERN",
            help="File names to pick up in folders (repeatable). "
            f"Default: {' '.join(DEFAULT_GLOBS)}.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=0,
            help="Worker processes (default 0: all cores; 1: no workers).",
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="No progress output (errors still shown)."
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikikit")
def main() -> None:
    """wikikit: parse, render and round-trip-check Wikipedia wikitext.

    Every command takes PATHs: wikitext files, folders (walked recursively),
    - for stdin, and MediaWiki XML dumps (.xml, .xml.bz2, .xml.gz; each page's
    latest revision is one document).

    Exit status: 0 ok, 1 a check or rendering failed, 2 usage or input error,
    130 interrupted.
    """


def _run_render(
    kind: str,
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
    standalone: bool = False,
) -> None:
    globs = globs or DEFAULT_GLOBS
    if output is not None and output_dir is not None:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    _refuse_input(output, "-o/--output", paths, globs)
    if output_dir is not None and os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise click.BadParameter(f"{output_dir!r} is not a folder", param_hint="--output-dir")
    # One plain file in, one plain result out; otherwise results are streamed one
    # per document (JSON Lines for json, a comment naming each source for html).
    single = len(paths) == 1 and (
        paths[0] == "-" or not (os.path.isdir(paths[0]) or is_dump(paths[0]))
    )
    task = Task(kind, dialect, standalone=standalone, pretty=single or output_dir is not None)
    jobs = jobs or _default_jobs()
    # No bar when the results themselves go to the terminal: the two would interleave.
    to_terminal = output_dir is None and output in (None, "-") and sys.stdout.isatty()
    progress = Progress(quiet or to_terminal, lambda: _total_bytes(paths, globs))
    out = None if output_dir is not None else AtomicOutput(output)
    namer = _OutputNamer(output_dir, kind, paths, globs) if output_dir is not None else None
    errors = failures = documents = 0
    interrupted = False
    try:
        for result in pipeline(task, iter_inputs(paths, globs), jobs):
            if isinstance(result, InputError):
                errors += 1
                progress.message(f"wikikit: error: {result.describe()}", always=True)
                continue
            assert isinstance(result, Rendered)
            progress.update(result.size)
            if result.output is None:
                failures += 1
                progress.message(f"wikikit: failed: {result.source}: {result.error}", always=True)
                continue
            if namer is not None:
                target = namer.target(result)
                if target is None:
                    errors += 1
                    progress.message(
                        f"wikikit: error: {result.source}: output would overwrite an input",
                        always=True,
                    )
                    continue
                file_out = AtomicOutput(target)
                file_out.write(result.output)
                file_out.commit()
            elif out is not None:
                if documents and kind == "outline":
                    out.write("\n")
                if not single and kind == "html":
                    out.write(f"<!-- {result.source.replace('--', '- -')} -->\n")
                out.write(result.output)
            documents += 1
    except KeyboardInterrupt:
        interrupted = True
    except BaseException:
        if out is not None:
            out.discard()
        raise
    finally:
        progress.close()
    if out is not None:
        if interrupted:
            out.discard()  # a partial -o file is worse than none; the message says so
        else:
            out.commit()
    if interrupted:
        what = "" if out is None or out.path is None else f"; {out.path} not written"
        click.echo(f"wikikit: interrupted after {documents} documents{what}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if errors or failures:
        click.echo(
            f"wikikit: {documents} documents written, {failures} failed, {errors} input errors",
            err=True,
        )
    sys.exit(EXIT_INPUT if errors else EXIT_FAILED if failures else EXIT_OK)


class _OutputNamer:
    """File names for ``--output-dir``: the input's stem, or the page title, made safe."""

    EXTENSIONS: ClassVar[dict[str, str]] = {"html": ".html", "json": ".json", "outline": ".txt"}

    def __init__(
        self, folder: str, kind: str, paths: tuple[str, ...], globs: tuple[str, ...]
    ) -> None:
        self.folder = folder
        self.ext = self.EXTENSIONS[kind]
        self.paths = paths
        self.globs = globs
        self.used: set[str] = set()
        os.makedirs(folder, exist_ok=True)

    def target(self, result: Rendered) -> str | None:
        if result.path is not None and result.source == result.path:
            stem = os.path.basename(result.path).split(".", 1)[0] or "document"
        else:
            stem = result.name or "document"
        stem = "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in stem)
        stem = stem.lstrip(".")[:150] or "document"
        name, n = stem, 1
        while name.lower() in self.used:  # case-insensitive: safe on every filesystem
            n += 1
            name = f"{stem}-{n}"
        self.used.add(name.lower())
        target = os.path.join(self.folder, name + self.ext)
        return None if _is_input(target, self.paths, self.globs) else target


def _output_options(fn: F) -> F:
    fn = click.option(
        "--output-dir",
        type=click.Path(file_okay=False),
        help="Write one file per document into this folder (named after the file or page).",
    )(fn)
    fn = click.option(
        "-o",
        "--output",
        type=click.Path(allow_dash=True, dir_okay=False),
        help="Write everything to this file (default: stdout); written atomically.",
    )(fn)
    return fn


@main.command()
@_common_options
@_output_options
@click.option("--standalone", is_flag=True, help="A complete HTML page instead of a fragment.")
def html(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
    standalone: bool,
) -> None:
    """Render each document as HTML (a fragment, or --standalone pages)."""
    if load_to_html() is None:
        click.echo("wikikit: error: the HTML renderer (wikikit.to_html) is not available", err=True)
        sys.exit(EXIT_INPUT)
    _run_render("html", paths, dialect, globs, jobs, quiet, output, output_dir, standalone)


@main.command("json")
@_common_options
@_output_options
def json_command(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
) -> None:
    """Write each document's tree as JSON (see wikikit.json_schema).

    One file in gives one indented JSON document; folders, dumps and several
    PATHs give JSON Lines, one document per line.
    """
    _run_render("json", paths, dialect, globs, jobs, quiet, output, output_dir)


@main.command()
@_common_options
@_output_options
def outline(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
) -> None:
    """Print each document's title, infobox fields and section tree."""
    _run_render("outline", paths, dialect, globs, jobs, quiet, output, output_dir)


@main.command()
@_common_options
@click.option(
    "--report",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Write failures and input errors as JSON Lines to this file (- for stdout).",
)
@click.option(
    "--check",
    "only",
    multiple=True,
    metavar="NAME",
    help="Run only this check (repeatable; default: all registered checks).",
)
def check(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    report: str | None,
    only: tuple[str, ...],
) -> None:
    """Round-trip check every document and print a summary table.

    Per document: parse never raises; to_wikitext() gives back the input byte
    for byte; re-parsing the written text gives an equal tree; the HTML renders
    (skipped while the renderer is not installed). Exit status 1 if any check
    failed, 2 if any input could not be read.
    """
    globs = globs or DEFAULT_GLOBS
    _refuse_input(report, "--report", paths, globs)
    # Looked up at run time: checks registered after import count too.
    _checks.load_plugins()
    registry = _checks.CHECKS
    unknown = [n for n in only if n not in registry]
    if unknown:
        raise click.BadParameter(
            f"unknown check {unknown[0]!r} (choose from {', '.join(registry)})",
            param_hint="--check",
        )
    names = tuple(n for n in registry if not only or n in only)
    task = Task("check", dialect, checks=names)
    jobs = jobs or _default_jobs()
    summary = Summary(list(names))
    progress = Progress(quiet, lambda: _total_bytes(paths, globs))
    out = AtomicOutput(report) if report is not None else None
    start = time.perf_counter()
    interrupted = False
    try:
        for result in pipeline(task, iter_inputs(paths, globs), jobs):
            if isinstance(result, InputError):
                summary.add_error(result)
                progress.message(f"wikikit: error: {result.describe()}", always=True)
                if out is not None:
                    out.write(to_jsonl(error_record(result)))
                continue
            assert isinstance(result, DocumentResult)
            summary.add(result)
            progress.update(result.size)
            for o in result.failed:
                where = f" at line {o.line}, column {o.column}" if o.line is not None else ""
                progress.message(f"FAIL {o.check}: {result.source}{where}: {o.message}")
            if out is not None:
                for record in failure_records(result):
                    out.write(to_jsonl(record))
    except KeyboardInterrupt:
        interrupted = True
    except BaseException:
        if out is not None:
            out.discard()
        raise
    finally:
        progress.close()
    seconds = time.perf_counter() - start
    if out is not None:
        out.commit()  # the partial report matches the partial summary
    click.echo(summary.format(seconds, interrupted), nl=False, err=report == "-")
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(EXIT_INPUT if summary.errors else EXIT_FAILED if summary.failures else EXIT_OK)


def _add_optional_commands() -> None:
    # Commands written for other issues (fmt, convert) join the group when present;
    # html/json/outline/check keep working while they are not.
    try:
        from wikikit.cli_format import convert_command, fmt_command
    except ImportError as e:
        if e.name != "wikikit.cli_format":  # present but cannot load: say so, go on
            warnings.warn(f"wikikit: fmt/convert commands not loaded: {e}", stacklevel=2)
        return
    main.add_command(fmt_command)
    main.add_command(convert_command)


_add_optional_commands()
