"""Rendering rules taken from MediaWiki's source (Parser.php, Sanitizer.php, the Remex
tidying step); each test names the rule it checks."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import html5lib

from wikikit import to_html
from wikikit.html.sanitizer import URL_PROTOCOLS


def dom(markup: str) -> Any:
    return html5lib.parseFragment(
        markup, container="div", treebuilder="etree", namespaceHTMLElements=False
    )


def text(el: Any) -> str:
    return "".join(el.itertext())


def tags(markup: str) -> list[str]:
    return [el.tag for el in dom(markup).iter() if isinstance(el.tag, str)]


# -- sanitizer ------------------------------------------------------------------------------


def test_attribute_text_as_the_sanitizer_reads_it() -> None:
    html = to_html('<div title="Hello world />Foo')
    assert 'title="Hello world"' in html
    html = to_html('<div style=" style="123">hi</div>')
    assert 'style="style="' in html
    # Comments, <nowiki> and inclusion tags inside attributes (removed, unwrapped, dropped).
    assert 'class="123"' in to_html('<div class="<!-- c -->123">x</div>')
    assert 'style="background:blue"' in to_html(
        '<div style="<nowiki>background:blue</nowiki>"></div>'
    )
    assert 'id="v2"' in to_html(
        '<span <includeonly>id="v1"</includeonly><noinclude>id="v2" </noinclude>>b</span>'
    )


def test_newlines_in_attribute_values() -> None:
    # Whitespace collapses before references are decoded: &#10; stays a newline.
    assert 'style="background: &#10;#00FF00"' in to_html(
        '<div style="background: &#10;#00FF00">-</div>'
    )
    assert 'style="background: #00FF00"' in to_html('<div style="background:\n#00FF00">-</div>')


def test_validate_attributes() -> None:
    html = to_html('<span aria-label="x" tabindex="1" itemtype="http://s.org/T">y</span>')
    assert 'aria-label="x"' in html
    assert "tabindex" not in html  # only tabindex="0" is allowed
    assert "itemtype" not in html  # needs itemscope
    assert 'tabindex="0"' in to_html('<span tabindex="0">y</span>')
    # <meta> and <link> only as microdata.
    assert "&lt;meta" in to_html('<meta content="x">')


def test_css_as_check_css() -> None:
    # A comment becomes a space, so "u/**/rl(" is no url( any more.
    html = to_html("<div style=\"background-image:u/**/rl(javascript:alert('boo'))\">evil</div>")
    assert "u rl(javascript" in html
    assert "insecure input" in to_html('<div style="width: expression(1)">x</div>')
    assert "insecure input" in to_html('<div style="background: url(x.png)">x</div>')


# -- tables ---------------------------------------------------------------------------------


def test_header_line_cells() -> None:
    root = dom(to_html("{|\n!a|!!b|c\n|}"))
    assert [(c.tag, text(c).strip()) for c in root.iter() if c.tag in ("th", "td")] == [
        ("th", "a"),
        ("th", "b|c"),
    ]


def test_bars_inside_a_tag_attribute_split_no_cell() -> None:
    root = dom(to_html('{|\n|<div data-x="a || b">hi</div>\n|}'))
    cells = [c for c in root.iter() if c.tag == "td"]
    assert len(cells) == 1 and text(cells[0]).strip() == "hi"


def serialized(markup: str) -> str:
    root = dom(to_html(markup))
    inner = "".join(ET.tostring(child, encoding="unicode") for child in root)
    return (root.text or "") + inner


def test_block_inside_formatting_at_page_level() -> None:
    # RemexCompatMunger: a block started inside formatting elements that a
    # paragraph wrapper holds splits them (insert CS/b): they end with the wrapper
    # and clones hold the block; blank ones and a blank wrapper go.
    assert serialized("<b>x<div>y</div>z</b>") == (
        "<p><b>x</b></p><b><div>y</div></b><p><b>z</b></p>"
    )
    assert serialized("'''<table><tr><td>hi</td></tr></table>'''") == (
        "<b><table><tbody><tr><td>hi</td></tr></tbody></table></b>"
    )
    assert serialized("<b>x <i>y<div>z</div></i></b>") == (
        "<p><b>x <i>y</i></b></p><b><i><div>z</div></i></b>"
    )
    # Under an element that is not a formatting one the wrapper is given up
    # (insert CU/b): the block stays inside it.
    assert serialized("<span>x<div>y</div></span>") == "<span>x<div>y</div></span>"


def test_clones_around_a_block_end_before_the_next_paragraph() -> None:
    # The written HTML itself nests as MediaWiki's does (not only after an HTML5
    # parser repaired it): the clones close before a paragraph and open inside it.
    assert str(to_html("<b>x<div>y</div>z</b>")) == (
        "<p><b>x</b></p><b><div>y</div></b><p><b>z</b></p>"
    )
    assert str(to_html("<b>x<div>y</div></b>z")) == "<p><b>x</b></p><b><div>y</div></b><p>z</p>"
    assert str(to_html("<i><b>x<div>y</div></b>q</i>")) == (
        "<p><i><b>x</b></i></p><i><b><div>y</div></b></i><p><i>q</i></p>"
    )


def test_fostered_content_goes_before_the_table() -> None:
    html = to_html("{|\n|-\n*a\n*b\n|}")
    assert tags(html)[:4] == ["DOCUMENT_FRAGMENT", "ul", "li", "li"] or html.index(
        "<ul>"
    ) < html.index("<table")
    assert html.index("<ul>") < html.index("<table")
    text_first = to_html("{|\nfoo\n|a\n|}")
    assert text_first.index("foo") < text_first.index("<table")
    assert "<p>foo" not in text_first  # fostered content is not p-wrapped


def test_a_table_outside_a_cell_closes_the_open_table() -> None:
    html = to_html("{|\n|-\n\n{|\n| x\n|}\n\na\n|}")
    root = dom(html)
    tables = [t for t in root.iter() if t.tag == "table"]
    assert len(tables) == 2
    assert not any(el.tag == "table" for el in tables[0].iter() if el is not tables[0])


def test_table_end_on_the_start_line_keeps_the_table_open() -> None:
    root = dom(to_html('{|style="color: red;" |}\n|foo\n|}'))
    (table,) = [t for t in root.iter() if t.tag == "table"]
    assert table.get("style") == "color: red;"
    assert [text(c).strip() for c in table.iter() if c.tag == "td"] == ["foo"]


# -- links ----------------------------------------------------------------------------------


def test_no_anchor_inside_an_anchor() -> None:
    for src in (
        "[[Main Page|[http://example.com/]]]",
        "[http://x a [[Foo|b]] c]",
        "[[Foo|http://example.com]]",
        "[http://x [[Foo]]]",
    ):
        root = dom(to_html(src))
        for a in root.iter("a"):
            assert not [inner for inner in a.iter("a") if inner is not a], src
    root = dom(to_html("[[Main Page|[http://example.com/]]]"))
    (a,) = list(root.iter("a"))
    assert text(a) == "[http://example.com/]"


def test_quotes_are_read_before_external_links() -> None:
    # Parser::internalParse runs handleAllQuotes before handleExternalLinks, so the
    # runs in a label pair with the runs of the whole line; an HTML parser then
    # splits the crossing <a> and <i> (the adoption agency).
    root = dom(to_html("''a [http://x b'' c]"))
    first, second = list(root.iter("a"))
    assert text(first) == "b" and text(second) == " c"
    (i,) = list(root.iter("i"))
    assert first in list(i.iter("a")) and second not in list(i.iter("a"))
    # An unclosed bold in the label ends with the line, after the "]": no empty <b> after.
    root = dom(to_html("[http://x '''b]'''"))
    (a,) = list(root.iter("a"))
    assert [el.tag for el in root.iter("b")] == ["b"] and text(a) == "b"
    # Runs balanced inside the label nest as before.
    root = dom(to_html("'''a [http://x b''c''] d'''"))
    (b,) = list(root.iter("b"))
    (a,) = list(b.iter("a"))
    assert [text(el) for el in a.iter("i")] == ["c"] and text(b) == "a bc d"


def test_url_in_double_brackets() -> None:
    root = dom(to_html("[[http://example.com]]"))
    (p,) = list(root)
    (a,) = list(p.iter("a"))
    assert "external" in a.get("class") and a.get("href") == "http://example.com"
    assert text(p).strip() == "[[1]]"


def test_every_url_protocol_but_the_relative_one_has_a_colon() -> None:
    # The renderer looks for a protocol in a link target only when one of these is there.
    assert all(":" in p for p in URL_PROTOCOLS if p != "//")
    assert "//" in URL_PROTOCOLS


def test_bare_url_trailing_punctuation() -> None:
    def hrefs(src: str) -> list[str]:
        return [a.get("href") for a in dom(to_html(src)).iter("a")]

    assert hrefs("see http://example.com, then") == ["http://example.com"]
    assert hrefs("(http://example.com/x)") == ["http://example.com/x"]
    assert hrefs("http://example.com/a_(b)") == ["http://example.com/a_(b)"]
    assert hrefs("http://example.com/x&amp;") == ["http://example.com/x&"]
    assert hrefs("http://example.com/x&nbsp;y") == ["http://example.com/x"]
    assert hrefs("http://example.com\\") == ["http://example.com"]


def test_external_images() -> None:
    html = to_html("Image: http://example.org/a/pic.png here")
    (img,) = list(dom(html).iter("img"))
    assert img.get("src") == "http://example.org/a/pic.png" and img.get("alt") == "pic.png"
    assert "<img" not in to_html("http://example.org/a/pic.png", external_images=False)
    clickable = dom(to_html("[http://example.com http://example.org/pic.jpg]"))
    (a,) = list(clickable.iter("a"))
    assert [el.tag for el in a] == ["img"]


def test_unclosed_link_shows_its_decoded_target() -> None:
    html = to_html("[[#%3Cscript%3Ealert(1)%3C/script%3E|")
    assert "[[#&lt;script&gt;alert(1)&lt;/script&gt;|" in html
    assert "<script" not in html


def test_link_label_over_lines_makes_no_list() -> None:
    root = dom(to_html("* a [[Foo|b\n* c]] d\n* e"))
    items = [li for li in root.iter("li")]
    assert len(items) == 2
    (a,) = list(items[0].iter("a"))
    assert text(a) == "b\n* c"


def test_link_edges_are_not_trusted() -> None:
    from wikikit.parser.inline import LinkEdge
    from wikikit.tree import Document, ExternalLink, Paragraph, Text

    link = ExternalLink("javascript:alert(1)", " ", (Text("x"),))
    para = Paragraph((LinkEdge(link, True), Text("x"), LinkEdge(link, False)), "\n")
    html = to_html(Document("", None, (para,), ()))
    assert "javascript" not in "".join(a.get("href") or "" for a in dom(html).iter("a"))


def test_titles_with_illegal_characters_are_no_links() -> None:
    # Title::newFromText rejects <>[]{}| , controls, U+FFFD and three tildes; the
    # link stays text. ASCII and non-ASCII titles take different paths.
    for target in ("a~~~b", "a{b", "a}b", "é~~~", "é<x", "a\x01b", "a\ufffdb"):
        html = to_html(f"x [[{target}]]")
        assert "<a " not in html, target
        assert "[[" in html, target
    assert 'href="/wiki/A~~b"' in to_html("[[a~~b]]")
    assert 'href="/wiki/%C3%89~"' in to_html("[[é~]]")
