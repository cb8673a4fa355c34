"""The checks ``wikikit check`` runs, and how to add one.

A check is a function registered by name (see :mod:`wikikit.cli.checks.registry`)::

    from wikikit.cli.checks import CheckFailed, register

    @register("no-tabs")
    def check_no_tabs(subject):
        if "\\t" in subject.text:
            raise CheckFailed("the text has a tab")

Built in: the round-trip checks (:mod:`~wikikit.cli.checks.roundtrip`), the
formatter's laws (:mod:`~wikikit.cli.checks.formatter`) and the parser's
diagnostics (:mod:`~wikikit.cli.checks.lint`). To use a check from the
command line, name its module with ``wikikit check --plugin MODULE``, or install
it under the ``wikikit.checks`` entry-point group::

    [project.entry-points."wikikit.checks"]
    mypackage = "mypackage.checks"           # a module whose @register calls add checks
    no-tabs = "mypackage.checks:no_tabs"     # or one check function, under this name
"""

from __future__ import annotations

# Registration order is the order checks run in: the round trip first.
from wikikit.cli.checks import roundtrip

# isort: split
from wikikit.cli.checks import formatter

# isort: split
from wikikit.cli.checks import lint
from wikikit.cli.checks.registry import (
    CHECKS,
    DEFAULT_CHECKS,
    ENTRY_POINT_GROUP,
    GROUPS,
    CheckFailed,
    CheckSkipped,
    DocumentResult,
    Outcome,
    PluginError,
    Subject,
    first_difference,
    load_plugins,
    register,
    run_checks,
    select_checks,
    short_diff,
)

__all__ = [
    "CHECKS",
    "DEFAULT_CHECKS",
    "ENTRY_POINT_GROUP",
    "GROUPS",
    "CheckFailed",
    "CheckSkipped",
    "DocumentResult",
    "Outcome",
    "PluginError",
    "Subject",
    "first_difference",
    "formatter",
    "lint",
    "load_plugins",
    "register",
    "roundtrip",
    "run_checks",
    "select_checks",
    "short_diff",
]
