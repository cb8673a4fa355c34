"""The ``wikikit`` command and its subcommands.

Every subcommand reads PATHs through :mod:`wikikit.sources` (files, folders,
``-`` for stdin, MediaWiki XML dumps), processes documents in ``--jobs``
worker processes (or on a Dask cluster, ``--engine dask``) with a bounded
number of documents in flight, and writes
results in input order as they come (:mod:`wikikit.cli.run`). Exit codes: 0
ok, 1 a check (or a rendering) failed, 2 usage or input error (an output that
cannot be written too), 130 interrupted, 141 the output's reader went away.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Any

import click

from wikikit.cli.check_command import check
from wikikit.cli.engines import EngineError
from wikikit.cli.format_commands import convert_command, fmt_command
from wikikit.cli.options import EXIT_INPUT, EXIT_PIPE
from wikikit.cli.output import OutputError
from wikikit.cli.render_commands import html, json_command, outline, text_command
from wikikit.cli.templates import TemplatesError
from wikikit.version import __version__

__all__ = ["main", "run"]


class _Wikikit(click.Group):
    """The command group, plus the two endings every command shares."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OutputError as e:
            # One line naming the path and the reason; nothing half-written is left.
            click.echo(f"wikikit: error: {e}", err=True)
            sys.exit(EXIT_INPUT)
        except TemplatesError as e:
            # --templates names no dump, page store or folder.
            click.echo(f"wikikit: error: {e}", err=True)
            sys.exit(EXIT_INPUT)
        except EngineError as e:
            # No cluster to run on (Dask missing, unreachable, workers without wikikit).
            click.echo(f"wikikit: error: {e}", err=True)
            sys.exit(EXIT_INPUT)
        except BrokenPipeError:
            # The reader went away (`wikikit outline DIR | head -1`): stop quietly.
            # Python would complain again when it flushes stdout at exit.
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            sys.exit(EXIT_PIPE)


@click.group(cls=_Wikikit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikikit")
def main() -> None:
    """wikikit: parse, render and round-trip-check Wikipedia wikitext.

    Every command takes PATHs: wikitext files, folders (walked recursively for
    *.wiki *.txt *.mediawiki and dumps; other names with --glob), - for stdin,
    and MediaWiki XML dumps (.xml, .xml.bz2, .xml.gz; each page's latest
    revision is one document, with its metadata). A run that finds no document
    is an input error.

    Dumps: --namespace N chooses pages (pages that are not wikitext are skipped
    and counted); --all-revisions reads every revision; a multistream dump with
    its index beside it (or --index FILE) is read by the workers in parallel,
    stream by stream. --engine dask runs the work on a Dask cluster
    (--scheduler ADDRESS, or a local one) with the same output.

    Templates: html, json, text and check take --templates PATH (an XML dump,
    its page store or a folder of pages) to expand templates before rendering.

    Progress goes to stderr: a bar on a terminal, otherwise a status line every
    5 seconds; -q turns both off.

    Exit status: 0 ok, 1 a check or rendering failed, 2 usage or input error
    (or an output that cannot be written), 130 interrupted, 141 the reader of
    the output went away (a closed pipe).
    """


for _command in (html, json_command, outline, text_command, check, fmt_command, convert_command):
    main.add_command(_command)


def run() -> None:
    """The ``wikikit`` process: :func:`main`, then an exit without a last scan of every
    object by the cycle collector (20 to 50 ms of a short command's run). Only for a
    process that ends with the command: objects after it are never collected."""
    try:
        main(prog_name="wikikit")
    finally:
        gc.freeze()
