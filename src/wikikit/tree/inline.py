"""Inline nodes: what a line, a table cell or a template parameter is made of.

Text, emphasis, links, templates and their arguments, HTML and extension tags,
comments, entities and magic words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, Final, Protocol, TypeVar, cast

from wikikit.tree.attributes import node_attributes, unescape_html
from wikikit.tree.base import Block, Inline, Node, _wt, plain_text, register_slot, text_hooks

__all__ = [
    "WIKITEXT_BODY_TAGS",
    "Bold",
    "Comment",
    "Entity",
    "ExtensionTag",
    "ExternalLink",
    "HtmlTag",
    "Italic",
    "MagicWord",
    "Parameter",
    "Raw",
    "Template",
    "TemplateArgument",
    "TemplateEditor",
    "Text",
    "Unparsed",
    "UnparsedParams",
    "WikiLink",
    "register_inline_parser",
    "register_template_editor",
    "title_key",
]

InlineParser = Callable[[str], tuple[Inline, ...]]
_inline_parser: InlineParser | None = None


def register_inline_parser(parser: InlineParser) -> None:
    """Set the function that parses wikitext fragments for the tree's own methods.

    The tree imports nothing from the layers above it; ``import wikikit``
    registers :func:`wikikit.parser.parse_inline` here.
    """
    global _inline_parser
    _inline_parser = parser


def _parse_inline(text: str) -> tuple[Inline, ...]:
    if _inline_parser is None:
        raise RuntimeError("no wikitext parser is registered; import wikikit first")
    return _inline_parser(text)


# Held while a node stores what it parsed late: threads reading the same node at once
# all get the one result the node keeps.
_LATE: Final = threading.Lock()
_T = TypeVar("_T")


def _keep_first(node: Parameter | Template, pending: object, slot: str, result: _T) -> _T:
    """What ``node`` keeps of a result it made late: ``result`` in ``slot`` (its
    ``_unparsed`` cleared), unless another thread kept one first; the one kept."""
    with _LATE:
        if node._unparsed is pending:
            object.__setattr__(node, slot, result)
            object.__setattr__(node, "_unparsed", None)
        return cast(_T, getattr(node, slot))


#: A parameter value: wikitext, a node or a sequence of nodes (written as wikitext).
Value = str | Node | Sequence[Node]


class TemplateEditor(Protocol):
    """The operations behind :class:`Template`'s edit methods (parsing values, copying the
    layout); ``import wikikit`` registers :mod:`wikikit.wikitext.templates`."""

    def set(self, template: Template, name: str, value: str) -> Template: ...

    def add(
        self,
        template: Template,
        name: str,
        value: str,
        *,
        before: str | None = None,
        after: str | None = None,
    ) -> Template: ...

    def remove(self, template: Template, name: str) -> Template: ...

    def rename(self, template: Template, old: str, new: str) -> Template: ...


_template_editor: TemplateEditor | None = None


def register_template_editor(editor: TemplateEditor) -> None:
    """Set the implementation of :class:`Template`'s edit methods (done by ``import wikikit``)."""
    global _template_editor
    _template_editor = editor


def _templates() -> TemplateEditor:
    if _template_editor is None:
        raise RuntimeError("no template editor is registered; import wikikit first")
    return _template_editor


def _value_text(value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Node):
        return value.to_wikitext()
    return "".join(n.to_wikitext() for n in value)


class Text(Inline):
    """Plain text, exactly as written."""

    __slots__ = ("value",)
    _fields = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "value", value)

    def _write(self, out: list[str]) -> None:
        out.append(self.value)

    def _plain(self, out: list[str]) -> None:
        out.append(self.value)


class Raw(Inline, Block):
    """Markup the model does not cover, kept byte for byte."""

    __slots__ = ("value",)
    _fields = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "value", value)

    def _write(self, out: list[str]) -> None:
        out.append(self.value)

    def _plain(self, out: list[str]) -> None:
        pass


