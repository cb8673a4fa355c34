"""Parsing of each construct, with trees written out by hand from MediaWiki's rules."""

from __future__ import annotations

import pytest

import wikikit
from wikikit import (
    BlankLine,
    Bold,
    Comment,
    Entity,
    ExtensionTag,
    ExternalLink,
    Heading,
    HorizontalRule,
    HtmlTag,
    Infobox,
    Italic,
    List,
    MagicWord,
    Paragraph,
    Parameter,
    Preformatted,
    Table,
    TableCaption,
    Template,
    TemplateArgument,
    Text,
    WikiLink,
    parse_inline,
)


def inline(text: str) -> tuple[wikikit.Inline, ...]:
    nodes = parse_inline(text)
    assert "".join(n.to_wikitext() for n in nodes) == text
    return nodes


# -- bold and italic: MediaWiki's doQuotes ------------------------------------------------


def test_bold_and_italic() -> None:
    assert inline("'''b''' ''i''") == (
        Bold((Text("b"),)),
        Text(" "),
        Italic((Text("i"),)),
    )


def test_five_quotes_open_both_and_the_first_close_decides_the_order() -> None:
    # '''''x''' y'' -> <i><b>x</b> y</i>
    assert inline("'''''x''' y''") == (Italic((Bold((Text("x"),)), Text(" y"))),)
    # '''''x'' y''' -> <b><i>x</i> y</b>
    assert inline("'''''x'' y'''") == (Bold((Italic((Text("x"),)), Text(" y"))),)


def test_four_quotes_are_an_apostrophe_and_bold() -> None:
    assert inline("''''x'''") == (Text("'"), Bold((Text("x"),)))


def test_unclosed_quotes_close_at_the_end_of_the_line() -> None:
    assert inline("''a\nb") == (Italic((Text("a"),), "''", ""), Text("\nb"))


def test_odd_bold_and_italic_counts_turn_a_single_letter_bold_into_apostrophe() -> None:
    # "l'''arbre" style: with odd counts of both, the ''' after a one-letter word
    # is read as an apostrophe plus italics.
    assert inline("a l'''x'' b") == (Text("a l'"), Italic((Text("x"),)), Text(" b"))


def test_bold_inside_italic_reopened_by_five_quotes() -> None:
    # ''a'''b''''' -> <i>a<b>b</b></i>
    assert inline("''a'''b'''''") == (Italic((Text("a"), Bold((Text("b"),)))),)


# -- links -------------------------------------------------------------------------------


def test_internal_links_with_label_and_trail() -> None:
    assert inline("[[Foo bar|baz]]s and [[Qux]]") == (
        WikiLink((Text("Foo bar"),), (Text("baz"),), "s"),
        Text(" and "),
        WikiLink((Text("Qux"),)),
    )
    link = inline("[[ Foo_bar ]]")[0]
    assert isinstance(link, WikiLink) and link.title == "Foo_bar"


def test_invalid_link_targets_stay_text() -> None:
    assert inline("[[a<b]]") == (Text("[[a<b]]"),)
    assert inline("[[]]") == (Text("[[]]"),)
    assert inline("[[a\nb]]") == (Text("[[a\nb]]"),)


def test_only_file_links_hold_links() -> None:
    nested = inline("[[File:X.jpg|thumb|a [[b]] c]]")
    assert len(nested) == 1 and isinstance(nested[0], WikiLink)
    assert nested[0].label is not None
    assert WikiLink((Text("b"),)) in nested[0].label
    assert inline("[[a|b [[c]] d]]") == (
        Text("[[a|b "),
        WikiLink((Text("c"),)),
        Text(" d]]"),
    )


def test_external_links() -> None:
    assert inline("[https://example.org Example site]") == (
        ExternalLink("https://example.org", " ", (Text("Example site"),), True),
    )
    assert inline("[https://example.org]") == (ExternalLink("https://example.org"),)
    # Trailing punctuation is not part of a bare URL.
    assert inline("see https://example.org/a.") == (
        Text("see "),
        ExternalLink("https://example.org/a", "", None, False),
        Text("."),
    )
    assert inline("[notaurl text]") == (Text("[notaurl text]"),)


# -- templates and the preprocessor ---------------------------------------------------------


def test_template_parameters_keep_their_spacing() -> None:
    (t,) = inline("{{Cite web | url = x | 2nd}}")
    assert isinstance(t, Template)
    assert t.name == "Cite web"
    assert t.params == (
        Parameter((Text(" url "),), (Text(" x "),)),
        Parameter(None, (Text(" 2nd"),)),
    )
    assert [name for name, _ in t.arguments()] == ["url", "1"]


def test_equals_inside_nested_markup_does_not_name_a_parameter() -> None:
    (t,) = inline("{{a|{{b|c=d}}}}")
    assert isinstance(t, Template)
    assert t.params[0].key is None


