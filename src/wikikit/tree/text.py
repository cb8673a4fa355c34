"""Plain text that keeps the words: templates by rule, tables and references by choice.

Templates are not expanded, so a plain-text view has to decide what a
template call stands for. :attr:`Node.text <wikikit.tree.Node.text>` uses
:data:`DEFAULT_RULES`, a small set of rules for the commonest text-bearing
templates of English Wikipedia (lists such as ``{{hlist}}`` and ``{{ubl}}``,
``{{nowrap}}``, ``{{lang}}``, ``{{convert}}``-style numbers and units, dates
such as ``{{birth date}}``), and drops every other template.
:func:`plain_text` takes options::

    doc.plain_text()                            # the default rules
    doc.plain_text(templates="params")          # keep every parameter's text
    doc.plain_text(templates="drop")            # drop every template
    doc.plain_text(templates=lambda t: ...)     # a function: str, or None for the rules
    doc.plain_text(tables="drop", refs="keep")

Rules are extensible: ``DEFAULT_RULES.register("my template", rule)`` (or
:func:`text_rule` as a decorator) adds one for every later call, and
``DEFAULT_RULES.copy()`` gives a private set to pass as ``templates=``. A
rule takes :class:`Args` (the call's parameters as plain text) and returns
the text, or None to drop the template.

What the rules write follows what the template shows on English Wikipedia
where that does not depend on the date: ``{{birth date and age|1990|5|3}}``
is ``May 3, 1990`` (the age is left out), ``{{death date and age|2000|1|1|
1900|1|1}}`` is ``January 1, 2000 (aged 100)``. ``{{convert}}`` keeps the
given value and unit (``5 km``); no conversion is computed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Final

from wikikit.tree.attributes import digits_value
from wikikit.tree.base import (
    Node,
    TextHooks,
    _text_hooks,
    plain_text,
    register_plain_text,
    set_default_text_hooks,
)
from wikikit.tree.inline import Template, title_key

__all__ = [
    "DEFAULT_RULES",
    "Args",
    "PlainText",
    "Rule",
    "TextRules",
    "plain_text_of",
    "text_options",
    "text_rule",
]


class Args:
    """A template call's parameters as plain text (stripped), for a :data:`Rule`."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self._named: dict[str, str] = {}
        self._positional: list[str] = []
        for key, param in template.arguments():
            value = plain_text(param.value).strip()
            if param.key is None:
                self._positional.append(value)
            self._named[key] = value

    def get(self, name: str | int, default: str = "") -> str:
        """Parameter ``name`` (``1``, ``"2"``, ``"df"`` …) as plain text, or ``default``."""
        return self._named.get(str(name), default)

    def positional(self) -> list[str]:
        """The values of ``1``, ``2`` … in order (explicit ``|2=`` counts too)."""
        out = []
        k = 1
        while str(k) in self._named:
            out.append(self._named[str(k)])
            k += 1
        return out

    def items(self) -> list[str]:
        """The non-empty positional values (a list template's items)."""
        return [v for v in self.positional() if v]


#: A text rule: the call's parameters in, its text out (None: drop the template).
Rule = Callable[[Args], "str | None"]


def _key(name: str) -> str:
    """Rules are keyed by the normalized title, first letter folded (``Template:hlist``)."""
    key = title_key(name)
    return key[:9] + key[9:10].lower() + key[10:] if key.startswith("Template:") else key.lower()


def _function_name(name: str) -> str | None:
    """``formatnum`` for ``{{formatnum:1234}}`` (a parser function, not a template)."""
    head, colon, _ = name.partition(":")
    return head.strip().lower() if colon else None


class TextRules:
    """Text rules by template name (``Template:`` prefix, first-letter case and ``_`` ignored)."""

    def __init__(self, rules: dict[str, Rule] | None = None) -> None:
        self._rules: dict[str, Rule] = dict(rules or {})

    def register(self, names: str | Iterable[str], rule: Rule) -> None:
        """Use ``rule`` for the templates called ``names`` (a name or several)."""
        for name in [names] if isinstance(names, str) else names:
            # "formatnum:" names a parser function, looked up by its name alone.
            key = name.strip().lower() if name.endswith(":") else _key(name)
            self._rules[key] = rule

    def get(self, template: Template) -> Rule | None:
        """The rule for ``template``, or None."""
        name = template.name
        rule = self._rules.get(_key(name))
        if rule is None:
            function = _function_name(name)
            if function is not None:
                rule = self._rules.get(function + ":")
        return rule

    def copy(self) -> TextRules:
        return TextRules(self._rules)

    def __contains__(self, name: str) -> bool:
        return _key(name) in self._rules

    def __len__(self) -> int:
        return len(self._rules)


