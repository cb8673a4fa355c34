"""The command line on hostile and odd input: nothing lost, nothing injected, nothing hangs."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import wikikit
from conftest import ARTICLES, SEED, write_dump
from wikikit.cli import engines, main, pipeline
from wikikit.cli.checks import registry
from wikikit.html.page import html_comment
from wikikit.sources import walk_folder

html5lib = pytest.importorskip("html5lib")

COMMANDS = ["html", "json", "outline", "check", "fmt", "convert"]


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def cli(*args: str, timeout: float = 120, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``python -m wikikit ARGS`` in a fresh process (for pipes, FIFOs and signals)."""
    env = dict(os.environ, PYTHONPATH=str(Path(wikikit.__file__).parents[1]))
    return subprocess.run(
        [sys.executable, "-m", "wikikit", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **kwargs,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    for name in ("bodmin.wiki", "redirect.wiki", "list.wiki"):
        shutil.copy(ARTICLES / name, root / name)
    return root


def _elements(markup: str) -> list[str]:
    tree = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    return [el.tag for el in tree.iter() if isinstance(el.tag, str)]


# -- names never reach HTML unescaped ----------------------------------------------------------

HOSTILE_NAMES = [
    "x---><script>alert(1)</script>",
    "y--!><script>alert(2)</script>",
    "z-<!--<script>alert(3)</script>",
    "w->",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_comment_holds_any_name(name: str) -> None:
    comment = html_comment(name)
    assert comment.startswith("<!-- ") and comment.endswith(" -->")
    inner = comment[5:-4]
    assert "-" not in inner and ">" not in inner and "<" not in inner
    assert _elements(f"<p>a</p>{comment}<p>b</p>").count("script") == 0


def test_page_titles_cannot_inject_script(tmp_path: Path) -> None:
    dump = write_dump(
        tmp_path / "d.xml", [(name, ["Text of the page."]) for name in [*HOSTILE_NAMES, "Plain"]]
    )
    result = run("html", "-j", "1", str(dump))
    assert result.exit_code == 0
    assert "script" not in _elements(result.stdout)
    assert result.stdout.count("<!--") == len(HOSTILE_NAMES) + 1

    out = tmp_path / "pages"
    result = run("html", "--standalone", "--output-dir", str(out), str(dump))
    assert result.exit_code == 0
    pages = sorted(out.iterdir())
    assert len(pages) == len(HOSTILE_NAMES) + 1
    for page in pages:
        assert "script" not in _elements(page.read_text(encoding="utf-8"))


def test_file_names_cannot_inject_markup(folder: Path) -> None:
    (folder / "x---><img src=x onerror=alert(1)>.wiki").write_text("Some text.", encoding="utf-8")
    result = run("html", "-j", "1", str(folder))
    assert result.exit_code == 0
    tags = _elements(result.stdout)
    assert "img" not in tags and "script" not in tags


# -- no command writes over its input ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "--to", "article"],
        ["convert", "--to", "mediawiki"],
        ["fmt"],
        ["fmt", "--diff"],
        ["html"],
        ["json"],
        ["outline"],
    ],
)
def test_no_command_overwrites_its_input(tmp_path: Path, args: list[str]) -> None:
    page = tmp_path / "page.wiki"
    shutil.copy(ARTICLES / "bodmin.wiki", page)
    before = page.read_bytes()
    result = run(*args, str(page), "-o", str(page))
    assert result.exit_code == 2 and "refusing to overwrite the input" in result.stderr
    assert page.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.wiki"]


# -- an output that cannot be written ----------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``folder`` cannot be written to (as root, where modes do not stop writes, by refusing
    to create files in it, as the kernel would)."""
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real = tempfile.mkstemp

        def mkstemp(*args: Any, dir: Any = None, **kwargs: Any) -> Any:
            if dir is not None and Path(dir).resolve() == folder.resolve():
                raise PermissionError(13, "Permission denied", str(dir))
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    try:
        yield
    finally:
        folder.chmod(0o755)


def _one_error_line(result: Result, path: str, reason: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr == f"wikikit: error: cannot write {path}: {reason}\n"


@pytest.mark.parametrize(
    "args",
    [
        ["html", "-o", "{missing}/x.html"],
        ["json", "-o", "{missing}/x.json"],
        ["outline", "-o", "{file}/x.txt"],
        ["fmt", "-o", "{missing}/x.wiki"],
        ["convert", "--to", "article", "-o", "{missing}/x.txt"],
        ["check", "--report", "{missing}/r.jsonl"],
    ],
)
def test_unwritable_output_is_one_error_line(tmp_path: Path, args: list[str]) -> None:
    file = tmp_path / "plain.txt"
    file.write_text("x", encoding="utf-8")
    values = {"missing": str(tmp_path / "nonexistent" / "d"), "file": str(file)}
    args = [a.format(**values) for a in args]
    result = run(*args, str(SEED))
    reason = "Not a directory" if "{file}" in " ".join(args) or str(file) in args[-1] else None
    target = next(a for a in args if a.startswith(str(tmp_path)))
    _one_error_line(result, target, reason or "No such file or directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]


def test_unwritable_output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with read_only(out, monkeypatch):
        result = run("html", "-j", "1", "--output-dir", str(out), str(SEED), str(SEED))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"wikikit: error: cannot write {out}/")
    assert result.stderr.endswith(": Permission denied\n") and result.stderr.count("\n") == 1
    assert list(out.iterdir()) == []
    # A folder that cannot be made.
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("json", "--output-dir", str(blocker / "sub"), str(SEED))
    _one_error_line(result, str(blocker / "sub"), "Not a directory")


def test_unwritable_report_in_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    with read_only(locked, monkeypatch):
        result = run("check", "--report", str(locked / "r.jsonl"), str(SEED))
    _one_error_line(result, str(locked / "r.jsonl"), "Permission denied")


def test_fmt_in_place_in_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    messy = locked / "messy.wiki"
    messy.write_bytes(b"==Title==\nText  \n")
    other = tmp_path / "other.wiki"
    other.write_bytes(b"*x\n")
    with read_only(locked, monkeypatch):
        result = run("fmt", "--in-place", "-j", "1", str(messy), str(other))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"wikikit: error: {messy}: cannot write {messy}: Permission denied\n" in result.stderr
    assert messy.read_bytes() == b"==Title==\nText  \n"  # untouched, nothing half-written
    assert other.read_bytes() == b"* x\n"  # the other file is still formatted
    assert sorted(p.name for p in locked.iterdir()) == ["messy.wiki"]


# -- an unreadable input is one input error ----------------------------------------------------


def test_unreadable_input_is_one_error(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = folder / "locked.wiki"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:
        # Root reads anything: refuse it as the kernel would for an unprivileged user.
        real_access, real_open = os.access, open

        def access(path: Any, mode: int, **kwargs: Any) -> bool:
            return False if Path(path) == locked else real_access(path, mode, **kwargs)

        def fake_open(path: Any, *args: Any, **kwargs: Any) -> Any:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        import wikikit.sources.files as files

        monkeypatch.setattr(os, "access", access)
        monkeypatch.setattr(files, "open", fake_open, raising=False)
    try:
        good = folder / "bodmin.wiki"
        result = run("outline", "-j", "1", str(good), str(locked), str(folder / "list.wiki"))
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 2
    assert f"wikikit: error: {locked}: cannot read: Permission denied\n" in result.stderr
    assert result.stdout.count("Sections") == 2  # both other documents are there


# -- FIFOs in folders --------------------------------------------------------------------------


def test_fifo_in_a_folder_is_skipped_with_a_warning(folder: Path) -> None:
    fifo = folder / "pipe.wiki"
    os.mkfifo(fifo)
    try:
        proc = cli("outline", "-j", "1", str(folder), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hangs on a FIFO")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"wikikit: warning: {fifo}: skipped: a FIFO, not a regular file\n"
    assert proc.stdout.count("Sections") == 3


# -- no documents at all -----------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_no_documents_is_an_input_error(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not wikitext", encoding="utf-8")
    args = [command, str(empty)]
    if command == "convert":
        args[1:1] = ["--to", "article", "--output-dir", str(tmp_path / "out")]
    if command == "fmt":
        args[1:1] = ["--check"]
    result = run(*args)
    assert result.exit_code == 2
    assert f"wikikit: error: {empty}: no documents found (folders are searched for" in result.stderr


def test_no_documents_writes_no_output_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("json", "-o", str(tmp_path / "out.jsonl"), str(empty))
    assert result.exit_code == 2 and sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_check_finds_dumps_in_folders(tmp_path: Path) -> None:
    write_dump(tmp_path / "pages.xml.bz2", [("A", ["Text."]), ("B", ["More."])])
    result = run("check", "-q", str(tmp_path))
    assert result.exit_code == 0 and result.stdout.startswith("2 documents, ")


# -- a closed pipe -----------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_closed_pipe_ends_quietly(jobs: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(wikikit.__file__).parents[1]))
    # JSON Lines of every fixture: far more than a pipe holds, so writing must fail.
    proc = subprocess.Popen(
        [sys.executable, "-m", "wikikit", "json", "-j", jobs, str(ARTICLES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert first.startswith(b"{")
    assert err == "" and code == 141


# -- every command shares the inputs and options -----------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_the_input_options(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    for option in ("--dialect", "--glob", "--jobs", "--quiet"):
        assert option in result.stdout, option


def test_fmt_takes_folders_dumps_and_globs(folder: Path, tmp_path: Path) -> None:
    result = run("fmt", "--check", "-q", "-j", "2", str(folder))
    listed = result.stdout.split()
    assert result.exit_code == 1 and listed and set(listed) <= set(walk_folder(str(folder)))

    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / "keep.md").write_text("*x\n", encoding="utf-8")
    (copy / "also.mw").write_text("*x\n", encoding="utf-8")
    result = run("fmt", "--in-place", "--glob", "*.wiki", "--glob", "*.mw", str(copy))
    assert result.exit_code == 0
    assert run("fmt", "--check", str(copy)).exit_code == 0
    assert (copy / "also.mw").read_text(encoding="utf-8") == "* x\n"
    assert (copy / "keep.md").read_text(encoding="utf-8") == "*x\n"

    dump = write_dump(tmp_path / "d.xml.gz", [("Page one", ["*a\n"]), ("Page two", ["==T==\n"])])
    out = tmp_path / "formatted"
    result = run("fmt", "--output-dir", str(out), str(dump))
    assert result.exit_code == 0
    assert (out / "Page one.wiki").read_text(encoding="utf-8") == "* a\n"
    assert (out / "Page two.wiki").read_text(encoding="utf-8") == "== T ==\n"
    result = run("fmt", "--diff", str(dump))
    assert result.exit_code == 0 and f"+++ {dump}#Page one (formatted)" in result.stdout


def test_fmt_option_conflicts(folder: Path) -> None:
    page = str(folder / "bodmin.wiki")
    for args in (
        ["--in-place", "--check"],
        ["--in-place", "--diff"],
        ["--in-place", "-o", "x.wiki"],
        ["--check", "--output-dir", "out"],
    ):
        result = run("fmt", *args, page)
        assert result.exit_code == 2 and "Usage:" in result.stderr, args
    # Several formatted texts never run together into one output.
    result = run("fmt", str(folder))
    assert result.exit_code == 2 and "--output-dir" in result.stderr


def test_convert_takes_folders(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = run("convert", "--to", "article", "-j", "2", "--output-dir", str(out), str(folder))
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["bodmin.txt", "list.txt", "redirect.txt"]
    text = (out / "bodmin.txt").read_text(encoding="utf-8")
    assert text.startswith("= bodmin =\n")
    result = run("convert", "--to", "article", str(folder))
    assert result.exit_code == 2 and "--output-dir" in result.stderr


# -- checks from plugins -----------------------------------------------------------------------

PLUGIN = """
from wikikit.cli.checks import CheckFailed, Subject, register

