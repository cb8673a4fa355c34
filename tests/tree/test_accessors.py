"""Categories, links, images, references and section paths, read from the tree."""

from __future__ import annotations

import pytest

import wikikit
from wikikit import ExtensionTag, Section, Template, WikiLink

PAGE = """{{Infobox thing|name=A}}
'''A''' is a [[foo_bar#History|bar]] and [[:Category:Z]], see [[wikt:word]], [[#Top]],
[[Media:Sound.ogg]] and [https://example.org site] or https://example.com/x.
[[File:X.jpg|thumb|200x100px|left|alt=An alt|link=Target|A [[linked]] caption]]
Text.<ref name="n" group="g">{{cite web|url=http://e.com}} Body</ref><ref name=n />
<references>
<ref name="ld">List-defined [[q]]</ref>
</references>
<gallery>
File:G.png|Gallery caption
Image:H.png
</gallery>
== History ==
=== Early ===
x {{t}}
== Later ==
[[Category:Foo|key]] [[category:foo]] [[Category:Bar]]
[[de:Ding]] [[fr:Chose]]
"""


@pytest.fixture(scope="module")
def doc() -> wikikit.Document:
    return wikikit.parse(PAGE)


def test_categories_are_names_in_order_each_once(doc: wikikit.Document) -> None:
    assert doc.categories == ["Foo", "Bar"]
    assert [link.sort_key for link in doc.category_links] == ["key", None, None]


def test_links_are_normalized_page_titles(doc: wikikit.Document) -> None:
    # Interwiki, same-page, media, file, category and language links are not page links.
    # A reference's body is part of the tree: its links count.
    assert doc.links == ["Foo bar", "Category:Z", "Linked", "Q"]


def test_language_links(doc: wikikit.Document) -> None:
    assert doc.language_links == [("de", "Ding"), ("fr", "Chose")]


def test_external_links(doc: wikikit.Document) -> None:
    assert [link.url for link in doc.external_links] == [
        "https://example.org",
        "https://example.com/x",
        "http://e.com",  # in the reference's {{cite web}}
    ]


def test_images_with_options(doc: wikikit.Document) -> None:
    first, gallery_g, gallery_h = doc.images
    assert (first.name, first.title) == ("X.jpg", "File:X.jpg")
    assert (first.frame, first.align, first.width, first.height) == ("thumb", "left", 200, 100)
    assert (first.alt, first.link) == ("An alt", "Target")
    assert first.caption == "A linked caption"
    assert isinstance(first.node, WikiLink)
    assert any(isinstance(n, WikiLink) for n in first.caption_nodes)
    assert (gallery_g.name, gallery_g.caption, gallery_g.gallery) == (
        "G.png",
        "Gallery caption",
        True,
    )
    assert gallery_h.title == "File:H.png" and gallery_h.caption == ""


def test_image_width_only_and_frameless() -> None:
    (image,) = wikikit.parse("[[Image:Y.png|frameless|upright=1.2|150px]]").images
    assert (image.title, image.frame, image.width, image.height) == (
        "File:Y.png",
        "frameless",
        150,
        None,
    )
    assert image.upright == "1.2"
    assert image.caption == ""


def test_references(doc: wikikit.Document) -> None:
    refs = doc.references
    assert [(r.name, r.group, r.is_reuse) for r in refs] == [
        ("n", "g", False),
        ("n", None, True),
        ("ld", None, False),
    ]
    assert refs[0].text == "Body"
    assert any(isinstance(n, Template) for n in refs[0].body)
    assert isinstance(refs[0].node, ExtensionTag)
    assert refs[2].text == "List-defined q"


def test_section_path_and_path(doc: wikikit.Document) -> None:
    template = doc.templates[-1]
    assert template.name == "t"
    assert [s.title for s in doc.section_path(template)] == ["History", "Early"]
    early = doc.section("Early")
    assert early is not None
    assert [s.title for s in doc.section_path(early)] == ["History", "Early"]
    lead_template = doc.infobox
    assert lead_template is not None and doc.section_path(lead_template) == []
    path = doc.path(template)
    assert path is not None and path[0] is doc and path[-1] is template
    assert [n.title for n in path if isinstance(n, Section)] == ["History", "Early"]
    with pytest.raises(ValueError):
        doc.section_path(wikikit.parse("x").blocks[0])


def test_accessors_cost_nothing_until_called() -> None:
    # Nothing is computed at parse time: a document's slots hold the tree only.
    doc = wikikit.parse(PAGE)
    assert doc._notes is None
    assert doc._site is None


def test_notebook_shows_the_rendered_article() -> None:
    doc = wikikit.parse("'''Bold''' [[Link]] {{t}}\n[[Category:Things]]\n", name="My <page>")
    html = doc._repr_html_()
    assert html.startswith('<div class="wikikit-article">') and html.endswith("</div>")
    assert "<h1>My &lt;page&gt;</h1>" in html
    assert "<b>Bold</b>" in html and 'href="/wiki/Link"' in html
    assert "Categories: Things" in html
    assert "{{t}}" not in html