def test_braces_match_like_mediawiki() -> None:
    assert inline("{{{x|d}}}") == (TemplateArgument((Text("x"),), (Text("d"),)),)
    # Five braces: an argument inside a template.
    assert inline("{{{{{x}}}}}") == (Template((TemplateArgument((Text("x"),)),)),)
    # Four: a literal brace each side of an argument.
    assert inline("{{{{x}}}}") == (Text("{"), TemplateArgument((Text("x"),)), Text("}"))
    assert inline("{{a") == (Text("{{a"),)
    assert inline("a}}") == (Text("a}}"),)


def test_pipe_inside_link_inside_template() -> None:
    (t,) = inline("{{a|[[b|c]]|d}}")
    assert isinstance(t, Template)
    assert len(t.params) == 2
    assert t.params[0].value == (WikiLink((Text("b"),), (Text("c"),)),)


def test_comments_and_extension_tags_are_atomic() -> None:
    assert inline("a<!-- x -->b") == (Text("a"), Comment(" x "), Text("b"))
    assert inline("<!-- open") == (Comment(" open", closed=False),)
    assert inline("<ref name=\"r\">''x'' [[y]]</ref>") == (
        ExtensionTag(
            "ref",
            (Text(' name="r"'),),
            ">",
            (Italic((Text("x"),)), Text(" "), WikiLink((Text("y"),))),
            "</ref>",
        ),
    )
    assert inline("<ref name=r />") == (ExtensionTag("ref", (Text(" name=r "),), "/>"),)
    assert inline("<nowiki>[[x]]</nowiki>") == (
        ExtensionTag("nowiki", (), ">", (Text("[[x]]"),), "</nowiki>"),
    )
    # No closing tag: the opening tag is text.
    assert inline("<ref>x") == (Text("<ref>x"),)


def test_html_tags_entities_and_switches() -> None:
    assert inline('<span class="a">x</span><br/>') == (
        HtmlTag("span", (Text(' class="a"'),), ">", (Text("x"),), "</span>"),
        HtmlTag("br", (), "/>"),
    )
    tag = inline('<span class="a">x</span>')[0]
    assert isinstance(tag, HtmlTag) and tag.tag == "span" and tag.attributes == {"class": "a"}
    assert inline("<b>open") == (HtmlTag("b"), Text("open"))
    assert inline("<foo>x</foo>") == (Text("<foo>x</foo>"),)
    assert inline("&amp;&#160;&bogus;") == (Entity("&amp;"), Entity("&#160;"), Text("&bogus;"))
    assert inline("__TOC__") == (MagicWord("__TOC__"),)


# -- blocks -----------------------------------------------------------------------------------


def test_headings_follow_mediawiki_levels() -> None:
    doc = wikikit.parse("== A ==\n===B==\n= C =  <!-- x -->\n====\nx == y ==\n")
    headings = [h for h in doc.walk() if isinstance(h, Heading)]
    assert [(h.level, h.to_wikitext()) for h in headings] == [
        (2, "== A ==\n"),
        (2, "===B==\n"),
        (1, "= C =  <!-- x -->\n"),
        (1, "====\n"),
    ]
    assert headings[1].children == (Text("=B"),)
    assert headings[2].trailing == (Text("  "), Comment(" x "))


def test_lists_nest_by_marker() -> None:
    doc = wikikit.parse("* a\n** b\n* c\n# d\n; t : u\n")
    lists = [b for b in doc.blocks if isinstance(b, List)]
    assert [lst.kind for lst in lists] == ["*", "#", ";"]
    first = lists[0]
    assert [i.marker for i in first.items] == ["*", "*"]
    assert first.items[0].sublist is not None
    assert first.items[0].sublist.items[0].marker == "**"
    assert [i.marker for i in first.flat_items()] == ["*", "**", "*"]


def test_table_structure() -> None:
    text = '{| class="wikitable"\n|+ Cap\n! A !! B\n|- style="x"\n| 1 || colspan=2 | 2\n|}\n'
    doc = wikikit.parse(text)
    (table,) = doc.blocks
    assert isinstance(table, Table)
    assert table.attributes == {"class": "wikitable"}
    assert isinstance(table.caption, TableCaption)
    assert table.caption.text.strip() == "Cap"
    header_row, row = table.rows
    assert [c.header for c in header_row.cells] == [True, True]
    assert [c.text.strip() for c in header_row.cells] == ["A", "B"]
    assert row.attributes == {"style": "x"}
    assert [c.marker for c in row.cells] == ["|", "||"]
    assert row.cells[1].attributes == {"colspan": "2"}
    assert row.cells[1].text.strip() == "2"


def test_unclosed_table_and_nested_table() -> None:
    doc = wikikit.parse("{|\n| a\n{|\n| b\n|}\n")
    (outer,) = doc.blocks
    assert isinstance(outer, Table) and outer.close == ""
    inner = outer.rows[0].cells[0].content[1]
    assert isinstance(inner, Table) and inner.close == "|}"


