"""The tree follows MediaWiki's own rules (Preprocessor_Hash, Sanitizer, Parser::handleTables,
handleInternalLinks, WikitextContent's redirect rule); each test names the rule it checks."""

from __future__ import annotations

import wikikit
from wikikit import (
    Comment,
    ExtensionTag,
    ExternalLink,
    Heading,
    HtmlTag,
    List,
    Paragraph,
    Preformatted,
    Table,
    TableCaption,
    TableCell,
    Template,
    Text,
    WikiLink,
)


def blocks(text: str) -> list[object]:
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    out: list[object] = list(doc.blocks)
    for s in doc.all_sections():
        out.append(s.heading)
        out.extend(s.blocks)
    return out


# -- extension tag bodies -------------------------------------------------------------------


def test_ref_body_is_child_nodes() -> None:
    text = 'A<ref name="n">{{cite news|title=T}} [[Link]]</ref>'
    doc = wikikit.parse(text)
    (ref,) = doc.find(ExtensionTag)
    assert ref.tag == "ref" and ref.attributes == {"name": "n"}
    assert [t.name for t in doc.find(Template)] == ["cite news"]
    assert [w.title for w in doc.find(WikiLink)] == ["Link"]
    assert ref.content == "{{cite news|title=T}} [[Link]]"


def test_references_and_poem_bodies_are_wikitext() -> None:
    doc = wikikit.parse("<references>\n<ref name=a>{{x}}</ref>\n</references><poem>''a''</poem>")
    assert [t.name for t in doc.find(Template)] == ["x"]
    refs = [e for e in doc.find(ExtensionTag) if e.tag == "ref"]
    assert len(refs) == 1


def test_raw_bodies_stay_text() -> None:
    for tag in ("nowiki", "pre", "math", "syntaxhighlight", "source", "score"):
        text = f"<{tag}>{{{{x}}}} [[y]]</{tag}>"
        doc = wikikit.parse(text)
        assert doc.find(Template) == [] and doc.find(WikiLink) == [], tag
        (ext,) = doc.find(ExtensionTag)
        assert ext.children == (Text("{{x}} [[y]]"),)


def test_edit_inside_a_reference() -> None:
    doc = wikikit.parse("A<ref>{{cite web|url=x}}</ref>")
    (tpl,) = doc.find(Template)
    new = doc.replace(tpl, Template((Text("cite book"),)))
    assert new.to_wikitext() == "A<ref>{{cite book}}</ref>"


def test_self_closing_and_unclosed_extension_tags() -> None:
    (ref,) = wikikit.parse('<ref name="a"/>').find(ExtensionTag)
    assert ref.children is None and ref.open_end == "/>"
    # An extension tag without its end tag is text (Preprocessor_Hash).
    assert wikikit.parse("<ref>x").find(ExtensionTag) == []


# -- attributes -----------------------------------------------------------------------------


def test_attributes_hold_nodes() -> None:
    text = '{| class="{{tc}}" <!-- c -->\n|- style="{{{s|}}}"\n| align={{a}} | x\n|}'
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    assert [t.name for t in doc.find(Template)] == ["tc", "a"]
    assert len(doc.find(Comment)) == 1
    (table,) = doc.find(Table)
    assert table.attributes == {"class": "{{tc}}"}
    (cell,) = doc.find(TableCell)
    assert cell.attributes == {"align": "{{a}}"}


def test_tag_attributes_hold_templates() -> None:
    doc = wikikit.parse('<span class="{{c}}" title=t>x</span>')
    (tag,) = doc.find(HtmlTag)
    assert [t.name for t in tag.find(Template)] == ["c"]
    assert tag.attributes == {"class": "{{c}}", "title": "t"}


def test_attribute_rules_of_the_sanitizer() -> None:
    def attrs(text: str) -> dict[str, str]:
        (tag,) = wikikit.parse(f"<span{text}>x</span>").find(HtmlTag)
        return tag.attributes

    # Unquoted, single and double quotes; names lower-cased; whitespace trimmed and collapsed.
    assert attrs(" A=1 b='x  y' c=\" z \"") == {"a": "1", "b": "x y", "c": "z"}
    # An unclosed quote runs to the end; a stray quote makes a name invalid (dropped).
    assert attrs(' title="Hello world ') == {"title": "Hello world"}
    assert attrs(' style=" style="123"') == {"style": "style="}
    # Duplicate names: the last one wins. A name alone has an empty value.
    assert attrs(" id=a id=b hidden") == {"id": "b", "hidden": ""}
    # Invalid names are dropped.
    assert attrs(' !style="x" ="y"') == {}
    # Character references are decoded after the whitespace is collapsed.
    assert attrs(' title="a&#10;b &amp;"') == {"title": "a\nb &"}
    # A template pair stays whole.
    (tag,) = wikikit.parse('<span {{a}}="{{b|x=y}}">x</span>').find(HtmlTag)
    assert tag.attributes == {"{{a}}": "{{b|x=y}}"}


# -- HTML tags before the line passes ---------------------------------------------------------


def test_tag_attributes_span_lines() -> None:
    # The Sanitizer reads a tag up to its ">", newlines included (T8255).
    (p,) = blocks('<div style="background:\n#00FF00">-</div>')
    assert isinstance(p, Paragraph)
    (div,) = p.children
    assert isinstance(div, HtmlTag) and div.attributes == {"style": "background: #00FF00"}


def test_no_link_inside_tag_attributes() -> None:
    doc = wikikit.parse('[[Foo|link <span title="with [[inner]]">s</span>]]')
    (link,) = doc.find(WikiLink)
    assert link.title == "Foo"


