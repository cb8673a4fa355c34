"""Edits on a document that read well in a bot script, and change only the edited bytes.

Every function takes a :class:`~wikikit.tree.Document` and returns a new one;
the original is untouched and the new tree shares every node off the edited
path (``Document.replace``). Each is also a method of ``Document``::

    doc = wikikit.parse(text)
    doc = doc.set_field("result", "Draw")
    doc = doc.rename_field("partof", "part_of")
    doc = doc.remove_field("image")
    doc = doc.replace_section_body("Aftermath", "The town was retaken.\\n")
    doc = doc.set_link_target("Kidal", "Kidal, Mali")
    open(path, "w").write(doc.to_wikitext())   # only those spans differ

New markup copies its surroundings: a new infobox field takes the spacing
and ``=`` alignment most existing fields use (as mwparserfromhell's
``Template.add`` does), a new section the heading spacing and blank lines
most sections use.

Escaping. A field value is wikitext: links, templates and formatting in it
are kept. Characters that would end or split the value outside such markup
are written as HTML character references, which MediaWiki's preprocessor
does not split on and which render as the character: ``|`` as ``&#124;``,
``{``/``}`` as ``&#123;``/``&#125;``, and ``=`` as ``&#61;`` in a
positional value (in a named value ``=`` is harmless and kept). If the
escaped value still would not parse back as exactly one value, every markup
character is escaped (the value becomes plain text).
"""

from __future__ import annotations

import re
from collections import Counter

from wikikit.parser import parse, parse_inline
from wikikit.tree import (
    BlankLine,
    Block,
    Document,
    ExtensionTag,
    Heading,
    Infobox,
    InfoboxField,
    Inline,
    Node,
    Section,
    Template,
    TemplateArgument,
    Text,
    WikiLink,
    plain_text,
)
from wikikit.wikitext.formatter import with_final_newline

__all__ = [
    "add_field",
    "escape_value",
    "insert_section_after",
    "remove_field",
    "rename_field",
    "replace_section_body",
    "set_field",
    "set_link_target",
]

_EDGES = re.compile(r"(\s*)(.*?)(\s*)\Z", re.DOTALL)


def _wt(nodes: tuple[Node, ...] | None) -> str:
    return "" if nodes is None else "".join(n.to_wikitext() for n in nodes)


def _split(text: str) -> tuple[str, str, str]:
    m = _EDGES.match(text)
    assert m is not None
    if not m.group(2):
        return "", "", text  # all space: it is what follows the (empty) text
    return m.group(1), m.group(2), m.group(3)


def _inline(text: str) -> tuple[Inline, ...]:
    return parse_inline(text) if text else ()


def _majority(values: list[str], default: str) -> str:
    if not values:
        return default
    counts = Counter(values)
    best = max(counts.values())
    # Ties go to the value seen first, so the result does not depend on hashing.
    return next(v for v in values if counts[v] == best)


# ---------------------------------------------------------------------------
# Escaping values
# ---------------------------------------------------------------------------

_ESCAPES = {"|": "&#124;", "{": "&#123;", "}": "&#125;"}
_ALL_ESCAPES = {**_ESCAPES, "=": "&#61;", "[": "&#91;", "]": "&#93;", "<": "&lt;", "&": "&amp;"}


def escape_value(value: str, *, positional: bool = False) -> str:
    """``value`` as wikitext that stays one template parameter value (see the module doc)."""
    table = dict(_ESCAPES)
    if positional:
        table["="] = "&#61;"
    escaped = "".join(_escape_node(n, table) for n in _inline(value))
    if _is_one_value(escaped, positional):
        return escaped
    return "".join(_ALL_ESCAPES.get(c, c) for c in value)


def _escape_node(node: Inline, table: dict[str, str]) -> str:
    if isinstance(node, Text):
        return "".join(table.get(c, c) for c in node.value)
    if isinstance(node, (WikiLink, Template, TemplateArgument, ExtensionTag, Infobox)):
        # The preprocessor matches these brackets itself: a "|" inside does not split.
        return node.to_wikitext()
    # Other inlines (bold, HTML tags, external links) do not protect their text.
    kids = [name for name in node._node_fields if isinstance(getattr(node, name), tuple)]
    if not kids:
        return node.to_wikitext()
    rebuilt = node.with_changes(
        **{name: tuple(Text(_escape_node(k, table)) for k in getattr(node, name)) for name in kids}
    )
    return rebuilt.to_wikitext()


