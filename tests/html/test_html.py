"""Unit tests for the HTML renderer (wikikit.html): block pass, anchors, sanitizer,
links, tables, references, templates, infoboxes and the standalone page.

Structure is checked on html5lib's DOM where it matters; exact strings where
the MediaWiki output format is the point.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from wikikit.html import Renderer, Wikitext, to_html
from wikikit.html.anchors import AnchorSet, escape_id
from wikikit.html.blocklevel import do_block_levels, find_colon_no_links
from wikikit.html.page import toc_html
from wikikit.html.sanitizer import check_css, is_safe_url, normalize_entity, sanitize_attributes
from wikikit.html.tidy import tidy
from wikikit.tree import Document, Paragraph, Text

html5lib = pytest.importorskip("html5lib")


def dom(markup: str) -> Any:
    return html5lib.parseFragment(
        markup, container="div", treebuilder="etree", namespaceHTMLElements=False
    )


def text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


# -- block pass -----------------------------------------------------------------


def test_block_levels_paragraphs_and_breaks() -> None:
    assert do_block_levels("a\n\nb") == "<p>a\n</p><p>b\n</p>"
    # An extra blank line is a paragraph holding a <br /> (MediaWiki's rule).
    assert do_block_levels("a\n\n\nb") == "<p>a\n</p><p><br />\nb\n</p>"


def test_block_levels_lists() -> None:
    assert do_block_levels("* a\n** b\n* c") == (
        "<ul><li>a\n<ul><li>b</li></ul></li>\n<li>c</li></ul>"
    )
    assert do_block_levels("# a\n#* b") == "<ol><li>a\n<ul><li>b</li></ul></li></ol>"
    assert do_block_levels("; term : def") == "<dl><dt>term</dt>\n<dd>def</dd></dl>"


def test_block_levels_pre_and_blocks() -> None:
    assert do_block_levels(" code\n more") == "<pre>code\nmore\n</pre>"
    assert do_block_levels("<div>x</div>\ntext").startswith("<div>x</div>\n")


def test_find_colon_skips_tags() -> None:
    assert find_colon_no_links("a:b") == 1
    assert find_colon_no_links('<a href="http://x">y</a>:z') == 24
    assert find_colon_no_links("no colon") == -1


def test_tidy_wraps_inline_next_to_blocks() -> None:
    assert tidy("a <div>x</div>") == "<p>a </p><div>x</div>"
    assert tidy("<blockquote>q</blockquote>") == "<blockquote><p>q</p></blockquote>"
    assert tidy("<ul><li></li></ul>") == '<ul><li class="mw-empty-elt"></li></ul>'
    assert tidy("<p>a : b « c »</p>") == "<p>a\u00a0: b «\u00a0c\u00a0»</p>"


# -- anchors ----------------------------------------------------------------------


def test_escape_id_legacy() -> None:
    assert escape_id("A b") == "A_b"
    assert escape_id("Prime Minister's visit") == "Prime_Minister.27s_visit"
    assert escape_id("a:b=c") == "a:b.3Dc"
    assert escape_id("é") == ".C3.A9"


def test_anchor_duplicates() -> None:
    anchors = AnchorSet()
    assert [anchors.make(t) for t in ("Intro", "intro", "Intro", "Intro 2")] == [
        "Intro",
        "intro_2",
        "Intro_3",
        "Intro_2_2",  # "intro_2" is taken, as MediaWiki counts
    ]
    html = to_html("== A ==\n== A ==\n== A ==")
    assert [h.get("id") for h in dom(html).iter("h2")] == ["A", "A_2", "A_3"]


# -- sanitizer -------------------------------------------------------------------


def test_sanitize_attributes() -> None:
    assert sanitize_attributes("span", ' class="x" onclick="y" title=t') == (' class="x" title="t"')
    assert sanitize_attributes("td", " colspan=2 rowspan='3' foo=bar") == (
        ' colspan="2" rowspan="3"'
    )
    assert sanitize_attributes("div", ' data-x="1" data-mw="2"') == ' data-x="1"'
    assert sanitize_attributes("span", ' id="a b"') == ' id="a_b"'


def test_check_css() -> None:
    assert check_css("color: red") == "color: red"
    for bad in (
        "width: expression(1)",
        "background: url(x)",
        "x: e\\78pression(1)",
        "x: &#101;xpression(1)",
        "x:ｅｘｐｒｅｓｓｉｏｎ(1)",
    ):
        assert check_css(bad) == "/* insecure input */", bad
    # A comment splits the word, as MediaWiki reads it: harmless "ex pression".
    assert check_css("x:ex/**/pression(1)") == "x:ex pression(1)"


def test_url_safety() -> None:
    assert is_safe_url("https://example.org/")
    assert is_safe_url("//example.org/")
    assert is_safe_url("mailto:a@b.c")
    for bad in ("javascript:alert(1)", "java\tscript:x", "&#106;avascript:x", "data:x", "x"):
        assert not is_safe_url(bad), bad


def test_entities() -> None:
    assert normalize_entity("&amp;") == "&amp;"
    assert normalize_entity("&#x2014;") == "&#x2014;"
    assert normalize_entity("&bogus;") == "&amp;bogus;"
    assert normalize_entity("&#0;") == "&amp;#0;"


# -- inline rendering ------------------------------------------------------------


def test_internal_links() -> None:
    html = to_html("[[foo bar]]s [[Foo|label]] [[Foo#Sec tion]] [[#top]]")
    links = list(dom(html).iter("a"))
    assert [(a.get("href"), a.get("title"), text(a)) for a in links] == [
        ("/wiki/Foo_bar", "Foo bar", "foo bars"),
        ("/wiki/Foo", "Foo", "label"),
        ("/wiki/Foo#Sec_tion", "Foo", "Foo#Sec tion"),
        ("#top", None, "#top"),
    ]


def test_link_base_option() -> None:
    html = to_html("[[Main Page]]", link_base="https://en.wikipedia.org/wiki/")
    assert 'href="https://en.wikipedia.org/wiki/Main_Page"' in html


def test_external_links() -> None:
    html = to_html("[http://a.example/ A] [http://b.example/] http://c.example/")
    links = [(a.get("class"), a.get("rel"), a.get("href"), text(a)) for a in dom(html).iter("a")]
    assert links == [
        ("external text", "nofollow", "http://a.example/", "A"),
        ("external autonumber", "nofollow", "http://b.example/", "[1]"),
        ("external free", "nofollow", "http://c.example/", "http://c.example/"),
    ]


def test_quotes() -> None:
    assert to_html("''i'' '''b''' '''''bi'''''") == ("<p><i>i</i> <b>b</b> <i><b>bi</b></i>\n</p>")


def test_magic_words_removed_and_nowiki() -> None:
    html = to_html("__NOTOC__\n<nowiki>''x'' [[y]]</nowiki>")
    assert "NOTOC" not in html
    assert "''x'' [[y]]" in text(dom(html))


# -- categories, templates, references, infoboxes ------------------------------------


def test_categories_collected_not_printed() -> None:
    out = to_html("Text.\n[[Category:Foo bar]]\n[[Category:Baz|sort]]")
    assert out.categories == ("Foo bar", "Baz")
    assert "Category" not in out
    assert text(dom(out)) == "Text."


def test_template_marker() -> None:
    html = to_html("a {{cite web|url=x}} b")
    span = next(dom(html).iter("span"))
    assert span.get("class") == "wikikit-template"
    assert span.get("data-template") == "cite web"
    assert "{{" not in html


def test_template_handler() -> None:
    def handler(name: str, params: dict[str, str]) -> str | None:
        if name == "lang":
            return Wikitext(f"''{params['2']}''")
        if name == "red":
            return '<span style="color:red">red</span>'
        return None

    html = to_html("{{lang|fr|bonjour}} {{red}} {{other}}", template_handler=handler)
    root = dom(html)
    assert text(next(root.iter("i"))) == "bonjour"
    assert "color:red" in html
    assert 'data-template="other"' in html


def test_references() -> None:
    html = to_html('A<ref name="x">One</ref> B<ref>Two</ref> C<ref name="x"/>\n\n<references/>')
    root = dom(html)
    sups = [text(s) for s in root.iter("sup") if s.get("class") == "reference"]
    assert sups == ["[1]", "[2]", "[1]"]
    items = [text(li) for li in root.iter("li")]
    assert len(items) == 2 and items[0].endswith("One") and items[1].endswith("Two")


def test_references_at_end_without_list() -> None:
    html = to_html("A<ref>Note</ref>\n\n== S ==\nB")
    root = dom(html)
    last = list(root)[-1]
    assert "mw-references-wrap" in last.get("class", "")
    assert text(last).endswith("Note")


def test_reflist_template() -> None:
    html = to_html("A<ref>Note</ref>\n\n{{Reflist}}\n\nEnd.")
    assert html.index("references") < html.index("End.")


def test_infobox_template() -> None:
    html = to_html(
        "{{Infobox person\n| name = Ada\n| birth_place = [[London]]<br>England\n"
        "| known = '''maths'''\n}}\nAda was."
    )
    root = dom(html)
    box = next(root.iter("table"))
    assert box.get("class") == "infobox"
    assert text(box.find("caption")) == "Ada"
    rows = [(text(tr.find("th")), tr.find("td")) for tr in box.iter("tr")]
    assert [r[0] for r in rows] == ["Name", "Birth place", "Known"]
    assert rows[1][1].find("a").get("href") == "/wiki/London"
    assert rows[1][1].find("br") is not None
    assert rows[2][1].find("b") is not None


# -- block constructs --------------------------------------------------------------


def test_tables() -> None:
    html = to_html('{| class="wikitable"\n|+ Cap\n! H1 !! H2\n|-\n| colspan="2" | a || b\n|}')
    root = dom(html)
    table = next(root.iter("table"))
    assert table.get("class") == "wikitable"
    assert text(table.find("caption")) == "Cap"
    assert [text(th) for th in table.iter("th")] == ["H1", "H2"]
    tds = list(table.iter("td"))
    assert [(td.get("colspan"), text(td)) for td in tds] == [("2", "a"), (None, "b")]


def test_headings_lists_hr_pre() -> None:
    html = to_html("== T ==\n* a\n*# b\n----\n pre")
    root = dom(html)
    assert next(root.iter("h2")).get("id") == "T"
    assert next(root.iter("ol")) is not None
    assert next(root.iter("hr")) is not None
    assert text(next(root.iter("pre"))) == "pre"


def test_document_source_and_renderer() -> None:
    doc = Document("", None, (Paragraph((Text("Hi"),), "\n"),), ())
    assert to_html(doc) == "<p>Hi\n</p>"
    assert Renderer().render_document(doc) == "<p>Hi\n</p>"


def test_output_is_str_and_pickles_as_str() -> None:
    out = to_html("x [[Category:C]]")
    assert isinstance(out, str)
    back = pickle.loads(pickle.dumps(out))
    assert type(back) is str and back == out


def test_exported_from_package() -> None:
    assert wikikit.to_html is to_html


# -- standalone page -----------------------------------------------------------------


def test_standalone_toc_with_four_headings() -> None:
    src = "Intro\n== A ==\nx\n== B ==\n=== B1 ===\n== C ==\ny"
    page = to_html(src, standalone=True)
    doc = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    toc = [d for d in doc.iter("div") if d.get("id") == "toc"]
    assert len(toc) == 1
    assert [a.get("href") for a in toc[0].iter("a")] == ["#A", "#B", "#B1", "#C"]
    assert "2.1" in text(toc[0])
    few = to_html("== A ==\n== B ==\n== C ==", standalone=True)
    assert 'id="toc"' not in few


def test_toc_html_nesting() -> None:
    html = toc_html([(2, "a", "A"), (3, "b", "B"), (2, "c", "C")])
    root = dom(html)
    assert [text(s) for s in root.iter("span") if s.get("class") == "tocnumber"] == [
        "1",
        "1.1",
        "2",
    ]


def test_notoc_and_forcetoc() -> None:
    many = "== A ==\n== B ==\n== C ==\n== D =="
    assert 'id="toc"' in to_html(many, standalone=True)
    assert 'id="toc"' not in to_html("__NOTOC__\n" + many, standalone=True)
    assert 'id="toc"' in to_html("__FORCETOC__\n== A ==", standalone=True)


@given(st.text(max_size=200))
def test_any_text_renders(source: str) -> None:
    out = to_html(source)
    assert isinstance(out, str)
    assert "\x7f" not in out  # no strip marker leaks


def test_file_links() -> None:
    html = to_html(
        "[[File:Bay.jpg|thumb|left|220px|The [[Bayeux Tapestry]]]] Text "
        "[[File:Flag.svg|20px|alt=Flag of X]] [[Image:A b.png|link=|x [[y]]]]"
    )
    root = dom(html)
    thumb = next(s for s in root.iter("span") if s.get("class") == "wikikit-thumb")
    assert thumb.find("a").get("href") == "/wiki/File:Bay.jpg"
    caption = thumb.find("span")
    assert text(caption) == "The Bayeux Tapestry"
    assert caption.find("a").get("href") == "/wiki/Bayeux_Tapestry"
    inline = [a for a in root.iter("a") if a.get("class") == "mw-file-description"]
    assert [(a.get("href"), text(a)) for a in inline[1:]] == [
        ("/wiki/File:Flag.svg", "Flag of X"),
        ("/wiki/File:A_b.png", "x y"),
    ]


def test_no_placeholder_leaks() -> None:
    src = (
        "{{Infobox x\n| name = A<!-- c -->\n| lang = B<!-- d -->[[Category:Q]]\n}}\n"
        "Text<ref>R<!-- e --></ref>\n\n[[File:X.jpg|thumb|cap<!-- f -->]]"
    )
    out = to_html(src)
    assert "\x7f" not in out
    assert out.categories == ("Q",)


def _corpus() -> list[Any]:
    from conftest import SHARED_CORPUS, fixture_articles

    paths = list(fixture_articles())
    shared = SHARED_CORPUS / "wikipedia"
    if shared.is_dir():
        paths += sorted(shared.glob("*.wiki"))
    return paths


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_real_articles_render_safely(path: Any) -> None:
    from test_xss import assert_safe

    out = to_html(path.read_text(encoding="utf-8"))
    assert "\x7f" not in out
    assert "{{" not in out.replace("&#123;", "")  # templates never leak as raw markup
    assert_safe(out)


def test_gallery_and_language_links() -> None:
    out = to_html(
        "<gallery>\nFile:A.jpg|The ''A''\nB.png\n</gallery>\nText\n[[fr:Bonjour]]\n[[de:Hallo]]"
    )
    root = dom(out)
    boxes = [li for li in root.iter("li") if li.get("class") == "gallerybox"]
    assert [b.find("a").get("href") for b in boxes] == ["/wiki/File:A.jpg", "/wiki/File:B.png"]
    assert text(boxes[0].find("div")) == "The A"
    assert out.language_links == (("fr", "Bonjour"), ("de", "Hallo"))
    assert "Bonjour" not in out
