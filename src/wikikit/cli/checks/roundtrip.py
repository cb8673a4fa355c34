"""The round-trip checks: the parser never raises, the text comes back byte for byte,
re-parsing gives the same tree, and the HTML renders.

``parse``, ``exact`` and ``html`` run by default. ``reparse`` runs when asked for:
when ``exact`` holds it passes at no cost (the same text parses to the same tree),
so it only has work to do on a text that did not come back exactly.
"""

from __future__ import annotations

from wikikit.cli.checks.registry import CheckFailed, CheckSkipped, Subject, register
from wikikit.tree import Document, document_to_json

__all__ = ["check_exact", "check_html", "check_parse", "check_reparse"]


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


@register("reparse", default=False)
def check_reparse(subject: Subject) -> None:
    """Parsing the written text again gives an equal tree (see :attr:`Subject.reparsed`)."""
    if subject.reparsed != subject.doc:
        # The text is the same when "exact" passes, so diff the trees as JSON.
        raise CheckFailed(
            "re-parsing the written text gives a different tree (diff of the JSON trees)",
            expected=_tree_json(subject.doc),
            actual=_tree_json(subject.reparsed),
        )


@register("html")
def check_html(subject: Subject) -> None:
    """The HTML renderer runs without error (after expansion, with ``--templates``)."""
    result = subject.to_html()
    if not isinstance(result, str):
        raise CheckFailed(f"to_html returned {type(result).__name__}, not str")


def _tree_json(doc: Document) -> str:
    return document_to_json(doc, indent=1)