def _is_one_value(value: str, positional: bool) -> bool:
    probe = "{{X|" + value + "}}" if positional else "{{X|k=" + value + "}}"
    nodes = _inline(probe)
    if len(nodes) != 1 or not isinstance(nodes[0], Template):
        return False
    params = nodes[0].params
    if len(params) != 1:
        return False
    p = params[0]
    return (p.key is None) == positional and _wt(p.value) == value


# ---------------------------------------------------------------------------
# Infobox fields
# ---------------------------------------------------------------------------


def _box(doc: Document, infobox: Infobox | None) -> Infobox:
    box = infobox if infobox is not None else doc.infobox
    if box is None:
        raise LookupError("the document has no infobox")
    return box


def _index(box: Infobox, name: str) -> int | None:
    found = None
    for i, f in enumerate(box.fields):
        if f.key is not None and f.name == name:
            found = i  # the last one wins, as in MediaWiki
    return found


class _Style:
    """The spacing most named fields of one infobox use."""

    def __init__(self, box: Infobox) -> None:
        named = [f for f in box.fields if f.key is not None]
        keys = [_split(_wt(f.key)) for f in named]
        values = [_split(_wt(f.value)) for f in named]
        self.before_key = _majority([k[0] for k in keys], " ")
        self.after_key = _majority([k[2] for k in keys], " ")
        self.before_value = _majority([v[0] for v in values if v[1]], " ")
        last = len(box.fields) - 1
        between = [v[2] for f, v in zip(named, values, strict=False) if f is not box.fields[last]]
        multiline = "\n" in box.to_wikitext()
        self.between = _majority(between, "\n" if multiline else "")
        # Aligned "=": most keys padded to one width, with different paddings.
        widths = [len(k[1]) + len(k[2]) for k in keys]
        width = _majority([str(w) for w in widths], "0")
        aligned = len(set(k[2] for k in keys)) > 1 and widths.count(int(width)) * 2 > len(widths)
        self.width = int(width) if aligned else None

    def key(self, name: str) -> str:
        after = self.after_key
        if self.width is not None:
            after = " " * max(self.width - len(name), 1 if self.after_key else 0)
        return self.before_key + name + after


def _export_value(value: str) -> str:
    # The export keeps a field on one line.
    return " ".join(value.split())


def set_field(doc: Document, name: str, value: str, *, infobox: Infobox | None = None) -> Document:
    """Set infobox field ``name`` to ``value`` (wikitext), adding the field if it is missing.

    Only the value's bytes change: the spacing around it is kept.
    """
    box = _box(doc, infobox)
    i = _index(box, name)
    if i is None:
        return add_field(doc, name, value, infobox=box)
    field = box.fields[i]
    if box.dialect == "article":
        new_value: tuple[Inline, ...] = _inline(_export_value(value))
        return doc.replace(field, field.with_changes(value=new_value))
    before, core, after = _split(_wt(field.value))
    if not core and not before:
        before = _Style(box).before_value
    text = before + escape_value(value) + after
    return doc.replace(field, field.with_changes(value=_inline(text)))


