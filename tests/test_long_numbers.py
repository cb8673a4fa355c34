"""Numbers longer than ``int()`` reads (4300 digits by default) anywhere in the input:
character references, spans, image sizes, dates, parameter names, parser-function
arguments. Python raises ``ValueError`` there; wikikit reads them as MediaWiki does
(leading zeros dropped, out of range as out of range) and never raises."""

from __future__ import annotations

import html

import pytest

import wikikit
from wikikit import Wiki
from wikikit.expand.textutil import decode_char_references as expand_decode
from wikikit.expand.textutil import loose_equal, php_int
from wikikit.html import to_html
from wikikit.html.characters import clean_html
from wikikit.html.sanitizer import is_safe_url, normalize_entity
from wikikit.site.titles import decode_char_references as title_decode
from wikikit.tree.attributes import unescape_html

LONG = "1" * 5000  # past int()'s limit
ZEROS = "0" * 5000  # leading zeros count towards that limit too
INT64_MAX = 2**63 - 1


def test_python_itself_refuses_these_numbers() -> None:
    # What the rest of this module guards against.
    with pytest.raises(ValueError):
        int(LONG)
    with pytest.raises(ValueError):
        html.unescape(f"&#{LONG};")


# -- character references -----------------------------------------------------------------


def test_unescape_html_matches_html_unescape_on_short_references() -> None:
    text = "&#65;&#x42;&amp;&#0067;&#1114112;&#9999999; &#68"
    assert unescape_html(text) == html.unescape(text) == "AB&C\ufffd\ufffd D"


def test_unescape_html_reads_long_references() -> None:
    assert unescape_html(f"&#{LONG};x") == "\ufffdx"  # beyond U+10FFFF
    assert unescape_html(f"&#{ZEROS}65;&#{ZEROS}66") == "AB"
    assert unescape_html(f"&amp;#{LONG};") == f"&#{LONG};"  # no reference: "&amp;" is one


def test_a_long_reference_cannot_smuggle_a_script_url() -> None:
    # Browsers read "&#000…058;" as ":": the check must see the colon too.
    assert not is_safe_url(f"javascript&#{ZEROS}58;alert(1)")
    assert is_safe_url(f"https&#{ZEROS}58;//example.org/")


def test_rendered_references_keep_valid_ones_and_escape_the_rest() -> None:
    # Sanitizer::normalizeCharReferences: intval() drops the zeros; out of range
    # shows as text.
    assert normalize_entity(f"&#{ZEROS}65;") == "&#65;"
    assert normalize_entity(f"&#{LONG};") == f"&amp;#{LONG};"
    assert normalize_entity(f"&#x{ZEROS}41;") == f"&#x{ZEROS}41;"
    assert normalize_entity(f"&#x{'f' * 5000};") == f"&amp;#x{'f' * 5000};"


def test_the_final_reference_check_reads_zero_padded_references() -> None:
    # clean_html: a reference to a character HTML forbids shows as text.
    assert clean_html(f"&#{ZEROS}65;") == f"&#{ZEROS}65;"
    assert clean_html(f"&#{ZEROS}1;") == f"&amp;#{ZEROS}1;"
    assert clean_html(f"&#{LONG};") == f"&amp;#{LONG};"


def test_to_html_renders_long_references_in_text_links_and_headings() -> None:
    page = (
        f"a &#{ZEROS}65; b &#{LONG}; [[T&#{LONG};]] [http://example.org/&#{LONG}; x]\n"
        f"== H&#{ZEROS}66; ==\n<span id='&#{LONG};'>s</span>"
    )
    out = str(to_html(page))
    assert "a &#65; b &amp;#1111" in out
    assert "[[T&amp;#1111" in out  # not a valid title: the link stays text
    assert '<h2 id="HB">' in out


def test_entity_nodes_and_plain_text_read_long_references() -> None:
    doc = wikikit.parse(f"&#{LONG}; &#{ZEROS}65; <nowiki>&#{ZEROS}66;</nowiki>")
    assert [e.char for e in doc.find(wikikit.Entity)] == ["\ufffd", "A"]
    assert doc.plain_text() == "\ufffd A B\n"


@pytest.mark.parametrize("decode", [title_decode, expand_decode])
def test_title_and_expansion_decoding_read_long_references(decode: object) -> None:
    assert callable(decode)
    assert decode(f"A&#{LONG};") == "A\ufffd"
    assert decode(f"&#{ZEROS}66;&#x{ZEROS}43;") == "BC"


# -- numbers in wikitext --------------------------------------------------------------------


def test_table_spans_are_capped_as_html_caps_them() -> None:
    # HTML: colspan at most 1000; leading zeros are read away.
    table = wikikit.parse(f'{{|\n| colspan="{LONG}" | a\n| rowspan="{ZEROS}2" | b\n|-\n| c\n|}}')
    grid = table.tables[0].grid()
    assert len(grid[0]) == 1001
    assert grid[1][1001 - 1] is grid[0][1000]  # b spans two rows


def test_image_sizes_beyond_any_image_are_none() -> None:
    [image] = wikikit.parse(f"[[File:X.png|{LONG}x{LONG}px]]").images
    assert (image.width, image.height) == (None, None)
    [image] = wikikit.parse(f"[[File:X.png|{ZEROS}7x{ZEROS}8px]]").images
    assert (image.width, image.height) == (7, 8)


def test_plain_text_rules_read_long_numbers() -> None:
    text = wikikit.parse(f"{{{{formatnum:{ZEROS}1234}}}} {{{{formatnum:{LONG}}}}}").plain_text()
    first, second = text.split()
    assert first == "1,234"
    assert second == ",".join(["11"] + ["111"] * 1666)
    # Dates the rules cannot read are dropped, never raised on.
    dates = "".join(
        f"{{{{start date|{args}}}}}" for args in (f"{LONG}|1|1", "--5|²", f"2000|{ZEROS}1|5")
    )
    assert wikikit.parse(dates).plain_text() == "January 5, 2000\n"


def test_template_parameters_with_long_or_non_ascii_digit_names_are_named() -> None:
    [template] = wikikit.parse("{{x|a}}").templates
    edited = template.add("²", "b").add(LONG, "c").add("2", "d")
    assert edited.to_wikitext() == f"{{{{x|a|d|²=b|{LONG}=c}}}}"


# -- parser functions -----------------------------------------------------------------------


def test_php_casts_saturate_and_drop_leading_zeros() -> None:
    assert php_int("9" * 5000) == INT64_MAX
    assert php_int("-" + "9" * 5000) == -INT64_MAX - 1
    assert php_int(f"{ZEROS}42 apples") == 42
    assert php_int(".1e999") == 0  # infinity casts to 0
    assert loose_equal(f"{ZEROS}1", "1")
    assert loose_equal(LONG, LONG + "1")  # both overflow to INF, as in PHP


def test_expansion_reads_long_numbers() -> None:
    wiki = Wiki(pages={})
    assert str(wiki.expand(f"{{{{#ifeq: {ZEROS}1 | 1 | yes | no}}}}")) == "yes"
    assert str(wiki.expand(f"{{{{padleft:x|{ZEROS}5}}}}")) == "0000x"
    assert len(str(wiki.expand(f"{{{{padleft:x|{LONG}}}}}"))) == 500  # MediaWiki's cap
    assert str(wiki.expand(f"{{{{anchorencode:a&#{ZEROS}66;}}}}")) == "aB"
    assert str(wiki.expand(f"{{{{#ifexist:A&#{LONG};|yes|no}}}}")) == "no"
