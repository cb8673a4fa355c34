"""Where results go: one atomic file writer, per-document file names, and the one guard
that keeps every command from writing over its inputs."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
import tempfile
from collections.abc import Iterable
from types import TracebackType
from typing import IO, ClassVar

import click

from wikikit.sources import is_dump

__all__ = [
    "AtomicFile",
    "Destination",
    "OutputError",
    "OutputNamer",
    "is_input",
    "refuse_input",
    "write_atomically",
]


class OutputError(Exception):
    """An output could not be written: ``cannot write PATH: reason``, in one line."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


class AtomicFile:
    """Text written to a temporary file beside ``path``, renamed over it on :meth:`commit`.

    Readers see the old file or the new one, never half of one; a replaced file
    keeps its permission bits. ``-`` or None writes to stdout. Every failure is an
    :class:`OutputError` naming the path, with nothing half-written left behind.
    Used as a context manager, an uncommitted file is discarded on exit.
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else path
        self._tmp: str | None = None
        self.stream: IO[str]
        if self.path is None:
            self.stream = sys.stdout
            return
        target = os.path.abspath(self.path)
        try:
            fd, self._tmp = tempfile.mkstemp(
                dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp"
            )
        except OSError as e:
            raise OutputError(self.path, _reason(e)) from None
        # newline="": write exactly the characters given (no newline translation).
        self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in commit)

    def write(self, text: str) -> None:
        if self._tmp is None:
            self.stream.write(text)  # stdout: a closed pipe is the caller's business
            return
        try:
            self.stream.write(text)
        except OSError as e:
            self.discard()
            raise OutputError(str(self.path), _reason(e)) from None

    def commit(self) -> None:
        if self._tmp is None or self.path is None:
            self.stream.flush()
            return
        try:
            self.stream.flush()
            try:
                mode = os.stat(self.path).st_mode & 0o7777
                existed = True
            except OSError:
                umask = os.umask(0)
                os.umask(umask)
                mode, existed = 0o666 & ~umask, False  # mkstemp makes 0600 files
            if existed:
                # Replacing a file: its old text is gone once renamed, so make the new
                # one durable first. (New files skip the cost: nothing is lost.)
                os.fsync(self.stream.fileno())
            self.stream.close()
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.path)
        except OSError as e:
            self.discard()
            raise OutputError(self.path, _reason(e)) from None
        self._tmp = None

    def discard(self) -> None:
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()


def write_atomically(path: str, text: str) -> None:
    """Replace (or create) ``path`` with ``text`` through :class:`AtomicFile`."""
    with AtomicFile(path) as out:
        out.write(text)
        out.commit()


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def is_input(target: str, paths: Iterable[str], globs: tuple[str, ...]) -> bool:
    """Whether writing ``target`` could overwrite one of the inputs."""
    real = os.path.realpath(target)
    for p in paths:
        if p == "-":
            continue
        if os.path.isdir(p):
            root = os.path.realpath(p)
            name = os.path.basename(real)
            if real.startswith(root + os.sep) and (
                any(fnmatch.fnmatch(name, g) for g in globs) or is_dump(name)
            ):
                return True
        elif same_file(target, p):
            return True
    return False


def refuse_input(
    target: str | None, option: str, paths: tuple[str, ...], globs: tuple[str, ...]
) -> None:
    """The guard every command runs on the file it will write: never one of its inputs."""
    if target is not None and target != "-" and is_input(target, paths, globs):
        raise click.BadParameter(f"refusing to overwrite the input {target!r}", param_hint=option)


class OutputNamer:
    """File names for ``--output-dir``: the input's stem, or the page title, made safe."""

    EXTENSIONS: ClassVar[dict[str, str]] = {
        "html": ".html",
        "json": ".json",
        "outline": ".txt",
        "text": ".txt",
    }

    def __init__(
        self,
        folder: str,
        extension: str | None,
        paths: tuple[str, ...],
        globs: tuple[str, ...],
    ) -> None:
        """``extension`` None keeps each input file's own (``.wiki`` for dump pages)."""
        self.folder = folder
        self.ext = extension
        self.paths = paths
        self.globs = globs
        self.used: set[str] = set()
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as e:
            raise OutputError(folder, _reason(e)) from None

    def target(self, source: str, name: str | None, path: str | None) -> str | None:
        """The file for one document, or None when that would overwrite an input."""
        ext = self.ext
        if path is not None and source == path:
            base = os.path.basename(path)
            stem = base.split(".", 1)[0] or "document"
            if ext is None:
                ext = os.path.splitext(base)[1] or ".wiki"
        else:
            stem = name or "document"
        if ext is None:
            ext = ".wiki"
        stem = "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in stem)
        stem = stem.lstrip(".")[:150] or "document"
        unique, n = stem, 1
        while unique.lower() in self.used:  # case-insensitive: safe on every filesystem
            n += 1
            unique = f"{stem}-{n}"
        self.used.add(unique.lower())
        target = os.path.join(self.folder, unique + ext)
        return None if is_input(target, self.paths, self.globs) else target


class Destination:
    """Where a command's documents go: stdout, ``-o FILE`` or ``--output-dir DIR``.

    Set up with the checks every writing command shares: not both options, never
    over an input, and ``whole`` documents (a standalone page, a formatted text)
    of a run that may hold several are never run together into one stream.
    """

    def __init__(
        self,
        output: str | None,
        output_dir: str | None,
        paths: tuple[str, ...],
        globs: tuple[str, ...],
        *,
        single: bool,
        extension: str | None,
        whole: str | None = None,
    ) -> None:
        """``whole`` names such documents for the message (``"standalone pages"``)."""
        if output is not None and output_dir is not None:
            raise click.UsageError("use either -o/--output or --output-dir, not both")
        refuse_input(output, "-o/--output", paths, globs)
        if output_dir is not None and os.path.exists(output_dir) and not os.path.isdir(output_dir):
            raise click.BadParameter(f"{output_dir!r} is not a folder", param_hint="--output-dir")
        if whole is not None and output_dir is None and not single:
            raise click.UsageError(
                f"{whole} of several documents would run together in one output: "
                "use --output-dir DIR (one file per document)"
            )
        self.namer = (
            OutputNamer(output_dir, extension, paths, globs) if output_dir is not None else None
        )
        self.stream = AtomicFile(output) if output_dir is None else None

    @property
    def path(self) -> str | None:
        """The ``-o`` file (None for stdout and for a folder)."""
        return None if self.stream is None else self.stream.path

    def target(self, source: str, name: str | None, path: str | None) -> str | None:
        """The ``--output-dir`` file for a document (None: it would overwrite an input)."""
        assert self.namer is not None
        return self.namer.target(source, name, path)

    def write(self, text: str) -> None:
        """Append to the stream (stdout or ``-o``)."""
        assert self.stream is not None
        self.stream.write(text)

    def finish(self, keep: bool) -> None:
        """Commit the ``-o`` file, or (``keep`` False) leave no partial file behind."""
        if self.stream is not None:
            if keep:
                self.stream.commit()
            else:
                self.stream.discard()

    def discard(self) -> None:
        if self.stream is not None:
            self.stream.discard()