def add_field(
    doc: Document,
    name: str,
    value: str,
    *,
    after: str | None = None,
    before: str | None = None,
    infobox: Infobox | None = None,
) -> Document:
    """Add infobox field ``name`` (at the end, or ``after``/``before`` a named field).

    The new field copies the spacing and ``=`` alignment most fields use.
    Raises ``ValueError`` if the field exists (use :func:`set_field`).
    """
    box = _box(doc, infobox)
    _check_name(name)
    if _index(box, name) is not None:
        raise ValueError(f"the infobox already has a field {name!r}; use set_field")
    fields = list(box.fields)
    if after is not None and before is not None:
        raise TypeError("give after or before, not both")
    if after is not None:
        at = _required_index(box, after) + 1
    elif before is not None:
        at = _required_index(box, before)
    else:
        at = len(fields)
    if box.dialect == "article":
        new = InfoboxField("- ", (Text(name),), ": ", _inline(_export_value(value)), "\n")
        fields.insert(at, new)
        return doc.replace(box, box.with_changes(fields=tuple(fields)))
    style = _Style(box)
    escaped = escape_value(value)
    lead_value = style.before_value if escaped else ""
    prev = fields[at - 1] if at else None
    prev_end = _split(_wt(prev.value))[2] if prev is not None else ""
    if (
        prev is not None
        and prev.key is not None
        and (at == len(fields) or ("\n" in style.between and "\n" not in prev_end))
    ):
        # The new field ends as the one before it did ("}}" stays where it was after
        # the last field; a stray "|" stays glued), and that one is followed by the
        # usual separator instead, so the new field starts its own line.
        b, core, _ = _split(_wt(prev.value))
        trail = prev_end
        fields[at - 1] = prev.with_changes(value=_inline(b + core + style.between))
    elif at == len(fields) and fields:
        trail = "\n" if style.between.startswith("\n") else ""
    elif fields:
        trail = style.between
    else:
        trail = ""
    new = InfoboxField("|", _inline(style.key(name)), "=", _inline(lead_value + escaped + trail))
    fields.insert(at, new)
    return doc.replace(box, box.with_changes(fields=tuple(fields)))


def _required_index(box: Infobox, name: str) -> int:
    i = _index(box, name)
    if i is None:
        raise KeyError(f"the infobox has no field {name!r}")
    return i


def _check_name(name: str) -> None:
    if not name.strip() or any(c in name for c in "|={}\n") or name != name.strip():
        raise ValueError(f"not a usable field name: {name!r}")


def rename_field(doc: Document, old: str, new: str, *, infobox: Infobox | None = None) -> Document:
    """Rename infobox field ``old`` to ``new``, keeping its value and the ``=`` column."""
    box = _box(doc, infobox)
    _check_name(new)
    if _index(box, new) is not None:
        raise ValueError(f"the infobox already has a field {new!r}")
    field = box.fields[_required_index(box, old)]
    if box.dialect == "article":
        return doc.replace(field, field.with_changes(key=(Text(new),)))
    before, core, after = _split(_wt(field.key))
    if len(after) > 1 or _Style(box).width is not None:
        # Padding lines up the "=": keep the key's total width.
        after = after[:1] + " " * max(len(core) + len(after) - len(new) - 1, 0) if after else ""
    return doc.replace(field, field.with_changes(key=_inline(before + new + after)))


def remove_field(doc: Document, name: str, *, infobox: Infobox | None = None) -> Document:
    """Remove infobox field ``name`` (every copy of it). ``KeyError`` if there is none."""
    box = _box(doc, infobox)
    _required_index(box, name)
    fields = list(box.fields)
    last = fields[-1]
    kept = [f for f in fields if f.key is None or f.name != name]
    if box.dialect == "mediawiki" and kept and last not in kept and kept[-1].key is not None:
        # The removed field was last: its end ("\n" before "}}") moves to the new last field.
        _, _, trail = _split(_wt(last.value))
        prev = kept[-1]
        b, core, _ = _split(_wt(prev.value))
        kept[-1] = prev.with_changes(value=_inline(b + core + trail))
    return doc.replace(box, box.with_changes(fields=tuple(kept)))


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def _section(doc: Document, title: str) -> Section:
    s = doc.section(title)
    if s is None:
        raise KeyError(f"no section titled {title!r}")
    return s


def _body_blocks(text: str) -> list[Block]:
    if text and not text.endswith("\n"):
        text += "\n"
    body = parse(text, dialect="mediawiki")
    if body.sections:
        raise ValueError("a section body cannot contain a heading")
    blocks = list(body.blocks)
    while blocks and isinstance(blocks[0], BlankLine):
        blocks.pop(0)
    while blocks and isinstance(blocks[-1], BlankLine):
        blocks.pop()
    return blocks


def _blank_counts(blocks: tuple[Block, ...]) -> tuple[int, int]:
    lead = 0
    while lead < len(blocks) and isinstance(blocks[lead], BlankLine):
        lead += 1
    trail = 0
    # Blank lines after the last non-blank block (none when every block is blank).
    while trail < len(blocks) - lead and isinstance(blocks[-1 - trail], BlankLine):
        trail += 1
    return lead, trail


