"""Round-trip checks, run by ``wikikit check`` on every document.

A check is one function registered by name::

    @register("exact")
    def check_exact(subject: Subject) -> None:
        if subject.written != subject.text:
            raise CheckFailed("differs", expected=subject.text, actual=subject.written)

It returns normally to pass, raises :class:`CheckFailed` to fail (with the
expected/actual text when a diff helps), or :class:`CheckSkipped` when it cannot
run (a check that needs what an earlier one could not build). Any other exception is a failure
too. :class:`Subject` computes the parse, the written text and the re-parse
once, lazily, so checks share the work. Checks run in registration order.

A check runs by default unless registered with ``default=False``; ``group``
names a set the command line can ask for at once (``--check format``).
Checks from outside wikikit come from plugins (:func:`load_plugins`): modules
named on the command line and the ``wikikit.checks`` entry points of installed
packages. Worker processes load the same plugins, so they see the same checks.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.machinery
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar, cast

from wikikit.html import to_html
from wikikit.parser import parse
from wikikit.tree import Document

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
    "load_plugins",
    "register",
    "run_checks",
    "select_checks",
    "short_diff",
]

T = TypeVar("T")


class CheckFailed(Exception):
    """Raised by a check that fails; ``expected``/``actual`` feed the report's diff,
    ``at`` (offset, line, column) is where the problem is when there is no diff."""

    def __init__(
        self,
        message: str,
        *,
        expected: str | None = None,
        actual: str | None = None,
        at: tuple[int, int, int] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.actual = actual
        self.at = at


class CheckSkipped(Exception):
    """Raised by a check that cannot run on this document or in this installation."""


CheckFunction = Callable[["Subject"], None]


#: The registered checks, by name, in the order they run.
CHECKS: dict[str, CheckFunction] = {}
#: The checks that run when none are named.
DEFAULT_CHECKS: set[str] = set()
#: Named sets of checks (``--check format``); ``all`` and ``default`` are implied.
GROUPS: dict[str, list[str]] = {}
#: The entry-point group installed packages register check plugins under.
ENTRY_POINT_GROUP = "wikikit.checks"


def register(
    name: str, *, default: bool = True, group: str | None = None
) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: add a check to :data:`CHECKS` under ``name``.

    ``default=False`` runs it only when asked for by name, by ``group`` or by ``all``.
    """
    if name in ("all", "default") or name in GROUPS:
        raise ValueError(f"{name!r} names a group of checks")

    def decorate(fn: CheckFunction) -> CheckFunction:
        if name in CHECKS and CHECKS[name] is not fn:
            raise ValueError(f"a check named {name!r} is already registered")
        CHECKS[name] = fn
        if default:
            DEFAULT_CHECKS.add(name)
        if group is not None:
            members = GROUPS.setdefault(group, [])
            if name not in members:
                members.append(name)
        return fn

    return decorate


def select_checks(names: Iterable[str]) -> tuple[str, ...]:
    """The checks to run, in registration order, for names and group names
    (none: the default checks). ``ValueError`` names an unknown one."""
    wanted: set[str] = set()
    asked = list(names)
    for name in asked or ["default"]:
        if name == "all":
            wanted.update(CHECKS)
        elif name == "default":
            wanted.update(DEFAULT_CHECKS)
        elif name in GROUPS:
            wanted.update(GROUPS[name])
        elif name in CHECKS:
            wanted.add(name)
        else:
            choices = ", ".join([*CHECKS, *GROUPS, "default", "all"])
            raise ValueError(f"unknown check {name!r} (choose from {choices})")
    return tuple(n for n in CHECKS if n in wanted)


class PluginError(Exception):
    """A plugin could not be loaded (the message names it and says why)."""


_loaded: set[str] = set()


