"""Round-trip checks, run by ``wikikit check`` on every document.

A check is one function registered by name::

    @register("exact")
    def check_exact(subject: Subject) -> None:
        if subject.written != subject.text:
            raise CheckFailed("differs", expected=subject.text, actual=subject.written)

It returns normally to pass, raises :class:`CheckFailed` to fail (with the
expected/actual text when a diff helps), or :class:`CheckSkipped` when it cannot
run (the HTML renderer is not installed, say). Any other exception is a failure
too. :class:`Subject` computes the parse, the written text and the re-parse
once, lazily, so checks share the work. Checks run in registration order;
worker processes see the registry because they import this module.
"""

from __future__ import annotations

import difflib
import importlib
import json
import re
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from wikikit.nodes import Document

__all__ = [
    "CHECKS",
    "CheckFailed",
    "CheckSkipped",
    "DocumentResult",
    "Outcome",
    "Subject",
    "document_data",
    "document_json",
    "first_difference",
    "load_plugins",
    "register",
    "run_checks",
    "short_diff",
]


class CheckFailed(Exception):
    """Raised by a check that fails; ``expected``/``actual`` feed the report's diff."""

    def __init__(self, message: str, *, expected: str | None = None, actual: str | None = None):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.actual = actual


class CheckSkipped(Exception):
    """Raised by a check that cannot run on this document or in this installation."""


CheckFunction = Callable[["Subject"], None]

#: The registered checks, by name, in the order they run.
CHECKS: dict[str, CheckFunction] = {}


#: Modules whose import registers more checks (the formatter's laws, …); loaded by
#: :func:`load_plugins` so that ``wikikit check`` runs them without importing them here.
PLUGINS: tuple[str, ...] = ("wikikit.format_checks",)
_plugins_loaded = False


def load_plugins() -> None:
    """Import :data:`PLUGINS` once; a plugin that is not installed is skipped."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for module in PLUGINS:
        try:
            importlib.import_module(module)
        except ImportError as e:
            if e.name != module:  # the plugin exists but cannot load: say so, go on
                warnings.warn(f"wikikit: check plugin {module} not loaded: {e}", stacklevel=2)


def register(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: add a check to :data:`CHECKS` under ``name``."""

    def decorate(fn: CheckFunction) -> CheckFunction:
        if name in CHECKS and CHECKS[name] is not fn:
            raise ValueError(f"a check named {name!r} is already registered")
        CHECKS[name] = fn
        return fn

    return decorate


class Subject:
    """One document under check; parse results are computed once and shared."""

    def __init__(self, text: str, name: str | None = None, dialect: str = "auto") -> None:
        self.text = text
        self.name = name
        self.dialect = dialect
        self._doc: Document | None = None
        self._written: str | None = None
        self._reparsed: Document | None = None
        self.parse_error: BaseException | None = None

    def parse(self, text: str) -> Document:
        """``text`` parsed like the subject (same dialect and name): for checks that
        parse derived text, such as the formatted or the written text."""
        from wikikit import parse

        # cast: the dialect is checked by the CLI; parse may type it as a Literal.
        return parse(text, dialect=cast(Any, self.dialect), name=self.name)

    _parse = parse  # the older name, used by wikikit.format_checks

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
        """The written text parsed again."""
        if self._reparsed is None:
            self._reparsed = self.parse(self.written)
        return self._reparsed


# ---------------------------------------------------------------------------
# The checks of the command-line issue; later issues register more below.
# ---------------------------------------------------------------------------


@register("parse")
def check_parse(subject: Subject) -> None:
    """``wikikit.parse`` returns a Document and never raises."""
    try:
        doc = subject.doc
    except CheckSkipped:
        raise CheckFailed("parse raised") from None
    except Exception as e:
        raise CheckFailed(f"parse raised {type(e).__name__}: {e}") from e
    if not isinstance(doc, Document):
        raise CheckFailed(f"parse returned {type(doc).__name__}, not Document")


@register("exact")
def check_exact(subject: Subject) -> None:
    """``to_wikitext()`` gives back the input byte for byte."""
    written = subject.written
    if written != subject.text:
        raise CheckFailed(
            "to_wikitext() differs from the input", expected=subject.text, actual=written
        )


@register("reparse")
def check_reparse(subject: Subject) -> None:
    """Parsing the written text again gives an equal tree."""
    if subject.reparsed != subject.doc:
        # The text is the same when "exact" passes, so diff the trees as JSON.
        raise CheckFailed(
            "re-parsing the written text gives a different tree (diff of the JSON trees)",
            expected=_tree_json(subject.doc),
            actual=_tree_json(subject.reparsed),
        )


@register("html")
def check_html(subject: Subject) -> None:
    """The HTML renderer runs without error (skipped while it is not installed)."""
    to_html = load_to_html()
    if to_html is None:
        raise CheckSkipped("wikikit.to_html is not available")
    result = to_html(subject.doc, standalone=False)
    if not isinstance(result, str):
        raise CheckFailed(f"to_html returned {type(result).__name__}, not str")


def load_to_html() -> Callable[..., Any] | None:
    """``wikikit.to_html`` if the HTML renderer is installed, else None (imported lazily)."""
    try:
        import wikikit

        fn = getattr(wikikit, "to_html", None)
        if fn is None:
            fn = getattr(importlib.import_module("wikikit.html"), "to_html", None)
    except Exception:  # a half-written renderer must not break the other checks
        return None
    return fn if callable(fn) else None


def _tree_json(doc: Document) -> str:
    return json.dumps(document_data(doc), ensure_ascii=False, indent=1, sort_keys=False)


def document_data(doc: Document) -> Any:
    """The document as JSON-ready data: the documented schema when available.

    Falls back to a generic field dump while ``wikikit.json_schema`` is missing,
    so the CLI works on a partial installation.
    """
    try:
        from wikikit import json_schema

        to_json = getattr(json_schema, "document_to_json", None)
        if to_json is not None:
            data = to_json(doc)
            return json.loads(data) if isinstance(data, str) else data
        return doc.to_dict()
    except ImportError:
        return _generic_data(doc)


def document_json(doc: Document, indent: int | None = None) -> str:
    """The document as JSON text (``wikikit.json_schema.document_to_json`` when installed)."""
    try:
        from wikikit.json_schema import document_to_json
    except ImportError:
        return json.dumps(_generic_data(doc), ensure_ascii=False, indent=indent)
    return document_to_json(doc, indent=indent)


def _generic_data(value: Any) -> Any:
    from wikikit.nodes import Node

    if isinstance(value, Node):
        out: dict[str, Any] = {"type": type(value).__name__}
        for name in value._fields:
            out[name] = _generic_data(getattr(value, name))
        return out
    if isinstance(value, tuple):
        return [_generic_data(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Running checks and describing failures
# ---------------------------------------------------------------------------


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
) -> DocumentResult:
    """Run the named checks (all registered ones by default) on one document."""
    names = list(CHECKS) if checks is None else list(checks)
    subject = Subject(text, name, dialect)
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
