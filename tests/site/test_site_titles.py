"""Title splitting and normalization, cases worked out from MediaWikiTitleCodec::splitTitleString,
Title::newFromText and Language::ucfirst (expected values reasoned from those rules)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wikikit.site import (
    NS_CATEGORY,
    NS_FILE,
    NS_MAIN,
    NS_PROJECT,
    NS_SPECIAL,
    NS_TALK,
    NS_TEMPLATE,
    NS_USER,
    Namespace,
    NamespaceTable,
    SiteConfig,
    Title,
    decode_char_references,
    parse_title,
)

EN = SiteConfig.preset("en")
DE = SiteConfig.preset("de")


def t(
    text: str, site: SiteConfig = EN, default_namespace: int = NS_MAIN
) -> tuple[int, str, str, str] | None:
    title = site.title(text, default_namespace)
    return None if title is None else (title.namespace, title.text, title.fragment, title.interwiki)


# --- whitespace and case ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("foo bar", "Foo bar"),
        ("foo_bar", "Foo bar"),
        ("  Foo   bar  ", "Foo bar"),
        ("Foo__ _bar", "Foo bar"),
        ("Foo\u00a0bar", "Foo bar"),  # no-break space
        ("Foo\u3000bar", "Foo bar"),  # ideographic space
        ("Foo\u2009bar", "Foo bar"),  # thin space, in the U+2000-U+200A range
        ("Foo\u200ebar", "Foobar"),  # left-to-right mark is dropped, not turned into a space
        ("Foo\u202abar\u202c", "Foobar"),  # bidi embedding controls too
    ],
)
def test_whitespace_is_collapsed_and_trimmed(raw: str, text: str) -> None:
    assert t(raw) == (NS_MAIN, text, "", "")


def test_tab_and_newline_are_not_spaces_but_illegal() -> None:
    assert t("Foo\tbar") is None
    assert t("Foo\nbar") is None


def test_trailing_newline_after_a_prefix_is_dropped_as_php_dollar_does() -> None:
    # The prefix regex's "$" also matches before a final newline, so group 2 loses it.
    assert t("Category:Foo\n") == (NS_CATEGORY, "Foo", "", "")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("élan", "Élan"),
        ("ǆemal", "ǅemal"),  # title case, not upper case (Language::ucfirst uses MB_CASE_TITLE)
        ("ßeta", "ßeta"),  # Wikimedia's $wgOverrideUcfirstCharacters keeps ß
        ("ñu", "Ñu"),
        ("1984", "1984"),
        ("日本", "日本"),
        ("`x", "`x"),
    ],
)
def test_first_letter_is_title_cased(raw: str, text: str) -> None:
    assert t(raw) == (NS_MAIN, text, "", "")


def test_turkish_dotted_i() -> None:
    tr = SiteConfig.preset("tr")
    assert t("istanbul", tr) == (NS_MAIN, "İstanbul", "", "")
    assert t("ısparta", tr) == (NS_MAIN, "Isparta", "", "")
    assert t("istanbul") == (NS_MAIN, "Istanbul", "", "")


def test_case_sensitive_namespace_keeps_the_first_letter() -> None:
    rows = [
        Namespace(0, "", "", case="case-sensitive", content=True),
        Namespace(10, "Template", "Template", case="case-sensitive"),
    ]
    site = replace(EN, namespaces=NamespaceTable(rows))
    assert t("foo", site) == (NS_MAIN, "foo", "", "")
    assert t("template:foo", site) == (NS_TEMPLATE, "foo", "", "")


# --- namespaces and the leading colon ---------------------------------------------------------


def test_namespace_prefix_any_case_and_alias() -> None:
    assert t("Template:foo") == (NS_TEMPLATE, "Foo", "", "")
    assert t("TEMPLATE:Foo") == (NS_TEMPLATE, "Foo", "", "")
    assert t("template_talk : x") == (11, "X", "", "")
    assert t("Image:X.png") == (NS_FILE, "X.png", "", "")
    assert t("WP:Foo") == (NS_PROJECT, "Foo", "", "")
    assert t("Project:Foo") == (NS_PROJECT, "Foo", "", "")
    assert t("Wikipedia talk:Foo") == (5, "Foo", "", "")


def test_unknown_prefix_stays_in_the_title() -> None:
    assert t("Foo:bar") == (NS_MAIN, "Foo:bar", "", "")
    assert t("Star Wars: Episode I") == (NS_MAIN, "Star Wars: Episode I", "", "")


def test_leading_colon_forces_the_main_namespace() -> None:
    assert t(":Foo") == (NS_MAIN, "Foo", "", "")
    assert t(":Category:Foo") == (NS_CATEGORY, "Foo", "", "")
    assert t("Foo", default_namespace=NS_TEMPLATE) == (NS_TEMPLATE, "Foo", "", "")
    assert t(":Foo", default_namespace=NS_TEMPLATE) == (NS_MAIN, "Foo", "", "")
    assert t("Template:Foo", default_namespace=NS_TEMPLATE) == (NS_TEMPLATE, "Foo", "", "")


def test_second_leading_colon_is_invalid() -> None:
    assert t("::Foo") is None


def test_talk_of_a_namespace_or_interwiki_is_invalid() -> None:
    assert t("Talk:File:X") is None
    assert t("Talk:de:X") is None
    assert t("Talk:Foo:X") == (NS_TALK, "Foo:X", "", "")
    assert t("User talk:File:X") == (3, "File:X", "", "")


def test_namespace_alone_is_invalid() -> None:
    assert t("Template:") is None
    assert t("Category: ") is None
    assert t("Special:") is None


# --- interwiki ------------------------------------------------------------------------------


def test_interwiki_prefix_is_lowercased_and_text_keeps_its_case() -> None:
    assert t("de:foo") == (NS_MAIN, "foo", "", "de")
    assert t("DE:Foo") == (NS_MAIN, "Foo", "", "de")
    assert t("wikt:foo bar") == (NS_MAIN, "foo bar", "", "wikt")
    # No namespace split on the other wiki's side.
    assert t("de:Vorlage:X") == (NS_MAIN, "Vorlage:X", "", "de")
    assert t("de::foo") == (NS_MAIN, "foo", "", "de")
    assert t("de:") == (NS_MAIN, "", "", "de")


def test_local_interwiki_acts_like_a_leading_colon() -> None:
    assert t("en:Foo") == (NS_MAIN, "Foo", "", "")
    assert t("en:Template:Foo") == (NS_TEMPLATE, "Foo", "", "")
    assert t("de:Vorlage:Foo", DE) == (NS_TEMPLATE, "Foo", "", "")
    # An empty local interwiki link names the main page.
    assert t("en:") == (NS_MAIN, "Main Page", "", "")


def test_after_an_interwiki_prefix_no_namespace_is_split() -> None:
    assert t("mw:Help:Foo") == (NS_MAIN, "Help:Foo", "", "mw")


# --- fragments --------------------------------------------------------------------------------


def test_fragment_is_split_off() -> None:
    assert t("Foo#Bar_baz") == (NS_MAIN, "Foo", "Bar baz", "")
    assert t("Foo _#_bar") == (NS_MAIN, "Foo", " bar", "")
    assert t("Foo#a#b") == (NS_MAIN, "Foo", "a#b", "")


def test_fragment_only_link() -> None:
    assert t("#Section") == (NS_MAIN, "", "Section", "")
    assert t("#") is None
    assert t("Template:#x") is None


# --- illegal titles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        ":",
        "Foo[bar]",
        "a<b",
        "a>b",
        "a{b",
        "a}b",
        "a|b",
        "a\x7fb",
        "a\x00b",
        "%20Foo",
        "A%2fb",
        ".",
        "..",
        "./a",
        "../a",
        "a/./b",
        "a/../b",
        "a/.",
        "a/..",
        "~~~",
        "Foo~~~~",
        "a" * 256,
        "é" * 128,
        "Foo\ufffd",
    ],
)
def test_invalid_titles(raw: str) -> None:
    assert t(raw) is None


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a%zz", "A%zz"),
        ("...", "..."),
        ("a.b", "A.b"),
        ("a/.b", "A/.b"),
        ("~~a", "~~a"),
        ("a" * 255, "A" + "a" * 254),
        ("é" * 127, "É" + "é" * 126),
        ("C++", "C++"),
        ('Say "hi"', 'Say "hi"'),
    ],
)
def test_valid_edge_titles(raw: str, text: str) -> None:
    assert t(raw) == (NS_MAIN, text, "", "")


def test_special_pages_may_be_longer() -> None:
    title = EN.title("Special:" + "a" * 300)
    assert title is not None and title.namespace == NS_SPECIAL
    assert EN.title("Special:" + "a" * 513) is None


# --- character references -------------------------------------------------------------------


def test_character_references_are_decoded_first() -> None:
    assert t("Foo &amp; Bar") == (NS_MAIN, "Foo & Bar", "", "")
    assert t("&#x41;bc") == (NS_MAIN, "Abc", "", "")
    assert t("&#65;bc") == (NS_MAIN, "Abc", "", "")
    assert t("&nbsp;Foo") == (NS_MAIN, "Foo", "", "")
    # A decoded bracket is as illegal as a literal one; an invalid code point poisons the title.
    assert t("&#91;x") is None
    assert t("&#1;x") is None
    # Unknown names stay, and the codec rejects what looks like an entity.
    assert t("&foo;") is None
    assert t("AT&T") == (NS_MAIN, "AT&T", "", "")


def test_codec_alone_rejects_entities() -> None:
    assert parse_title("Foo &amp; Bar", EN, decode_entities=False) is None


def test_decode_char_references() -> None:
    assert decode_char_references("a&lt;b&gt;&amp;&quot;") == 'a<b>&"'
    assert decode_char_references("&#x110000;") == "\ufffd"
    assert decode_char_references("&unknown; &amp") == "&unknown; &amp"
    assert decode_char_references("&רלמ;") == "\u200f"


def test_nfc_normalization() -> None:
    # MediaWiki gets NFC text from its request layer and re-normalizes after decoding
    # references; parse_title normalizes whatever it is given.
    assert t("Cafe\u0301") == (NS_MAIN, "Café", "", "")


# --- formatting and subpages ----------------------------------------------------------------


def test_prefixed_text_uses_the_local_namespace_name() -> None:
    title = DE.title("Template:Infobox_Person#Top")
    assert title is not None
    assert title.prefixed_text == "Vorlage:Infobox Person"
    assert title.full_text == "Vorlage:Infobox Person#Top"
    assert title.dbkey == "Infobox_Person"
    assert title.prefixed_dbkey == "Vorlage:Infobox_Person"
    iw = EN.title("de:Foo bar")
    assert iw is not None and iw.prefixed_text == "de:Foo bar" and iw.is_external


def test_titles_compare_without_the_site() -> None:
    assert EN.title("Template:X") == Title(NS_TEMPLATE, "X")
    assert DE.title("Vorlage:X") == EN.title("Template:X")


def test_talk_and_subject() -> None:
    talk = EN.title("Talk:Foo")
    assert talk is not None
    assert talk.is_talk and talk.subject_namespace == NS_MAIN and talk.talk_namespace == NS_TALK
    assert talk.subject_page() == Title(NS_MAIN, "Foo")
    user = EN.title("User:Bar")
    assert user is not None and user.talk_page() == Title(3, "Bar")
    special = EN.title("Special:Search")
    assert special is not None and special.talk_namespace is None and special.talk_page() is None


def test_subpages_where_the_namespace_has_them() -> None:
    title = EN.title("User:Foo/Bar/Baz")
    assert title is not None and title.is_subpage
    assert (title.root_text, title.base_text, title.subpage_text) == ("Foo", "Foo/Bar", "Baz")
    # The main namespace has no subpages on English Wikipedia: "AC/DC" is one name.
    main = EN.title("AC/DC")
    assert main is not None and not main.is_subpage
    assert (main.root_text, main.base_text, main.subpage_text) == ("AC/DC", "AC/DC", "AC/DC")


def test_subpage_divider_edge_cases() -> None:
    lead = Title(NS_USER, "/Foo/Bar", site=EN)
    # A slash in first position is no divider; the root keeps it.
    assert (lead.root_text, lead.base_text, lead.subpage_text) == ("/Foo", "/Foo", "Bar")
    trail = Title(NS_USER, "Foo/", site=EN)
    assert (trail.base_text, trail.subpage_text) == ("Foo", "")
    only = Title(NS_USER, "/Foo", site=EN)
    assert (only.root_text, only.base_text, only.subpage_text) == ("/Foo", "/Foo", "/Foo")