DEFAULT_RULES: Final = TextRules()


def text_rule(*names: str) -> Callable[[Rule], Rule]:
    """Register the decorated function in :data:`DEFAULT_RULES` for ``names``."""

    def decorate(rule: Rule) -> Rule:
        DEFAULT_RULES.register(names, rule)
        return rule

    return decorate


TemplateOption = str | TextRules | Callable[[Template], "str | None"] | None


class PlainText(TextHooks):
    """The options of one :func:`plain_text_of` call."""

    def __init__(
        self, templates: TemplateOption = None, tables: str = "text", refs: str = "drop"
    ) -> None:
        if tables not in ("text", "drop"):
            raise ValueError(f"tables must be 'text' or 'drop', not {tables!r}")
        if refs not in ("drop", "keep"):
            raise ValueError(f"refs must be 'drop' or 'keep', not {refs!r}")
        if isinstance(templates, str) and templates not in ("rules", "drop", "params"):
            raise ValueError(f"templates must be 'rules', 'drop' or 'params', not {templates!r}")
        self.templates = templates
        self.tables = tables
        self.refs = refs

    def template(self, node: Node) -> str:
        assert isinstance(node, Template)
        option = self.templates
        if option == "drop":
            return ""
        if option == "params":
            return " ".join(v for v in (plain_text(p.value).strip() for p in node.params) if v)
        rules = option if isinstance(option, TextRules) else DEFAULT_RULES
        if callable(option) and not isinstance(option, TextRules):
            text = option(node)
            if text is not None:
                return text
        rule = rules.get(node)
        if rule is None:
            return ""
        try:
            return rule(Args(node)) or ""
        except (ValueError, IndexError, KeyError, OverflowError):
            return ""  # a malformed call shows nothing rather than raising


@contextmanager
def text_options(
    *, templates: TemplateOption = None, tables: str = "text", refs: str = "drop"
) -> Iterator[PlainText]:
    """Within the block, :attr:`Node.text <wikikit.tree.Node.text>` (and every plain-text
    view built on it) uses these options."""
    token = _text_hooks.set(PlainText(templates, tables, refs))
    try:
        yield _text_hooks.get()  # type: ignore[misc]
    finally:
        _text_hooks.reset(token)


def plain_text_of(
    node: Node, *, templates: TemplateOption = None, tables: str = "text", refs: str = "drop"
) -> str:
    """The plain text of ``node`` with the given options (see the module doc)."""
    with text_options(templates=templates, tables=tables, refs=refs):
        return node.text


set_default_text_hooks(PlainText())
register_plain_text(plain_text_of)


# -- the built-in rules ------------------------------------------------------------------------


def _first(args: Args) -> str:
    return args.get(1)


for _name in (
    "nowrap",
    "nobr",
    "nobreak",
    "small",
    "smaller",
    "big",
    "larger",
    "midsize",
    "abbr",
    "tooltip",
    "code",
    "mono",
    "kbd",
    "samp",
    "var",
    "em",
    "strong",
    "lang-en",
    "nowrap begin",
    "ill",
    "interlanguage link",
    "flag",
    "flagcountry",
    "noitalic",
    "nobold",
    "plain link",
    "longitem",
):
    DEFAULT_RULES.register(_name, _first)


@text_rule("lang", "transl", "transliteration")
def _lang(args: Args) -> str:
    return args.get(2) or args.get(1)


@text_rule("resize")
def _resize(args: Args) -> str:
    return args.get(2) or args.get(1)


@text_rule("sic")
def _sic(args: Args) -> str:
    word = args.get(1) + args.get(2)
    return f"{word} [sic]" if word else "[sic]"


@text_rule("sortname")
def _sortname(args: Args) -> str:
    return " ".join(v for v in (args.get(1), args.get(2)) if v)


@text_rule("nihongo")
def _nihongo(args: Args) -> str:
    native = args.get(2)
    return f"{args.get(1)} ({native})" if native else args.get(1)


@text_rule("circa", "c.")
def _circa(args: Args) -> str:
    return f"c. {args.get(1)}".strip()


@text_rule("frac", "fraction", "sfrac")
def _frac(args: Args) -> str:
    parts = args.positional()
    if len(parts) == 3:
        return f"{parts[0]} {parts[1]}/{parts[2]}"
    if len(parts) == 2:
        return f"{parts[0]}/{parts[1]}"
    return f"1/{parts[0]}" if parts else ""


