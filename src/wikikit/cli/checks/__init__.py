"""The checks ``wikikit check`` runs, and how to add one.

A check is a function registered by name (see :mod:`wikikit.cli.checks.registry`)::

    from wikikit.cli.checks import CheckFailed, register

    @register("no-tabs")
    def check_no_tabs(subject):
        if "\\t" in subject.text:
            raise CheckFailed("the text has a tab")

Built in: the round-trip checks (:mod:`~wikikit.cli.checks.roundtrip`) and the
formatter's laws (:mod:`~wikikit.cli.checks.formatter`).
"""

from __future__ import annotations

# Registration order is the order checks run in: the round trip first.
from wikikit.cli.checks import roundtrip

# isort: split
from wikikit.cli.checks import formatter
from wikikit.cli.checks.registry import (
    CHECKS,
    CheckFailed,
    CheckSkipped,
    DocumentResult,
    Outcome,
    Subject,
    first_difference,
    register,
    run_checks,
    short_diff,
)

__all__ = [
    "CHECKS",
    "CheckFailed",
    "CheckSkipped",
    "DocumentResult",
    "Outcome",
    "Subject",
    "first_difference",
    "formatter",
    "register",
    "roundtrip",
    "run_checks",
    "short_diff",
]