@register("no-tabs")
def no_tabs(subject: Subject) -> None:
    if "\\t" in subject.written:
        raise CheckFailed("tab found")
"""


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "CHECKS", dict(registry.CHECKS))
    monkeypatch.setattr(registry, "DEFAULT_CHECKS", set(registry.DEFAULT_CHECKS))
    monkeypatch.setattr(registry, "_loaded", set())


@pytest.fixture
def tabs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"p{i}.wiki").write_text(f"Page {i}.\n" + ("\tTabbed.\n" if i % 2 else ""))
    return docs


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_plugin_module_checks_run_in_workers(
    tmp_path: Path,
    tabs: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_registry: None,
    start: str,
) -> None:
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} start method here")
    plugin_dir = tmp_path / "plugins"
    plugin_dir.mkdir()
    (plugin_dir / f"tab_checks_{start}.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(plugin_dir))
    monkeypatch.setattr(engines, "_pool_context", lambda: multiprocessing.get_context(start))
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)
    result = run("check", "-q", "-j", "2", "--plugin", f"tab_checks_{start}", str(tabs))
    assert result.exit_code == 1, result.output
    assert "no-tabs" in result.stdout
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("no-tabs"))
    assert row == ["no-tabs", "2", "2", "0"]
    assert "worker process failed" not in result.output


def test_unknown_plugin_is_a_usage_error(tabs: Path, fresh_registry: None) -> None:
    result = run("check", "--plugin", "no_such_module_here", str(tabs))
    assert result.exit_code == 2 and "cannot import plugin 'no_such_module_here'" in result.stderr


def test_installed_plugins_load_from_entry_points(
    tmp_path: Path, tabs: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    site = tmp_path / "site"
    (site / "tabcheck_pkg").mkdir(parents=True)
    (site / "tabcheck_pkg" / "__init__.py").write_text(
        textwrap.dedent(
            """
            from wikikit.cli.checks import CheckFailed

            def no_tabs(subject):
                if "\\t" in subject.text:
                    raise CheckFailed("tab found")
            """
        ),
        encoding="utf-8",
    )
    info = site / "tabcheck_pkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tabcheck-pkg\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[wikikit.checks]\nno-tabs = tabcheck_pkg:no_tabs\n")
    monkeypatch.syspath_prepend(str(site))
    result = run("check", "-q", "-j", "1", str(tabs))  # installed checks run by default
    assert result.exit_code == 1, result.output
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("no-tabs"))
    assert row == ["no-tabs", "2", "2", "0"]


def test_the_entry_point_scan_misses_no_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.machinery import PathFinder

    from wikikit.cli.checks.registry import _may_declare_checks

    site = tmp_path / "site"
    other = site / "other-2.0.dist-info"
    other.mkdir(parents=True)
    (other / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "missing")])
    # Other finders of distributions count as plugins (importlib_metadata, which Dask
    # imports, adds one): without them, only the path is read.
    only_the_path_finder = [f for f in sys.meta_path if not hasattr(f, "find_distributions")]
    monkeypatch.setattr(sys, "meta_path", [*only_the_path_finder, PathFinder])
    assert not _may_declare_checks()
    # A plugin declared in any case of the folder suffix, egg-info included.
    legacy = site / "plug-1.0.EGG-INFO"
    legacy.mkdir()
    (legacy / "entry_points.txt").write_text("[wikikit.checks]\nx = plug:x\n")
    assert _may_declare_checks()
    (legacy / "entry_points.txt").unlink()
    assert not _may_declare_checks()
    # What the scan cannot read counts as a plugin: a zip on the path, another finder.
    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))
    monkeypatch.setattr(sys, "path", [str(site), str(archive)])
    assert _may_declare_checks()
    monkeypatch.setattr(sys, "path", [str(site), tmp_path])  # a Path, as some tools add
    assert _may_declare_checks()
    monkeypatch.setattr(sys, "path", [str(site)])

    class Finder:
        def find_distributions(self, context: object = None) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert _may_declare_checks()


# -- the default check set ---------------------------------------------------------------------


def _checks_run(result: Result) -> list[str]:
    table = result.stdout.split("\n\n", 1)[1]
    return [line.split()[0] for line in table.splitlines()[1:]]


def test_default_checks_are_the_round_trip() -> None:
    assert _checks_run(run("check", "-q", str(SEED))) == ["parse", "exact", "html"]
    assert _checks_run(run("check", "-q", "--check", "format", str(SEED))) == [
        "format-idempotent",
        "format-tree",
        "format-html",
    ]
    everything = _checks_run(run("check", "-q", "--check", "all", str(SEED)))
    assert everything[:4] == ["parse", "exact", "reparse", "html"]
    assert len(everything) == 8 and everything[-1] == "lint"
    help_text = run("check", "--help").stdout
    assert "--check format" in help_text and "all" in help_text


# -- messages, and several whole pages ------------------------------------------------------


def test_counts_are_in_good_english(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wiki"
    bad.write_bytes(b"\xff")
    result = run("outline", "-j", "1", str(SEED), str(bad))
    assert result.exit_code == 2
    assert result.stderr.endswith("wikikit: 1 document written, 0 failed, 1 input error\n")
    result = run("check", "-q", str(SEED), str(bad))
    assert result.stdout.startswith("1 document, ") and ", 1 input error\n" in result.stdout


def test_several_standalone_pages_need_an_output_dir(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    result = run("html", "--standalone", "-o", str(out), str(folder))
    assert result.exit_code == 2 and "--output-dir" in result.stderr and not out.exists()
    result = run("html", "--standalone", str(SEED), str(SEED))
    assert result.exit_code == 2 and result.stdout == ""
    result = run("html", "--standalone", "-o", str(out), str(SEED))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").count("<!DOCTYPE") == 1


def test_the_status_line_is_documented() -> None:
    assert "status line every 5 seconds" in " ".join(run("--help").stdout.split())