class Bold(Inline):
    """Bold text, like ``'''bold'''``.

    ``open``/``close`` are ``"'''"`` or ``""``: MediaWiki closes an unclosed run
    at the end of the line and reopens runs that ``'''''`` splits, which own no
    apostrophes.
    """

    __slots__ = ("children", "close", "open")
    _fields = ("children", "open", "close")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    open: str
    close: str

    def __init__(self, children: tuple[Inline, ...], open: str = "'''", close: str = "'''") -> None:
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "open", open)
        object.__setattr__(self, "close", close)

    def _write(self, out: list[str]) -> None:
        out.append(self.open)
        for n in self.children:
            n._write(out)
        out.append(self.close)


class Italic(Inline):
    """Italic text, like ``''italic''`` (see :class:`Bold` for open/close)."""

    __slots__ = ("children", "close", "open")
    _fields = ("children", "open", "close")
    _node_fields = ("children",)
    children: tuple[Inline, ...]
    open: str
    close: str

    def __init__(self, children: tuple[Inline, ...], open: str = "''", close: str = "''") -> None:
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "open", open)
        object.__setattr__(self, "close", close)

    def _write(self, out: list[str]) -> None:
        out.append(self.open)
        for n in self.children:
            n._write(out)
        out.append(self.close)


class WikiLink(Inline):
    """An internal link, like ``[[target|label]]trail``.

    ``label`` is None without a pipe; it holds everything after the first pipe
    (a file link's options too). ``trail`` is the letters glued after ``]]``.
    """

    __slots__ = ("label", "target", "trail")
    _fields = ("target", "label", "trail")
    _node_fields = ("target", "label")
    target: tuple[Inline, ...]
    label: tuple[Inline, ...] | None
    trail: str

    def __init__(
        self, target: tuple[Inline, ...], label: tuple[Inline, ...] | None = None, trail: str = ""
    ) -> None:
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "trail", trail)

    @property
    def title(self) -> str:
        """The link target as plain text, without surrounding spaces."""
        return _wt(self.target).strip()

    @property
    def sort_key(self) -> str | None:
        """For a category link, the sort key after the pipe (None without one)."""
        if self.label is None:
            return None
        return _wt(self.label)

    def _write(self, out: list[str]) -> None:
        out.append("[[")
        for n in self.target:
            n._write(out)
        if self.label is not None:
            out.append("|")
            for n in self.label:
                n._write(out)
        out.append("]]")
        out.append(self.trail)

    def _plain(self, out: list[str]) -> None:
        title = self.title
        if ":" in title and title.split(":", 1)[0].strip().lower() in _HIDDEN_NAMESPACES:
            return
        if self.label is not None:
            label = plain_text(self.label)
            out.append(label if label or not title else title)
        else:
            out.append(title.lstrip(":"))
        out.append(self.trail)


_HIDDEN_NAMESPACES: Final = frozenset(
    ("file", "image", "category", "datei", "kategorie", "fil", "bild")
)


class ExternalLink(Inline):
    """An external link: ``[url label]``, ``[url]`` or a bare ``https://…``.

    ``space`` is the whitespace between the URL and the label; ``label`` is
    None for a bare URL and for ``[url]``.
    """

    __slots__ = ("bracketed", "label", "space", "url")
    _fields = ("url", "space", "label", "bracketed")
    _node_fields = ("label",)
    url: str
    space: str
    label: tuple[Inline, ...] | None
    bracketed: bool

    def __init__(
        self,
        url: str,
        space: str = "",
        label: tuple[Inline, ...] | None = None,
        bracketed: bool = True,
    ) -> None:
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "space", space)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "bracketed", bracketed)

    def _write(self, out: list[str]) -> None:
        if self.bracketed:
            out.append("[")
        out.append(self.url)
        out.append(self.space)
        if self.label is not None:
            for n in self.label:
                n._write(out)
        if self.bracketed:
            out.append("]")

    def _plain(self, out: list[str]) -> None:
        if self.label:
            for n in self.label:
                n._plain(out)
        elif not self.bracketed:
            out.append(self.url)


