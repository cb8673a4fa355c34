"""``format``: rewrite an article in wikikit's one house style, keeping its meaning.

The house style
===============

* Headings are ``== Title ==``: one space inside each ``=`` run, nothing after
  the closing run but comments.
* One blank line between blocks, wherever that means nothing to MediaWiki:
  a heading is followed by exactly one (a longer run after a heading
  collapses), and one is added between two blocks written without one,
  except next to a paragraph (a paragraph of only a category or a comment
  would gain an empty ``<p><br></p>``), between two lists (one list could
  become two), before a table that is never closed, and next to
  preformatted text (or a line MediaWiki reads as such: ``<!-- c --> x``).
  Runs of two or more blank lines elsewhere, and at the top of the page,
  are kept: MediaWiki renders each extra one as an empty paragraph. (Their
  whitespace-only lines become empty, except next to preformatted text,
  where a line of spaces continues the ``<pre>``.)
* No trailing spaces or tabs at the end of a line of running text; ``\\n``
  newlines (``\\r\\n`` becomes ``\\n``); a single final newline (MediaWiki
  trims the end of a page when it is saved, so trailing blank lines carry no
  meaning).
* Infoboxes, and other templates written over several lines, have one
  parameter per line as `` | key = value`` with the ``=`` aligned, and
  ``}}`` on its own line (``| key = value`` when a positional value ends its
  line, so that every line starts alike). Named keys and values are trimmed by MediaWiki, so
  their spacing is layout; positional values keep every byte.
* List items are ``* item``: exactly one space after the marker.
* Tables have one cell per line: ``| a || b`` becomes ``| a`` and ``| b`` (a
  header line's ``||``/``!!`` cells stay header cells).

Left alone, byte for byte, because spacing is meaning there: ``<pre>`` and
leading-space preformatted lines (and blank lines next to them), the bodies
of extension tags (``<nowiki>``, ``<ref>``, ``<math>`` …) and comments,
positional template parameters, parser functions (``{{#if:…}}``, any name
with a colon: they see their arguments' spacing), templates written on one
line, the article export's infobox lines.

A page with a ``<pre>`` that is never closed is left entirely as written
(everything after it is preformatted text to MediaWiki), and so is a page
whose stray carriage returns (``\\r`` without ``\\n``) would make the
result unstable.

Escaping rather than breaking: a heading whose text starts or ends with
``=`` keeps it as text inside the single spaces; a table cell split onto its
own line whose text starts with ``-``, ``+`` or ``}`` gets a space so it does
not turn into ``|-``, ``|+`` or ``|}``.
"""

from __future__ import annotations

import re
from typing import Any

from wikikit.parser import build_sections, detect_dialect, parse, parse_inline
from wikikit.tree import (
    BlankLine,
    Block,
    Bold,
    Comment,
    Document,
    ExtensionTag,
    Heading,
    HorizontalRule,
    HtmlTag,
    Infobox,
    InfoboxField,
    Inline,
    Italic,
    List,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    Parameter,
    Preformatted,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    TemplateArgument,
    Text,
)

__all__ = ["format", "layout_key"]

_TRAILING_WS = re.compile(r"[ \t]+(?=\n)")
# What the formatter trims. Not a lone "\r": "===\r" is a paragraph, "===" a heading.
_SPACE = " \t\n"


def format(source: str | Document) -> str:
    """The article in the house style (see the module docstring); same meaning, same tree."""
    if isinstance(source, str):
        doc = parse(source)
    elif isinstance(source, Document):
        doc = source
    else:
        raise TypeError(f"format() takes a str or Document, not {type(source).__name__}")
    if any(isinstance(n, HtmlTag) and n.tag == "pre" for n in doc.walk()):
        # A <pre> the parser kept as an HTML tag is one never closed: MediaWiki shows
        # everything after it preformatted, spaces and blank lines included.
        return doc.to_wikitext()
    out = format_document(doc).to_wikitext()
    if detect_dialect(out) != detect_dialect(doc.to_wikitext()):
        # The house style would make the text read as the other dialect (a first
        # heading padded into the shape of the export's title line, say): keep it.
        return doc.to_wikitext()
    if "\r" in out:
        # A carriage return without its newline is text to the parser but a line end
        # to MediaWiki; next to the newlines the formatter writes it can turn into
        # one. When the result would not be stable, keep the text as it is.
        again = parse(out, dialect=doc.dialect)
        stable = format_document(again).to_wikitext() == out
        if not stable or layout_key(again) != layout_key(doc):
            return doc.to_wikitext()
    return out


