"""The check registry (wikikit.cli.checks) and the report records (wikikit.cli.report)."""

from __future__ import annotations

from typing import Any

import pytest

import wikikit
from conftest import fixture_articles, read_exact
from wikikit.cli.checks import (
    CHECKS,
    CheckFailed,
    Subject,
    first_difference,
    register,
    run_checks,
    short_diff,
)
from wikikit.cli.checks import registry as checks
from wikikit.cli.report import Summary, failure_records
from wikikit.sources import InputError
from wikikit.tree import Document, Paragraph, Text


def test_builtin_checks_in_order() -> None:
    assert list(CHECKS)[:4] == ["parse", "exact", "reparse", "html"]


def test_all_pass_on_plain_text() -> None:
    result = run_checks("Hello ''world''.\n", source="s", name="S", size=17)
    status = {o.check: o.status for o in result.outcomes}
    assert status == {"parse": "passed", "exact": "passed", "html": "passed"}
    result = run_checks("Hello.\n", source="s", name="S", size=7, checks=["reparse"])
    assert [(o.check, o.status) for o in result.outcomes] == [("reparse", "passed")]
    assert result.failed == []


def test_adding_a_check_is_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "CHECKS", dict(CHECKS))

    @register("no-tabs")
    def no_tabs(subject: Subject) -> None:
        if "\t" in subject.written:
            raise CheckFailed("tab found")

    assert "no-tabs" in checks.CHECKS
    result = checks.run_checks("a\tb", source="s", name=None, size=3)
    [failed] = result.failed
    assert failed.check == "no-tabs" and failed.message == "tab found"
    with pytest.raises(ValueError):
        register("no-tabs")(lambda s: None)


def _broken_writer(text: str, **kwargs: Any) -> Document:
    # A "parser" that loses the last character: exact and reparse must catch it.
    return Document("", None, (Paragraph((Text(text[:-1]),), ""),), (), kwargs.get("name"))


def test_exact_failure_has_offset_line_column_and_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "parse", _broken_writer)
    text = "first line\nsecond é line\nthird!"
    result = run_checks(
        text, source="src", name="n", size=len(text.encode()), checks=["exact", "reparse"]
    )
    by_check = {o.check: o for o in result.outcomes}
    exact = by_check["exact"]
    assert exact.status == "failed"
    assert (exact.line, exact.column) == (3, 6)
    assert exact.offset == len(text[:-1].encode())  # byte offset: é counts 2
    assert exact.diff is not None and "-third!" in exact.diff and "+third" in exact.diff
    assert "@@ -1,3 +1,3 @@" in exact.diff
    assert by_check["reparse"].status == "failed"  # "first line…third" parses differently
    [record, *_] = failure_records(result)
    assert record["check"] == "exact" and record["line"] == 3 and record["source"] == "src"


def test_parse_raising_fails_parse_and_skips_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str, **kwargs: Any) -> Document:
        raise RuntimeError("kaput")

    monkeypatch.setattr(checks, "parse", boom)
    result = run_checks("x", source="s", name=None, size=1, checks=["parse", "exact", "reparse"])
    status = {o.check: (o.status, o.message) for o in result.outcomes}
    assert status["parse"] == ("failed", "parse raised RuntimeError: kaput")
    assert status["exact"][0] == status["reparse"][0] == "skipped"


def test_subject_parses_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = wikikit.parse

    def counting(text: str, **kwargs: Any) -> Document:
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(checks, "parse", counting)
    run_checks(
        "== a ==\ntext\n", source="s", name=None, size=14, checks=["parse", "exact", "reparse"]
    )
    # The text came back exactly: parsing it again could only give the same tree.
    assert len(calls) == 1


def test_first_difference_and_long_line_diff() -> None:
    assert first_difference("abc", "abc") == (3, 1, 4)
    assert first_difference("a\nb\nxyz", "a\nb\nxYz") == (5, 3, 2)
    assert first_difference("ü" * 5000 + "a", "ü" * 5000 + "b") == (10000, 1, 5001)
    long_a = "x" * 100_000 + "A" + "y" * 10
    long_b = "x" * 100_000 + "B" + "y" * 10
    _, line, column = first_difference(long_a, long_b)
    diff = short_diff(long_a, long_b, line, column)
    assert "A" in diff and "B" in diff and len(diff) < 1000


def test_summary_table() -> None:
    summary = Summary(["parse", "exact"])
    summary.add(run_checks("x", source="s", name=None, size=1, checks=["parse", "exact"]))
    table = summary.format(0.5)
    assert table.startswith(
        "1 document, 1 B in 0.50 s (0.00 MB/s, 2.0 documents/s), 0 input errors"
    )
    summary.add_error(InputError("x", "bad"))
    assert "), 1 input error\n" in summary.format(0.5)
    assert "parse" in table and "passed" in table
    assert "Interrupted" in summary.format(0.5, interrupted=True)


def test_built_in_checks_are_registered_in_order() -> None:
    assert "format-idempotent" in checks.CHECKS
    assert list(checks.CHECKS)[:4] == ["parse", "exact", "reparse", "html"]


def test_format_checks_are_registered_and_pass_on_the_seed() -> None:
    from wikikit.cli.checks import CHECKS, run_checks

    assert {"format-idempotent", "format-tree", "format-html"} <= set(CHECKS)
    seed = read_exact(fixture_articles()[0].parent / "second_battle_of_kidal.txt")
    result = run_checks(
        seed,
        source="seed",
        name=None,
        size=len(seed),
        checks=["format-idempotent", "format-tree", "format-html"],
    )
    assert [o.status for o in result.outcomes] in (
        ["passed", "passed", "passed"],
        ["passed", "passed", "skipped"],
    )
