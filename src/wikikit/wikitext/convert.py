"""``convert``: real wikitext (``mediawiki``) to the flattened article export, and back.

MediaWiki → article export
--------------------------
* ``= Title =`` (the ``title`` argument, else the document's name), a blank line;
* the first infobox as a header line — its ``name`` parameter's flattened
  value, else ``Infobox`` — and one ``- Key: Value`` line per parameter: the
  key is the parameter name with ``_`` as a space, title-cased like
  ``str.title`` (``birth_place`` → ``Birth Place``, ``stat1label`` →
  ``Stat1Label``); the value flattened to plain text (links by their label,
  templates, references and comments removed, ``<br>`` and list items joined
  with ``", "``, runs of spaces made one). Parameters empty after flattening,
  positional parameters, and ``image``/``caption`` are dropped; then a blank
  line;
* the body as plain text: each heading line as written (its markup kept),
  paragraphs and list items flattened like values but line by line, runs of
  blank lines made one, one final newline.

Lost: all markup (links become their labels, bold/italic vanish), templates
and their output, references, comments, tables, images, horizontal rules,
list structure (items become plain lines), other infoboxes, dropped
parameters, parameter-name spelling (``birth_place`` comes back as
``birth_place`` only because of the title-casing rule: ``Birth_Place`` or
``birthPlace`` do not survive), text before the infobox moves after it.

Article export → MediaWiki
--------------------------
``{{Infobox`` and one `` | key = value`` line per field (key lower-cased
with spaces as ``_``, the ``=`` aligned), ``}}``; when the header is not
``Infobox`` and there is no ``Name`` field, a first `` | name = header``
line. Then the body, lines as written, headings unchanged. The export is
plain text, so characters that wikitext would read as markup (``|``, braces,
brackets, ``<``, ``''``, ``&`` starting an entity, list or indent markers at
the start of a line …) are written as character references, which render as
the same characters and flatten back to them.

Lost: the ``= Title =`` line (a MediaWiki page carries its title as its name:
pass ``title=`` when converting back), key spelling that is not title-case,
a header line without a ``Name`` field comes back with one, blank lines
before the infobox.

Converting the export to MediaWiki and back, with its title, gives the
export byte for byte when its keys are title-cased, its header is
``Infobox``, and its body has no markup (the seed article does).
"""

from __future__ import annotations

import re

from wikikit.parser import parse
from wikikit.tree import (
    BlankLine,
    Block,
    Document,
    Heading,
    HorizontalRule,
    Infobox,
    InfoboxField,
    List,
    Node,
    Paragraph,
    Preformatted,
    Table,
    plain_text,
)
from wikikit.tree.text import text_options

__all__ = ["convert", "export_key", "flatten_value"]

_DIALECTS = ("article", "mediawiki")
_DROPPED = frozenset(("image", "caption"))


def convert(doc: Document | str, to: str = "article", title: str | None = None) -> str:
    """``doc`` written in dialect ``to`` (``"article"`` or ``"mediawiki"``); see the module doc.

    A string is parsed first (dialect detected). Converting to the dialect
    the document already has writes it back unchanged.
    """
    if to not in _DIALECTS:
        raise ValueError(f"to must be 'article' or 'mediawiki', not {to!r}")
    if isinstance(doc, str):
        doc = parse(doc, name=title)
    if doc.dialect == to:
        return doc.to_wikitext()
    if to == "article":
        # The export's values are what MediaWiki's text has without its templates.
        with text_options(templates="drop"):
            return _to_article(doc, title if title is not None else doc.name)
    return _to_mediawiki(doc)


# ---------------------------------------------------------------------------
# MediaWiki → article
# ---------------------------------------------------------------------------


def export_key(name: str) -> str:
    """The export's key for a parameter name: ``birth_place`` → ``Birth Place``."""
    return " ".join(name.replace("_", " ").split()).title()


def flatten_value(field: InfoboxField) -> str:
    """A field's value as one line of plain text (``<br>`` and list items joined with ", ")."""
    return ", ".join(_flat_lines(plain_text(field.value)))


def _flat_lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = " ".join(line.split()).lstrip("*#:;").strip()
        if line:
            out.append(line)
    return out


