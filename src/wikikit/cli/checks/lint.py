"""The ``lint`` check: what the parser had to recover from (``doc.diagnostics``).

Not a round-trip failure: malformed markup still comes back byte for byte. It runs
when asked for (``wikikit check --lint`` or ``--check lint``), for editors and bots
that want to find unclosed ``{{``, ``[[``, ``''``, tags, tables and comments, stray end
tags, and fields or parameters given twice.
"""

from __future__ import annotations

from wikikit.cli.checks.registry import CheckFailed, Subject, register

__all__ = ["check_lint"]

#: Diagnostics named in one failure message; the count says how many more there are.
SHOWN = 5


@register("lint", default=False)
def check_lint(subject: Subject) -> None:
    """The parser recovered from nothing (``doc.diagnostics`` is empty)."""
    found = subject.doc.diagnostics
    if not found:
        return
    first = found[0]
    listed = "; ".join(f"{d} ({d.kind})" for d in found[:SHOWN])
    more = f"; and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    count = "1 problem" if len(found) == 1 else f"{len(found)} problems"
    raise CheckFailed(f"{count}: {listed}{more}", at=(first.offset, first.line, first.column))