def test_end_tag_with_attributes_is_a_tag() -> None:
    (tag,) = wikikit.parse('<span>x</span class="y">').find(HtmlTag)
    assert tag.children == (Text("x"),) and tag.close_tag == '</span class="y">'


# -- comments and inclusion tags before block markup --------------------------------------------


def test_comment_before_block_markup() -> None:
    heading = blocks("<!-- c -->== h ==\n")
    assert isinstance(heading[0], Comment) and isinstance(heading[1], Heading)
    lst = blocks("<!-- c -->* a\n")
    assert isinstance(lst[0], Comment) and isinstance(lst[1], List)
    table = blocks("<!-- a --><!-- b -->{|\n| x\n|}\n")
    assert [type(b).__name__ for b in table] == ["Comment", "Comment", "Table"]
    # The comment goes, the space stays: " == h ==" is preformatted text.
    pre = blocks("<!-- c --> == h ==\n")
    assert isinstance(pre[-1], Preformatted)
    # Text after a comment is just a paragraph.
    (para,) = blocks("<!-- c -->text\n")
    assert isinstance(para, Paragraph)


def test_comment_before_a_table_line() -> None:
    (table,) = blocks("{|\n<!-- c -->|-\n<!-- d -->| a\n|}\n")
    assert isinstance(table, Table)
    (row,) = table.rows
    assert row.marker == "|-" and [c.text.strip() for c in row.cells] == ["a"]


def test_noinclude_tags_on_a_page_view() -> None:
    # On a page view <noinclude> and </noinclude> vanish and their content is page text.
    out = blocks("==== hi ho ====<noinclude>\nnope\n</noinclude>\n")
    heading = out[0]
    assert isinstance(heading, Heading) and heading.title == "hi ho"
    assert isinstance(out[1], Paragraph)
    (table,) = blocks("{| <noinclude>\n|- <noinclude>\n|A\n|- </noinclude>\n|}")
    assert isinstance(table, Table)
    assert [c.text.strip() for r in table.rows for c in r.cells] == ["A"]


# -- table lines as doTableStuff reads them ---------------------------------------------------


def test_header_cells_split_after_bang_bang_becomes_bar_bar() -> None:
    (table,) = blocks("{|\n!a|!!b|c\n|}\n")
    cells = table.rows[0].cells
    assert [c.header or c.marker.startswith("|") for c in cells] == [True, True]
    assert [c.text.strip() for c in cells] == ["a", "b|c"]
    assert cells[1].attrs is None


def test_bar_bar_inside_a_tag_does_not_split() -> None:
    (table,) = blocks('{|\n|<div title="a || b">hi</div>\n|}\n')
    (cell,) = table.rows[0].cells
    assert cell.find(HtmlTag)[0].attributes == {"title": "a || b"}


def test_bang_bang_inside_a_link_splits() -> None:
    # doTableStuff splits the line before links are read.
    (table,) = blocks("{|\n![[Foo|Bar!!]]\n|}\n")
    assert len(table.rows[0].cells) == 2


def test_cell_attributes_end_at_the_first_bar_unless_a_link_comes_first() -> None:
    (table,) = blocks("{|\n| [[a|b]] | c\n| x=1 | y\n|}\n")
    first, second = table.rows[0].cells
    assert first.attrs is None
    assert second.attributes == {"x": "1"}


def test_caption_anywhere_in_a_table() -> None:
    (table,) = blocks("{|\n| a\n|+ late caption\n|}\n")
    assert isinstance(table.caption, TableCaption)
    assert table.caption.text.strip() == "late caption"


def test_table_end_on_the_start_line_is_an_attribute() -> None:
    # "{| ... |}" on one line opens a table; the "|}" is attribute text.
    (table,) = blocks('{|style="color: red;" |}\n|foo\n|}\n')
    assert isinstance(table, Table) and table.close == "|}"
    assert table.attributes == {"style": "color: red;"}
    assert [c.text.strip() for c in table.rows[0].cells] == ["foo"]


# -- links ------------------------------------------------------------------------------------


def test_url_target_is_never_an_internal_link() -> None:
    (p,) = blocks("[[http://example.com]]")
    assert isinstance(p, Paragraph)
    assert p.children == (Text("["), ExternalLink("http://example.com"), Text("]"))
    assert wikikit.parse("[[ //example.com x]]").find(WikiLink) == []
    assert wikikit.parse("[[mailto:a@b.c]]").find(WikiLink) == []


# -- redirects --------------------------------------------------------------------------------


def test_redirect_after_whitespace() -> None:
    assert wikikit.parse("\n  #REDIRECT [[X]]").redirect == "X"
    assert wikikit.parse(" \n #redirect \n: \n[[Main Page]]").redirect == "Main Page"
    assert wikikit.parse("#REDIRECT [[7%25 Solution]]").redirect == "7% Solution"
    assert wikikit.parse("text\n#REDIRECT [[X]]").redirect is None


def test_links_whose_label_runs_over_lines_keep_the_text_between_them() -> None:
    # A link over lines is joined before the line passes; one that touches a line
    # starting with "|" is not. The text before a link left alone, after one joined,
    # was once dropped.
    for text in (
        "[[a|b\nc]]\n|-[[d|e\nf]]",
        "[[a|b\nc]]\n|[[d|e\nf]] g",
        "x [[a|b\nc]] y\n|x[[d|e\nf]]\n[[g|h\ni]] z",
        "{{t}}[[a|b\nc]]\n|[[d|e\nf]] [[g|h\ni]]",
    ):
        doc = wikikit.parse(text)
        assert doc.to_wikitext() == text, text
        assert wikikit.parse(doc.to_wikitext()) == doc
        joined = [link.to_wikitext() for link in doc.find(wikikit.WikiLink)]
        assert "[[a|b\nc]]" in joined, text