def format_document(doc: Document) -> Document:
    """The formatted tree (``format`` writes it)."""
    flat: list[Block] = [_block(b) for b in _flatten(doc)]
    flat = _space_blocks(flat)
    title_line = None
    if doc.title_line is not None:
        title_line = _heading(doc.title_line)
    # A document that is only a title line still ends in one newline.
    if not flat and title_line is not None and not title_line.end:
        title_line = title_line.with_changes(end="\n")
    lead, sections = build_sections(flat)
    return Document(doc.bom, title_line, tuple(lead), tuple(sections), doc.name)


def _flatten(doc: Document) -> list[Block]:
    out: list[Block] = list(doc.blocks)
    for s in doc.all_sections():
        out.append(s.heading)
        out.extend(s.blocks)
    return out


# ---------------------------------------------------------------------------
# Blank lines between blocks
# ---------------------------------------------------------------------------


def _space_blocks(blocks: list[Block]) -> list[Block]:
    # Content blocks with the blank-line run that precedes each; `tail` is the run at the end.
    runs: list[list[BlankLine]] = []
    content: list[Block] = []
    run: list[BlankLine] = []
    for b in blocks:
        if isinstance(b, BlankLine):
            run.append(b)
        else:
            runs.append(run)
            content.append(b)
            run = []
    out: list[Block] = []
    for i, block in enumerate(content):
        prev = content[i - 1] if i else None
        out.extend(_blank_run(runs[i], prev, block))
        out.append(block)
    if out:
        # A single final newline: trailing blank lines go, the last line gets its "\n".
        _end_with_newline(out)
    return out


def _blank_run(run: list[BlankLine], prev: Block | None, nxt: Block) -> list[BlankLine]:
    near_pre = _pre_like(prev) or _pre_like(nxt)
    if near_pre:
        # A whitespace-only line may continue a <pre> block: keep every byte.
        return [b.with_changes(end="\n") for b in run]
    if prev is None:
        # Blank lines at the very top render (after the first) as empty paragraphs.
        return [BlankLine("", "\n") for _ in run]
    if isinstance(prev, Heading):
        return [BlankLine("", "\n")]
    if not run:
        if isinstance(prev, Paragraph):
            return []  # a paragraph of only categories or comments would render the blank
        if isinstance(nxt, Paragraph) and not _starts_visibly(nxt):
            return []
        if isinstance(prev, List) and isinstance(nxt, List):
            return []
        if isinstance(nxt, Table) and not nxt.close:
            return []  # a table never closed renders nothing; the blank line would show
        return [BlankLine("", "\n")]
    return [BlankLine("", "\n") for _ in run]


def _starts_visibly(p: Paragraph) -> bool:
    # A first line of only comments vanishes in MediaWiki, leaving the blank line to show.
    first = _visible_text(p).split("\n", 1)[0]
    return bool(first.strip())


def _pre_like(block: Block | None) -> bool:
    """Preformatted text, or a paragraph MediaWiki will render as such (see ``_paragraph``)."""
    if isinstance(block, Preformatted):
        return True
    if isinstance(block, Paragraph):
        lines = _visible_text(block).split("\n")
        return any(line[:1] in (" ", "\t") for line in lines) or _has_pre_tag(block.children)
    return False


def _end_with_newline(out: list[Block]) -> None:
    last = out[-1]
    text = last.to_wikitext()
    if text.endswith("\n"):
        return
    if text.endswith("\r"):
        return  # "\r" + "\n" would make a newline of a stray "\r", and "===\r" a heading
    if text.rfind("<!--") > text.rfind("-->"):
        return  # a comment left open runs to the end: a newline would go inside it
    out[-1] = with_final_newline(last)


