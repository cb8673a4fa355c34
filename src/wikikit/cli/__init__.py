"""The ``wikikit`` command line: one module per command family.

:mod:`~wikikit.cli.render_commands` (html, json, outline),
:mod:`~wikikit.cli.check_command` with the :mod:`~wikikit.cli.checks` it runs and
the :mod:`~wikikit.cli.report` it writes, :mod:`~wikikit.cli.format_commands`
(fmt, convert); shared by all of them: :mod:`~wikikit.cli.options` (the
input options), :mod:`~wikikit.cli.run` (the loop over the inputs),
:mod:`~wikikit.cli.pipeline` (the worker pool), :mod:`~wikikit.cli.progress`
and :mod:`~wikikit.cli.output` (atomic files, the guard on inputs).
"""

from __future__ import annotations

from wikikit.cli.main import main, run

__all__ = ["main", "run"]
