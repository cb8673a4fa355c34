"""Build hook: compile wikikit's core with mypyc when a C compiler is at hand.

``pip install .`` compiles the modules listed in ``COMPILED`` into C extensions,
as black and mypy ship themselves; the ``.py`` files ship too and are what runs
wherever an extension is missing. With no C compiler or no Python headers, or
with ``WIKIKIT_PURE_PYTHON=1`` in the environment, the same package installs as
pure Python, with a one-line notice. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import BaseError as DistutilsError
from setuptools.errors import CCompilerError

HERE = Path(__file__).resolve().parent

#: The modules on the hot paths: the node model, the parser and the renderer.
COMPILED = [
    "tree/base.py",
    "tree/inline.py",
    "tree/block.py",
    "tree/document.py",
    "tree/attributes.py",
    "tree/text.py",
    "parser/preprocessor.py",
    "parser/lines.py",
    "parser/blocks.py",
    "parser/inline.py",
    "parser/sections.py",
    "parser/dialect.py",
    "parser/document.py",
    "parser/context.py",
    "html/anchors.py",
    "html/blocklevel.py",
    "html/characters.py",
    "html/cite.py",
    "html/renderer.py",
    "html/sanitizer.py",
    "html/tidy.py",
    "expand/context.py",
    "expand/words.py",
    "expand/textutil.py",
    "expand/expr.py",
    "expand/pptree.py",
    "expand/magic.py",
    "expand/parser_functions.py",
    "expand/core_functions.py",
    "expand/frame.py",
]


def _notice(why: str) -> None:
    print(f"wikikit: installing the pure-Python package ({why})", file=sys.stderr)


def _why_pure() -> str | None:
    """Why the compiled build cannot be made here, or None when it can."""
    if os.environ.get("WIKIKIT_PURE_PYTHON", "") not in ("", "0"):
        return "WIKIKIT_PURE_PYTHON is set"
    if sys.implementation.name != "cpython":
        return f"mypyc needs CPython, not {sys.implementation.name}"
    words = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()
    # "ccache gcc": the compiler is the last word that names a program.
    if not words or shutil.which(words[-1]) is None:
        return "no C compiler found"
    include = sysconfig.get_paths().get("include", "")
    if not (Path(include) / "Python.h").is_file():
        return "the Python headers (Python.h) are not installed"
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc is not available"
    return None


def _ext_modules() -> list[object]:
    why = _why_pure()
    if why is not None:
        _notice(why)
        return []
    from mypyc.build import mypycify

    paths = [str(Path("src/wikikit") / m) for m in COMPILED]
    try:
        # Third-party packages need not be importable at build time: only wikikit's
        # own types matter to the compiler.
        return list(mypycify(["--ignore-missing-imports", *paths], opt_level="3", debug_level="0"))
    except (Exception, SystemExit) as e:  # mypyc reports type errors by exiting
        _notice(f"mypyc could not compile it: {e}")
        return []


class _BuildExt(build_ext):
    """Builds the compiled modules, or leaves them out when the C compiler fails."""

    def run(self) -> None:
        try:
            super().run()
        except (CCompilerError, DistutilsError, OSError) as e:
            _notice(f"the C compiler failed: {e}")
            self._drop_extensions()

    def build_extension(self, ext: Any) -> None:
        try:
            super().build_extension(ext)
        except (CCompilerError, DistutilsError, OSError) as e:
            _notice(f"the C compiler failed on {ext.name}: {e}")
            raise DistutilsError(str(e)) from e

    def _drop_extensions(self) -> None:
        # Without every extension the package must be the pure one: a part-compiled
        # build would mix native and interpreted classes that expect each other.
        self.extensions = []
        self.distribution.ext_modules = []
        build_lib = Path(self.build_lib) / "wikikit"
        if build_lib.is_dir():
            for built in build_lib.rglob("*"):
                if built.suffix in (".so", ".pyd"):
                    built.unlink()
        for built in Path(self.build_lib).glob("*__mypyc*"):
            built.unlink()


os.chdir(HERE)
setup(ext_modules=_ext_modules(), cmdclass={"build_ext": _BuildExt})