def with_final_newline(block: Block) -> Block:
    """``block`` with its last line ended by ``\\n``."""
    if isinstance(block, List):
        items = block.items
        last = items[-1]
        if last.sublist is not None:
            new_last = last.with_changes(sublist=with_final_newline(last.sublist))
        else:
            new_last = last.with_changes(end="\n")
        return block.with_changes(items=(*items[:-1], new_last))
    if isinstance(block, (Paragraph, Heading, Preformatted, HorizontalRule, Table, Infobox)):
        return block.with_changes(end="\n")
    return block  # pragma: no cover - every block kind with an `end` is above


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------


def _nl(end: str) -> str:
    return "\n" if end else ""


def _block(b: Block) -> Block:
    if isinstance(b, Heading):
        return _heading(b)
    if isinstance(b, Paragraph):
        p = _paragraph(b)
        # A paragraph of only spaces (a stray "\r") is a blank line once trimmed.
        return p if p.children else BlankLine("", p.end)
    if isinstance(b, List):
        return _list(b)
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Infobox):
        return _infobox(b).with_changes(end=_nl(b.end))
    if isinstance(b, HorizontalRule):
        return b.with_changes(children=_strip_line_ends(_inlines(b.children)), end=_nl(b.end))
    if isinstance(b, Preformatted):
        return b.with_changes(end=_nl(b.end))
    if isinstance(b, BlankLine):
        return b.with_changes(end=_nl(b.end))
    return b


def _has_pre_tag(nodes: tuple[Inline, ...]) -> bool:
    # The parser keeps an HTML <pre> tag as a tag (an unclosed one childless, its text
    # beside it); MediaWiki still renders what follows as <pre>, spaces and all.
    return any(isinstance(n, HtmlTag) and n.tag == "pre" for top in nodes for n in top.walk())


def _heading(h: Heading) -> Heading:
    if _has_pre_tag(h.children):
        return h.with_changes(end=_nl(h.end))
    children = _trim(_inlines(h.children))
    if not children:
        # "== ==" has no text to pad; leave it as written.
        return h.with_changes(end=_nl(h.end))
    last = children[-1]
    if isinstance(last, (Bold, Italic)) and not last.close:
        # An unclosed '' or ''' runs to the closing "=": a space after it would go inside.
        children = _merge((Text(" "), *children))
    elif _quotes_agree(h.children, _pad(children)):
        children = _pad(children)
    else:
        children = h.children
    # Only comments follow the closing run, after one space.
    kept = [n for n in h.trailing if not (isinstance(n, Text) and not n.value.strip(_SPACE))]
    trailing: tuple[Inline, ...] = (Text(" "), *kept) if kept else ()
    return h.with_changes(children=children, trailing=trailing, end=_nl(h.end))


def _quotes_agree(old: tuple[Inline, ...], new: tuple[Inline, ...]) -> bool:
    # MediaWiki's quote rule looks at the character before an odd ''' run, so a
    # space added in front of a line can swap bold and italic: check by parsing.
    text = _wt(new)
    if "''" not in text:
        return True
    return bool(_run(parse_inline(_wt(old)), "trim") == _run(parse_inline(text), "trim"))


def _visible_text(p: Paragraph) -> str:
    """The paragraph's lines as MediaWiki's block pass sees them: comments and
    behaviour switches (``__TOC__``) gone, and a template or extension tag one
    character of its line, whatever lines its own text spans.

    MediaWiki removes comments and switches before it looks at how lines start,
    so ``<!-- x --> text`` is a preformatted line, whose trailing spaces show;
    the lines inside ``{{…}}`` or ``<ref>…</ref>`` are no lines of the page (the
    call and the tag are replaced before that pass).
    """
    parts: list[str] = []
    for n in p.children:
        if isinstance(n, (Comment, MagicWord)):
            continue
        if isinstance(n, (Template, TemplateArgument, Infobox, ExtensionTag)):
            parts.append("\x00")
        else:
            parts.append(n.to_wikitext())
    return "".join(parts)


