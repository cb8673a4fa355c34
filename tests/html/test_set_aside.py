"""Paragraphs set aside from the block pass and tidy render exactly as paragraphs that
go through them: the renderer with ``set_aside_paragraphs`` on and off gives the same
HTML, on documents built from the markup that interacts with those passes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikikit.html.blocklevel import runs_as_text
from wikikit.html.renderer import Renderer
from wikikit.parser import parse
from wikikit.parser.inline import LinkEdge
from wikikit.tree import Document, ExternalLink, Paragraph, Text, WikiLink

# Running text, and the markup whose HTML the passes act on or that acts across lines.
_PROSE = [
    "words",
    "more words",
    "x ?",
    "« a »",
    "end «",
    "? start",
    "a ; b",
    "'''bold'''",
    "''italic",
    "'''''both",
    "[[Link]]",
    "[[Link|label]]",
    "[[Link|two\nlines]]",
    "[http://example.com/ x]",
    "[http://example.com/ '''x''' y]",
    "http://example.com/a.png",
    "<ref>note</ref>",
    '<ref name="n"/>',
    "<nowiki><div></nowiki>",
    "{{template}}",
    "&amp;",
    "{{{argument}}}",
    "<nowiki/>",
    "<nowiki> </nowiki>",
    '<ref follow="x">y</ref>',
    "{{T}}",
]
_MARKUP = [
    "<!-- c -->",
    "[[Category:X]]",
    "[[fr:Page]]",
    "ISBN 978-0-306-40615-7",
    "RFC 1234",
    "{{reflist}}",
    "<references/>",
    "__NOTOC__",
    "<b>",
    "</b>",
    "<span>",
    "<div>",
    "</div>",
    "<table>",
    "</table>",
    "<pre>",
    "</pre>",
    "<prefix>",
    "<blockquote>",
    "</blockquote>",
    "<center>",
    "<p>",
    "</p>",
    "<li>",
    "<td>",
    "<hr>",
    "<style>x</style>",
    '<link itemprop="a" href="b">',
    "<a href=x>",
    "<poem>a\nb</poem>",
    "[[File:A.jpg|thumb|caption]]",
]
_STARTS = ["", "", "", "", "*", "#", ":", ";", " ", "{|", "|-", "|", "|}", "== h ==", "----"]

_LINE = st.builds(
    lambda start, pieces: start + " ".join(pieces),
    st.sampled_from(_STARTS),
    st.lists(
        st.one_of(st.sampled_from(_PROSE), st.sampled_from(_PROSE), st.sampled_from(_MARKUP)),
        max_size=4,
    ),
)
_DOCUMENT = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(st.one_of(_LINE, st.just("")), min_size=1, max_size=12),
    st.sampled_from(["", "\n", "\n\n"]),
)


def _render(doc: Document, aside: bool, **options: Any) -> tuple[str, int]:
    renderer = Renderer(**options)
    renderer.set_aside_paragraphs = aside
    html = renderer.render_document(doc)
    return html, len(renderer._aside)


@settings(max_examples=400, deadline=None)
@given(_DOCUMENT)
def test_same_html_with_paragraphs_set_aside(text: str) -> None:
    doc = parse(text)
    assert _render(doc, True)[0] == _render(doc, False)[0]


def _html_template(name: str, params: dict[str, str]) -> str | None:
    # Sanitized HTML keeps a ">" in text as it is.
    return "a > b" if name == "T" else None


@settings(max_examples=200, deadline=None)
@given(_DOCUMENT)
def test_same_html_with_a_template_handler(text: str) -> None:
    doc = parse(text)
    with_html = _render(doc, True, template_handler=_html_template)[0]
    assert with_html == _render(doc, False, template_handler=_html_template)[0]


def test_template_handler_html_puts_every_paragraph_back() -> None:
    # French spacing reads up to the next bracket: here the handler's ">", past the
    # paragraph (no </p> follows a paragraph under <ul>).
    for text, expected in (
        ("<ul>\n\nx ?\n\n{{T}}\n", "x ?"),
        ("<ul>\n\n« a<!-- -->\n\n'''b'''\n\n{{T}}\n", "«\u00a0a"),
    ):
        doc = parse(text)
        html = _render(doc, True, template_handler=_html_template)[0]
        assert html == _render(doc, False, template_handler=_html_template)[0]
        assert expected in html, text


def test_paragraphs_blank_once_resolved_stay() -> None:
    # Tidy marks a paragraph empty when its text is blank: a placeholder never is.
    for text in (
        "<nowiki/>\n",
        "<nowiki> </nowiki>\n",
        '<ref follow="x">y</ref>\n',
        "* a\n\n<nowiki/>\n",
        "<blockquote>\n\n<nowiki/>\n\n</blockquote>",
    ):
        html, aside = _render(parse(text), True)
        assert aside == 0, text
        assert html == _render(parse(text), False)[0], text
        assert 'class="mw-empty-elt"' in html, text


def test_sections_rendered_inline_keep_their_paragraphs() -> None:
    # Only the document render_document renders sets paragraphs aside: other text
    # may never reach the pass that puts them back.
    sections = list(parse("== h ==\nx y\n").sections)
    try:
        html = Renderer().render_inline(sections)  # type: ignore[arg-type]
    except TypeError:
        pytest.skip("the compiled build refuses blocks as inline nodes")
    assert "\x7f" not in html and "\ufffd" not in html
    assert html.endswith("\nx y\n")


def test_plain_paragraphs_are_set_aside() -> None:
    html, aside = _render(
        parse("One ''two'' [[three]].<ref>n</ref>\n\nFour « five »\nsix ?\n"), True
    )
    assert aside == 2
    assert html.startswith("<p>One <i>two</i> <a href=")
    assert "<p>Four «\u00a0five\u00a0»\nsix\u00a0?\n</p>" in html
    assert _render(parse("One ''two'' [[three]].<ref>n</ref>\n"), False)[1] == 0


def test_paragraphs_with_markup_that_acts_across_lines_stay() -> None:
    for text in (
        "a <!-- c --> b\n",
        "a [[Category:X]]\n",
        "a ISBN 0-306-40615-2\n",
        "a <div>b</div>\n",
        "a <b>b\n",
        "{{reflist}}\n",
    ):
        assert _render(parse(text), True)[1] == 0, text


def test_category_link_joining_a_paragraph_set_aside() -> None:
    # The newlines before a category link go: the paragraph's last line then runs on
    # into the next, which holds a block tag.
    doc = parse("_\n<\n\n[[fr:e]]<div>")
    assert _render(doc, True)[0] == _render(doc, False)[0]
    assert _render(doc, True)[0] == "<p>_\n</p><p>\n&lt;</p><div></div>"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # A tree may put two paragraphs on one line: French spacing then reads across them.
        ("x «", " y", "<p>x «\u00a0y\n</p>"),  # the paragraph does not end its line
        ("x ", "? y", "<p>x\u00a0? y\n</p>"),  # text comes before it on its line
    ],
)
def test_paragraph_sharing_a_line_stays(first: str, second: str, expected: str) -> None:
    doc = parse("").with_changes(
        blocks=(Paragraph((Text(first),), end=""), Paragraph((Text(second),)))
    )
    html, aside = _render(doc, True)
    assert aside == 0
    assert html == _render(doc, False)[0] == expected


def test_magic_link_after_a_link_left_open() -> None:
    # Only a hand-built tree leaves an <a> open; the link in the paragraph set aside
    # closes it, for the ISBN after it as for the passes.
    link, _, wikilink = parse("[http://example.com/ x] [[A]]").blocks[0].children
    assert isinstance(link, ExternalLink)
    assert isinstance(wikilink, WikiLink)
    doc = parse("").with_changes(
        blocks=(
            Paragraph((LinkEdge(link, True), Text("open"))),
            Paragraph((wikilink, Text(" b"))),
            Paragraph((Text("ISBN 0-306-40615-2"),)),
        )
    )
    html, aside = _render(doc, True)
    assert aside == 1
    assert html == _render(doc, False)[0]
    assert "mw-magiclink-isbn" in html


def test_magic_link_after_a_paragraph_set_aside() -> None:
    doc = parse("[[A]] b\n\nISBN 0-306-40615-2 c\n")
    html, aside = _render(doc, True)
    assert aside == 1
    assert html == _render(doc, False)[0]
    assert 'class="internal mw-magiclink-isbn">ISBN 0-306-40615-2</a>' in html


def test_runs_as_text() -> None:
    assert runs_as_text("a\nb")
    assert runs_as_text('<a href="x">a</a>')
    assert runs_as_text("\x00a")  # "\x00" is blank to the pass, but the line is not
    for text in ("", "a\n", "a\n\nb", " a", "a\n b", "*a", "a\n#b", ":a", ";a", "\t\x00"):
        assert not runs_as_text(text), text
    assert not runs_as_text("<style>x</style>")
    assert not runs_as_text('a\n<link href="x">')


def _instance(cls: type[Renderer]) -> Renderer:
    try:
        return cls()
    except TypeError:
        pytest.skip("compiled classes cannot be subclassed")


def test_a_subclass_renders_every_paragraph_its_way() -> None:
    class Boxed(Renderer):
        def _render_Paragraph(self, node: Any, out: list[str]) -> None:
            out.append('<div class="para">')
            super()._render_Paragraph(node, out)
            out.append("</div>\n")

    boxed = _instance(Boxed)
    assert not boxed.set_aside_paragraphs
    html = boxed.render_document(parse("a b\n\nc\n"))
    assert html.startswith('<div class="para">a b\n</div>')


def test_nodes_a_subclass_renders_stay() -> None:
    class Boxed(Renderer):
        def _render_Text(self, node: Any, out: list[str]) -> None:
            out.append(f"<div>{node.value}</div>")

    boxed = _instance(Boxed)
    boxed.set_aside_paragraphs = True  # a subclass may turn it on; its overrides stay out
    html = boxed.render_document(parse("a\nb\n"))
    assert boxed._aside == []
    # The block pass reads the <div> tags of both lines: no paragraph around them.
    assert html == "<div>a\nb</div>\n"


def test_links_a_subclass_renders_stay() -> None:
    class Boxed(Renderer):
        def _render_WikiLink(self, node: Any, out: list[str]) -> None:
            out.append(f"<div>{node.title}</div>")

    boxed = _instance(Boxed)
    boxed.set_aside_paragraphs = True
    html = boxed.render_document(parse("[[a]]\n"))
    assert boxed._aside == []
    assert html == "<div>a</div>\n"
