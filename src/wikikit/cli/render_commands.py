"""``wikikit html``, ``wikikit json`` and ``wikikit outline``: one result per document."""

from __future__ import annotations

import os
import sys

import click

from wikikit.cli.options import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    common_options,
    default_jobs,
    output_options,
    total_bytes,
)
from wikikit.cli.output import AtomicOutput, OutputNamer, refuse_input
from wikikit.cli.pipeline import Rendered, Task, pipeline
from wikikit.cli.progress import Progress
from wikikit.sources import DEFAULT_GLOBS, InputError, is_dump, iter_inputs

__all__ = ["html", "json_command", "outline"]


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
    refuse_input(output, "-o/--output", paths, globs)
    if output_dir is not None and os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise click.BadParameter(f"{output_dir!r} is not a folder", param_hint="--output-dir")
    # One plain file in, one plain result out; otherwise results are streamed one
    # per document (JSON Lines for json, a comment naming each source for html).
    single = len(paths) == 1 and (
        paths[0] == "-" or not (os.path.isdir(paths[0]) or is_dump(paths[0]))
    )
    task = Task(kind, dialect, standalone=standalone, pretty=single or output_dir is not None)
    jobs = jobs or default_jobs()
    # No bar when the results themselves go to the terminal: the two would interleave.
    to_terminal = output_dir is None and output in (None, "-") and sys.stdout.isatty()
    progress = Progress(quiet or to_terminal, lambda: total_bytes(paths, globs))
    out = None if output_dir is not None else AtomicOutput(output)
    namer = OutputNamer(output_dir, kind, paths, globs) if output_dir is not None else None
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


@click.command()
@common_options
@output_options
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
    _run_render("html", paths, dialect, globs, jobs, quiet, output, output_dir, standalone)


@click.command("json")
@common_options
@output_options
def json_command(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
) -> None:
    """Write each document's tree as JSON (see wikikit.tree.json).

    One file in gives one indented JSON document; folders, dumps and several
    PATHs give JSON Lines, one document per line.
    """
    _run_render("json", paths, dialect, globs, jobs, quiet, output, output_dir)


@click.command()
@common_options
@output_options
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