def test_other_blocks() -> None:
    doc = wikikit.parse("a\nb\n\n pre\n----x\n<pre>\nz\n</pre>\n")
    assert doc.blocks == (
        Paragraph((Text("a\nb"),), "\n"),
        BlankLine("", "\n"),
        Preformatted((Text(" pre"),), "\n"),
        HorizontalRule("----", (Text("x"),), "\n"),
        Preformatted((ExtensionTag("pre", (), ">", (Text("\nz\n"),), "</pre>"),), "\n"),
    )


def test_sections_nest_by_level() -> None:
    doc = wikikit.parse("lead\n== A ==\na\n=== A1 ===\n== B ==\n==== B1 ====\n=== B2 ===\n")
    assert [b.text for b in doc.blocks] == ["lead\n"]
    outline = [
        (s.level, s.title, [(t.level, t.title) for t in s.subsections]) for s in doc.sections
    ]
    assert outline == [(2, "A", [(3, "A1")]), (2, "B", [(4, "B1"), (3, "B2")])]
    assert doc.section("b1") is not None


def test_mediawiki_infobox() -> None:
    text = (
        "{{Infobox person\n| name = Ann <!-- c -->\n| birth_place = [[Oslo]], Norway\n}}\n"
        "'''Ann''' is.\n"
    )
    doc = wikikit.parse(text)
    box = doc.infobox
    assert isinstance(box, Infobox)
    assert box.label == "Infobox person"
    assert box.to_dict() == {"name": "Ann", "birth_place": "Oslo, Norway"}
    assert doc.blocks[0] is box
    assert isinstance(doc.blocks[1], Paragraph)
    assert doc.to_wikitext() == text


def test_other_infobox_prefixes() -> None:
    text = "{{Infoboks person\n| navn = Per\n}}\n{{Ficha de persona|x=1}}\n"
    assert wikikit.parse(text).infobox is not None
    doc = wikikit.parse(text, infobox_prefixes=("ficha de",))
    assert [b.label for b in doc.infoboxes] == ["Ficha de persona"]


def test_article_export_with_a_named_header() -> None:
    text = (
        "= Jerry Mumphrey =\n\nJerry Mumphrey\n- Position: Outfielder\n"
        "- Birth Place: Tyler, Texas: USA\n\nBody.\n"
    )
    doc = wikikit.parse(text)
    assert doc.dialect == "article"
    assert doc.title == "Jerry Mumphrey"
    box = doc.infobox
    assert box is not None and box.label == "Jerry Mumphrey"
    assert box.to_dict() == {"Position": "Outfielder", "Birth Place": "Tyler, Texas: USA"}
    assert doc.to_wikitext() == text


def test_dialect_rule() -> None:
    assert wikikit.parser.detect_dialect("= T =\n\nInfobox\n- A: b\n\nx") == "article"
    assert wikikit.parser.detect_dialect("= T =\nName\n- A: b\n") == "article"
    # Without an infobox, a level-1 title over text free of wikitext markup is an export;
    # MediaWiki text that opens with a level-1 heading carries links or templates.
    assert wikikit.parser.detect_dialect("= T =\nx") == "article"
    assert wikikit.parser.detect_dialect("= T =\nx [[y]]") == "mediawiki"
    assert wikikit.parse("= T =\n{{x}}", dialect="article").title == "T"
    assert wikikit.parser.detect_dialect("== T ==\nx") == "mediawiki"
    assert wikikit.parser.detect_dialect("x\n= T =") == "mediawiki"
    # Forcing the dialect: a - Key: Value line is plain text in MediaWiki.
    doc = wikikit.parse("= T =\nInfobox\n- A: b\n", dialect="mediawiki")
    assert doc.infobox is None and doc.title_line is None


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\r\n", "a\r\nb\r\n", "\ufeff== x ==\r\n", "a\rb", "\t\t\n  \n", "x  ", "é€😀\n"],
)
def test_exact_round_trip_of_odd_text(text: str) -> None:
    assert wikikit.parse(text).to_wikitext() == text


def test_crlf_heading_is_a_heading() -> None:
    doc = wikikit.parse("== A ==\r\nx\r\n")
    assert doc.sections[0].heading.end == "\r\n"
    assert doc.sections[0].title == "A"


def test_walk_find_and_edit() -> None:
    doc = wikikit.parse("== A ==\n[[x]] and [[y|z]]\n== B ==\n[[w]]\n")
    links = doc.sections[0].find(WikiLink)
    assert [link.title for link in links] == ["x", "y"]
    edited = doc.replace(links[1], links[1].with_changes(target=(Text("q"),)))
    assert edited.to_wikitext() == "== A ==\n[[x]] and [[q|z]]\n== B ==\n[[w]]\n"
    assert edited.sections[1] is doc.sections[1]  # untouched subtrees are shared
    with pytest.raises(AttributeError):
        links[0].trail = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        links[0].with_changes(nope=1)


def test_redirect_pages() -> None:
    assert wikikit.parse("#REDIRECT [[Toronto]]").redirect == "Toronto"
    assert wikikit.parse("#redirect: [[A b#c]]\n\n[[Category:X]]").redirect == "A b#c"
    assert wikikit.parse("# REDIRECT me").redirect is None
    assert wikikit.parse("Text [[A]]").redirect is None
