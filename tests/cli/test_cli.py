"""The ``wikikit`` command, through its real entry point (click's runner and ``python -m``)."""

from __future__ import annotations

import bz2
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import wikikit
from conftest import dump_xml, write_dump
from wikikit.cli import main, pipeline
from wikikit.cli.checks import CheckFailed, Subject
from wikikit.cli.checks import registry as checks
from wikikit.cli.outline import format_outline
from wikikit.sources import walk_folder
from wikikit.tree import (
    BlankLine,
    Document,
    Heading,
    Infobox,
    InfoboxField,
    Paragraph,
    Section,
    Text,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "articles"
SHARED = REPO.parent / "shared" / "corpus"


def _seed() -> Path:
    for p in (
        FIXTURES / "second_battle_of_kidal.txt",
        SHARED / "seed" / "second_battle_of_kidal.txt",
    ):
        if p.exists():
            return p
    pytest.skip("seed article not found")


def _articles(n: int = 6) -> list[Path]:
    """The ``n`` smallest fixture articles (fast), from fixtures/ or else the shared corpus."""
    found = sorted(FIXTURES.glob("*.wiki"))
    if len(found) < n:
        found = sorted((SHARED / "wikipedia").glob("*.wiki"))
    if len(found) < n:
        pytest.skip("fixture articles not found")
    # Skip one-line stubs (redirects) so the dump comparison sees real markup.
    real = [p for p in found if p.stat().st_size > 1000] or found
    return sorted(sorted(real, key=lambda p: p.stat().st_size)[:n])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of a few articles, one of them in a subfolder."""
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    for i, p in enumerate(_articles()):
        shutil.copy(p, root / ("sub" if i == 0 else "") / p.name)
    return root


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------------------
# Every subcommand, on the seed article and on a folder
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["html"], ["json"], ["outline"], ["check"]])
def test_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout
    if command:
        assert "--dialect" in result.stdout and "--jobs" in result.stdout


def test_python_dash_m_entry_point() -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(wikikit.__file__).parents[1]))
    proc = subprocess.run(
        [sys.executable, "-m", "wikikit", "outline", str(_seed())],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("Second Battle of Kidal\n")


def test_the_process_entry_point_exits_as_the_command_then_freezes_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The module, not the command of the same name that wikikit.cli exports.
    entry = importlib.import_module("wikikit.cli.main")
    calls: list[str] = []

    def command(prog_name: str) -> None:
        calls.append(prog_name)
        raise SystemExit(3)

    monkeypatch.setattr(entry, "main", command)
    monkeypatch.setattr(entry.gc, "freeze", lambda: calls.append("freeze"))
    with pytest.raises(SystemExit) as info:
        entry.run()
    assert info.value.code == 3
    assert calls == ["wikikit", "freeze"]


def test_outline_seed() -> None:
    result = run("outline", str(_seed()))
    assert result.exit_code == 0
    assert result.stdout == format_outline(wikikit.parse(_seed().read_text(encoding="utf-8")))
    lines = result.stdout.splitlines()
    assert lines[0] == "Second Battle of Kidal"
    assert "  Conflict     Second Battle of Kidal" in lines
    assert "  Casualties2  2 killed, 10 wounded, (According to the MNLA)" in lines
    assert lines[-3:] == [
        "  1  The battle",
        "     1.1  Prime Minister's visit and hostage-taking",
        "     1.2  Malian army offensive",
    ]


def test_outline_format_on_a_hand_built_tree() -> None:
    fields = tuple(
        InfoboxField("- ", (Text(k),), ": ", (Text(v),), "\n")
        for k, v in [("Name", "Ann"), ("Birth Place", "A long place " * 10), ("Empty", "")]
    )
    doc = Document(
        "",
        Heading("=", (Text(" Ann "),), "="),
        (BlankLine(), Infobox("", (Text("Ann Example"),), "\n", fields, "", "")),
        (
            Section(
                Heading("==", (Text("Life"),), "=="),
                (Paragraph((Text("x"),)),),
                (Section(Heading("===", (Text("Early"),), "===")),),
            ),
            Section(Heading("==", (Text(" "),), "==")),
        ),
    )
    assert format_outline(doc, width=60) == (
        "Ann\n\nInfobox: Ann Example\n"
        "  Name         Ann\n"
        "  Birth Place  A long place A long place A long place A long\n"
        "               place A long place A long place A long place\n"
        "               A long place A long place A long place\n"
        "  Empty\n\n"
        "Sections\n  1  Life\n     1.1  Early\n  2  (untitled)\n"
    )


def test_json_seed_and_folder(folder: Path) -> None:
    result = run("json", str(_seed()))
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # one indented document
    assert isinstance(data, dict) and result.stdout.startswith('{\n  "')
    restore = _json_restorer()
    if restore is not None:  # the JSON holds the whole tree: it writes the source back
        assert restore(result.stdout).to_wikitext() == _seed().read_text(encoding="utf-8")

    result = run("json", "-j", "1", str(folder))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 6  # JSON Lines: one document per line
    if restore is not None:
        sources = [Path(p).read_text(encoding="utf-8") for p in walk_folder(str(folder))]
        assert [restore(line).to_wikitext() for line in lines] == sources


def _json_restorer() -> Any:
    try:
        from wikikit.tree.json import document_from_json
    except ImportError:
        return None
    return document_from_json


def test_outline_folder_in_order(folder: Path) -> None:
    result = run("outline", "-j", "2", str(folder))
    assert result.exit_code == 0
    one_by_one = [run("outline", p).stdout for p in walk_folder(str(folder))]
    assert result.stdout == "\n".join(one_by_one)


def test_html_seed_and_folder(folder: Path, tmp_path: Path) -> None:
    result = run("html", str(_seed()))
    assert result.exit_code == 0 and "Second Battle of Kidal" in result.stdout
    assert "<html" not in result.stdout.lower()
    result = run("html", "--standalone", str(_seed()))
    assert result.exit_code == 0 and "<html" in result.stdout.lower()

    out = tmp_path / "out"
    result = run("html", "-j", "2", "--output-dir", str(out), str(folder))
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        p.name.split(".")[0] + ".html" for p in folder.rglob("*.wiki")
    )


def test_check_seed_and_folder(folder: Path, tmp_path: Path) -> None:
    result = run("check", str(_seed()))
    assert result.stdout.startswith("1 document, ")
    for name in checks.select_checks([]):
        assert name in result.stdout
    report = tmp_path / "report.jsonl"
    result = run("check", "-q", "--report", str(report), str(folder))
    records = jsonl(report.read_text(encoding="utf-8"))
    assert result.stdout.startswith("6 documents, ")
    assert result.exit_code == (1 if records else 0)
    assert result.stderr == ""  # --quiet: nothing but the summary (on stdout)


def test_stdin_and_dialect() -> None:
    text = _seed().read_bytes()
    result = run("outline", "--dialect", "article", "-", input=text)
    assert result.exit_code == 0 and result.stdout.startswith("Second Battle of Kidal\n")
    result = run("outline", "--dialect", "nonsense", "-", input=text)
    assert result.exit_code == 2


# ---------------------------------------------------------------------------
# Dumps give the same per-page results as the files
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xml", ".xml.bz2", ".xml.gz"])
def test_dump_matches_files(folder: Path, tmp_path: Path, suffix: str) -> None:
    files = [Path(p) for p in walk_folder(str(folder))]
    pages = [(p.stem.replace("_", " "), [p.read_text(encoding="utf-8")]) for p in files]
    dump = write_dump(tmp_path / f"pages{suffix}", pages)

    from_files = jsonl(run("json", str(folder)).stdout)
    from_dump = jsonl(run("json", str(dump)).stdout)
    # Dump pages add their metadata to the document's keys; the tree is the same.
    meta = ("page_id", "namespace", "revision_id", "timestamp", "content_model", "redirect")
    assert [r["page_id"] for r in from_dump] == list(range(1, len(files) + 1))
    assert [{k: v for k, v in r.items() if k not in meta} for r in from_dump] == from_files

    from_files_outline = run("outline", str(folder)).stdout
    assert run("outline", str(dump)).stdout == from_files_outline

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    ra = run("check", "--report", str(a), str(folder))
    rb = run("check", "--report", str(b), str(dump))
    assert ra.exit_code == rb.exit_code
    strip = [{k: v for k, v in r.items() if k != "source"} for r in jsonl(a.read_text())]
    assert strip == [{k: v for k, v in r.items() if k != "source"} for r in jsonl(b.read_text())]
    # Same documents and bytes; only the timing differs.
    assert ra.stdout.split(" in ")[0] == rb.stdout.split(" in ")[0]


# ---------------------------------------------------------------------------
# Bad input: clear errors, the good documents still processed, exit code 2
# ---------------------------------------------------------------------------


def test_corrupt_inputs(folder: Path, tmp_path: Path) -> None:
    (folder / "bad_utf8.wiki").write_bytes(b"Some text\n\xc3\x28 broken")
    good = [(f"Page {i}", [f"Text of page {i}.\n"]) for i in range(3)]
    data = bz2.compress(dump_xml(good))
    truncated = tmp_path / "truncated.xml.bz2"
    truncated.write_bytes(data[: len(data) - 20])
    cut = tmp_path / "cut.xml"
    xml = dump_xml(good)
    cut.write_bytes(xml[: xml.index(b"Text of page 2") + 5])

    report = tmp_path / "report.jsonl"
    result = run("check", "--report", str(report), str(folder), str(truncated), str(cut))
    assert result.exit_code == 2
    err = result.stderr
    assert f"{folder / 'bad_utf8.wiki'}: not valid UTF-8" in err and "byte offset 10" in err
    assert f"{truncated}: truncated compressed data" in err
    assert f"{cut}: malformed XML dump" in err and "after page 'Page 1'" in err
    # 6 files + the 2 pages before the cut are still checked.
    assert result.stdout.startswith("8 documents, ") and "3 input errors" in result.stdout
    errors = [r for r in jsonl(report.read_text()) if r["check"] == "input"]
    assert [r["source"] for r in errors] == [
        str(folder / "bad_utf8.wiki"),
        str(truncated),
        str(cut),
    ]

    # The same through json: the good documents are written, the exit code is still 2.
    result = run("json", str(folder), str(cut))
    assert result.exit_code == 2 and len(jsonl(result.stdout)) == 8


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.wiki"), str(_seed()))
    assert result.exit_code == 2 and "nope.wiki: cannot read" in result.stderr
    assert result.stdout.startswith("1 document, ")


def test_output_is_atomic_and_never_overwrites_an_input(folder: Path, tmp_path: Path) -> None:
    seed_copy = tmp_path / "seed.txt"
    shutil.copy(_seed(), seed_copy)
    before = seed_copy.read_bytes()
    result = run("json", "-o", str(seed_copy), str(seed_copy))
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert seed_copy.read_bytes() == before
    result = run("outline", "-o", str(folder / "sub" / "new.wiki"), str(folder))
    assert result.exit_code == 2 and not (folder / "sub" / "new.wiki").exists()
    result = run("check", "--report", str(seed_copy), str(seed_copy))
    assert result.exit_code == 2 and seed_copy.read_bytes() == before

    out = tmp_path / "outline.txt"
    out.write_text("old", encoding="utf-8")
    result = run("outline", "-o", str(out), str(seed_copy))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("Second Battle of Kidal")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "outline.txt", "seed.txt"]


# ---------------------------------------------------------------------------
# Parallel runs and Ctrl-C
# ---------------------------------------------------------------------------


def test_jobs_1_and_2_give_identical_reports(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A failing check makes the reports non-trivial; small batches make -j 2 use workers.
    monkeypatch.setattr(checks, "CHECKS", dict(checks.CHECKS))

    @checks.register("test-no-the")
    def no_the(subject: Subject) -> None:
        if " the " in subject.text:
            raise CheckFailed(
                "found 'the'", expected=subject.text, actual=subject.text.replace(" the ", " ")
            )

    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)
    (folder / "dump.xml").write_bytes(dump_xml([("A the b", ["x the y"]), ("B", ["b"])]))
    reports = []
    for jobs in ("1", "2"):
        path = tmp_path / f"r{jobs}.jsonl"
        result = run(
            "check",
            "-j",
            jobs,
            "--glob",
            "*.wiki",
            "--glob",
            "*.xml",
            "--report",
            str(path),
            str(folder),
        )
        assert result.exit_code == 1
        reports.append(path.read_bytes())
    assert reports[0] == reports[1]
    failed = [r for r in jsonl(reports[0].decode()) if r["check"] == "test-no-the"]
    assert failed and all({"offset", "line", "column", "diff"} <= r.keys() for r in failed)
    [page] = [r for r in failed if r["source"].endswith("dump.xml#A the b")]
    assert (page["offset"], page["line"], page["column"]) == (2, 1, 3)
    assert len({r["source"] for r in failed}) == len(failed) > 1


def test_ctrl_c_stops_with_a_partial_summary(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "CHECKS", dict(checks.CHECKS))
    seen: list[str] = []

    @checks.register("test-interrupt")
    def interrupt(subject: Subject) -> None:
        seen.append(subject.text)
        if len(seen) == 3:
            raise KeyboardInterrupt

    report = tmp_path / "r.jsonl"
    result = run("check", "-j", "1", "--report", str(report), str(folder))
    assert result.exit_code == 130
    assert result.stdout.startswith("Interrupted: partial summary.\n2 documents, ")
    assert report.exists()


def test_ctrl_c_while_rendering_leaves_no_partial_output(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.format_outline
    calls: list[int] = []

    def interrupted(doc: Document, width: int = 100) -> str:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(doc, width)

    monkeypatch.setattr(pipeline, "format_outline", interrupted)
    out = tmp_path / "out.txt"
    result = run("outline", "-j", "1", "-o", str(out), str(folder))
    assert result.exit_code == 130
    assert f"interrupted after 2 documents; {out} not written" in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles"]  # no temporary file left


def test_choosing_checks() -> None:
    result = run("check", "--check", "exact", str(_seed()))
    table = result.stdout.split("\n\n", 1)[1]
    assert [line.split()[0] for line in table.splitlines()] == ["check", "exact"]
    result = run("check", "--check", "nope", str(_seed()))
    assert result.exit_code == 2 and "unknown check 'nope'" in result.stderr


def test_output_dir_names_pages_safely(tmp_path: Path) -> None:
    dump = write_dump(
        tmp_path / "d.xml.gz",
        [("AC/DC", ["a"]), ("ac/dc", ["b"]), (".hidden", ["c"]), ("Plain", ["d"])],
    )
    out = tmp_path / "out"
    result = run("outline", "--output-dir", str(out), str(dump))
    assert result.exit_code == 0 and result.stdout == ""
    # Case-insensitive clash: "ac/dc" gets a suffix (safe on macOS and Windows too).
    assert sorted(p.name for p in out.iterdir()) == [
        "AC_DC.txt",
        "Plain.txt",
        "ac_dc-2.txt",
        "hidden.txt",
    ]
    assert (out / "AC_DC.txt").read_text(encoding="utf-8").startswith("AC/DC\n")
