"""``wikikit html``, ``wikikit json``, ``wikikit outline`` and ``wikikit text``: one result
per document (``json`` and ``text`` also as a Parquet table)."""

from __future__ import annotations

import sys
from typing import Any

import click

from wikikit.cli.checks import DocumentResult
from wikikit.cli.options import (
    Inputs,
    check_title,
    input_options,
    link_base_option,
    output_options,
    plural,
    templates_option,
    title_option,
)
from wikikit.cli.output import AtomicFile, Destination, OutputNamer, refuse_input
from wikikit.cli.pipeline import Rendered, Task
from wikikit.cli.run import Run, to_terminal
from wikikit.cli.tables import JSON_COLUMNS, TEXT_COLUMNS, ParquetWriter, is_parquet
from wikikit.cli.templates import resolve_templates
from wikikit.html.page import html_comment
from wikikit.sources import InputError

__all__ = ["html", "json_command", "outline", "text_command"]


def _table(kind: str, inputs: Inputs, output: str, output_dir: str | None) -> ParquetWriter:
    """The Parquet table of ``-o FILE.parquet``, checked as every output is."""
    if output_dir is not None:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    refuse_input(output, "-o/--output", inputs.paths, inputs.globs)
    return ParquetWriter(output, JSON_COLUMNS if kind == "json" else TEXT_COLUMNS)


def _run_render(
    kind: str,
    inputs: Inputs,
    output: str | None,
    output_dir: str | None,
    standalone: bool = False,
    *,
    templates: str | None = None,
    title: str | None = None,
    link_base: str = "/wiki/",
) -> None:
    # One plain file in, one plain result out; otherwise results are streamed one
    # per document (JSON Lines for json and text, a comment naming each source for
    # html), or go to a Parquet table.
    check_title(title, inputs)
    source = resolve_templates(templates)
    single = inputs.single
    table = None
    if kind in ("json", "text") and is_parquet(output):
        assert output is not None
        table = _table(kind, inputs, output, output_dir)
        output = None
    destination = Destination(
        output,
        output_dir,
        inputs.paths,
        inputs.globs,
        single=single,
        extension=OutputNamer.EXTENSIONS[kind],
        whole="standalone pages" if standalone else None,
    )
    whole = single or output_dir is not None
    form = "table" if table is not None else "plain" if whole else ""
    task = Task(
        kind,
        inputs.dialect,
        standalone=standalone,
        pretty=whole,
        form=form,
        title=title,
        templates=source,
        link_base=link_base,
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
        if table is not None:
            assert result.record is not None
            table.write(result.record)
        elif destination.namer is not None:
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
        if table is not None:
            table.discard()
        raise
    # A partial -o file is worse than none (the message says so), and so is an empty
    # one when no document was found.
    keep = not tally.interrupted and tally.documents > 0
    if table is not None:
        if keep:
            table.commit()
        else:
            table.discard()
    else:
        destination.finish(keep=keep)
    if tally.interrupted:
        path = destination.path if table is None else table.path
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
@templates_option
@title_option
@link_base_option
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
    templates: str | None,
    title: str | None,
    link_base: str,
    **dump_options: Any,
) -> None:
    """Render each document as HTML (a fragment, or --standalone pages).

    Several documents written to one output are separated by a comment naming
    each one. A standalone page's heading is the page title (--title, a dump
    page's title, else the export's title line or the file name); a redirect
    page shows MediaWiki's redirect notice. With --templates, templates are
    expanded from that wiki first.
    """
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet, **dump_options)
    _run_render(
        "html",
        inputs,
        output,
        output_dir,
        standalone,
        templates=templates,
        title=title,
        link_base=link_base,
    )


@click.command("json")
@input_options
@output_options
@templates_option
@title_option
def json_command(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
    templates: str | None,
    title: str | None,
    **dump_options: Any,
) -> None:
    """Write each document's tree as JSON (see wikikit.tree.json).

    One file in gives one indented JSON document; folders, dumps and several
    PATHs give JSON Lines, one document per line (a dump page's also has its
    page_id, namespace, revision_id, timestamp, content_model and redirect).
    With -o FILE.parquet: a Parquet table of that metadata and the tree as JSON
    in the column "tree" (needs pip install 'wikikit[parquet]').

    The tree is always the source, never expanded: with --templates each
    document also gets the key "expansion" (display_title, default_sort,
    categories, templates used, warnings); the Parquet table leaves it out.
    """
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet, **dump_options)
    _run_render("json", inputs, output, output_dir, templates=templates, title=title)


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
    **dump_options: Any,
) -> None:
    """Print each document's title, infobox fields and section tree."""
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet, **dump_options)
    _run_render("outline", inputs, output, output_dir)


@click.command("text")
@input_options
@output_options
@templates_option
@title_option
def text_command(
    paths: tuple[str, ...],
    dialect: str,
    globs: tuple[str, ...],
    jobs: int,
    quiet: bool,
    output: str | None,
    output_dir: str | None,
    templates: str | None,
    title: str | None,
    **dump_options: Any,
) -> None:
    """Write each document's plain text.

    One file in gives its text; --output-dir one .txt file per document;
    folders, dumps and several PATHs give JSON Lines records with the columns
    title, page_id, namespace, revision_id, timestamp, content_model, redirect
    (for dump pages), text, sections (the section titles) and source. With
    -o FILE.parquet: the same as a Parquet table, ready for the datasets
    library (needs pip install 'wikikit[parquet]'). With --templates, the
    text is that of the expanded page (the words templates produce).
    """
    inputs = Inputs.from_options(paths, dialect, globs, jobs, quiet, **dump_options)
    _run_render("text", inputs, output, output_dir, templates=templates, title=title)
