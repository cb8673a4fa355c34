"""``wikikit check``: round-trip checks over every document, a summary and a JSON Lines report."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from wikikit.cli.checks import DocumentResult, PluginError, load_plugins, select_checks
from wikikit.cli.options import Inputs, input_options, templates_option
from wikikit.cli.output import AtomicFile, refuse_input
from wikikit.cli.pipeline import Rendered, Task
from wikikit.cli.report import Summary, error_record, failure_records, to_jsonl
from wikikit.cli.run import Run
from wikikit.cli.templates import resolve_templates
from wikikit.sources import InputError

__all__ = ["check"]


@click.command()
@input_options
@templates_option
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
    help="Run this check, or this group of checks (repeatable): a check's name, "
    "'format' (the formatter's laws), 'lint', 'default' or 'all' (every check, lint "
    "included). Default: parse, exact, html and the checks of plugins.",
)
@click.option(
    "--lint",
    is_flag=True,
    help="Also report what the parser recovered from (unclosed {{, [[, '', tags, tables, "
    "comments; stray end tags; fields given twice), with line and column: --check lint.",
)
@click.option(
    "--plugin",
    "plugins",
    multiple=True,
    metavar="MODULE",
    help="Import this module first: the checks it registers can run (repeatable). "
    "Installed packages add checks through the 'wikikit.checks' entry points.",
)
def check(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    templates: str | None,
    report: str | None,
    only: tuple[str, ...],
    lint: bool,
    plugins: tuple[str, ...],
    **dump_options: Any,
) -> None:
    """Check every document and print a summary table.

    By default, per document: parse never raises (parse); to_wikitext() gives
    back the input byte for byte (exact); the HTML renders (html). On request:
    re-parsing the written text gives an equal tree (reparse; free when exact
    passed), and the formatter's laws (--check format: format-idempotent,
    format-tree, format-html; several times slower). With --templates, the html
    checks render each document through that wiki, templates expanded. Exit
    status 1 if any check failed, 2 if any input could not be read or none was
    found.
    """
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet, **dump_options)
    refuse_input(report, "--report", inputs.paths, inputs.globs)
    source = resolve_templates(templates)
    try:
        load_plugins(plugins)
        names = select_checks((*(only or ("default",)), "lint") if lint else only)
    except PluginError as e:
        raise click.BadParameter(str(e), param_hint="--plugin") from None
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--check") from None
    task = Task("check", inputs.dialect, checks=names, plugins=plugins, templates=source)
    summary = Summary(list(names))
    out = AtomicFile(report) if report is not None else None

    def on_error(e: InputError) -> None:
        summary.add_error(e)
        if out is not None:
            out.write(to_jsonl(error_record(e)))

    run = Run(task, inputs, on_error=on_error, tell_skipped=False)

    def handle(result: DocumentResult | Rendered) -> None:
        assert isinstance(result, DocumentResult)
        summary.add(result)
        for o in result.failed:
            where = f" at line {o.line}, column {o.column}" if o.line is not None else ""
            run.message(f"FAIL {o.check}: {result.source}{where}: {o.message}")
        if result.failed:
            run.tally.failures += 1
        if out is not None:
            for record in failure_records(result):
                out.write(to_jsonl(record))

    start = time.perf_counter()
    try:
        tally = run(handle)
    except BaseException:
        if out is not None:
            out.discard()
        raise
    seconds = time.perf_counter() - start
    if out is not None:
        out.commit()  # the partial report matches the partial summary
    click.echo(
        summary.format(seconds, tally.interrupted, tally.skipped), nl=False, err=report == "-"
    )
    sys.exit(tally.exit_code)
