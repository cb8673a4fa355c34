"""Footnotes as the Cite extension renders them.

Each expectation is read off the extension's source (FootnoteMarkFormatter,
ReferenceListFormatter, AnchorFormatter, ReferenceStack, Validator,
ErrorReporter and the English messages in i18n/en.json) with its default
configuration.
"""

from __future__ import annotations

import re
from typing import Any

import html5lib

from wikikit import to_html
from wikikit.html import Renderer
from wikikit.parser import parse


def dom(markup: str) -> Any:
    return html5lib.parseFragment(
        markup, container="div", treebuilder="etree", namespaceHTMLElements=False
    )


def text(el: Any) -> str:
    return "".join(el.itertext())


def marks(root: Any) -> list[Any]:
    return [s for s in root.iter("sup") if s.get("class") == "reference"]


def items(root: Any) -> list[Any]:
    return [li for ol in root.iter("ol") if ol.get("class") == "references" for li in ol]


def test_footnote_mark_markup() -> None:
    root = dom(to_html("A<ref>B</ref>"))
    (sup,) = marks(root)
    assert sup.get("id") == "cite_ref-1"
    (a,) = list(sup)
    assert a.tag == "a" and a.get("href") == "#cite_note-1"
    brackets = [s for s in a if s.get("class") == "cite-bracket"]
    assert [text(s) for s in brackets] == ["[", "]"]
    assert text(a) == "[1]"


def test_list_appended_when_no_references_tag() -> None:
    html = to_html("A<ref>B</ref>\n\n== S ==\nC")
    root = dom(html)
    wrap = list(root)[-1]
    assert wrap.tag == "div" and wrap.get("class") == "mw-references-wrap"
    (ol,) = list(wrap)
    assert ol.get("class") == "references" and ol.get("data-mw-group") is None
    (li,) = list(ol)
    assert li.get("id") == "cite_note-1"
    backlink, note = [c for c in li if c.tag == "span"]
    assert backlink.get("class") == "mw-cite-backlink"
    assert [(a.get("href"), text(a)) for a in backlink.iter("a")] == [("#cite_ref-1", "↑")]
    assert note.get("class") == "reference-text" and text(note) == "B"


def test_reused_named_reference() -> None:
    src = 'A<ref name="n">B</ref> C<ref name="n"/> D<ref name="n" />\n<references/>'
    root = dom(to_html(src))
    assert [s.get("id") for s in marks(root)] == [
        "cite_ref-n_1-0",
        "cite_ref-n_1-1",
        "cite_ref-n_1-2",
    ]
    assert {a.get("href") for s in marks(root) for a in s.iter("a")} == {"#cite_note-n-1"}
    (li,) = items(root)
    assert li.get("id") == "cite_note-n-1"
    backlink = next(c for c in li if c.get("class") == "mw-cite-backlink")
    assert text(backlink).startswith("↑ ")
    links = [(a.get("href"), text(a)) for sup in backlink.iter("sup") for a in sup]
    # Cite's default (legacy) labels: the note's number, a dot, the zero-padded use index.
    assert links == [
        ("#cite_ref-n_1-0", "1.0"),
        ("#cite_ref-n_1-1", "1.1"),
        ("#cite_ref-n_1-2", "1.2"),
    ]


def test_alphabetic_backlinks() -> None:
    renderer = Renderer(cite_backlinks="alphabetic")
    html = renderer.render_document(parse('<ref name="n">B</ref><ref name="n"/>'))
    labels = [text(a) for li in items(dom(html)) for sup in li.iter("sup") for a in sup]
    assert labels == ["a", "b"]


def test_padding_follows_the_number_of_uses() -> None:
    src = '<ref name="n">B</ref>' + '<ref name="n"/>' * 10
    labels = [text(a) for li in items(dom(to_html(src))) for sup in li.iter("sup") for a in sup]
    assert labels[0] == "1.00" and labels[-1] == "1.10"


def test_numbers_per_group_and_global_ids() -> None:
    src = (
        'A<ref>x</ref>B<ref group="g">y</ref>C<ref>z</ref>\n<references/>\n<references group="g"/>'
    )
    root = dom(to_html(src))
    assert [text(s) for s in marks(root)] == ["[1]", "[g 1]", "[2]"]
    assert [s.get("id") for s in marks(root)] == ["cite_ref-1", "cite_ref-2", "cite_ref-3"]
    lists = [ol for ol in root.iter("ol") if ol.get("class") == "references"]
    assert [ol.get("data-mw-group") for ol in lists] == [None, "g"]
    assert [li.get("id") for li in lists[0]] == ["cite_note-1", "cite_note-3"]


