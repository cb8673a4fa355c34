"""``wikikit fmt`` (canonical wikitext) and ``wikikit convert`` (between the two dialects).

Both read PATHs like every command (files, folders, dumps, stdin) and write
through the same destinations: stdout or ``-o`` for one document,
``--output-dir`` for several; ``fmt --in-place`` rewrites the files themselves.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from wikikit.cli.checks import DocumentResult
from wikikit.cli.options import Inputs, input_options, output_options, plural
from wikikit.cli.output import AtomicFile, Destination, OutputError, write_atomically
from wikikit.cli.pipeline import Rendered, Task
from wikikit.cli.run import Run, Tally, to_terminal
from wikikit.sources import DEFAULT_GLOBS, InputError, is_dump

__all__ = ["convert_command", "fmt_command"]

#: ``fmt --in-place`` cannot rewrite a dump page: folders give it wikitext files only.
_WIKITEXT_GLOBS = tuple(g for g in DEFAULT_GLOBS if not is_dump(g))


@click.command("fmt")
@input_options
@output_options
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; list the documents that would change and exit 1 if any would.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option(
    "--in-place",
    "in_place",
    is_flag=True,
    help="Rewrite the files (atomically). Folders give their wikitext files, not dumps.",
)
def fmt_command(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
    check_only: bool,
    show_diff: bool,
    in_place: bool,
    **dump_options: Any,
) -> None:
    """Rewrite wikitext in wikikit's house style (same meaning, same tree).

    With no option the formatted text goes to stdout (one document) or, with
    --output-dir, one file per document. Exit status: 0 ok, 1 --check found
    documents that would change, 2 an input could not be read (or written back).
    """
    inputs = Inputs.from_options(
        paths,
        dialect,
        globs,
        jobs,
        quiet,
        default_globs=_WIKITEXT_GLOBS if in_place else DEFAULT_GLOBS,
        **dump_options,
    )
    if in_place:
        if check_only or show_diff:
            raise click.UsageError("--in-place cannot be combined with --check or --diff")
        if output is not None or output_dir is not None:
            raise click.UsageError("--in-place writes the inputs: no -o/--output or --output-dir")
        unwritable = [p for p in inputs.paths if p == "-" or is_dump(p)]
        if unwritable:
            raise click.UsageError(f"--in-place cannot rewrite {unwritable[0]!r} (stdin or a dump)")
    elif check_only and (output is not None or output_dir is not None):
        raise click.UsageError("--check writes nothing: no -o/--output or --output-dir")
    elif show_diff and output_dir is not None:
        raise click.UsageError("--diff writes one patch: use -o/--output, not --output-dir")
    destination = None
    if not in_place and not check_only:
        destination = Destination(
            output,
            output_dir,
            inputs.paths,
            inputs.globs,
            single=inputs.single,
            extension=None,  # each file keeps its own
            whole=None if show_diff else "formatted texts",
        )
    task = Task("fmt", inputs.dialect, diff=show_diff)
    showing = not in_place and output_dir is None and to_terminal(output)
    run = Run(task, inputs, quiet_progress=showing)
    changed: list[str] = []
    unrewritable: set[str] = set()

    def handle(result: DocumentResult | Rendered) -> None:
        assert isinstance(result, Rendered)
        if result.output is None:
            run.failed(result.source, result.error or "")
            return
        if result.changed:
            changed.append(result.source)
        if in_place:
            if not result.changed:
                return
            if result.path is None or result.source != result.path:
                # A dump page (a --glob that picks dumps): one error per dump.
                if str(result.path) not in unrewritable:
                    unrewritable.add(str(result.path))
                    run.error(InputError(str(result.path), "cannot rewrite a dump in place"))
                return
            try:
                write_atomically(result.path, result.output)
            except OutputError as e:
                run.error(InputError(result.path, str(e)))
        elif check_only and not show_diff:
            if result.changed:
                click.echo(result.source)
        else:
            assert destination is not None
            _write(destination, result, run)

    tally = _finish(run, handle, destination)
    if check_only and changed and not tally.interrupted:
        if not show_diff:
            click.echo(f"{plural(len(changed), 'document')} would be reformatted", err=True)
        tally.failures = max(tally.failures, 1)
    sys.exit(tally.exit_code)


@click.command("convert")
@input_options
@output_options
@click.option(
    "--to",
    "to",
    type=click.Choice(("article", "mediawiki")),
    required=True,
    help="The dialect to write.",
)
@click.option(
    "--title",
    help="Page title for the export's '= Title =' line (default: the file name, '_' as "
    "spaces, or the dump page's title).",
)
def convert_command(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
    to: str,
    title: str | None,
    **dump_options: Any,
) -> None:
    """Convert between MediaWiki wikitext and the flattened article export.

    One document goes to stdout or -o; several need --output-dir (files are
    named .txt for the article export, .wiki for MediaWiki text).
    """
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet, **dump_options)
    if to == "article" and title is None and "-" in inputs.paths:
        raise click.UsageError("stdin has no name: give the export's title with --title")
    destination = Destination(
        output,
        output_dir,
        inputs.paths,
        inputs.globs,
        single=inputs.single,
        extension=".txt" if to == "article" else ".wiki",
        whole="converted texts",
    )
    task = Task("convert", inputs.dialect, to=to, title=title)
    run = Run(task, inputs, quiet_progress=output_dir is None and to_terminal(output))

    def handle(result: DocumentResult | Rendered) -> None:
        assert isinstance(result, Rendered)
        if result.output is None:
            run.failed(result.source, result.error or "")
            return
        _write(destination, result, run)

    sys.exit(_finish(run, handle, destination).exit_code)


def _write(destination: Destination, result: Rendered, run: Run) -> None:
    assert result.output is not None
    if destination.namer is None:
        destination.write(result.output)
        return
    target = destination.target(result.source, result.name, result.path)
    if target is None:
        run.error(InputError(result.source, "the output would overwrite an input"))
        return
    with AtomicFile(target) as out:
        out.write(result.output)
        out.commit()


def _finish(
    run: Run,
    handle: Callable[[DocumentResult | Rendered], None],
    destination: Destination | None,
) -> Tally:
    try:
        tally = run(handle)
    except BaseException:
        if destination is not None:
            destination.discard()
        raise
    if destination is not None:
        destination.finish(keep=not tally.interrupted and tally.documents > 0)
    if tally.interrupted:
        click.echo(f"wikikit: interrupted after {plural(tally.documents, 'document')}", err=True)
    return tally
