"""Where documents come from: files, folders, stdin and MediaWiki XML dumps.

:mod:`~wikikit.sources.files` (paths, folders, stdin), :mod:`~wikikit.sources.dumps`
(dumps, read by the page reader of :mod:`~wikikit.sources.pages`),
:mod:`~wikikit.sources.multistream` (multistream dumps cut at their bz2 streams),
:mod:`~wikikit.sources.items` (what an input gives: documents, errors, warnings,
skipped pages), :mod:`~wikikit.sources.siteinfo` and :mod:`~wikikit.sources.store`
(pages for template expansion).
"""

from __future__ import annotations

from wikikit.sources.dumps import DUMP_SUFFIXES, export_xml, is_dump, iter_dump, iter_pages
from wikikit.sources.files import DEFAULT_GLOBS, iter_inputs, name_from_path, walk_folder
from wikikit.sources.items import (
    DocumentInput,
    InputError,
    InputItem,
    InputWarning,
    PageInfo,
    Skipped,
)
from wikikit.sources.multistream import DumpFile, DumpPart, Work, work_inputs
from wikikit.sources.pages import Page, Selection

__all__ = [
    "DEFAULT_GLOBS",
    "DUMP_SUFFIXES",
    "DocumentInput",
    "DumpFile",
    "DumpPart",
    "InputError",
    "InputItem",
    "InputWarning",
    "Page",
    "PageInfo",
    "Selection",
    "Skipped",
    "Work",
    "export_xml",
    "is_dump",
    "iter_dump",
    "iter_inputs",
    "iter_pages",
    "name_from_path",
    "walk_folder",
    "work_inputs",
]