def _paragraph(p: Paragraph, in_cell: bool = False) -> Paragraph:
    children = _inlines(p.children)
    # A line that starts with a space once comments are gone is preformatted, and
    # keeps its spaces (see _visible_text). A cell's first line follows its marker.
    lines = _visible_text(p).split("\n")
    starts_pre = any(line[:1] in (" ", "\t") for line in lines[1 if in_cell else 0 :])
    if not starts_pre and not _has_pre_tag(p.children):
        children = _rstrip(_strip_line_ends(children))
    return p.with_changes(children=children, end=_nl(p.end))


def _list(lst: List) -> List:
    return lst.with_changes(items=tuple(_item(i) for i in lst.items))


def _item(item: ListItem) -> ListItem:
    sub = _list(item.sublist) if item.sublist is not None else None
    if _has_pre_tag(item.children):
        return item.with_changes(end=_nl(item.end), sublist=sub)
    children = _rstrip(_strip_line_ends(_inlines(item.children)))
    start = _lstrip(children)
    # MediaWiki drops comments first: "*<!-- c -->*" is "**", so such a start is kept.
    if not start or not isinstance(start[0], (Comment, MagicWord)):
        padded = _merge((Text(" "), *start)) if start else ()
        if _quotes_agree(children, padded):
            children = padded
    return item.with_changes(children=children, end=_nl(item.end), sublist=sub)


def _table(t: Table) -> Table:
    rows = tuple(_row(r) for r in t.rows)
    captions = tuple(_cell(c, c.marker) for c in t.captions)
    prelude = tuple(_block(b) for b in t.prelude)
    return t.with_changes(
        newline=_nl(t.newline), prelude=prelude, captions=captions, rows=rows, end=_nl(t.end)
    )


def _row(r: TableRow) -> TableRow:
    cells: list[TableCell] = []
    line_marker = "|"
    for c in r.cells:
        marker = c.marker
        if marker in ("||", "!!"):
            # An inline cell moves to its own line, keeping the line's header-ness.
            if cells:
                cells[-1] = _end_cell_line(cells[-1])
            marker = "|+" if isinstance(c, TableCaption) else line_marker
            c = _guard_cell_start(c)
        else:
            line_marker = "!" if c.header else "|"
        cells.append(_cell(c, marker))
    prelude = tuple(_block(b) for b in r.prelude)
    return r.with_changes(end=_nl(r.end), prelude=prelude, cells=tuple(cells))


def _cell(c: TableCell, marker: str) -> TableCell:
    content = tuple(
        _paragraph(b, in_cell=True) if i == 0 and isinstance(b, Paragraph) else _block(b)
        for i, b in enumerate(c.content)
    )
    return type(c)(marker, c.attrs, content)


def _end_cell_line(c: TableCell) -> TableCell:
    if not c.content:
        # A cell with no content at all: its line ends right after the marker.
        return c.with_changes(content=(Paragraph((), "\n"),))
    last = c.content[-1]
    if isinstance(last, Paragraph) and last.end == "":
        fixed = _paragraph(last.with_changes(end="\n"), in_cell=len(c.content) == 1)
        return c.with_changes(content=(*c.content[:-1], fixed))
    return c  # pragma: no cover - the parser ends a cell's line with its paragraph


def _guard_cell_start(c: TableCell) -> TableCell:
    if c.attrs is not None:
        if _wikitext(c.attrs)[:1] in ("-", "+", "}"):
            return c.with_changes(attrs=_merge((Text(" "), *c.attrs)))
        return c
    if c.content and isinstance(c.content[0], Paragraph):
        first = c.content[0]
        text = first.to_wikitext()
        if text[:1] in ("-", "+", "}"):
            kids = _merge((Text(" "), *first.children))
            return c.with_changes(content=(first.with_changes(children=kids), *c.content[1:]))
    return c


# ---------------------------------------------------------------------------
# Inlines: templates and infoboxes
# ---------------------------------------------------------------------------