def load_plugins(modules: Iterable[str] = (), *, installed: bool = True) -> None:
    """Import plugin modules (their ``@register`` calls add checks), and with
    ``installed`` the ``wikikit.checks`` entry points of installed packages.

    An entry point may name a module, or a check function: that one is registered
    under the entry point's name. Each plugin loads once per process.
    """
    for module in modules:
        if module in _loaded:
            continue
        try:
            importlib.import_module(module)
        except Exception as e:
            raise PluginError(f"cannot import plugin {module!r}: {type(e).__name__}: {e}") from e
        _loaded.add(module)
    if not installed or ENTRY_POINT_GROUP in _loaded:
        return
    _loaded.add(ENTRY_POINT_GROUP)
    if not _may_declare_checks():
        return
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as e:
            raise PluginError(
                f"cannot load the {ENTRY_POINT_GROUP} entry point {ep.name!r} ({ep.value}): "
                f"{type(e).__name__}: {e}"
            ) from e
        if not isinstance(obj, ModuleType) and callable(obj) and obj not in CHECKS.values():
            register(ep.name)(obj)


def _may_declare_checks() -> bool:
    """Whether an installed distribution may declare ``wikikit.checks`` entry points.

    PERF: importing :mod:`importlib.metadata` takes 20 to 50 ms, a sixth of the
    command's start-up, and most machines have no such plugin. Reading the
    ``entry_points.txt`` of every distribution on ``sys.path`` takes about a
    millisecond. What this scan cannot read (a zip or egg on the path, a finder
    of distributions other than the path finder) counts as a yes.
    """
    for finder in sys.meta_path:
        if finder is not importlib.machinery.PathFinder and hasattr(finder, "find_distributions"):
            return True
    for entry in sys.path:
        if not isinstance(entry, str):
            return True  # a Path, say: importlib.metadata reads those too
        root = entry or "."
        if not os.path.isdir(root):
            if os.path.exists(root):
                return True  # a zip file: importlib.metadata reads inside it
            continue
        if root.lower().endswith(".egg"):
            return True
        try:
            names = os.listdir(root)
        except OSError:
            continue
        for name in names:
            if name.lower().endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(root, name, "entry_points.txt"), "rb") as fh:
                        if ENTRY_POINT_GROUP.encode() in fh.read():
                            return True
                except OSError:
                    continue
    return False


class Subject:
    """One document under check; parse results are computed once and shared."""

    def __init__(
        self, text: str, name: str | None = None, dialect: str = "auto", wiki: Any = None
    ) -> None:
        self.text = text
        self.name = name
        self.dialect = dialect
        #: The :class:`~wikikit.Wiki` whose templates expand the page before it is
        #: rendered (``wikikit check --templates``), or None.
        self.wiki = wiki
        self._doc: Document | None = None
        self._written: str | None = None
        self._reparsed: Document | None = None
        self.parse_error: BaseException | None = None
        self._derived: dict[str, object] = {}

    def parse(self, text: str) -> Document:
        """``text`` parsed like the subject (same dialect and name): for checks that
        parse derived text, such as the formatted or the written text."""
        return parse(text, dialect=self.dialect, name=self.name)

    def to_html(self, text: str | None = None) -> str:
        """The subject (or ``text`` read like it) rendered as a fragment: through
        :attr:`wiki` when there is one (templates expanded), else the source tree."""
        if self.wiki is not None:
            source = self.text if text is None else text
            title = self.name or "Main Page"
            return str(self.wiki.to_html(source, title=title, dialect=self.dialect))
        doc = self.doc if text is None else self.parse(text)
        return str(to_html(doc, standalone=False))

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, once per subject: for results several checks share."""
        if key not in self._derived:
            self._derived[key] = compute()
        return cast(T, self._derived[key])

    @property
    def doc(self) -> Document:
        """The parsed document (raises what ``parse`` raised, every time it is asked)."""
        if self.parse_error is not None:
            raise CheckSkipped("parse failed")
        if self._doc is None:
            try:
                self._doc = self.parse(self.text)
            except Exception as e:
                self.parse_error = e
                raise
        return self._doc

    @property
    def written(self) -> str:
        """``doc.to_wikitext()``."""
        if self._written is None:
            self._written = self.doc.to_wikitext()
        return self._written

    @property
    def reparsed(self) -> Document:
        """The written text parsed again (the parsed document itself when the text came
        back exactly: parsing is a pure function, so a second parse proves nothing)."""
        if self._reparsed is None:
            written = self.written
            self._reparsed = self.doc if written == self.text else self.parse(written)
        return self._reparsed


@dataclass(frozen=True)
class Outcome:
    """The result of one check on one document."""

    check: str
    status: str  # "passed", "failed" or "skipped"
    message: str = ""
    offset: int | None = None
    line: int | None = None
    column: int | None = None
    diff: str | None = None


@dataclass
class DocumentResult:
    """Every check's outcome for one document (small: sent back from workers)."""

    source: str
    name: str | None
    size: int
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def run_checks(
    text: str,
    *,
    source: str,
    name: str | None,
    size: int,
    dialect: str = "auto",
    checks: Iterable[str] | None = None,
    wiki: Any = None,
) -> DocumentResult:
    """Run the named checks (the default ones if None) on one document (rendered through
    ``wiki``, templates expanded, when one is given)."""
    names = list(select_checks([])) if checks is None else list(checks)
    subject = Subject(text, name, dialect, wiki)
    result = DocumentResult(source, name, size)
    start = time.perf_counter()
    for check in names:
        result.outcomes.append(_run_one(check, CHECKS[check], subject))
    result.seconds = time.perf_counter() - start
    return result