def replace_section_body(doc: Document, title: str, body: str) -> Document:
    """Replace the text between a section's heading and its first subsection.

    ``body`` is wikitext without headings. The blank lines that separated the
    old body from the heading and from what follows are kept.
    """
    section = _section(doc, title)
    old = section.blocks
    lead, trail = _blank_counts(old)
    blocks = (*old[:lead], *_body_blocks(body), *old[len(old) - trail :])
    return doc.replace(section, section.with_changes(blocks=blocks))


def _heading_spacing(doc: Document) -> bool:
    spaced = []
    for s in doc.all_sections():
        text = _wt(s.heading.children)
        spaced.append(text.startswith(" ") and text.endswith(" "))
    return _majority([str(x) for x in spaced], "True") == "True"


def insert_section_after(
    doc: Document, after: str, title: str, body: str = "", *, level: int | None = None
) -> Document:
    """Insert a new section right after section ``after`` (and its subsections).

    The new section has ``after``'s level unless ``level`` is given (a deeper
    level makes it ``after``'s last subsection). Its heading uses the spacing
    most of the document's headings use (``== T ==`` or ``==T==``) and the
    blank lines most sections have after the heading and before the next.
    """
    anchor = _section(doc, after)
    lvl = anchor.level if level is None else level
    if not 1 <= lvl <= 6 or lvl < anchor.level:
        raise ValueError(f"level {lvl} cannot follow a level-{anchor.level} section")
    sections = list(doc.all_sections())
    leads = [str(_blank_counts(s.blocks)[0]) for s in sections if s.blocks]
    trails = [str(_blank_counts(s.blocks)[1]) for s in sections[:-1] if s.blocks]
    lead_blanks = int(_majority(leads, "0"))
    trail_blanks = int(_majority(trails, "1"))
    heading = Heading.make(lvl, title, "\n", spaced=_heading_spacing(doc))
    blocks: list[Block] = [BlankLine() for _ in range(lead_blanks)] if body else []
    blocks += _body_blocks(body)

    # The text before the new heading must end its line, and be separated as usual.
    last = _last_section(anchor)
    fixed_last = _separate(last, trail_blanks)
    if fixed_last is last:
        new_anchor = anchor
    elif last is anchor:
        new_anchor = fixed_last
    else:
        new_anchor = anchor.replace(last, fixed_last)
    is_last_in_doc = _last_section(doc.sections[-1]) is last if doc.sections else False
    if not is_last_in_doc:
        blocks += [BlankLine() for _ in range(trail_blanks)]
    new = Section(heading, tuple(blocks), ())
    if lvl > anchor.level:
        new_anchor = new_anchor.with_changes(subsections=(*new_anchor.subsections, new))
        return doc.replace(anchor, new_anchor)
    parent = _parent_of(doc, anchor)
    if parent is None:
        secs = list(doc.sections)
        secs.insert(secs.index(anchor) + 1, new)
        secs[secs.index(anchor)] = new_anchor
        return doc.with_changes(sections=tuple(secs))
    subs = list(parent.subsections)
    i = [id(s) for s in subs].index(id(anchor))
    subs[i] = new_anchor
    subs.insert(i + 1, new)
    return doc.replace(parent, parent.with_changes(subsections=tuple(subs)))


def _last_section(s: Section) -> Section:
    while s.subsections:
        s = s.subsections[-1]
    return s


def _parent_of(doc: Document, target: Section) -> Section | None:
    for s in doc.all_sections():
        if any(sub is target for sub in s.subsections):
            return s
    return None


def _separate(section: Section, blanks: int) -> Section:
    """``section`` ending with a newline and at least ``blanks`` blank lines."""
    text = section.to_wikitext()
    blocks = list(section.blocks)
    changed = False
    if not text.endswith("\n"):
        if blocks:
            blocks[-1] = with_final_newline(blocks[-1])
        else:
            return section.with_changes(heading=section.heading.with_changes(end="\n"))
        changed = True
    if blocks:
        _, have = _blank_counts(tuple(blocks))
        if have < blanks and have != len(blocks):
            blocks += [BlankLine() for _ in range(blanks - have)]
            changed = True
    return section.with_changes(blocks=tuple(blocks)) if changed else section