class Unparsed:
    """A parameter value as the preprocessor left it: text pieces and the nodes it built
    (templates, comments, tags), with the function that parses them in the wiki they
    were read for. Most values are never read when a page is rendered or written back,
    so a parse leaves them like this; :attr:`Parameter.value` parses them once."""

    __slots__ = ("parse", "pieces")

    def __init__(
        self,
        pieces: tuple[str | Node, ...],
        parse: Callable[[list[Any]], tuple[Inline, ...]],
    ) -> None:
        self.pieces = pieces
        self.parse = parse

    def _write(self, out: list[str]) -> None:
        # Parsing is lossless: the pieces write exactly what their nodes would.
        for piece in self.pieces:
            if type(piece) is str:
                out.append(piece)
            else:
                piece._write(out)  # type: ignore[union-attr]


class Parameter(Node):
    """One template parameter: ``|value`` or ``|key=value``.

    ``key`` is None for a positional parameter. Spaces and newlines around the
    key and value are part of them, as written. A parsed page's values are parsed
    when first read (see :class:`Unparsed`); nothing else tells the two apart.
    """

    __slots__ = ("_unparsed", "_value", "key")
    _fields = ("key", "value")
    _node_fields = ("key", "value")
    key: tuple[Inline, ...] | None
    _value: tuple[Inline, ...]
    _unparsed: Unparsed | None

    def __init__(self, key: tuple[Inline, ...] | None, value: tuple[Inline, ...]) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_unparsed", None)

    @classmethod
    def unparsed(cls, key: tuple[Inline, ...] | None, value: Unparsed) -> Parameter:
        """A parameter whose value is parsed when first read."""
        # PERF: compiled, ``Parameter(...)`` is a native call and ``cls(...)`` a call
        # through the type; a parse makes one per template parameter.
        param = Parameter(key, ()) if cls is Parameter else cls(key, ())
        object.__setattr__(param, "_unparsed", value)
        return param

    @property
    def value(self) -> tuple[Inline, ...]:
        """The value as nodes (parsed now if the parse left it for later)."""
        pending = self._unparsed
        if pending is None:
            return self._value
        return _keep_first(self, pending, "_value", pending.parse(list(pending.pieces)))

    @property
    def name(self) -> str | None:
        """The key as plain text without surrounding whitespace (None if positional)."""
        return None if self.key is None else _wt(self.key).strip()

    @property
    def value_text(self) -> str:
        """The value as plain text, without surrounding whitespace."""
        return plain_text(self.value).strip()

    @property
    def value_wikitext(self) -> str:
        """The value's wikitext as written, surrounding whitespace included
        (``str(param.value)`` in mwparserfromhell)."""
        pending = self._unparsed
        if pending is None:
            return _wt(self._value)
        out: list[str] = []
        pending._write(out)
        return "".join(out)

    def _write(self, out: list[str]) -> None:
        out.append("|")
        if self.key is not None:
            for n in self.key:
                n._write(out)
            out.append("=")
        pending = self._unparsed
        if pending is not None:
            pending._write(out)
            return
        for n in self._value:
            n._write(out)

    def _plain(self, out: list[str]) -> None:
        for n in self.value:
            n._plain(out)


class ParamsReader(Protocol):
    """What builds a template's parameters from the pieces the preprocessor left."""

    def params(self, parts: list[list[Any]], eqs: list[int | None]) -> tuple[Parameter, ...]: ...

    def write(self, parts: list[list[Any]], eqs: list[int | None], out: list[str]) -> None: ...


class UnparsedParams:
    """A template's parameters as the preprocessor left them: its list of pieces for each
    part (the name's first, which the reader passes over) and where each part's first
    ``=`` was, with what builds them in the wiki they were read for. A page's templates
    are mostly written back or rendered by name alone, so a parse leaves them like this;
    :attr:`Template.params` builds them once (their values stay :class:`Unparsed` until
    read)."""

    __slots__ = ("eqs", "parts", "reader")

    def __init__(self, parts: list[list[Any]], eqs: list[int | None], reader: ParamsReader) -> None:
        self.parts = parts
        self.eqs = eqs
        self.reader = reader

    def _write(self, out: list[str]) -> None:
        # Parsing is lossless: the pieces write exactly what the parameters would.
        self.reader.write(self.parts, self.eqs, out)