def test_a_list_empties_its_group() -> None:
    src = "A<ref>x</ref>\n<references/>\nB<ref>y</ref>\n<references/>"
    root = dom(to_html(src))
    assert [text(s) for s in marks(root)] == ["[1]", "[1]"]
    assert [li.get("id") for li in items(root)] == ["cite_note-1", "cite_note-2"]


def test_empty_references_tag_prints_nothing() -> None:
    assert "references" not in to_html("A\n<references/>")


def test_list_defined_references() -> None:
    src = 'A<ref name="d"/>\n<references>\n<ref name="d">Defined</ref>\n</references>'
    root = dom(to_html(src))
    (li,) = items(root)
    assert text(next(c for c in li if c.get("class") == "reference-text")) == "Defined"


def test_responsive_wrapper() -> None:
    assert "mw-references-wrap" not in to_html('A<ref>x</ref>\n<references responsive="0"/>')
    many = "".join(f"<ref>{i}</ref>" for i in range(11)) + "\n<references/>"
    assert 'class="mw-references-wrap mw-references-columns"' in to_html(many)
    ten = "".join(f"<ref>{i}</ref>" for i in range(10)) + "\n<references/>"
    assert "mw-references-columns" not in to_html(ten)


def test_follow_continues_the_note() -> None:
    root = dom(to_html('A<ref name="p">One</ref> B<ref follow="p">Two</ref>\n<references/>'))
    assert len(marks(root)) == 1
    (li,) = items(root)
    assert text(next(c for c in li if c.get("class") == "reference-text")) == "One Two"


def test_direction_class() -> None:
    (li,) = items(dom(to_html('A<ref dir="RTL">x</ref>')))
    assert li.get("class") == "mw-cite-dir-rtl"


def _error(html: str) -> str:
    spans = [s for s in dom(html).iter("span") if "mw-ext-cite-error" in (s.get("class") or "")]
    assert spans, html
    assert spans[0].get("class") == "error mw-ext-cite-error"
    assert spans[0].get("lang") == "en" and spans[0].get("dir") == "ltr"
    return text(spans[0])


def test_errors_in_place_of_the_mark() -> None:
    assert _error(to_html("A<ref></ref>")) == (
        "Cite error: Invalid <ref> tag; refs with no name must have content."
    )
    assert _error(to_html("A<ref> </ref>")).endswith("refs with no name must have content.")
    assert _error(to_html("A<ref/>")) == (
        "Cite error: The opening <ref> tag is malformed or has a bad name."
    )
    assert _error(to_html("A<ref>x<ref>y</ref>")) == (
        "Cite error: Closing </ref> missing for <ref> tag."
    )
    assert not marks(dom(to_html("A<ref></ref>")))


def test_warnings_follow_the_note_text() -> None:
    html = to_html('A<ref name="n">one</ref> B<ref name="n">two</ref>')
    (li,) = items(dom(html))
    note = next(c for c in li if c.get("class") == "reference-text")
    assert text(note).startswith("one Cite error: ")
    assert _error(html) == (
        'Cite error: Invalid <ref> tag; name "n" defined multiple times with different content.'
    )
    assert "simple integer" in _error(to_html('A<ref name="7">x</ref>'))
    assert _error(to_html("A<ref nmae=x>y</ref>")) == (
        'Cite error: Invalid parameter "nmae" in <ref> tag. Did you mean "name"?'
    )
    assert _error(to_html("A<ref zzzzzzzz=x>y</ref>")) == (
        'Cite error: Invalid parameter "zzzzzzzz" in <ref> tag. '
        "The supported parameters are: dir, follow, group, name."
    )


def test_named_reference_never_defined() -> None:
    html = to_html('A<ref name="gone"/>')
    assert (
        _error(html) == 'Cite error: Invalid <ref> tag; no text was provided for refs named "gone".'
    )


def test_group_without_references_list() -> None:
    html = to_html('A<ref group="notes">x</ref>')
    assert re.search(r"<br />\s*<span class=\"error", html)
    assert _error(html) == (
        'Cite error: <ref> tags exist for a group named "notes", but no corresponding '
        '<references group="notes"/> tag was found.'
    )


def test_ref_in_a_ref_is_text() -> None:
    # The body is parsed when the list is built; a <ref> met while another is
    # being processed is printed as text.
    root = dom(to_html("A<ref>x</ref>"))
    assert len(marks(root)) == 1
