"""Numbers longer than ``int()`` reads (4300 digits by default, leading zeros included)
anywhere in the input: character references, spans, image sizes, dates, parameter
names, parser-function arguments. ``int()`` raises ``ValueError`` there, and so does
``html.unescape`` on such a decimal reference; wikikit reads them as MediaWiki does
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


# -- character references -----------------------------------------------------------------


def test_unescape_html_matches_html_unescape_on_short_references() -> None:
    text = "&#65;&#x42;&amp;&#0067;&#1114112;&#9999999; &#68"
    assert unescape_html(text) == html.unescape(text) == "AB&C\ufffd\ufffd D"


def test_unescape_html_reads_long_references() -> None:
    assert unescape_html(f"&#{LONG};x") == "\ufffdx"  # beyond U+10FFFF
    assert unescape_html(f"&#{ZEROS}65;&#{ZEROS}66") == "AB"
    assert unescape_html(f"&amp;#{LONG};") == f"&#{LONG};"  # no reference: "&amp;" is one


def test_unescape_html_reads_the_other_references_as_html_unescape_does() -> None:
    # Once one long reference is on the page, the others still follow HTML's rules
    # (&#128; is the euro sign of windows-1252, &#0; a replacement character).
    text = f"&#{LONG}; &#128; &#0; &#{ZEROS}128; &eacute; &#x41;"
    assert unescape_html(text) == "\ufffd € \ufffd € é A"


def test_a_long_reference_cannot_smuggle_a_script_url() -> None:
    # Browsers read "&#000…058;" as ":": the check must see the colon too.
    assert not is_safe_url(f"javascript&#{ZEROS}58;alert(1)")
    assert is_safe_url(f"https&#{ZEROS}58;//example.org/")


def test_rendered_references_keep_valid_ones_and_escape_the_rest() -> None:
    # Sanitizer::normalizeCharReferences: intval() drops the zeros; out of range
    # shows as text.
    assert normalize_entity(f"&#{ZEROS}65;") == "&#65;"
    assert normalize_entity(f"&#{LONG};") == f"&amp;#{LONG};"
    assert not normalize_entity(f"&#x{ZEROS}41;").startswith("&amp;")  # valid: kept
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
    # Decoded in a URL or an id, a reference beyond U+10FFFF is U+FFFD.
    assert 'href="http://example.org/\ufffd"' in out
    assert '<span id=".EF.BF.BD">' in out  # U+FFFD in MediaWiki's legacy id encoding


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
    edited = template.add("²", "b").add(LONG, "c").add("02", "e").add("2", "d")
    # Only "2" itself is the next position: MediaWiki keys "02" apart from 2.
    assert edited.to_wikitext() == f"{{{{x|a|d|²=b|{LONG}=c|02=e}}}}"


# -- parser functions -----------------------------------------------------------------------


def test_php_int_casts_as_php_does() -> None:
    # zend_dval_to_lval_cap: beyond 64 bits the nearest bound, infinity 0.
    assert php_int("9" * 25) == INT64_MAX
    assert php_int("-" + "9" * 25) == -INT64_MAX - 1
    assert php_int(".1e30") == INT64_MAX
    assert php_int("9" * 5000) == 0  # infinite as a float
    assert php_int(".1e999") == 0
    assert php_int(f"{ZEROS}42 apples") == 42


def test_loose_equal_compares_as_php_8_does() -> None:
    assert loose_equal(f"{ZEROS}1", "1")
    assert loose_equal("9" * 25, "9" * 25 + ".0")  # a float on one side: as floats
    # Two integers beyond 64 bits on the same side, or two infinities, compare as
    # strings (as floats these pairs are equal).
    assert not loose_equal("9" * 25, "1" + "0" * 25)
    assert not loose_equal(LONG, LONG + "1")
    assert not loose_equal("5", "9" * 25)


def test_expansion_reads_long_numbers() -> None:
    wiki = Wiki(pages={})
    assert str(wiki.expand(f"{{{{#ifeq: {ZEROS}1 | 1 | yes | no}}}}")) == "yes"
    assert str(wiki.expand(f"{{{{padleft:x|{ZEROS}5}}}}")) == "0000x"
    assert len(str(wiki.expand(f"{{{{padleft:x|{'9' * 25}}}}}"))) == 500  # MediaWiki's cap
    assert str(wiki.expand(f"{{{{padleft:x|{LONG}}}}}")) == "x"  # (int) of infinity is 0
    assert str(wiki.expand(f"{{{{anchorencode:a&#{ZEROS}66;}}}}")) == "aB"
    assert str(wiki.expand(f"{{{{#ifexist:A&#{LONG};|yes|no}}}}")) == "no"