class Template(Inline):
    """A template call, like ``{{name|positional|key=value}}``.

    A parsed page's parameters are built when first read (see :class:`UnparsedParams`);
    nothing else tells the two apart.
    """

    __slots__ = ("_params", "_unparsed", "name_nodes")
    _fields = ("name_nodes", "params")
    _node_fields = ("name_nodes", "params")
    name_nodes: tuple[Inline, ...]
    _params: tuple[Parameter, ...]
    _unparsed: UnparsedParams | None

    def __init__(self, name_nodes: tuple[Inline, ...], params: tuple[Parameter, ...] = ()) -> None:
        object.__setattr__(self, "name_nodes", name_nodes)
        object.__setattr__(self, "_params", params)
        object.__setattr__(self, "_unparsed", None)

    @classmethod
    def unparsed(cls, name_nodes: tuple[Inline, ...], params: UnparsedParams) -> Template:
        """A template whose parameters are built when first read."""
        # PERF: see Parameter.unparsed.
        template = Template(name_nodes) if cls is Template else cls(name_nodes)
        object.__setattr__(template, "_unparsed", params)
        return template

    @property
    def params(self) -> tuple[Parameter, ...]:
        """The parameters, in source order (built now if the parse left them for later)."""
        pending = self._unparsed
        if pending is None:
            return self._params
        return _keep_first(
            self, pending, "_params", pending.reader.params(pending.parts, pending.eqs)
        )

    @property
    def name(self) -> str:
        """The template name as written, without surrounding whitespace or comments."""
        return _wt(tuple(n for n in self.name_nodes if not isinstance(n, Comment))).strip()

    def matches(self, name: str, *, site: Any = None) -> bool:
        """True when this calls the template ``name``, by MediaWiki's title rules.

        The ``Template:`` prefix is optional (in any case, with spaces around
        the colon), the first letter's case does not matter, ``_`` is a space,
        runs of spaces are one, and a ``#fragment`` is ignored: ``{{ template:
        cite_news }}`` and ``{{Cite news#x}}`` both match ``"cite news"``.
        ``{{:Foo}}`` (a main-namespace page) does not match ``"Foo"``.
        ``subst:``/``safesubst:`` are not part of the name. With ``site`` (a
        :class:`wikikit.site.SiteConfig`), the wiki's local names of the template
        namespace count too (``{{Vorlage:Infobox}}`` on ``de``).
        """
        return title_key(self.name, site) == title_key(name, site)

    @property
    def title(self) -> str:
        """The normalized page title called: ``"Template:Cite news"`` for ``{{cite_news}}``."""
        return title_key(self.name)

    def has(self, name: str) -> bool:
        """True when a parameter ``name`` exists (positional ones are ``"1"``, ``"2"`` …)."""
        return self.get(name) is not None

    def set(self, name: str, value: Value) -> Template:
        """A copy with parameter ``name`` set to ``value`` (wikitext), added if missing.

        The spacing around the old value is kept; a new parameter copies the
        layout most parameters use (see :mod:`wikikit.wikitext.templates`).
        """
        return _templates().set(self, name, _value_text(value))

    def add(
        self, name: str, value: Value, *, before: str | None = None, after: str | None = None
    ) -> Template:
        """A copy with parameter ``name`` added (at the end, or ``before``/``after`` another).

        As mwparserfromhell's ``add``: an existing parameter gets the new value in place.
        A number that continues the positional parameters adds a positional one.
        """
        return _templates().add(self, name, _value_text(value), before=before, after=after)

    def remove(self, name: str) -> Template:
        """A copy without parameter ``name`` (every copy of it); ``KeyError`` if missing.

        A positional parameter followed by other positional ones is emptied
        instead, so that their numbers do not shift.
        """
        return _templates().remove(self, name)

    def rename(self, old: str, new: str) -> Template:
        """A copy with parameter ``old`` renamed to ``new``, value and spacing kept.

        ``KeyError`` if ``old`` is missing, ``ValueError`` if ``new`` exists.
        """
        return _templates().rename(self, old, new)

    def arguments(self) -> list[tuple[str, Parameter]]:
        """``(name, parameter)`` pairs; positional parameters are named ``"1"``, ``"2"`` …"""
        pairs: list[tuple[str, Parameter]] = []
        index = 0
        for p in self.params:
            if p.key is None:
                index += 1
                pairs.append((str(index), p))
            else:
                pairs.append((p.name or "", p))
        return pairs

    def get(self, name: str) -> Parameter | None:
        """The parameter called ``name`` (the last one wins, as in MediaWiki)."""
        found = None
        for key, p in self.arguments():
            if key == name:
                found = p
        return found

    def _write(self, out: list[str]) -> None:
        out.append("{{")
        for n in self.name_nodes:
            n._write(out)
        pending = self._unparsed
        if pending is not None:
            pending._write(out)
        else:
            for p in self._params:
                p._write(out)
        out.append("}}")

    def _plain(self, out: list[str]) -> None:
        out.append(text_hooks().template(self))