def _inlines(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Format the templates inside a run of inlines (other inlines are left as written)."""
    out: list[Inline] = []
    changed = False
    for n in nodes:
        new = _inline(n)
        changed = changed or new is not n
        out.append(new)
    return tuple(out) if changed else nodes


def _inline(n: Inline) -> Inline:
    if isinstance(n, Infobox):
        return _infobox(n)
    if isinstance(n, Template):
        return _template(n)
    if isinstance(n, Text):
        if "\r\n" in n.value:
            return Text(n.value.replace("\r\n", "\n"))
        return n
    if isinstance(n, TemplateArgument):
        return n  # {{{name|default}}} is shown as written where it is not substituted
    # Recurse into links, bold, tags … so their templates are formatted too.
    changes: dict[str, Any] = {}
    for name in n._node_fields:
        value = getattr(n, name)
        if isinstance(value, tuple) and value and all(isinstance(v, Inline) for v in value):
            new = _inlines(value)
            if new is not value:
                changes[name] = new
    return n.with_changes(**changes) if changes else n


def _is_parser_function(name_nodes: tuple[Inline, ...]) -> bool:
    name = "".join(n.to_wikitext() for n in name_nodes if not isinstance(n, Comment))
    return ":" in name or name.strip().startswith("#")


def _template(t: Template) -> Template:
    params = tuple(p.with_changes(value=_inlines(p.value)) for p in t.params)
    t = t.with_changes(params=params) if params != t.params else t
    if _is_parser_function(t.name_nodes) or "\n" not in t.to_wikitext():
        return t
    if not any(p.key is not None for p in t.params):
        return t
    fields = [(p.key, p.value) for p in t.params]
    name, laid = _lay_out(t.name_nodes, fields)
    return Template(name, tuple(Parameter(k, v) for k, v in laid))


def _infobox(box: Infobox) -> Infobox:
    if box.dialect == "article":
        return box
    fields = [(f.key, _inlines(f.value)) for f in box.fields]
    if _is_parser_function(box.name_nodes):
        return box  # pragma: no cover - an infobox name never has a colon
    name, laid = _lay_out(box.name_nodes, fields)
    new_fields = tuple(
        InfoboxField(f.lead, k, f.sep, v, f.end)
        for f, (k, v) in zip(box.fields, laid, strict=False)
    )
    return box.with_changes(name_nodes=name, fields=new_fields)


Field = tuple[tuple[Inline, ...] | None, tuple[Inline, ...]]


def _lay_out(
    name_nodes: tuple[Inline, ...], fields: list[Field]
) -> tuple[tuple[Inline, ...], list[Field]]:
    """One parameter per line, `` | key = value``, ``=`` aligned, ``}}`` on its own line.

    The whitespace that separates two parameters lives at the end of the
    earlier one (or of the name); a positional value owns its whitespace, so
    nothing is added after it. When one ends its line (a stray ``|`` before a
    newline), the next ``|`` starts a line: then every parameter line starts
    with its ``|``, so they stay aligned.
    """
    # MediaWiki trims a key's text: its spaces may sit inside an unclosed quote run.
    keys = [_trim(k, deep=True) if k is not None else None for k in _field_keys(fields)]
    width = max((len(_wt(k)) for k in keys if k is not None), default=0)
    flush = any(k is None and _wt(v).endswith("\n") for k, v in fields[:-1])
    indent = "" if flush else " "
    name = _trim(name_nodes)
    if fields:
        name = _merge((*name, Text("\n" + indent)))
    out: list[Field] = []
    last = len(fields) - 1
    for i, ((key, value), tkey) in enumerate(zip(fields, keys, strict=False)):
        if key is None or tkey is None:
            out.append((key, value))
            continue
        pad = " " * (width - len(_wt(tkey)))
        new_key = _merge((Text(" "), *tkey, Text(pad + " ")))
        v = _trim(value)
        after = "\n" if i == last else "\n" + indent
        text = _wt(v)
        if "\n" in text and text.startswith(("*", "#", ":", ";", "{|")):
            # A list or table value reads best starting on its own line.
            new_value = _merge((Text("\n"), *v, Text(after)))
        elif v:
            new_value = _merge((Text(" "), *v, Text(after)))
        else:
            new_value = (Text(after),)
        out.append((new_key, new_value))
    return name, out


def _field_keys(fields: list[Field]) -> list[tuple[Inline, ...] | None]:
    return [k for k, _ in fields]


# ---------------------------------------------------------------------------
# Helpers on inline runs
# ---------------------------------------------------------------------------


def _wt(nodes: tuple[Node, ...]) -> str:
    return "".join(n.to_wikitext() for n in nodes)


def _merge(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Adjacent Text nodes joined, empty ones dropped (as the parser writes them)."""
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, Text):
            if not n.value:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].value + n.value)
                continue
        out.append(n)
    return tuple(out)


