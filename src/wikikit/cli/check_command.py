"""``wikikit check``: round-trip checks over every document, a summary and a JSON Lines report."""

from __future__ import annotations

import sys
import time

import click

from wikikit.cli.checks import DocumentResult, registry
from wikikit.cli.options import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    common_options,
    default_jobs,
    total_bytes,
)
from wikikit.cli.output import AtomicOutput, refuse_input
from wikikit.cli.pipeline import Task, pipeline
from wikikit.cli.progress import Progress
from wikikit.cli.report import Summary, error_record, failure_records, to_jsonl
from wikikit.sources import DEFAULT_GLOBS, InputError, iter_inputs

__all__ = ["check"]


@click.command()
@common_options
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
    for byte; re-parsing the written text gives an equal tree; the HTML renders;
    the formatter's laws hold. Exit status 1 if any check
    failed, 2 if any input could not be read.
    """
    globs = globs or DEFAULT_GLOBS
    refuse_input(report, "--report", paths, globs)
    # Looked up at run time: checks registered after import count too.
    known = registry.CHECKS
    unknown = [n for n in only if n not in known]
    if unknown:
        raise click.BadParameter(
            f"unknown check {unknown[0]!r} (choose from {', '.join(known)})",
            param_hint="--check",
        )
    names = tuple(n for n in known if not only or n in only)
    task = Task("check", dialect, checks=names)
    jobs = jobs or default_jobs()
    summary = Summary(list(names))
    progress = Progress(quiet, lambda: total_bytes(paths, globs))
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