#: Characters MediaWiki reads as a space in titles (MediaWikiTitleCodec).
_TITLE_SPACES: Final = re.compile(
    "[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\t\n\r]+"
)
_SUBST: Final = re.compile(r"(?i:\s*(?:safe)?subst\s*:)+")
_NS_TEMPLATE: Final = 10
#: The template namespace's canonical name, known on every wiki.
_template_namespace_names: Final = frozenset(("template",))


def _ucfirst(text: str) -> str:
    first = text[:1]
    upper = first.upper()
    return (upper if len(upper) == 1 else first) + text[1:]


def title_key(name: str, site: Any = None) -> str:
    """The page a template call names, normalized: ``"Template:Cite news"``, or ``"Foo"``
    for ``:Foo`` (see :meth:`Template.matches`); ``site`` adds its template namespace names."""
    name = _SUBST.sub("", name, count=1) if ":" in name else name
    name = _TITLE_SPACES.sub(" ", name.split("#", 1)[0]).strip()
    if name.startswith(":"):
        return _ucfirst(name[1:].lstrip())
    prefix, colon, rest = name.partition(":")
    if colon and (
        prefix.strip().lower() in _template_namespace_names
        or (site is not None and site.namespace_id(prefix) == _NS_TEMPLATE)
    ):
        name = rest.strip()
    return "Template:" + _ucfirst(name)


class TemplateArgument(Inline):
    """A template parameter reference, like ``{{{name|default}}}``."""

    __slots__ = ("default", "name_nodes")
    _fields = ("name_nodes", "default")
    _node_fields = ("name_nodes", "default")
    name_nodes: tuple[Inline, ...]
    default: tuple[Inline, ...] | None

    def __init__(
        self, name_nodes: tuple[Inline, ...], default: tuple[Inline, ...] | None = None
    ) -> None:
        object.__setattr__(self, "name_nodes", name_nodes)
        object.__setattr__(self, "default", default)

    @property
    def name(self) -> str:
        return _wt(self.name_nodes).strip()

    def _write(self, out: list[str]) -> None:
        out.append("{{{")
        for n in self.name_nodes:
            n._write(out)
        if self.default is not None:
            out.append("|")
            for n in self.default:
                n._write(out)
        out.append("}}}")

    def _plain(self, out: list[str]) -> None:
        if self.default is not None:
            for n in self.default:
                n._plain(out)


_TAG_NAME_RE: Final = re.compile(r"</?\s*([A-Za-z][^\t\n\x0b />\x00]*)")
_OPEN_TAG_RE: Final = re.compile(r"<([A-Za-z][^\t\n\x0b />\x00]*)(.*?)(/?>)?$", re.S)


def _split_open_tag(open_tag: str) -> tuple[str, tuple[Inline, ...], str]:
    """``(name, attribute nodes, end)`` of an opening tag written as text."""
    m = _OPEN_TAG_RE.match(open_tag)
    if m is None:
        return "", (), ""
    body = m.group(2)
    return m.group(1), ((Text(body),) if body else ()), m.group(3) or ""


def _end_tag_name(close_tag: str) -> str:
    m = _TAG_NAME_RE.match(close_tag)
    return m.group(1).lower() if m else ""