def _lstrip(nodes: tuple[Inline, ...], deep: bool = False) -> tuple[Inline, ...]:
    """Leading whitespace of the run dropped (``deep``: of its text, see :func:`_rstrip`)."""
    items = list(_merge(nodes))
    while items:
        first = items[0]
        if isinstance(first, Text):
            v = first.value.lstrip(_SPACE)
            if v:
                items[0] = Text(v)
                break
            items.pop(0)
            continue
        field = _edge_children(first, "open") if deep else None
        if field is None:
            break
        kids = getattr(first, field)
        trimmed = _lstrip(kids, deep)
        if trimmed != kids:
            items[0] = first.with_changes(**{field: trimmed})
        if trimmed or _wt((items[0],)):
            break
        items.pop(0)  # nothing left of it at all
    return tuple(items)


def _rstrip(nodes: tuple[Inline, ...], deep: bool = False) -> tuple[Inline, ...]:
    """Trailing whitespace of the run's text nodes dropped.

    ``deep`` trims the run's text, as MediaWiki trims a template key: the text
    may end inside a node (an unclosed bold or italic run, an HTML tag left
    open, goes on to the end), so the whitespace there is its children's.
    """
    items = list(_merge(nodes))
    while items:
        last = items[-1]
        if isinstance(last, Text):
            v = last.value.rstrip(_SPACE)
            if v:
                items[-1] = Text(v)
                break
            items.pop()
            continue
        field = _edge_children(last, "close") if deep else None
        if field is None:
            break
        kids = getattr(last, field)
        trimmed = _rstrip(kids, deep)
        if trimmed != kids:
            items[-1] = last.with_changes(**{field: trimmed})
        if trimmed or _wt((items[-1],)):
            break
        items.pop()  # nothing left of it at all
    return tuple(items)


def _edge_children(node: Inline, side: str) -> str | None:
    """The field of ``node``'s children when its text starts (``side`` "open") or ends
    ("close") with theirs: no delimiter of its own on that side."""
    if isinstance(node, (Bold, Italic)):
        return "children" if getattr(node, side) == "" else None
    if isinstance(node, HtmlTag):
        return "children" if getattr(node, f"{side}_tag") == "" else None
    return None


def _trim(nodes: tuple[Inline, ...], deep: bool = False) -> tuple[Inline, ...]:
    return _rstrip(_lstrip(nodes, deep), deep)