@text_rule("val")
def _val(args: Args) -> str:
    unit = args.get("u") or args.get("ul")
    return f"{args.get(1)} {unit}".strip()


# Lists: horizontal ones as "a · b", vertical ones one item a line.
_MARKER: Final = re.compile(r"^[*#:;]+\s*")


def _list_items(args: Args) -> list[str]:
    items = args.items()
    if len(items) == 1 and "\n" in items[0]:
        # {{plainlist|\n* a\n* b}}: the items are a wikitext list in one parameter.
        lines = [_MARKER.sub("", line).strip() for line in items[0].split("\n")]
        items = [line for line in lines if line]
    return items


@text_rule("hlist", "flatlist", "flat list", "hlist-comma")
def _hlist(args: Args) -> str:
    return " · ".join(_list_items(args))


@text_rule(
    "ubl",
    "ubil",
    "unbulleted list",
    "plainlist",
    "plain list",
    "bulleted list",
    "bulletedlist",
    "ordered list",
    "unordered list",
    "vunblist",
    "ublist",
    "br separated entries",
    "break separated entries",
)
def _vlist(args: Args) -> str:
    return "\n".join(_list_items(args))


@text_rule("collapsible list")
def _collapsible(args: Args) -> str:
    title = args.get("title")
    return "\n".join([title, *_list_items(args)] if title else _list_items(args))


@text_rule("URL")
def _url(args: Args) -> str:
    # {{URL}} shows the address without its scheme and a lone trailing slash.
    shown = args.get(2) or re.sub(r"^[a-z][a-z0-9+.-]*://", "", args.get(1), flags=re.I)
    return shown[:-1] if shown.endswith("/") and shown.count("/") == 1 else shown


@text_rule("cslist", "comma separated entries", "enum")
def _cslist(args: Args) -> str:
    return ", ".join(_list_items(args))


def _constant(text: str) -> Rule:
    def rule(args: Args) -> str:
        return text

    return rule


# Punctuation templates.
for _name, _text in (
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("snd", " – "),
    ("spnd", " – "),
    ("spaced ndash", " – "),
    ("dot", " · "),
    ("middot", "·"),
    ("·", " · "),
    ("bull", " • "),
    ("pipe", "|"),
    ("!", "|"),
    ("=", "="),
    ("'", "'"),
    ("`", "'"),
):
    DEFAULT_RULES.register(_name, _constant(_text))


# -- numbers and units ----------------------------------------------------------------------

_RANGE_WORDS: Final = {
    "-": "–",
    "–": "–",
    "to": " to ",
    "to(-)": " to ",
    "and": " and ",
    "and(-)": " and ",
    "or": " or ",
    "x": " × ",
    "by": " by ",
    "+/-": " ± ",
    "±": " ± ",
}


@text_rule("convert", "cvt")
def _convert(args: Args) -> str:
    parts = args.positional()
    if not parts:
        return ""
    text = parts[0]
    k = 1
    while k + 1 < len(parts) and parts[k] in _RANGE_WORDS:
        text += _RANGE_WORDS[parts[k]] + parts[k + 1]
        k += 2
    unit = parts[k] if k < len(parts) else ""
    return f"{text} {unit}".strip()


_HEIGHT_UNITS: Final = (("m", "m"), ("cm", "cm"), ("ft", "ft"), ("in", "in"))


@text_rule("height")
def _height(args: Args) -> str:
    return " ".join(f"{args.get(key)} {unit}" for key, unit in _HEIGHT_UNITS if args.get(key))


def _coord_part(values: list[str], hemispheres: str) -> tuple[str, list[str]] | None:
    """One coordinate: ``d|m|s|H``, ``d|m|H``, ``d|H`` or a signed decimal; the rest."""
    for size in (4, 3, 2):
        if len(values) >= size and values[size - 1].upper() in hemispheres:
            numbers, hemi = values[: size - 1], values[size - 1].upper()
            marks = ("°", "′", "″")
            return "".join(n + marks[i] for i, n in enumerate(numbers)) + hemi, values[size:]
    if values and re.fullmatch(r"-?\d+(?:\.\d+)?", values[0]):
        number = values[0]
        hemi = hemispheres[1] if number.startswith("-") else hemispheres[0]
        return number.lstrip("-") + "°" + hemi, values[1:]
    return None


@text_rule("coord")
def _coord(args: Args) -> str | None:
    values = [v for v in args.positional() if v and ":" not in v]
    latitude = _coord_part(values, "NS")
    if latitude is None:
        return None
    longitude = _coord_part(latitude[1], "EW")
    if longitude is None:
        return None
    return f"{latitude[0]} {longitude[0]}"


