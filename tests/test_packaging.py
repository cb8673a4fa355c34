"""The installed package (a plain, non-editable ``pip install .``) parses on its own.

The grammar lives in the top-level ``grammars/`` folder and must ship inside the
package. This test imports wikikit in a fresh interpreter outside the source
tree, so it sees the installed copy, not ``src/``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import wikikit
from conftest import ROOT, compiled_modules

#: The folder the tested wikikit is imported from (site-packages or ``src``).
_PACKAGE_ROOT = Path(wikikit.__file__).resolve().parents[1]

PROBE = """
import json, sys
from importlib import resources
import wikikit
doc = wikikit.parse("== A ==\\n* [[b]]\\n")
try:
    grammar = (resources.files("wikikit.grammars") / "blocks.lark").is_file()
except ModuleNotFoundError:  # an editable install maps no wikikit.grammars package
    grammar = False
print(json.dumps({
    "file": wikikit.__file__,
    "grammar": grammar,
    "sections": [s.title for s in doc.sections],
    "round_trip": doc.to_wikitext() == "== A ==\\n* [[b]]\\n",
}))
"""


def test_installed_package_parses_outside_the_source_tree(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-I", "-c", PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 and "No module named 'wikikit'" in proc.stderr:
        pytest.skip("wikikit is not installed in this interpreter (run: pip install '.[test]')")
    assert proc.returncode == 0, proc.stderr

    result = json.loads(proc.stdout)
    installed = Path(result["file"]).resolve()
    if ROOT / "src" in installed.parents:
        pytest.skip("wikikit is installed in editable mode; this test is for a plain install")
    assert result == {
        "file": result["file"],
        "grammar": True,
        "sections": ["A"],
        "round_trip": True,
    }


# -- declared dependencies -----------------------------------------------------------------------


def _project() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib")
    with open(ROOT / "pyproject.toml", "rb") as fh:
        project: dict[str, Any] = tomllib.load(fh)["project"]
    return project


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def _imported_by_the_package() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "wikikit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "wikikit"}


#: Imported only where they are used (wikikit.dask, --engine dask, Parquet output).
OPTIONAL_EXTRAS = ("dask", "parquet")


def test_runtime_dependencies_are_what_the_package_imports() -> None:
    project = _project()
    runtime = {_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    optional = {_name(r) for extra in OPTIONAL_EXTRAS for r in extras[extra]}
    assert runtime | optional == _imported_by_the_package()
    assert not runtime & optional
    # The CI runs the tests of the optional parts: the test extra has them all.
    assert optional <= {_name(r) for r in extras["test"]}
    # The differential oracle of the tests (and a peer in the benchmark) is no runtime need.
    assert "mwparserfromhell" in {_name(r) for r in extras["test"]}
    assert "mwparserfromhell" in {_name(r) for r in extras["bench"]}


def test_lark_range_is_bounded_and_holds_the_installed_version() -> None:
    from importlib.metadata import version

    [lark] = [r for r in _project()["dependencies"] if _name(r) == "lark"]
    upper = re.search(r"<\s*([0-9.]+)", lark)
    lower = re.search(r">=\s*([0-9.]+)", lark)
    assert upper is not None and lower is not None, lark

    def key(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", v)[:3])

    assert key(lower.group(1)) <= key(version("lark")) < key(upper.group(1))


def test_moved_lark_internals_fail_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    import lark.parsers.lalr_parser  # lark itself loads; the module wikikit reads has moved

    from wikikit.parser.blocks import block_tables

    assert lark.parsers.lalr_parser is not None
    monkeypatch.setitem(sys.modules, "lark.parsers.lalr_analysis", types.ModuleType("moved"))
    with pytest.raises(ImportError, match=r"lark .* is not supported.*lark>=") as info:
        block_tables("start: A\n%declare A\n")
    assert "lark.parsers.lalr_analysis" in str(info.value)


_WITHOUT_EXTRAS = """
import sys
for name in ("dask", "distributed", "pyarrow"):
    sys.modules[name] = None  # their import now fails, as if not installed
from click.testing import CliRunner
from wikikit.cli import main
r = CliRunner().invoke(main, ["outline", "-"], input=b"== A ==")
print(r.exit_code)
r = CliRunner().invoke(main, ["json", "-", "-o", "x.parquet"], input=b"x")
print(r.exit_code, "wikikit[parquet]" in r.stderr)
r = CliRunner().invoke(main, ["check", "-", "--engine", "dask"], input=b"x")
print(r.exit_code, "wikikit[dask]" in r.stderr)
"""


def test_the_command_line_works_without_the_optional_extras(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _WITHOUT_EXTRAS],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(_PACKAGE_ROOT)},
        timeout=120,
    )
    assert proc.stdout.splitlines() == ["0", "2 True", "2 True"], proc.stderr
    assert not (tmp_path / "x.parquet").exists()


# -- import cost ----------------------------------------------------------------------------------

_LOADED = """
import json, sys
import {module}
late = {names!r}
print(json.dumps(sorted(m for m in sys.modules if m in late or m.startswith("wikikit.expand"))))
"""

#: Loaded only by what uses them: a Wiki, --templates, a page store.
_LATE = ("sqlite3", "wikikit.sources.store")


@pytest.mark.parametrize("module", ["wikikit", "wikikit.cli.main"])
def test_importing_leaves_the_expander_and_page_stores_unloaded(module: str) -> None:
    # They cost a quarter of the import (sqlite3, the expander's tables), and most
    # programs only parse and render.
    proc = subprocess.run(
        [sys.executable, "-c", _LOADED.format(module=module, names=_LATE)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(_PACKAGE_ROOT)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_a_wiki_loads_the_expander_when_made() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import wikikit; w = wikikit.Wiki(pages={'Template:A': 'x{{{1}}}'});"
            " print(w.expand('{{a|y}}'))",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(_PACKAGE_ROOT)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "xy\n"


# -- the compiled build --------------------------------------------------------------------------


def _modules_setup_compiles() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            paths: list[str] = ast.literal_eval(node.value)
            return sorted("wikikit." + p.removesuffix(".py").replace("/", ".") for p in paths)
    raise AssertionError("setup.py has no COMPILED list")


@pytest.mark.skipif(
    os.environ.get("WIKIKIT_EXPECT_BUILD") not in ("compiled", "pure"),
    reason="set WIKIKIT_EXPECT_BUILD=compiled or pure to check which build is installed",
)
def test_the_installed_build_is_the_one_expected() -> None:
    compiled = compiled_modules()
    if os.environ["WIKIKIT_EXPECT_BUILD"] == "pure":
        assert compiled == []
    else:
        assert compiled == _modules_setup_compiles()
        # Each module imported is the extension itself, not a .py beside it.
        for name in compiled:
            module = __import__(name, fromlist=["_"])
            assert not str(module.__file__).endswith(".py"), name


def test_setup_compiles_existing_modules_only() -> None:
    for name in _modules_setup_compiles():
        path = ROOT / "src" / (name.replace(".", "/") + ".py")
        assert path.is_file(), name
