"""The options every command shares, the exit codes, and counts in words for messages."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

from wikikit.cli.engines import ENGINES
from wikikit.html.page import link_base_ok
from wikikit.sources import DEFAULT_GLOBS, Selection, is_dump, walk_folder

__all__ = [
    "DIALECTS",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE",
    "Inputs",
    "check_title",
    "default_jobs",
    "input_options",
    "link_base_option",
    "output_options",
    "plural",
    "templates_option",
    "title_option",
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
    """What every command reads, and where the work runs, from :func:`input_options`.

    ``selection`` chooses a dump's pages (``--namespace``, ``--all-revisions``);
    ``index`` is a multistream dump's index (``--index``); ``engine`` is
    ``"local"`` (``jobs`` processes) or ``"dask"`` (the cluster at ``scheduler``,
    or a local one of ``jobs`` workers).
    """

    paths: tuple[str, ...]
    dialect: str = "auto"
    globs: tuple[str, ...] = DEFAULT_GLOBS
    jobs: int = 0
    quiet: bool = False
    selection: Selection = field(default_factory=Selection)
    index: str | None = None
    engine: str = "local"
    scheduler: str | None = None

    @classmethod
    def from_options(
        cls,
        paths: tuple[str, ...],
        dialect: str,
        globs: tuple[str, ...],
        jobs: int,
        quiet: bool,
        *,
        namespaces: tuple[int, ...] = (),
        all_revisions: bool = False,
        index: str | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        default_globs: tuple[str, ...] = DEFAULT_GLOBS,
    ) -> Inputs:
        if index is not None and (len(paths) != 1 or not is_dump(paths[0])):
            raise click.BadParameter(
                "an index is for one multistream dump: give exactly one dump PATH",
                param_hint="--index",
            )
        if scheduler is not None:
            engine = "dask"
        return cls(
            paths,
            dialect,
            globs or default_globs,
            jobs or default_jobs(),
            quiet,
            Selection.of(namespaces, all_revisions=all_revisions),
            index,
            engine,
            scheduler,
        )

    @property
    def single(self) -> bool:
        """One plain file (or stdin): exactly one document, known before reading."""
        p = self.paths
        return len(p) == 1 and (p[0] == "-" or not (os.path.isdir(p[0]) or is_dump(p[0])))


def input_options(fn: F) -> F:
    """PATHs, ``--dialect``, ``--glob``, ``-j/--jobs``, ``-q/--quiet``, and the dump
    and engine options (``--namespace``, ``--all-revisions``, ``--index``,
    ``--engine``, ``--scheduler``), which commands pass on to
    :meth:`Inputs.from_options` as keywords."""
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
        click.option(
            "--namespace",
            "namespaces",
            type=int,
            multiple=True,
            metavar="N",
            help="Dump pages in namespace N only (repeatable; default: every namespace). "
            "Pages that are not wikitext (Lua modules, CSS, JSON) are skipped and counted.",
        ),
        click.option(
            "--all-revisions",
            is_flag=True,
            help="Every revision in a full-history dump is a document (default: each "
            "page's latest).",
        ),
        click.option(
            "--index",
            type=click.Path(dir_okay=False),
            metavar="FILE",
            help="The index of a multistream dump (default: the *-multistream-index.txt.bz2 "
            "beside it): the workers read its bz2 streams in parallel.",
        ),
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="local",
            show_default=True,
            help="Run on local worker processes (--jobs), or on a Dask cluster.",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="The Dask scheduler (tcp://host:8786) to run on; implies --engine dask. "
            "Without it, --engine dask starts a local cluster of --jobs workers.",
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


def templates_option(fn: F) -> F:
    """``--templates PATH``: expand each document with the wiki at PATH first."""
    return click.option(
        "--templates",
        metavar="PATH",
        help="Expand templates first, from this wiki: an XML dump (.xml, .xml.bz2, "
        ".xml.gz; its page store is built beside it), a page store (the .pages.sqlite "
        "file) or a folder of pages (Template/Name.wiki).",
    )(fn)


def title_option(fn: F) -> F:
    """``--title TITLE``: the page title of a single input."""
    return click.option(
        "--title",
        metavar="TITLE",
        help="The page title of the one input (file or stdin): the page's heading and "
        "<title>, and {{PAGENAME}} when expanding. Default: a dump page's title, the "
        "export's title line, or the file name.",
    )(fn)


def _check_link_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not link_base_ok(value):
        raise click.BadParameter(
            "give an http:// or https:// URL or a relative path, without quotes, "
            "angle brackets or spaces"
        )
    return value


def link_base_option(fn: F) -> F:
    """``--link-base URL``: where internal links point."""
    return click.option(
        "--link-base",
        metavar="URL",
        default="/wiki/",
        show_default=True,
        callback=_check_link_base,
        help="Prefix of internal links ([[Foo]] links to URL + Foo): an http(s) URL or "
        "a relative path.",
    )(fn)


def check_title(title: str | None, inputs: Inputs) -> None:
    """``--title`` names the page of one plain input only."""
    if title is not None and not inputs.single:
        raise click.BadParameter(
            "a title is for one input: give one file (or - for stdin)", param_hint="--title"
        )


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
