"""The options every command shares, the exit codes, and counts in words for messages."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from wikikit.sources import DEFAULT_GLOBS, is_dump, walk_folder

__all__ = [
    "DIALECTS",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE",
    "Inputs",
    "default_jobs",
    "input_options",
    "output_options",
    "plural",
    "total_bytes",
]

DIALECTS = ("auto", "mediawiki", "article")

#: 0 ok, 1 a check (or a rendering) failed, 2 usage or input error, 130 interrupted
#: (128 + SIGINT), 141 the reader of the output went away (128 + SIGPIPE, as a
#: shell reports a program stopped by a closed pipe).
EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 2, 130, 141


F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Inputs:
    """What every command reads, from the options :func:`input_options` adds."""

    paths: tuple[str, ...]
    dialect: str = "auto"
    globs: tuple[str, ...] = DEFAULT_GLOBS
    jobs: int = 0
    quiet: bool = False

    @classmethod
    def from_options(
        cls,
        paths: tuple[str, ...],
        dialect: str,
        globs: tuple[str, ...],
        jobs: int,
        quiet: bool,
        *,
        default_globs: tuple[str, ...] = DEFAULT_GLOBS,
    ) -> Inputs:
        return cls(paths, dialect, globs or default_globs, jobs or default_jobs(), quiet)

    @property
    def single(self) -> bool:
        """One plain file (or stdin): exactly one document, known before reading."""
        p = self.paths
        return len(p) == 1 and (p[0] == "-" or not (os.path.isdir(p[0]) or is_dump(p[0])))


def input_options(fn: F) -> F:
    """PATHs, ``--dialect``, ``--glob``, ``-j/--jobs`` and ``-q/--quiet``."""
    options = [
        # readable=False: an unreadable file is an input error like any other (one
        # line, the other documents still processed), not a refusal to start.
        click.argument(
            "paths", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False)
        ),
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
            "-q",
            "--quiet",
            is_flag=True,
            help="No progress output (errors and warnings are still shown).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def output_options(fn: F) -> F:
    """``-o/--output`` and ``--output-dir``."""
    fn = click.option(
        "--output-dir",
        type=click.Path(file_okay=False),
        help="Write one file per document into this folder (named after the file or page).",
    )(fn)
    fn = click.option(
        "-o",
        "--output",
        type=click.Path(allow_dash=True, dir_okay=False),
        help="Write to this file (default: stdout), atomically; never over an input.",
    )(fn)
    return fn


def plural(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def total_bytes(paths: tuple[str, ...], globs: tuple[str, ...]) -> int | None:
    """Sum of the input sizes when knowable in advance (for the progress bar's ETA)."""
    total = 0
    for p in paths:
        if p == "-" or is_dump(p):
            return None  # a dump's text size is unknown until it has been read
        try:
            if os.path.isdir(p):
                for f in walk_folder(p, globs):
                    if is_dump(f):
                        return None
                    total += os.path.getsize(f)
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