def _pad(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return _merge((Text(" "), *nodes, Text(" ")))


def _strip_line_ends(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Spaces and tabs before a newline in the run's own text dropped."""
    out: list[Inline] = []
    for n in _merge(nodes):
        if isinstance(n, Text) and "\n" in n.value:
            n = Text(_TRAILING_WS.sub("", n.value))
        out.append(n)
    # Whitespace that ends a line may sit in a text node before a newline-starting one.
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if isinstance(a, Text) and isinstance(b, Text) and b.value.startswith("\n"):
            out[i] = Text(a.value.rstrip(" \t"))
    return _merge(tuple(out))


# ---------------------------------------------------------------------------
# Comparing trees up to layout
# ---------------------------------------------------------------------------


def layout_key(doc: Document) -> Any:
    """A value equal for two documents that differ only in layout.

    Layout is what the house style rewrites and MediaWiki ignores: blank
    lines between blocks, newline style, spaces and tabs at line ends,
    spacing inside headings and after list markers, spacing around named
    template keys and values (MediaWiki trims them), whether a table cell
    starts its own line (``||`` versus a new ``|`` line) and the final
    newline. Everything else — every text character, every node, positional
    parameters, preformatted text, tag bodies — must be equal.
    """
    blocks = [_key(b) for b in _flatten(doc) if not isinstance(b, BlankLine)]
    blocks = [k for k in blocks if k != ("Paragraph", ())]  # only spaces: a blank line
    # A line of only an infobox is an infobox block, trailing spaces or not.
    blocks = [
        k[1][0] if k[0] == "Paragraph" and len(k[1]) == 1 and k[1][0][0] == "Infobox" else k
        for k in blocks
    ]
    title = _key(doc.title_line) if doc.title_line is not None else None
    return (doc.bom, title, tuple(blocks))


def _key(node: Node | None, ctx: str = "") -> Any:
    if node is None:
        return None
    if isinstance(node, Text):
        return ("Text", node.value)
    kind = type(node).__name__
    if isinstance(node, Heading):
        return (
            kind,
            node.open,
            node.close,
            _run(node.children, "trim"),
            # Spaces between the comments after the closing run are layout too.
            tuple(
                _key(n) for n in node.trailing if not isinstance(n, Text) or n.value.strip(_SPACE)
            ),
        )
    if isinstance(node, Paragraph):
        return (kind, _run(node.children, "lines"))
    if isinstance(node, ListItem):
        sub = _key(node.sublist)
        return (kind, node.marker, _run(node.children, "trim"), sub)
    if isinstance(node, BlankLine):
        return (kind,)
    if isinstance(node, (Template, Infobox)):
        trimmed = not _is_parser_function(node.name_nodes)
        params: list[Any] = []
        pairs = (
            [(p.key, p.value) for p in node.params]
            if isinstance(node, Template)
            else [(f.key, f.value) for f in node.fields]
        )
        for key, value in pairs:
            if key is None or not trimmed:
                params.append((_run(key, "") if key is not None else None, _run(value, "")))
            else:
                params.append((_run(key, "key"), _run(value, "trim")))
        extra = (node.open, node.close, node.header_end) if isinstance(node, Infobox) else ()
        return (kind, _run(node.name_nodes, "trim"), tuple(params), extra)
    if isinstance(node, TableCell):
        header = node.header or node.marker == "!!"
        # Only the indentation before the marker: "||" versus a new "|" line is layout.
        marker = node.marker.rstrip("|!+")
        content = []
        for i, b in enumerate(node.content):
            if isinstance(b, BlankLine):
                continue
            if i == 0 and isinstance(b, Paragraph):
                # Spaces at the start of a cell are not part of its text.
                k = ("Paragraph", _run(b.children, "trim"))
            else:
                k = _key(b)
            if k != ("Paragraph", ()):
                content.append(k)
        attrs = _wikitext(node.attrs).strip() if node.attrs is not None else None
        return (isinstance(node, TableCaption), header, marker, attrs, tuple(content))
    fields: list[Any] = [kind]
    for name in node._fields:
        value = getattr(node, name)
        if name in ("end", "newline", "header_end"):
            continue
        if isinstance(value, tuple):
            if kind == "TableRow" and name == "cells":
                fields.append(_row_key(value))
            else:
                fields.append(_run(value, ""))
        elif isinstance(value, Node):
            fields.append(_key(value))
        else:
            fields.append(value)
    return tuple(fields)


def _row_key(cells: tuple[Node, ...]) -> Any:
    # A header line's "||" cells are header cells; on their own line they start with "!".
    out = []
    header = False
    for c in cells:
        assert isinstance(c, TableCell)
        k = _key(c)
        if c.marker in ("||", "!!"):
            k = (k[0], header or k[1], *k[2:])
        else:
            header = c.header
        out.append(k)
    return tuple(out)


def _run(nodes: tuple[Node, ...] | None, mode: str) -> Any:
    if nodes is None:
        return None
    items: tuple[Any, ...] = tuple(nodes)
    if items and all(isinstance(n, Inline) for n in items):
        inl: tuple[Inline, ...] = tuple(n for n in items if isinstance(n, Inline))
        inl = _merge(
            tuple(Text(n.value.replace("\r\n", "\n")) if isinstance(n, Text) else n for n in inl)
        )
        if mode in ("lines", "trim"):
            inl = _strip_line_ends(inl)
            inl = _rstrip(inl)
        if mode == "trim":
            inl = _lstrip(inl)
        if mode == "key":
            inl = _trim(inl, deep=True)
        items = inl
    return tuple(_key(n) for n in items if not isinstance(n, BlankLine))


def _wikitext(nodes: tuple[Inline, ...]) -> str:
    return "".join(n.to_wikitext() for n in nodes)
