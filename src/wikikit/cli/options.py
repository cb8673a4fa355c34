"""Options every command shares, and the exit codes."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from wikikit.sources import DEFAULT_GLOBS, is_dump, walk_folder

__all__ = ["DIALECTS", "common_options", "default_jobs", "output_options", "total_bytes"]

DIALECTS = ("auto", "mediawiki", "article")


EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


F = TypeVar("F", bound=Callable[..., Any])


def common_options(fn: F) -> F:
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


def output_options(fn: F) -> F:
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


def total_bytes(paths: tuple[str, ...], globs: tuple[str, ...]) -> int | None:
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


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