def _run_one(name: str, fn: CheckFunction, subject: Subject) -> Outcome:
    try:
        fn(subject)
    except CheckSkipped as e:
        return Outcome(name, "skipped", str(e))
    except CheckFailed as e:
        if e.expected is not None and e.actual is not None:
            offset, line, column = first_difference(e.expected, e.actual)
            diff = short_diff(e.expected, e.actual, line, column)
            return Outcome(name, "failed", e.message, offset, line, column, diff)
        if e.at is not None:
            return Outcome(name, "failed", e.message, *e.at)
        return Outcome(name, "failed", e.message)
    except RecursionError:
        return Outcome(name, "failed", "RecursionError")
    except Exception as e:
        return Outcome(name, "failed", f"{type(e).__name__}: {str(e)[:300]}")
    return Outcome(name, "passed")


def first_difference(expected: str, actual: str) -> tuple[int, int, int]:
    """Where ``actual`` first departs from ``expected``: (UTF-8 byte offset, line, column).

    Line and column are 1-based and count characters of ``expected``.
    """
    limit = min(len(expected), len(actual))
    # Compare in blocks first: the texts are usually long and equal for a while.
    i = 0
    step = 4096
    while i < limit and expected[i : i + step] == actual[i : i + step]:
        i += step
    i = min(i, limit)
    while i < limit and expected[i] == actual[i]:
        i += 1
    offset = len(expected[:i].encode("utf-8", "surrogatepass"))
    line = expected.count("\n", 0, i) + 1
    column = i - (expected.rfind("\n", 0, i) + 1) + 1
    return offset, line, column


def short_diff(
    expected: str, actual: str, line: int, column: int = 1, context: int = 3, width: int = 160
) -> str:
    """A unified diff of the few lines around ``line``.

    Long lines are cut to ``width`` characters; the line that differs is cut
    around ``column`` so the difference stays visible even in a 5 MB line.
    """
    a = expected.splitlines(keepends=True)
    b = actual.splitlines(keepends=True)
    lo = max(0, line - 1 - context)
    start = max(0, column - 1 - width // 2)

    def cut(lines: list[str]) -> list[str]:
        out = []
        for i, s in enumerate(lines, lo + 1):
            if len(s) > width:
                begin = start if i == line else 0
                s = ("…" if begin else "") + s[begin : begin + width] + "…\n"
            out.append(s)
        return out

    diff = difflib.unified_diff(
        cut(a[lo : line + context]), cut(b[lo : line + context]), "expected", "actual", n=context
    )
    out: list[str] = []
    for d in diff:
        if d.startswith("@@"):
            d = _HUNK.sub(lambda m: f"{m[1]}{int(m[2]) + lo}", d)
        out.append(d if d.endswith("\n") else d + "\n\\ No newline at end\n")
        if len(out) >= 40:
            out.append("…\n")
            break
    return "".join(out)


# The line numbers of a hunk header, shifted from the window to the whole text.
_HUNK = re.compile(r"([-+])(\d+)")
