"""Core parser functions and ParserFunctions, with the semantics of their PHP sources."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from wikikit import Wiki

NOW = datetime(2024, 3, 5, 14, 7, 9, tzinfo=timezone.utc)
W = Wiki(pages={"Template:Exists": "yes", "File:Pic.png": "a file page"}, now=NOW)


def x(text: str, title: str = "Main Page") -> str:
    return W.expand(text, title=title)


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("{{lc:ÀBC}}", "àbc"),
        ("{{uc:àbc}}", "ÀBC"),
        ("{{lcfirst:ABC}}", "aBC"),
        ("{{ucfirst:abc}}", "Abc"),
        ("{{urlencode:a b&c/d}}", "a+b%26c%2Fd"),
        ("{{urlencode:a b&c/d|WIKI}}", "a_b%26c/d"),
        ("{{urlencode:a b~|PATH}}", "a%20b~"),
        ("{{anchorencode:a [[b|c]] ''d'' é}}", "a_c_d_.C3.A9"),
        ("{{ns:10}}|{{ns:template}}|{{ns:Image}}|{{ns:0}}|{{ns:00}}", "Template|Template|File||"),
        ("{{nse:11}}", "Template_talk"),
        ("{{localurl:Foo bar}}", "/wiki/Foo_bar"),
        ("{{localurl:Foo bar|action=edit}}", "/w/index.php?title=Foo_bar&action=edit"),
        ("{{fullurl:Foo}}", "https://en.wikipedia.org/wiki/Foo"),
        ("{{canonicalurl:Foo}}", "https://en.wikipedia.org/wiki/Foo"),
        ("{{formatnum:1234567.891}}", "1,234,567.891"),
        ("{{formatnum:-1234}}", "-1,234"),
        ("{{formatnum:1,234,567|R}}", "1234567"),
        ("{{formatnum:1234|NOSEP}}", "1234"),
        ("{{padleft:7|3}}", "007"),
        ("{{padleft:7|5|ab}}", "abab7"),
        ("{{padright:xyz|5|_}}", "xyz__"),
        ("{{padleft:abc|2}}", "abc"),
        ("{{padleft:x|9999|-}}", "-" * 499 + "x"),
        ("{{plural:1|one|many}}", "one"),
        ("{{plural:2|one|many}}", "many"),
        ("{{plural:1,000|one|many}}", "many"),
        ("{{plural:0|one}}", "one"),
        ("{{plural:12|one|12=dozen|many}}", "dozen"),
        ("{{gender:|he|she|they}}", "they"),
        ("{{gender:|he}}", "he"),
        ("{{#language:de}}|{{#language:de|en}}", "Deutsch|German"),
        ("{{#bcp47:zh-hans-cn}}", "zh-Hans-CN"),
        ("{{#special:Random page}}", "Special:Random page"),
        ("{{#speciale:Random page}}", "Special:Random_page"),
        ("{{#tag:span|x {{!}} y|title=t}}", '<span title="t">x | y</span>'),
        ("{{#tag:br}}", "<br/>"),
        ("{{PAGESIZE:Template:Exists}}|{{PAGESIZE:Nothing}}", "3|0"),
        ("{{int:mainpage}}", "Main Page"),
        ("{{int:no-such-message}}", "⧼no-such-message⧽"),
    ],
)
def test_core_functions(text: str, out: str) -> None:
    assert x(text) == out


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("{{#if: x | yes | no }}", "yes"),
        ("{{#if:   | yes | no }}", "no"),
        ("{{#if: x }}", ""),
        ("{{#ifeq: 01 | 1 | same | different }}", "same"),
        ("{{#ifeq: 1e3 | 1000 | same | different }}", "same"),
        ("{{#ifeq: abc | ABC | same | different }}", "different"),
        ("{{#ifeq: &amp; | & | same | different }}", "same"),
        ("{{#ifeq: 0x1 | 1 | same | different }}", "different"),
        ('{{#iferror: <span class="error">x</span> | bad | good }}', "bad"),
        ("{{#iferror: fine | bad | good }}", "good"),
        ("{{#iferror: fine | bad }}", "fine"),
        ('{{#iferror: <strong class="error">x</strong> }}', ""),
        ("{{#switch: b | a = 1 | b = 2 | #default = 3 }}", "2"),
        ("{{#switch: z | a = 1 | b = 2 | #default = 3 }}", "3"),
        ("{{#switch: z | a = 1 | b = 2 | last }}", "last"),
        ("{{#switch: b | a | b | c = fall | d = 4 }}", "fall"),
        ("{{#switch: 1.0 | 1 = one | other }}", "one"),
        ("{{#switch: z | #default = d | a = 1 }}", "d"),
        ("{{#switch: z | a = 1 }}", ""),
        ("{{#ifexist: Template:Exists | y | n }}", "y"),
        ("{{#ifexist: Template:Missing | y | n }}", "n"),
        ("{{#ifexist: Media:Pic.png | y | n }}", "y"),
        ("{{#ifexist: Special:Whatever | y | n }}", "n"),
        ("{{#titleparts: Talk:Foo/bar/baz/quok | 2 }}", "Talk:Foo/bar"),
        ("{{#titleparts: Talk:Foo/bar/baz/quok | 2 | 2 }}", "bar/baz"),
        ("{{#titleparts: Talk:Foo/bar/baz/quok | -1 }}", "Talk:Foo/bar/baz"),
        ("{{#titleparts: Talk:Foo/bar/baz/quok | | -2 }}", "baz/quok"),
        ("{{#rel2abs: ../quok | Help:Foo/bar/baz }}", "Help:Foo/bar/quok"),
        ("{{#rel2abs: ./quok | Help:Foo/bar/baz }}", "Help:Foo/bar/baz/quok"),
        ("{{#rel2abs: /quok | Help:Foo }}", "Help:Foo/quok"),
        ("{{#rel2abs: quok | Help:Foo }}", "quok"),
    ],
)
def test_parser_functions(text: str, out: str) -> None:
    assert x(text) == out


def test_rel2abs_above_the_root_is_an_error() -> None:
    assert 'class="error"' in x("{{#rel2abs: ../../.. | A/B }}")


def test_branches_not_taken_are_not_expanded() -> None:
    w = Wiki(pages={"Template:Loop": "{{loop}}"})
    page = w.expand_page("{{#if: x | fine | {{loop}} }}")
    assert page.text == "fine"
    assert page.templates == ()


def test_defaultsort_and_displaytitle() -> None:
    page = W.expand_page("{{DEFAULTSORT:B}}{{DEFAULTSORTKEY:C|noerror}}{{DISPLAYTITLE:main Page}}")
    assert page.default_sort == "C"
    assert page.display_title == "main Page"
    out = W.expand("{{DEFAULTSORT:B}}{{DEFAULTSORT:C}}")
    assert out == (
        '<span class="error">Warning: Default sort key "C" overrides earlier default sort key '
        '"B".</span>'
    )
    # A display title must normalize to the page's own title.
    assert W.expand_page("{{DISPLAYTITLE:Other}}").display_title is None


def test_unknown_function_is_a_template() -> None:
    assert x("{{nosuchfunction:x}}") == "[[:Template:Nosuchfunction:x]]"


def test_extension_tags_stand_behind_strip_markers() -> None:
    # Functions see a marker, not the tag: two identical tags are two different markers,
    # padding and URL encoding drop them, lc leaves the tag's body alone.
    assert x("{{#ifeq:<nowiki>a</nowiki>|<nowiki>a</nowiki>|same|different}}") == "different"
    assert x("{{padleft:|2|x<nowiki/>y}}") == "xy"
    assert x("{{urlencode:a<nowiki>b</nowiki>c}}") == "ac"
    assert x("{{lc:AB<nowiki>CD</nowiki>}}") == "ab<nowiki>CD</nowiki>"
    assert x("{{#tag:nowiki|X}}") == "<nowiki>X</nowiki>"
