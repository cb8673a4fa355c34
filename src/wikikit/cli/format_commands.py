"""``wikikit fmt`` (canonical wikitext) and ``wikikit convert`` (between the two dialects)."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from wikikit.cli.output import write_atomically
from wikikit.parser import parse
from wikikit.wikitext.convert import convert
from wikikit.wikitext.formatter import format

__all__ = ["convert_command", "fmt_command"]

_DIALECTS = ("auto", "mediawiki", "article")


def _read(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        return data.decode("utf-8")
    # newline="": the text exactly as stored, "\r\n" included.
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; list the files that would change and exit 1 if any would.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--in-place", "in_place", is_flag=True, help="Rewrite the files (atomically).")
@click.option(
    "--dialect",
    type=click.Choice(_DIALECTS),
    default="auto",
    show_default=True,
    help="Input dialect.",
)
def fmt_command(
    paths: tuple[str, ...], check_only: bool, show_diff: bool, in_place: bool, dialect: str
) -> None:
    """Rewrite wikitext in wikikit's house style (same meaning, same tree).

    With no option the formatted text goes to stdout. Exit status: 0 ok,
    1 --check found files that would change, 2 a file could not be read.
    """
    if in_place and "-" in paths:
        raise click.UsageError("--in-place cannot rewrite stdin")
    changed: list[str] = []
    failed = False
    for path in paths:
        try:
            text = _read(path)
        except (OSError, UnicodeDecodeError) as e:
            click.echo(f"wikikit fmt: {path}: {e}", err=True)
            failed = True
            continue
        out = format(parse(text, dialect=dialect))
        if out != text:
            changed.append(path)
        if show_diff:
            if out != text:
                name = "stdin" if path == "-" else path
                diff = difflib.unified_diff(
                    text.splitlines(keepends=True),
                    out.splitlines(keepends=True),
                    name,
                    f"{name} (formatted)",
                )
                for line in diff:
                    click.echo(
                        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n",
                        nl=False,
                    )
        elif check_only:
            if out != text:
                click.echo(path)
        elif in_place:
            if out != text:
                write_atomically(path, out)
        else:
            click.echo(out, nl=False)
    if failed:
        sys.exit(2)
    if check_only and changed:
        if not show_diff:
            click.echo(f"{len(changed)} file(s) would be reformatted", err=True)
        sys.exit(1)


@click.command("convert")
@click.argument("path", type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "--to",
    "to",
    type=click.Choice(("article", "mediawiki")),
    required=True,
    help="The dialect to write.",
)
@click.option(
    "--title",
    help="Page title for the export's '= Title =' line (default: the file name, '_' as spaces).",
)
@click.option(
    "--dialect",
    type=click.Choice(_DIALECTS),
    default="auto",
    show_default=True,
    help="Input dialect.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Write here instead of stdout (atomically).",
)
def convert_command(
    path: str, to: str, title: str | None, dialect: str, output: str | None
) -> None:
    """Convert between MediaWiki wikitext and the flattened article export."""
    try:
        text = _read(path)
    except (OSError, UnicodeDecodeError) as e:
        click.echo(f"wikikit convert: {path}: {e}", err=True)
        sys.exit(2)
    if title is None and path != "-":
        title = Path(path).stem.replace("_", " ")
    try:
        out = convert(parse(text, dialect=dialect, name=title), to=to, title=title)
    except ValueError as e:
        raise click.UsageError(str(e)) from e
    if output is None or output == "-":
        click.echo(out, nl=False)
    else:
        write_atomically(output, out)
