"""Where documents come from: files, folders, stdin and MediaWiki XML dumps."""

from __future__ import annotations

from wikikit.sources.dumps import DUMP_SUFFIXES, export_xml, is_dump, iter_dump
from wikikit.sources.files import DEFAULT_GLOBS, iter_inputs, name_from_path, walk_folder
from wikikit.sources.items import DocumentInput, InputError, InputItem, InputWarning

__all__ = [
    "DEFAULT_GLOBS",
    "DUMP_SUFFIXES",
    "DocumentInput",
    "InputError",
    "InputItem",
    "InputWarning",
    "export_xml",
    "is_dump",
    "iter_dump",
    "iter_inputs",
    "name_from_path",
    "walk_folder",
]
