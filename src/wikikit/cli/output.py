"""Where results go: atomic files, per-document file names, and the guard that keeps inputs safe."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, ClassVar

import click

from wikikit.cli.pipeline import Rendered
from wikikit.sources import is_dump

__all__ = ["AtomicOutput", "OutputNamer", "is_input", "refuse_input", "write_atomically"]


class AtomicOutput:
    """Text written to a temporary file beside ``path``, renamed over it on commit.

    Readers never see a half-written file; ``-`` or None writes to stdout.
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else path
        self._tmp: str | None = None
        self.stream: IO[str]
        if self.path is None:
            self.stream = sys.stdout
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, self._tmp = tempfile.mkstemp(
            dir=directory, prefix="." + os.path.basename(self.path) + ".", suffix=".tmp"
        )
        # newline="": write exactly the characters given (no newline translation).
        self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed in commit)

    def write(self, text: str) -> None:
        self.stream.write(text)

    def commit(self) -> None:
        if self._tmp is None or self.path is None:
            self.stream.flush()
            return
        self.stream.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)  # mkstemp makes 0600 files
        os.replace(self._tmp, self.path)
        self._tmp = None

    def discard(self) -> None:
        if self._tmp is not None:
            self.stream.close()
            os.unlink(self._tmp)
            self._tmp = None


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` with ``text``: a temporary file in the same folder, then a rename.

    Readers see the old file or the new one, never half of it; the file keeps
    its permission bits.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
    if target is not None and target != "-" and is_input(target, paths, globs):
        raise click.BadParameter(f"refusing to overwrite the input {target!r}", param_hint=option)


class OutputNamer:
    """File names for ``--output-dir``: the input's stem, or the page title, made safe."""

    EXTENSIONS: ClassVar[dict[str, str]] = {"html": ".html", "json": ".json", "outline": ".txt"}

    def __init__(
        self, folder: str, kind: str, paths: tuple[str, ...], globs: tuple[str, ...]
    ) -> None:
        self.folder = folder
        self.ext = self.EXTENSIONS[kind]
        self.paths = paths
        self.globs = globs
        self.used: set[str] = set()
        os.makedirs(folder, exist_ok=True)

    def target(self, result: Rendered) -> str | None:
        if result.path is not None and result.source == result.path:
            stem = os.path.basename(result.path).split(".", 1)[0] or "document"
        else:
            stem = result.name or "document"
        stem = "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in stem)
        stem = stem.lstrip(".")[:150] or "document"
        name, n = stem, 1
        while name.lower() in self.used:  # case-insensitive: safe on every filesystem
            n += 1
            name = f"{stem}-{n}"
        self.used.add(name.lower())
        target = os.path.join(self.folder, name + self.ext)
        return None if is_input(target, self.paths, self.globs) else target