def _to_article(doc: Document, title: str | None) -> str:
    if not title:
        raise ValueError("the article export needs a title: pass title=")
    out = [f"= {title} =\n", "\n"]
    box = doc.infobox
    if box is not None:
        # The last "name" wins, as in MediaWiki; "Name" is accepted too.
        names = [f for f in box.fields if f.key is not None and f.name.lower() == "name"]
        header = flatten_value(names[-1]) if names else ""
        out.append((header or "Infobox") + "\n")
        for f in box.fields:
            if f.key is None or f.name.lower() in _DROPPED:
                continue
            value = flatten_value(f)
            if value:
                out.append(f"- {export_key(f.name)}: {value}\n")
        out.append("\n")
    lines: list[str] = []
    blocks: list[Block] = list(doc.blocks)
    for s in doc.all_sections():
        blocks.append(s.heading)
        blocks.extend(s.blocks)
    for b in blocks:
        if b is box:
            continue
        lines.extend(_body_lines(b))
    # One blank line at most between text, none at the start or the end.
    body: list[str] = []
    for line in lines:
        if line == "" and (not body or body[-1] == ""):
            continue
        body.append(line)
    while body and body[-1] == "":
        body.pop()
    out.extend(line + "\n" for line in body)
    text = "".join(out)
    return text if body else text.rstrip("\n") + "\n"


def _body_lines(block: Block) -> list[str]:
    if isinstance(block, BlankLine):
        return [""]
    if isinstance(block, Heading):
        return [block.open + _wt(block.children) + block.close]
    if isinstance(block, (Table, HorizontalRule, Infobox)):
        return []
    if isinstance(block, List):
        return [
            line for item in block.flat_items() for line in _flat_lines(plain_text(item.children))
        ]
    if isinstance(block, (Paragraph, Preformatted)):
        lines = [" ".join(line.split()) for line in plain_text(block.children).split("\n")]
        return [line for line in lines if line]
    return []  # pragma: no cover - every block kind is above


def _wt(nodes: tuple[Node, ...]) -> str:
    return "".join(n.to_wikitext() for n in nodes)


# ---------------------------------------------------------------------------
# Article → MediaWiki
# ---------------------------------------------------------------------------

# Markup inside a line; each match is written as character references.
_INLINE_MARKUP = re.compile(r"[|{}\[\]<]|''|&(?=#?\w+;)|__(?=\w+__)|~~~")
_LINE_START = re.compile(r"^(?:[*#:; =]|----)")


def _refs(s: str) -> str:
    return "".join(f"&#{ord(c)};" for c in s)


def escape_plain(text: str) -> str:
    """One line of plain text as wikitext that renders (and flattens) to the same text."""
    text = _INLINE_MARKUP.sub(lambda m: _refs(m.group(0)), text)
    m = _LINE_START.match(text)
    if m:
        text = _refs(text[0]) + text[1:]
    return text


def _to_mediawiki(doc: Document) -> str:
    out: list[str] = []
    box = doc.infobox
    if box is not None:
        # The export's values are plain text: take them as written, not as parsed.
        pairs = [(f.name.lower().replace(" ", "_"), _wt(f.value).strip()) for f in box.fields]
        header = box.label
        if header != "Infobox" and not any(k == "name" for k, _ in pairs):
            pairs.insert(0, ("name", header))
        width = max((len(k) for k, _ in pairs), default=0)
        out.append("{{Infobox\n")
        for key, value in pairs:
            value = escape_plain(value)
            out.append(f" | {key.ljust(width)} = {value}".rstrip() + "\n")
        out.append("}}\n")
    blocks: list[Block] = list(doc.blocks)
    for s in doc.all_sections():
        blocks.append(s.heading)
        blocks.extend(s.blocks)
    started = box is None
    for b in blocks:
        if b is box:
            started = True
            continue
        if not started and isinstance(b, BlankLine):
            continue  # blank lines between the title and the infobox
        if isinstance(b, (Heading, BlankLine)):
            out.append(b.to_wikitext())
            continue
        for line in b.to_wikitext().splitlines(keepends=True):
            body = line.rstrip("\r\n")
            out.append(escape_plain(body) + line[len(body) :])
    return "".join(out)
