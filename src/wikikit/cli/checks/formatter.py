"""The formatter's laws as ``wikikit check`` checks.

Registered with :mod:`wikikit.cli.checks` when that package is imported, in the
group ``format`` and not run by default (they cost several times the round
trip: ``wikikit check --check format`` or ``--check all``):

* ``format-idempotent`` — ``format(format(x)) == format(x)``;
* ``format-tree`` — ``parse(format(x))`` equals ``parse(x)`` up to layout
  (:func:`wikikit.wikitext.formatter.layout_key`);
* ``format-html`` — the formatted text renders to the same HTML, up to
  whitespace that HTML ignores.
"""

from __future__ import annotations

import re

from wikikit.cli.checks.registry import CheckFailed, Subject, register
from wikikit.wikitext.formatter import format, layout_key

__all__ = ["html_key", "saved_text"]

_PRE = re.compile(r"(<pre\b[^>]*>.*?</pre>)", re.DOTALL)


def _formatted(subject: Subject) -> str:
    # Three checks need the formatted text of the same subject.
    return subject.derived("formatted", lambda: format(subject.doc))


def saved_text(text: str) -> str:
    """``text`` as MediaWiki saves it: ``\\r\\n`` as ``\\n``, trailing blank lines dropped."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


_BLOCK_TAG = re.compile(
    r"\s*(</?(?:table|tbody|thead|tr|td|th|caption|p|div|ul|ol|li|dl|dd|dt|h[1-6]|hr|blockquote)"
    r"\b[^>]*>)\s*"
)


def _squeeze(html: str) -> str:
    # Whitespace runs count as one space, and none at all next to a block-level tag
    # (or at the edges, which touch <pre> or the ends): browsers show none there.
    return _BLOCK_TAG.sub(r"\1", re.sub(r"\s+", " ", html)).strip()


def html_key(html: str) -> str:
    """Rendered HTML with whitespace outside ``<pre>`` collapsed, for comparison."""
    parts = _PRE.split(html.replace("\r\n", "\n"))
    return "".join(p if p.startswith("<pre") else _squeeze(p) for p in parts)


@register("format-idempotent", default=False, group="format")
def check_format_idempotent(subject: Subject) -> None:
    """Formatting the formatted text changes nothing."""
    once = _formatted(subject)
    twice = format(subject.parse(once))
    if twice != once:
        raise CheckFailed("format(format(x)) differs from format(x)", expected=once, actual=twice)


@register("format-tree", default=False, group="format")
def check_format_tree(subject: Subject) -> None:
    """The formatted text parses to the same tree, up to layout."""
    once = _formatted(subject)
    if layout_key(subject.parse(once)) != layout_key(subject.doc):
        raise CheckFailed(
            "parse(format(x)) differs from parse(x) beyond layout",
            expected=subject.text,
            actual=once,
        )


@register("format-html", default=False, group="format")
def check_format_html(subject: Subject) -> None:
    """The formatted text renders to the same HTML (whitespace aside)."""
    once = _formatted(subject)
    before = html_key(subject.to_html(saved_text(subject.text)))
    after = html_key(subject.to_html(saved_text(once)))
    if before != after:
        raise CheckFailed(
            "to_html(format(x)) differs from to_html(x)", expected=before, actual=after
        )
