"""``wikikit check --lint``: the parser's diagnostics as a check, with where they are."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from wikikit.cli import main


def _check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_lint_reports_each_recovery_with_its_line_and_column(tmp_path: Path) -> None:
    page = tmp_path / "p.wiki"
    page.write_text("Intro {{cite\n\n== A ==\n[[link\n<b>x\n", encoding="utf-8")
    report = tmp_path / "r.jsonl"
    code, _, err = _check("--lint", "-j", "1", "--report", str(report), str(page))
    assert code == 1
    assert "FAIL lint" in err and "line 1, column 7" in err
    (record,) = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert record["check"] == "lint" and (record["line"], record["column"]) == (1, 7)
    assert record["message"].startswith("3 problems: 1:7: ")
    for kind in ("unclosed-template", "unclosed-link", "unclosed-tag"):
        assert kind in record["message"]
    # The round trip itself holds: without lint the same page passes.
    assert _check("-j", "1", str(page))[0] == 0


def test_lint_passes_clean_text_and_is_off_by_default(tmp_path: Path) -> None:
    page = tmp_path / "p.wiki"
    page.write_text("Intro {{cite|a}} [[link]] <b>x</b>\n", encoding="utf-8")
    code, out, err = _check("--lint", "-j", "1", str(page))
    assert code == 0 and "lint" in out + err
    broken = tmp_path / "b.wiki"
    broken.write_text("[[x\n", encoding="utf-8")
    code, out, err = _check("-j", "1", str(broken))
    assert code == 0 and "lint" not in out + err
    assert _check("--check", "lint", "-j", "1", str(broken))[0] == 1
