"""Summaries and JSON Lines reports for ``wikikit check``.

The report holds one record per failing check of a document and one per input
error; it never holds timings, so the same inputs give the same report
whatever ``--jobs`` is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from wikikit.cli.checks import DocumentResult
from wikikit.cli.options import plural
from wikikit.sources import InputError, Skipped

__all__ = [
    "SkipCounts",
    "Summary",
    "error_record",
    "failure_records",
    "format_size",
    "to_jsonl",
]


def failure_records(result: DocumentResult) -> list[dict[str, Any]]:
    """The report records of one document: one per failed check."""
    records = []
    for o in result.failed:
        record: dict[str, Any] = {
            "source": result.source,
            "name": result.name,
            "check": o.check,
            "message": o.message,
        }
        if o.offset is not None:
            record.update(offset=o.offset, line=o.line, column=o.column, diff=o.diff)
        records.append(record)
    return records


def error_record(error: InputError) -> dict[str, Any]:
    """The report record of an input error (its ``check`` is ``"input"``)."""
    return {
        "source": error.source,
        "check": "input",
        "message": error.message,
        "where": error.where,
    }


def to_jsonl(record: dict[str, Any]) -> str:
    """One record as a JSON Lines line (with its newline)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def format_size(n: float) -> str:
    """Bytes in decimal units, like ``1.7 MB``."""
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


@dataclass
class SkipCounts:
    """Dump pages a run left out, by reason (and content model)."""

    models: dict[str, int] = field(default_factory=dict)
    namespace: int = 0
    deleted: int = 0
    missing: int = 0

    def add(self, item: Skipped) -> None:
        if item.reason == "content model":
            self.models[item.detail] = self.models.get(item.detail, 0) + item.count
        elif item.reason == "namespace":
            self.namespace += item.count
        elif item.reason == "deleted":
            self.deleted += item.count
        else:
            self.missing += item.count

    @property
    def total(self) -> int:
        return sum(self.models.values()) + self.namespace + self.deleted + self.missing

    def describe(self) -> str:
        """``skipped 13 pages: 3 not wikitext (Scribunto 2, css 1), 10 in other namespaces``."""
        parts = []
        if self.models:
            detail = ", ".join(f"{m} {n}" for m, n in sorted(self.models.items()))
            parts.append(f"{sum(self.models.values())} not wikitext ({detail})")
        if self.namespace:
            parts.append(f"{self.namespace} in other namespaces")
        if self.deleted:
            parts.append(f"{self.deleted} with deleted text")
        if self.missing:
            parts.append(f"{self.missing} with no text in the dump")
        return f"skipped {plural(self.total, 'page')}: {', '.join(parts)}"


@dataclass
class Summary:
    """Running totals of a check run."""

    checks: list[str]
    documents: int = 0
    bytes: int = 0
    errors: int = 0
    passed: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.bytes += result.size
        for o in result.outcomes:
            counts = {"passed": self.passed, "failed": self.failed, "skipped": self.skipped}[
                o.status
            ]
            counts[o.check] = counts.get(o.check, 0) + 1

    def add_error(self, error: InputError) -> None:
        self.errors += 1

    @property
    def failures(self) -> int:
        """Documents × checks that failed."""
        return sum(self.failed.values())

    def format(
        self, seconds: float, interrupted: bool = False, skipped: SkipCounts | None = None
    ) -> str:
        """The summary table (ends with a newline); ``skipped`` adds a line for dump pages
        left out."""
        rate = self.bytes / 1e6 / seconds if seconds > 0 else 0.0
        docs_rate = self.documents / seconds if seconds > 0 else 0.0
        lines = []
        if interrupted:
            lines.append("Interrupted: partial summary.")
        lines.append(
            f"{plural(self.documents, 'document')}, {format_size(self.bytes)} in {seconds:.2f} s "
            f"({rate:.2f} MB/s, {docs_rate:.1f} documents/s), "
            f"{plural(self.errors, 'input error')}"
        )
        if skipped is not None and skipped.total:
            lines.append(skipped.describe())
        lines.append("")
        rows = [("check", "passed", "failed", "skipped")]
        for name in self.checks:
            rows.append(
                (
                    name,
                    str(self.passed.get(name, 0)),
                    str(self.failed.get(name, 0)),
                    str(self.skipped.get(name, 0)),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            cells = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, 4)]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines) + "\n"
