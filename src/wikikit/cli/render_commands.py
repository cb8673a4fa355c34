"""``wikikit html``, ``wikikit json`` and ``wikikit outline``: one result per document."""

from __future__ import annotations

import sys

import click

from wikikit.cli.checks import DocumentResult
from wikikit.cli.options import Inputs, input_options, output_options, plural
from wikikit.cli.output import AtomicFile, Destination, OutputNamer
from wikikit.cli.pipeline import Rendered, Task
from wikikit.cli.run import Run, to_terminal
from wikikit.html.page import html_comment
from wikikit.sources import InputError

__all__ = ["html", "json_command", "outline"]


def _run_render(
    kind: str,
    inputs: Inputs,
    output: str | None,
    output_dir: str | None,
    standalone: bool = False,
) -> None:
    # One plain file in, one plain result out; otherwise results are streamed one
    # per document (JSON Lines for json, a comment naming each source for html).
    single = inputs.single
    destination = Destination(
        output,
        output_dir,
        inputs.paths,
        inputs.globs,
        single=single,
        extension=OutputNamer.EXTENSIONS[kind],
        whole="standalone pages" if standalone else None,
    )
    task = Task(
        kind, inputs.dialect, standalone=standalone, pretty=single or output_dir is not None
    )
    # No bar when the results themselves go to the terminal: the two would interleave.
    run = Run(task, inputs, quiet_progress=output_dir is None and to_terminal(output))
    written = 0

    def handle(result: DocumentResult | Rendered) -> None:
        nonlocal written
        assert isinstance(result, Rendered)
        if result.output is None:
            run.failed(result.source, result.error or "")
            return
        if destination.namer is not None:
            target = destination.target(result.source, result.name, result.path)
            if target is None:
                run.error(InputError(result.source, "the output would overwrite an input"))
                return
            with AtomicFile(target) as file_out:
                file_out.write(result.output)
                file_out.commit()
        else:
            if written and kind == "outline":
                destination.write("\n")
            if not single and kind == "html":
                destination.write(html_comment(result.source) + "\n")
            destination.write(result.output)
        written += 1

    try:
        tally = run(handle)
    except BaseException:
        destination.discard()
        raise
    # A partial -o file is worse than none (the message says so), and so is an empty
    # one when no document was found.
    destination.finish(keep=not tally.interrupted and tally.documents > 0)
    if tally.interrupted:
        path = destination.path
        what = "" if path is None else f"; {path} not written"
        click.echo(f"wikikit: interrupted after {plural(written, 'document')}{what}", err=True)
    elif tally.errors or tally.failures:
        click.echo(
            f"wikikit: {plural(written, 'document')} written, {tally.failures} failed, "
            f"{plural(tally.errors, 'input error')}",
            err=True,
        )
    sys.exit(tally.exit_code)


@click.command()
@input_options
@output_options
@click.option(
    "--standalone",
    is_flag=True,
    help="A complete HTML page instead of a fragment (several documents: one page "
    "each, with --output-dir).",
)
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
    """Render each document as HTML (a fragment, or --standalone pages).

    Several documents written to one output are separated by a comment naming
    each one.
    """
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet)
    _run_render("html", inputs, output, output_dir, standalone)


@click.command("json")
@input_options
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
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet)
    _run_render("json", inputs, output, output_dir)


@click.command()
@input_options
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
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet)
    _run_render("outline", inputs, output, output_dir)
