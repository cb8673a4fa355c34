"""The ``wikikit`` command and its subcommands.

Every subcommand reads PATHs through :mod:`wikikit.sources` (files, folders,
``-`` for stdin, MediaWiki XML dumps), processes documents in ``--jobs``
worker processes with a bounded number of documents in flight, and writes
results in input order as they come. Exit codes: 0 ok, 1 a check (or a
rendering) failed, 2 usage or input error, 130 interrupted.
"""

from __future__ import annotations

import click

from wikikit.cli.check_command import check
from wikikit.cli.format_commands import convert_command, fmt_command
from wikikit.cli.render_commands import html, json_command, outline
from wikikit.version import __version__

__all__ = ["main"]


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


for _command in (html, json_command, outline, check, fmt_command, convert_command):
    main.add_command(_command)