# ---------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------

# Namespaces by their lower-case names and aliases (MediaWiki's canonical names).
_NAMESPACES = {
    "category": "Category",
    "file": "File",
    "image": "File",
    "media": "Media",
    "template": "Template",
    "help": "Help",
    "portal": "Portal",
    "user": "User",
    "talk": "Talk",
    "wikipedia": "Wikipedia",
    "project": "Project",
    "special": "Special",
    "draft": "Draft",
    "module": "Module",
}
#: Links that show no text of their own without a leading colon: a category
#: assignment (its label is the sort key) and an embedded file (a caption).
_NO_TEXT_NAMESPACES = frozenset(("Category", "File", "kategorie", "datei", "bild", "fil"))


def _page(title: str) -> tuple[str, str]:
    """``(namespace, page title)`` as MediaWiki compares titles: no leading colon or
    ``#anchor``, ``_`` as a space, runs of spaces as one, the namespace in its
    canonical spelling and the first letter of the page name upper-case."""
    t = title.strip().lstrip(":").split("#", 1)[0]
    t = " ".join(t.replace("_", " ").split())
    ns, sep, rest = t.partition(":")
    if sep and ns.strip().lower() in _NAMESPACES:
        rest = rest.strip()
        return _NAMESPACES[ns.strip().lower()], rest[:1].upper() + rest[1:]
    if sep and ns.strip().lower() in _NO_TEXT_NAMESPACES:
        return ns.strip().lower(), rest.strip()[:1].upper() + rest.strip()[1:]
    return "", t[:1].upper() + t[1:]


def _normal(title: str) -> str:
    ns, page = _page(title)
    return f"{ns}:{page}" if ns else page


def _shows_no_text(title: str) -> bool:
    """Whether a link to ``title`` written without a leading colon shows nothing."""
    return not title.strip().startswith(":") and _page(title)[0] in _NO_TEXT_NAMESPACES


def set_link_target(
    doc: Document,
    old: str | WikiLink,
    new: str,
    *,
    keep_text: bool = True,
) -> Document:
    """Point internal links at ``new``: every link to page ``old``, or the one link given.

    Links are matched by page title, as MediaWiki matches them: the ``#anchor``,
    ``_`` versus space, the namespace's spelling and the case of the first letter
    of the page name aside (``[[broadsheet#Sizes|sizes]]`` links to ``Broadsheet``).
    What a link is stays the same: a link written with a leading colon keeps it,
    so ``[[:Category:Foo]]`` stays a link (and does not become a category
    assignment); a visible link moved into a category or file gets one; an
    anchor is kept unless ``new`` has its own. With ``keep_text`` a link without
    a label gets its old text as the label, so the reader sees the same words
    (``[[Kidal]]`` becomes ``[[Kidal, Mali|Kidal]]``), except where a label would
    be a category's sort key or a file's caption. ``LookupError`` if no link
    matches.
    """
    if isinstance(old, WikiLink):
        targets: list[WikiLink] = [old]
    else:
        wanted = _normal(old)
        targets = doc.find(WikiLink, lambda link: _normal(link.title) == wanted)
    if not targets:
        raise LookupError(f"no link to {old!r}")
    for link in targets:
        doc = doc.replace(link, _retarget(link, new, keep_text))
    return doc


def _retarget(link: WikiLink, new: str, keep_text: bool) -> WikiLink:
    if any(c in new for c in "|[]{}\n"):
        raise ValueError(f"not a usable link target: {new!r}")
    before, core, after = _split(_wt(link.target))
    hidden = _shows_no_text(core)
    target = new.strip()
    if not hidden and not target.startswith(":") and _shows_no_text(target):
        target = ":" + target  # the link was seen: it stays a link, not an assignment
    _, anchor, fragment = core.partition("#")
    if anchor and "#" not in target:
        target += "#" + fragment
    label = link.label
    if label is None and keep_text and not hidden:
        label = (Text(plain_text(link.target).strip().lstrip(":")),)
    return link.with_changes(target=_inline(before + target + after), label=label)
