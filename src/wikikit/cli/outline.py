"""A readable text outline of a document: title, infobox fields and the section tree.

This is what ``wikikit outline`` prints::

    Second Battle of Kidal

    Infobox
      Conflict     Second Battle of Kidal
      Partof       the Internal conflict in Azawad
      …

    Sections
      1  The battle
         1.1  Prime Minister's visit and hostage-taking
         1.2  Malian army offensive
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from wikikit.tree import Document, Infobox, Section

__all__ = ["format_outline"]

#: Keys longer than this do not widen the key column (their value starts on the next line).
_MAX_KEY = 24


def format_outline(doc: Document, width: int = 100) -> str:
    """The outline of ``doc`` as text (ends with a newline); values wrap at ``width``."""
    out: list[str] = [doc.title or "(untitled)"]
    for box in doc.infoboxes:
        out.append("")
        out.extend(_infobox_lines(box, width))
    out.append("")
    if doc.sections:
        out.append("Sections")
        out.extend(_section_lines(doc.sections, "", "  "))
    else:
        out.append("Sections: none")
    return "\n".join(out) + "\n"


def _infobox_lines(box: Infobox, width: int) -> list[str]:
    label = box.label or "Infobox"
    # The export's header is often the subject's own name; say what it is.
    header = label if label.lower().startswith("infobox") else f"Infobox: {label}"
    if not box.fields:
        return [f"{header} (no fields)"]
    lines = [header]
    names: list[str] = []
    position = 0
    for f in box.fields:
        if f.key is None:
            position += 1
            names.append(str(position))
        else:
            names.append(f.name)
    key_width = min(_MAX_KEY, max(len(n) for n in names))
    indent = " " * (2 + key_width + 2)
    for name, f in zip(names, box.fields, strict=True):
        value = f.text
        if len(name) > key_width:
            lines.append(f"  {name}")
            first = indent
        else:
            first = f"  {name.ljust(key_width)}  "
        if not value:
            lines.append(first.rstrip())
            continue
        lines.extend(
            textwrap.wrap(
                value,
                width=max(width, len(indent) + 20),
                initial_indent=first,
                subsequent_indent=indent,
                break_on_hyphens=False,
            )
        )
    return lines


def _section_lines(sections: Iterable[Section], prefix: str, indent: str) -> list[str]:
    lines: list[str] = []
    siblings = list(sections)
    # Numbers padded to the widest sibling's, so titles line up past "9".
    width = len(f"{prefix}{len(siblings)}")
    for i, s in enumerate(siblings, 1):
        number = f"{prefix}{i}"
        title = " ".join(s.title.split()) or "(untitled)"
        lines.append(f"{indent}{number.ljust(width)}  {title}")
        # Subsections start under their parent's title, like a table of contents.
        lines.extend(_section_lines(s.subsections, number + ".", indent + " " * (width + 2)))
    return lines
