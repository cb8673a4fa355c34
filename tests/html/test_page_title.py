"""The standalone page's title and ``<h1>``, redirect pages, the link base, and which
infobox fields the fallback table leaves out."""

from __future__ import annotations

import re

import pytest

from wikikit import to_html
from wikikit.html.page import link_base_ok
from wikikit.site import SiteConfig

# Article.php getRedirectHeaderHtml: the "redirectto" message, then the target's link
# showing its full text.
NOTICE = (
    '<div class="redirectMsg"><p>Redirect to:</p><ul class="redirectText"><li>'
    '<a href="/wiki/Main_Page" title="Main Page">Main Page</a></li></ul></div>'
)


def _h1s(page: str) -> list[str]:
    return re.findall(r"<h1\b[^>]*>(.*?)</h1>", page)


def test_page_title_is_the_heading_and_the_head_title() -> None:
    page = to_html("Some text.", standalone=True, page_title="Ada <Lovelace>")
    assert _h1s(page) == ["Ada &lt;Lovelace&gt;"]
    assert "<title>Ada &lt;Lovelace&gt;</title>" in page


def test_page_title_wins_over_the_export_title_line() -> None:
    text = "= Export Title =\n\nBody.\n"
    given = to_html(text, dialect="article", standalone=True, page_title="Given")
    assert _h1s(given) == ["Given"]
    assert "Export Title" not in given
    own = to_html(text, dialect="article", standalone=True)
    assert _h1s(own) == ["Export Title"]
    assert "<title>Export Title</title>" in own


def test_no_title_no_heading() -> None:
    page = to_html("Just text.", standalone=True)
    assert _h1s(page) == []
    assert "<title>Article</title>" in page


def test_fragment_keeps_the_export_title_line() -> None:
    html = to_html("= T =\n\nBody.\n", dialect="article", page_title="Other")
    assert '<h1 id="T">T</h1>' in html


def test_redirect_page_shows_the_notice() -> None:
    page = to_html("#REDIRECT [[main_Page]]", standalone=True, page_title="Home")
    assert NOTICE in page
    assert "REDIRECT" not in page and "<ol>" not in page


def test_redirect_fragment_output_is_unchanged() -> None:
    # The parser tests' fragment: a numbered list item holding the link.
    html = to_html("#REDIRECT [[Main Page]]")
    assert html.startswith("<ol><li>REDIRECT <a ")
    assert 'class="redirectMsg"' not in html


def test_redirect_notice_on_request_with_fragment_and_link_base() -> None:
    html = to_html(
        "#redirect: [[Foo bar#Early life]]",
        redirect_notice=True,
        link_base="https://example.org/w/",
    )
    assert html == (
        '<div class="redirectMsg"><p>Redirect to:</p><ul class="redirectText"><li>'
        '<a href="https://example.org/w/Foo_bar#Early_life" title="Foo bar">'
        "Foo bar#Early life</a></li></ul></div>"
    )


def test_redirect_keeps_the_text_after_the_link() -> None:
    html = to_html(
        "#REDIRECT [[Main Page]]\n\n{{R from move}}\n[[Category:Redirects]]",
        redirect_notice=True,
    )
    assert html.startswith(NOTICE)
    assert html.categories == ("Redirects",)
    assert 'data-template="R from move"' in html


def test_localized_redirect_word() -> None:
    de = SiteConfig.preset("de")
    html = to_html("#WEITERLEITUNG [[Hauptseite]]", site=de, standalone=True)
    assert 'class="redirectText"><li><a href="/wiki/Hauptseite"' in html
    # Not a redirect word on the English wiki: the text stays a list item.
    assert 'class="redirectMsg"' not in to_html("#WEITERLEITUNG [[Hauptseite]]", standalone=True)


def test_not_a_redirect_when_the_link_does_not_follow() -> None:
    page = to_html("#REDIRECT to [[Main Page]]", standalone=True)
    assert 'class="redirectMsg"' not in page


@pytest.mark.parametrize(
    "base", ["/wiki/", "https://en.wikipedia.org/wiki/", "../pages/", "", "/w/index.php?title="]
)
def test_link_base_accepted(base: str) -> None:
    assert link_base_ok(base)
    assert f'href="{base}Foo"' in to_html("[[Foo]]", link_base=base).replace("&amp;", "&")


@pytest.mark.parametrize(
    "base",
    [
        "javascript:alert(1)//",
        "data:text/html,",
        '/wiki/"><script>',
        "http://a b/",
        "/w/\n",
        "java",
    ],
)
def test_link_base_refused(base: str) -> None:
    assert not link_base_ok(base)
    with pytest.raises(ValueError):
        to_html("[[Foo]]", link_base=base)


def test_infobox_fallback_leaves_out_presentational_fields() -> None:
    html = to_html(
        "{{Infobox person\n|name=Ada\n|image=Ada.jpg\n|imagesize=200px\n|image_size=200\n"
        "|image_upright=1.2\n|upright=1\n|logo_alt=A logo\n|map_width=300\n"
        "|box_height=3\n|seal_size2=4\n|birth_place=London\n|spouse=\n|children=&nbsp;\n"
        "|width=5 m\n}}\nText"
    )
    labels = re.findall(r'<th scope="row" class="infobox-label">(.*?)</th>', html)
    assert labels == ["Name", "Birth place", "Width"]


@pytest.mark.parametrize("base", ["", "index.php?title="])
def test_a_title_never_supplies_the_scheme_of_a_link(base: str) -> None:
    html = to_html("[[javascript:alert(1)]] [[Script:alert(2)]] ISBN 0-306-40615-2", link_base=base)
    hrefs = re.findall(r'href="([^"]*)"', str(html))
    assert len(hrefs) == 3
    for href in hrefs:
        assert not re.match(r"[a-z][a-z0-9+.\-]*:", href, re.I), href
    page = to_html("#REDIRECT [[Script:alert(1)]]", link_base=base, standalone=True)
    assert 'href="javaScript' not in page and 'href="Script:' not in page
