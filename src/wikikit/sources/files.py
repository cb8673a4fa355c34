"""Files, folders and stdin: command-line paths turned into a stream of documents.

:func:`iter_inputs` turns paths into :class:`~wikikit.sources.items.DocumentInput`
and :class:`~wikikit.sources.items.InputError` values; dumps among them are read
by :mod:`wikikit.sources.dumps`, or cut into parts for the workers to read by
:mod:`wikikit.sources.multistream`.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from wikikit.sources.dumps import DUMP_SUFFIXES, SPLIT_DUMP_GLOB, is_dump
from wikikit.sources.items import InputError, InputItem, InputWarning, decode
from wikikit.sources.multistream import DumpPart, is_index, iter_dump_work
from wikikit.sources.pages import Selection

__all__ = ["DEFAULT_GLOBS", "iter_inputs", "name_from_path", "walk_folder"]

#: File names a folder walk picks up unless ``--glob`` says otherwise: wikitext
#: files and MediaWiki XML dumps.
DEFAULT_GLOBS: tuple[str, ...] = (
    "*.wiki",
    "*.txt",
    "*.mediawiki",
    *(f"*{suffix}" for suffix in DUMP_SUFFIXES),
    SPLIT_DUMP_GLOB,
)

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def name_from_path(path: str) -> str:
    """The page title a file stands for: its stem, underscores as spaces (MediaWiki's rule)."""
    base = os.path.basename(path)
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return stem.replace("_", " ")


def walk_folder(
    folder: str,
    globs: Iterable[str] = DEFAULT_GLOBS,
    on_error: Callable[[OSError], None] | None = None,
    on_skip: Callable[[str, str], None] | None = None,
) -> Iterator[str]:
    """Files under ``folder`` (recursively) whose name matches one of ``globs``, sorted.

    Sorted per directory so runs are reproducible (``--jobs`` must not change
    the order of reports); symlinked folders are not followed, to avoid loops.
    ``on_error`` hears about folders that cannot be listed (else they are skipped).
    Only regular files are yielded: reading a FIFO or a device could block forever.
    ``on_skip(path, why)`` hears about the others.
    """
    patterns = tuple(globs)
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs.sort()
        for name in sorted(files):
            if any(fnmatch.fnmatch(name, p) for p in patterns):
                path = os.path.join(root, name)
                why = _not_regular(path)
                if why is None:
                    yield path
                elif on_skip is not None:
                    on_skip(path, why)


def _not_regular(path: str) -> str | None:
    """Why ``path`` is not a regular file to read, or None (also when it cannot be
    looked at: reading it will say why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
    return f"skipped: {kind}, not a regular file"


def iter_inputs(
    paths: Iterable[str],
    globs: Iterable[str] = DEFAULT_GLOBS,
    stdin: IO[bytes] | None = None,
    *,
    selection: Selection | None = None,
    index: str | None = None,
) -> Iterator[InputItem | DumpPart]:
    """Every document (or error) from the given paths, in order.

    A path is ``-`` (stdin, one document), a folder (walked with ``globs``),
    a dump (by suffix, see :data:`DUMP_SUFFIXES`) or a wikitext file. A dump's
    pages are chosen by ``selection``; a multistream dump with its index (beside
    it, or ``index`` for a dump named in ``paths``) comes as
    :class:`~wikikit.sources.multistream.DumpPart` values for the workers to read.
    """
    patterns = tuple(globs)
    chosen = selection if selection is not None else Selection()
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield decode(stream.read(), "-", None, None)
        elif os.path.isdir(path):
            unreadable: list[OSError] = []
            skipped: list[InputWarning] = []
            skip = _collector(skipped)
            for file in walk_folder(path, patterns, unreadable.append, skip):
                yield from _folder_errors(unreadable)
                yield from _drain(skipped)
                if is_index(file):
                    continue  # a multistream dump's index (*.txt) is no document
                yield from _iter_path(file, chosen)
            yield from _folder_errors(unreadable)
            yield from _drain(skipped)
        else:
            yield from _iter_path(path, chosen, index)


def _collector(into: list[InputWarning]) -> Callable[[str, str], None]:
    def skip(path: str, why: str) -> None:
        into.append(InputWarning(path, why))

    return skip


def _drain(warnings: list[InputWarning]) -> Iterator[InputWarning]:
    while warnings:
        yield warnings.pop(0)


def _folder_errors(errors: list[OSError]) -> Iterator[InputError]:
    while errors:
        e = errors.pop(0)
        yield InputError(str(e.filename), f"cannot read folder: {e.strerror or e}")


def _iter_path(
    path: str, selection: Selection, index: str | None = None
) -> Iterator[InputItem | DumpPart]:
    if is_dump(path):
        yield from iter_dump_work(path, selection, index)
        return
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        yield InputError(path, f"cannot read: {e.strerror or e}")
        return
    yield decode(data, path, name_from_path(path), path)