class HtmlTag(Inline):
    """An HTML tag allowed in wikitext, like ``<span class="x">…</span>`` or ``<br />``.

    The opening tag is ``"<"``, ``name`` (as written), ``attrs`` (the attribute
    text as nodes: text, and any templates or comments inside it) and
    ``open_end`` (``">"`` or ``"/>"``). ``close_tag`` is the end tag as written.
    A tag left open has ``close_tag == ""``; a stray end tag has ``name == ""``.
    """

    __slots__ = ("attrs", "children", "close_tag", "name", "open_end")
    _fields = ("name", "attrs", "open_end", "children", "close_tag")
    _node_fields = ("attrs", "children")
    name: str
    attrs: tuple[Inline, ...]
    open_end: str
    children: tuple[Inline, ...]
    close_tag: str

    def __init__(
        self,
        name: str,
        attrs: tuple[Inline, ...] = (),
        open_end: str = ">",
        children: tuple[Inline, ...] = (),
        close_tag: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "attrs", attrs)
        object.__setattr__(self, "open_end", open_end if name else "")
        object.__setattr__(self, "children", children)
        object.__setattr__(self, "close_tag", close_tag)

    @classmethod
    def from_markup(
        cls, open_tag: str, children: tuple[Inline, ...] = (), close_tag: str = ""
    ) -> HtmlTag:
        """A tag from its opening tag as text (``'<span class="a">'``; ``""`` for none)."""
        name, attrs, end = _split_open_tag(open_tag)
        return cls(name, attrs, end or ">", children, close_tag)

    @property
    def open_tag(self) -> str:
        """The opening tag as written (``""`` for a stray end tag)."""
        if not self.name:
            return ""
        return "<" + self.name + _wt(self.attrs) + self.open_end

    @property
    def tag(self) -> str:
        """The lower-case tag name."""
        return self.name.lower() if self.name else _end_tag_name(self.close_tag)

    @property
    def attributes(self) -> dict[str, str]:
        """The attributes of the opening tag, read as MediaWiki's Sanitizer reads them."""
        return node_attributes(self.attrs)

    @property
    def self_closing(self) -> bool:
        return self.open_end == "/>"

    @property
    def is_end_only(self) -> bool:
        return not self.name

    def _write(self, out: list[str]) -> None:
        if self.name:
            out.append("<")
            out.append(self.name)
            for n in self.attrs:
                n._write(out)
            out.append(self.open_end)
        for n in self.children:
            n._write(out)
        out.append(self.close_tag)

    def _plain(self, out: list[str]) -> None:
        if self.tag == "br":
            out.append("\n")
        for n in self.children:
            n._plain(out)


#: Extension tags whose body is wikitext: it is parsed into child nodes. Other
#: tags (``<nowiki>``, ``<pre>``, ``<math>``, ``<syntaxhighlight>`` …) keep their
#: body as one :class:`Text`, as MediaWiki hands it to the extension untouched.
WIKITEXT_BODY_TAGS: Final = frozenset(
    (
        "ref",
        "references",
        "poem",
        "gallery",
        "indicator",
        "imagemap",
        "includeonly",
        "noinclude",
        "onlyinclude",
    )
)
#: Extension tags whose body shows in plain text.
_TEXT_BODY_TAGS: Final = frozenset(("poem", "nowiki", "pre", "noinclude", "onlyinclude"))


class _Pending:
    __slots__ = ()


_UNPARSED: Final = _Pending()


