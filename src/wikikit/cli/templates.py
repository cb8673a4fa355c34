"""``--templates PATH``: the wiki whose templates expand each document before it is rendered.

PATH is opened once in the main process (:func:`resolve_templates`), which builds a
dump's page store and refuses anything else with a one-line error. Workers, local or
on a Dask cluster, get only a :class:`TemplateSource` (a kind and a path) and open the
wiki themselves, once per process and thread (a SQLite connection serves one thread).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import click

from wikikit.wiki import Wiki

__all__ = ["TemplateSource", "TemplatesError", "resolve_templates"]


class TemplatesError(Exception):
    """``--templates`` names something that is not a dump, a page store or a folder."""


_OPEN: dict[tuple[int, int, str, str], Wiki] = {}


@dataclass(frozen=True)
class TemplateSource:
    """Where the templates are: ``kind`` ``"store"`` (a page store) or ``"folder"``."""

    kind: str
    path: str

    def open(self) -> Wiki:
        """The wiki at :attr:`path`, opened once per process and thread."""
        key = (os.getpid(), threading.get_ident(), self.kind, self.path)
        wiki = _OPEN.get(key)
        if wiki is None:
            if self.kind == "store":
                wiki = Wiki.from_store(self.path)
            else:
                wiki = Wiki.from_folder(self.path)
            _OPEN[key] = wiki
        return wiki


def resolve_templates(path: str | None) -> TemplateSource | None:
    """The :class:`TemplateSource` for ``--templates PATH`` (None without it): an XML dump
    (its page store is built or brought up to date here), a page store, or a folder.
    Raises :class:`TemplatesError` for anything else."""
    if path is None:
        return None
    try:
        wiki = Wiki.open(path)
    except ValueError as e:
        raise TemplatesError(f"--templates: {e}") from None
    # Imported here, not with the CLI: the page store brings sqlite3.
    from wikikit.sources.store import DumpStore

    if isinstance(wiki.pages, DumpStore):
        source = TemplateSource("store", str(wiki.pages.path.resolve()))
        wiki.pages.close()
        return source
    if not len(wiki.pages):  # type: ignore[arg-type]
        # Not an error (a wiki may have no templates), but most likely a wrong folder.
        click.echo(
            f"wikikit: warning: --templates: {path} holds no pages "
            "(expected files such as Template/Name.wiki)",
            err=True,
        )
    return TemplateSource("folder", str(Path(path).resolve()))
