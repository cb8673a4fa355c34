"""Property tests: text -> tree -> text, tree -> text -> tree, and the section tree's invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import wikikit
from wikikit import (
    BlankLine,
    Bold,
    Document,
    ExternalLink,
    Heading,
    Italic,
    List,
    ListItem,
    Paragraph,
    Parameter,
    Section,
    Template,
    Text,
    WikiLink,
)
from wikikit.parser import build_sections

# -- (a) arbitrary text, biased towards wikitext markup -----------------------------------

FRAGMENTS = [
    "[[",
    "]]",
    "[",
    "]",
    "{{",
    "}}",
    "{{{",
    "}}}",
    "|",
    "||",
    "!!",
    "=",
    "==",
    "===",
    "'",
    "''",
    "'''",
    "'''''",
    "<ref>",
    "</ref>",
    "<ref name=a/>",
    "<!--",
    "-->",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "{|",
    "|}",
    "|-",
    "|+",
    "!",
    "*",
    "#",
    ":",
    ";",
    "----",
    "<b>",
    "</b>",
    "<span class=x>",
    "</span>",
    "<br/>",
    "<nowiki>",
    "</nowiki>",
    "<pre>",
    "</pre>",
    "&amp;",
    "&#160;",
    "&x;",
    "http://a.b/c",
    "[http://a.b c]",
    "__TOC__",
    "\ufeff",
    "a",
    "b c",
    "Infobox",
    "{{Infobox x|a=b}}",
    "- K: v",
    "= T =",
    "[[File:x|y]]",
    "[[L|a\nb]]",
    "[[L|a\n",
    "é",
    "😀",
    "\x00",
    # Odd template keys, and lines that look like the export's title and infobox lines.
    "|''=",
    "|'''=",
    "|=",
    "{{Infobox x|''=1}}",
    "{{Infobox|''=}}",
    "===",
    "=|=",
    "=x==",
    "- : ",
    "\n- K: a\n",
]

wikitext = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=40).map(
    "".join
)


@given(wikitext)
def test_any_text_parses_and_round_trips(text: str) -> None:
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    for dialect in ("mediawiki", "article"):
        assert wikikit.parse(text, dialect=dialect).to_wikitext() == text


@given(st.text())
def test_any_unicode_round_trips(text: str) -> None:
    assert wikikit.parse(text).to_wikitext() == text


@given(wikitext)
def test_reparsing_the_output_gives_an_equal_tree(text: str) -> None:
    doc = wikikit.parse(text)
    assert wikikit.parse(doc.to_wikitext()) == doc


@given(wikitext)
def test_format_is_idempotent_and_keeps_the_dialect(text: str) -> None:
    once = wikikit.format(text)
    assert wikikit.format(once) == once
    assert wikikit.parse(once).dialect == wikikit.parse(text).dialect


# -- (c) the section tree ---------------------------------------------------------------------


@given(wikitext)
def test_section_tree_invariants(text: str) -> None:
    doc = wikikit.parse(text, dialect="mediawiki")

    def siblings(sections: tuple[Section, ...]) -> None:
        # A sibling deeper than an earlier one would have nested under it.
        levels = [s.level for s in sections]
        assert levels == sorted(levels, reverse=True)

    def check(section: Section, depth: int) -> None:
        assert depth < 10
        siblings(section.subsections)
        for sub in section.subsections:
            assert sub.level > section.level
            check(sub, depth + 1)

    siblings(doc.sections)
    for s in doc.sections:
        check(s, 0)
    # Nothing outside a section is lost: lead + sections, in order, are the whole text.
    parts = [b.to_wikitext() for b in doc.blocks] + [s.to_wikitext() for s in doc.sections]
    assert doc.bom + "".join(parts) == text


# -- (b) generated trees -> text -> the same tree ------------------------------------------------

word = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
words = st.lists(word, min_size=1, max_size=3).map(" ".join)


def spaced(s: str) -> str:
    return f" {s} "


inline_node = st.one_of(
    words.map(lambda w: Bold((Text(w),))),
    words.map(lambda w: Italic((Text(w),))),
    st.builds(lambda t: WikiLink((Text(t),)), words),
    st.builds(lambda t, label: WikiLink((Text(t),), (Text(label),)), words, words),
    st.builds(
        lambda name, key, value: Template(
            (Text(name),),
            (Parameter((Text(key),), (Text(value),)), Parameter(None, (Text(value),))),
        ),
        word,
        word,
        words,
    ),
    st.builds(
        lambda host, label: ExternalLink(f"https://{host}.org", " ", (Text(label),)), word, words
    ),
)


@st.composite
def paragraph(draw: st.DrawFn) -> Paragraph:
    # Text and markup alternate, text first and last, so no two runs of markup touch
    # (''a'''''b''' would read differently) and no letters follow "]]" (a link trail).
    children: list[wikikit.Inline] = [Text(draw(words))]
    for node in draw(st.lists(inline_node, max_size=4)):
        children.append(node)
        children.append(Text(spaced(draw(words))))
    return Paragraph(tuple(children), "\n")


@st.composite
def bullet_list(draw: st.DrawFn) -> List:
    items = draw(st.lists(words, min_size=1, max_size=4))
    return List(tuple(ListItem("*", (Text(spaced(w)),), "\n") for w in items))


@st.composite
def heading(draw: st.DrawFn) -> Heading:
    level = draw(st.integers(min_value=2, max_value=4))
    marks = "=" * level
    return Heading(marks, (Text(spaced(draw(words))),), marks, (), "\n")


@st.composite
def document(draw: st.DrawFn) -> Document:
    blocks: list[wikikit.Block] = []
    for block in draw(st.lists(st.one_of(paragraph(), bullet_list(), heading()), max_size=8)):
        blocks.append(block)
        if not isinstance(block, Heading):
            blocks.append(BlankLine("", "\n"))
    lead, sections = build_sections(blocks)
    return Document("", None, tuple(lead), tuple(sections))


@given(document())
def test_generated_trees_survive_serialization(doc: Document) -> None:
    text = doc.to_wikitext()
    assert wikikit.parse(text, dialect="mediawiki") == doc