class ExtensionTag(Inline, Block):
    """A parser extension tag, like ``<ref name="a">…</ref>``, ``<nowiki/>`` or ``<noinclude>``.

    The opening tag is ``"<"``, ``name`` (as written), ``attrs`` (attribute text
    as nodes) and ``open_end`` (``">"`` or ``"/>"``); ``close_tag`` is the end
    tag as written (``""`` when there is none). ``children`` is the body:
    parsed wikitext for the tags in :data:`WIKITEXT_BODY_TAGS` (``<ref>``,
    ``<poem>`` …), one :class:`Text` for the others (``<nowiki>``, ``<pre>``,
    ``<math>`` …), None for a tag without a body (``<ref/>``, and the
    ``<noinclude>``/``</noinclude>`` markers of a page). A lone end marker has
    ``name == ""``. Bodies are parsed when first used: in the wiki of the page a
    parse found them in, else in the wiki current then.
    """

    __slots__ = ("_children", "_reader", "_source", "attrs", "close_tag", "name", "open_end")
    _fields = ("name", "attrs", "open_end", "children", "close_tag")
    _node_fields = ("attrs", "children")
    name: str
    attrs: tuple[Inline, ...]
    open_end: str
    close_tag: str
    _children: tuple[Inline, ...] | _Pending | None
    _source: str | None  # the body as written, while it matches the children
    _reader: Callable[[str], tuple[Inline, ...]] | None  # parses it, in the page's wiki

    def __init__(
        self,
        name: str,
        attrs: tuple[Inline, ...] = (),
        open_end: str = ">",
        children: tuple[Inline, ...] | None = None,
        close_tag: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "attrs", attrs)
        object.__setattr__(self, "open_end", open_end if name else "")
        object.__setattr__(self, "_children", children)
        object.__setattr__(self, "_source", None)
        object.__setattr__(self, "_reader", None)
        object.__setattr__(self, "close_tag", close_tag)

    @classmethod
    def with_body(
        cls,
        name: str,
        attrs: tuple[Inline, ...],
        open_end: str,
        content: str | None,
        close_tag: str,
        reader: Callable[[str], tuple[Inline, ...]] | None = None,
    ) -> ExtensionTag:
        """A tag whose body is given as text (parsed when first used, if it is wikitext:
        by ``reader``, else as the wiki current then reads it)."""
        tag = cls(name, attrs, open_end, None, close_tag)
        object.__setattr__(tag, "_reader", reader)
        if content is not None:
            if name.lower() in WIKITEXT_BODY_TAGS:
                object.__setattr__(tag, "_children", _UNPARSED if content else ())
                object.__setattr__(tag, "_source", content)
            else:
                object.__setattr__(tag, "_children", (Text(content),) if content else ())
        return tag

    @classmethod
    def from_markup(
        cls, open_tag: str, content: str | None = None, close_tag: str = ""
    ) -> ExtensionTag:
        """A tag from its markup as text (``'<ref name="a">'``, body, ``"</ref>"``)."""
        name, attrs, end = _split_open_tag(open_tag)
        return cls.with_body(name, attrs, end or ">", content, close_tag)

    @property
    def children(self) -> tuple[Inline, ...] | None:
        kids = self._children
        if kids is _UNPARSED:
            reader = self._reader
            kids = (_parse_inline if reader is None else reader)(self._source or "")
            with _LATE:
                if self._children is _UNPARSED:
                    object.__setattr__(self, "_children", kids)
                return self._children  # type: ignore[return-value]
        return kids  # type: ignore[return-value]

    @property
    def content(self) -> str | None:
        """The body exactly as written (None when the tag has no body)."""
        if self._source is not None:
            return self._source
        kids = self._children
        if kids is None:
            return None
        return _wt(kids)  # type: ignore[arg-type]

    @property
    def open_tag(self) -> str:
        """The opening tag as written (``""`` for a lone end marker)."""
        if not self.name:
            return ""
        return "<" + self.name + _wt(self.attrs) + self.open_end

    @property
    def tag(self) -> str:
        """The lower-case tag name."""
        return self.name.lower() if self.name else _end_tag_name(self.close_tag)

    @property
    def attributes(self) -> dict[str, str]:
        """The attributes, read as MediaWiki's Sanitizer reads them."""
        return node_attributes(self.attrs)

    @property
    def wikitext_body(self) -> bool:
        """True when the body is wikitext (parsed into ``children``)."""
        return self.tag in WIKITEXT_BODY_TAGS

    def parse_content(self) -> tuple[Inline, ...]:
        """The body parsed as inline wikitext (``children`` for ``<ref>``, ``<poem>`` …)."""
        if self.wikitext_body:
            return self.children or ()
        reader = self._reader
        return (_parse_inline if reader is None else reader)(self.content or "")

    # The body is parsed lazily: compare, hash, copy and pickle without forcing it.

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.attrs, self.open_end, self.close_tag)

    def __eq__(self, other: object) -> bool:
        if type(other) is not ExtensionTag:
            return NotImplemented
        if self._key() != other._key():
            return False
        if self._source is not None and self._source == other._source:
            return True
        return self.children == other.children

    def __hash__(self) -> int:
        return hash(("ExtensionTag", *self._key(), self.content))

    def __reduce__(self) -> tuple[object, ...]:
        if self._children is _UNPARSED and self._reader is None:
            return (
                ExtensionTag.with_body,
                (self.name, self.attrs, self.open_end, self._source, self.close_tag),
            )
        return (ExtensionTag, (self.name, self.attrs, self.open_end, self.children, self.close_tag))

    def with_changes(self, **changes: object) -> ExtensionTag:
        for key in changes:
            if key not in self._fields:
                raise TypeError(f"ExtensionTag has no field {key!r}")
        if "children" in changes:
            values = [changes.get(f, getattr(self, f)) for f in self._fields]
            return ExtensionTag(*values)  # type: ignore[arg-type]
        tag = ExtensionTag(
            changes.get("name", self.name),  # type: ignore[arg-type]
            changes.get("attrs", self.attrs),  # type: ignore[arg-type]
            changes.get("open_end", self.open_end),  # type: ignore[arg-type]
            None,
            changes.get("close_tag", self.close_tag),  # type: ignore[arg-type]
        )
        object.__setattr__(tag, "_children", self._children)
        object.__setattr__(tag, "_source", self._source)
        object.__setattr__(tag, "_reader", self._reader)
        return tag

    def _write(self, out: list[str]) -> None:
        if self.name:
            out.append("<")
            out.append(self.name)
            for n in self.attrs:
                n._write(out)
            out.append(self.open_end)
        if self._source is not None:
            out.append(self._source)
        else:
            kids = self._children
            if kids:
                for n in kids:  # type: ignore[union-attr]
                    n._write(out)
        out.append(self.close_tag)

    def _plain(self, out: list[str]) -> None:
        tag = self.tag
        if tag == "ref" and text_hooks().refs == "keep":
            kids = self.children
            if kids:
                out.append(plain_text(kids))
            return
        if tag in _TEXT_BODY_TAGS:
            if tag == "nowiki" or tag == "pre":
                content = self.content
                if content:
                    out.append(unescape_html(content))
            else:
                kids = self.children
                if kids:
                    out.append(plain_text(kids))


