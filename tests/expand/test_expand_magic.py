"""Magic variables and the PAGENAME family (CoreMagicVariables, CoreParserFunctions)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from wikikit import Wiki

# A Tuesday; the wiki's local time zone is UTC+2.
NOW = datetime(2024, 3, 5, 23, 7, 9, tzinfo=timezone(timedelta(hours=2)))


def expand(text: str, title: str = "Help:Foo bar/Sub page/Leaf") -> str:
    return Wiki(now=NOW).expand(text, title=title)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("PAGENAME", "Foo bar/Sub page/Leaf"),
        ("PAGENAMEE", "Foo_bar/Sub_page/Leaf"),
        ("FULLPAGENAME", "Help:Foo bar/Sub page/Leaf"),
        ("FULLPAGENAMEE", "Help:Foo_bar/Sub_page/Leaf"),
        ("BASEPAGENAME", "Foo bar/Sub page"),
        ("BASEPAGENAMEE", "Foo_bar/Sub_page"),
        ("ROOTPAGENAME", "Foo bar"),
        ("SUBPAGENAME", "Leaf"),
        ("TALKPAGENAME", "Help talk:Foo bar/Sub page/Leaf"),
        ("SUBJECTPAGENAME", "Help:Foo bar/Sub page/Leaf"),
        ("NAMESPACE", "Help"),
        ("NAMESPACENUMBER", "12"),
        ("TALKSPACE", "Help talk"),
        ("TALKSPACEE", "Help_talk"),
        ("SUBJECTSPACE", "Help"),
    ],
)
def test_title_words(word: str, value: str) -> None:
    assert expand("{{" + word + "}}") == value


def test_main_namespace_has_no_subpages() -> None:
    assert expand("{{SUBPAGENAME}}|{{BASEPAGENAME}}", title="A/b") == "A/b|A/b"


def test_title_words_are_escaped_for_wikitext() -> None:
    # wfEscapeWikiText: quotes, ampersands and equals signs become character references.
    assert expand("{{PAGENAME}}", title="Rock & roll's = x") == "Rock &#38; roll&#39;s &#61; x"
    assert expand("{{PAGENAMEE}}", title="Rock & roll's") == "Rock_%26_roll%27s"


def test_title_words_with_an_argument() -> None:
    assert expand("{{PAGENAME:template talk:a_b/c}}") == "A b/c"
    assert expand("{{NAMESPACE:Category:X}}") == "Category"
    assert expand("{{TALKPAGENAME:Category:X}}") == "Category talk:X"
    assert expand("{{SUBJECTPAGENAME:User talk:Me}}") == "User:Me"
    assert expand("{{FULLPAGENAME:Special:Random}}") == ""
    assert expand("{{PAGENAME:[[x]]}}") == ""


def test_case_sensitive_variables() -> None:
    assert expand("{{pagename}}") == "[[:Template:Pagename]]"


def test_current_time_is_utc_local_time_is_the_clock_zone() -> None:
    out = expand(
        "{{CURRENTYEAR}} {{CURRENTMONTH}} {{CURRENTMONTH1}} {{CURRENTMONTHNAME}} "
        "{{CURRENTMONTHABBREV}} {{CURRENTDAY}} {{CURRENTDAY2}} {{CURRENTDAYNAME}} "
        "{{CURRENTTIME}} {{CURRENTHOUR}} {{CURRENTDOW}} {{CURRENTWEEK}} {{CURRENTTIMESTAMP}}"
    )
    assert out == "2024 03 3 March Mar 5 05 Tuesday 21:07 21 2 10 20240305210709"
    out = expand("{{LOCALDAY}} {{LOCALDAYNAME}} {{LOCALTIME}} {{LOCALDOW}} {{LOCALTIMESTAMP}}")
    assert out == "5 Tuesday 23:07 2 20240305230709"


def test_site_words() -> None:
    w = Wiki(now=NOW)
    assert w.expand("{{SITENAME}}") == "Wikipedia"
    assert w.expand("{{SERVER}}") == "https://en.wikipedia.org"
    assert w.expand("{{SERVERNAME}}") == "en.wikipedia.org"
    assert w.expand("{{SCRIPTPATH}}") == "/w"
    assert w.expand("{{CONTENTLANGUAGE}}") == "en"


def test_statistics_are_zero_offline() -> None:
    assert expand("{{NUMBEROFARTICLES}}|{{NUMBEROFPAGES:R}}|{{PAGESINCATEGORY:X}}") == "0|0|0"


def test_variables_take_no_arguments() -> None:
    # With a part, PAGENAME is no variable but a template call.
    assert expand("{{CURRENTYEAR|x}}") == "[[:Template:CURRENTYEAR]]"