#: Fewer digits than Python's smallest setting of its int() limit (640).
_MAX_INT_DIGITS: Final = 600


@text_rule("formatnum:")
def _formatnum(args: Args) -> str:
    raw = args.template.name.partition(":")[2].strip()
    m = re.fullmatch(r"(-?)(\d+)(\.\d+)?", raw)
    if m is None:
        return raw
    whole = m.group(2)
    if len(whole) > _MAX_INT_DIGITS:
        # Grouped as written: int() may refuse this many digits.
        whole = whole.lstrip("0") or "0"
        head = len(whole) % 3 or 3
        grouped = ",".join([whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))])
    else:
        grouped = f"{int(whole):,}"
    return f"{m.group(1)}{grouped}{m.group(3) or ''}"


@text_rule("lc:")
def _lc(args: Args) -> str:
    return args.template.name.partition(":")[2].strip().lower()


@text_rule("uc:")
def _uc(args: Args) -> str:
    return args.template.name.partition(":")[2].strip().upper()


# -- dates ----------------------------------------------------------------------------------

_MONTHS: Final = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_NUMBERS: Final = {m.lower(): i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_NUMBERS.update({m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)})


def _number(text: str, most: int) -> int | None:
    """``text`` as a number of at most ``most`` digits (leading zeros aside), or None."""
    # isdigit() would take "²", which int() refuses.
    return digits_value(text, most) if text.isdecimal() else None


def _month(text: str) -> int | None:
    text = text.strip()
    if text.isdecimal():
        n = _number(text, 2)
        return n if n is not None and 1 <= n <= 12 else None
    return _MONTH_NUMBERS.get(text.lower().rstrip("."))


def _date_parts(values: list[str]) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from ``year|month|day`` parameters, or from one ISO-like date."""
    values = [v for v in values if v]
    if len(values) == 1:
        m = re.fullmatch(r"(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", values[0])
        if m is None:
            return None
        values = [g for g in m.groups() if g]
    year = _number(values[0].removeprefix("-"), 9) if values else None
    if year is None:
        return None
    if values[0].startswith("-"):
        year = -year
    month = _month(values[1]) if len(values) > 1 else None
    day = _number(values[2], 9) if len(values) > 2 and month else None
    return year, month, day


def _format_date(parts: tuple[int, int | None, int | None], dmy: bool) -> str:
    year, month, day = parts
    if month is None:
        return str(year)
    name = _MONTHS[month - 1]
    if day is None:
        return f"{name} {year}"
    return f"{day} {name} {year}" if dmy else f"{name} {day}, {year}"


def _dmy(args: Args) -> bool:
    return args.get("df").lower() in ("y", "yes", "1", "true")


def _simple_date(args: Args) -> str | None:
    parts = _date_parts(args.positional()[:3])
    return None if parts is None else _format_date(parts, _dmy(args))


for _name in (
    "birth date",
    "birth date and age",
    "bda",
    "dob",
    "death date",
    "start date",
    "end date",
    "start date and age",
    "end date and age",
    "film date",
    "release date",
    "start",
    "birth year and age",
    "death year",
):
    DEFAULT_RULES.register(_name, _simple_date)


def _age(born: tuple[int, int | None, int | None], died: tuple[int, int | None, int | None]) -> int:
    years = died[0] - born[0]
    if born[1] and died[1]:
        before = (died[1], died[2] or 1) < (born[1], born[2] or 1)
        years -= 1 if before else 0
    return years


@text_rule("death date and age", "dda")
def _death_and_age(args: Args) -> str | None:
    values = args.positional()
    died = _date_parts(values[:3])
    if died is None:
        return None
    text = _format_date(died, _dmy(args))
    born = _date_parts(values[3:6])
    if born is not None:
        date(born[0], born[1] or 1, born[2] or 1)  # a malformed date drops the template
        text += f" (aged {_age(born, died)})"
    return text


@text_rule("marriage", "married")
def _marriage(args: Args) -> str:
    name, start, end = args.get(1), args.get(2), args.get(3)
    if not start:
        return name
    reason = args.get("end").lower()
    words = {"d": "died", "died": "died", "div": "div.", "divorced": "div.", "sep": "sep."}
    if end and reason in words:
        span = f"m. {start}; {words[reason]} {end}"
    elif end:
        span = f"m. {start}–{end}"
    else:
        span = f"m. {start}"
    return f"{name} ({span})" if name else f"({span})"