class Comment(Inline, Block):
    """An HTML comment, like ``<!-- note -->`` (``closed`` is False when it runs to the end).

    A comment at the start of a line that MediaWiki reads as a heading, list
    item or table line (``<!-- c -->* a``) stands before that block.
    """

    __slots__ = ("closed", "content")
    _fields = ("content", "closed")
    content: str
    closed: bool

    def __init__(self, content: str, closed: bool = True) -> None:
        object.__setattr__(self, "content", content)
        object.__setattr__(self, "closed", closed)

    def _write(self, out: list[str]) -> None:
        out.append("<!--")
        out.append(self.content)
        if self.closed:
            out.append("-->")

    def _plain(self, out: list[str]) -> None:
        pass


class Entity(Inline):
    """A character reference, like ``&amp;``, ``&#160;`` or ``&#x2014;``."""

    __slots__ = ("markup",)
    _fields = ("markup",)
    markup: str

    def __init__(self, markup: str) -> None:
        object.__setattr__(self, "markup", markup)

    @property
    def char(self) -> str:
        return unescape_html(self.markup)

    def _write(self, out: list[str]) -> None:
        out.append(self.markup)

    def _plain(self, out: list[str]) -> None:
        out.append(self.char)


class MagicWord(Inline):
    """A behaviour switch, like ``__TOC__`` or ``__NOTOC__``."""

    __slots__ = ("markup",)
    _fields = ("markup",)
    markup: str

    def __init__(self, markup: str) -> None:
        object.__setattr__(self, "markup", markup)

    @property
    def name(self) -> str:
        return self.markup.strip("_").upper()

    def _write(self, out: list[str]) -> None:
        out.append(self.markup)

    def _plain(self, out: list[str]) -> None:
        pass


# ---------------------------------------------------------------------------


# -- stand-ins for offsets (see wikikit.tree.base.register_slot) --------------------


class _ParameterSlot(Parameter):
    """A :class:`Parameter` standing in for a child while offsets are measured."""

    __slots__ = ("marker",)
    marker: str

    def __init__(self, marker: str) -> None:
        object.__setattr__(self, "marker", marker)

    def _write(self, out: list[str]) -> None:
        out.append(self.marker)


register_slot(Parameter, _ParameterSlot)
