"""SiteConfig: presets, namespace names per language, magic words, redirects, link trails.

Expected values come from MediaWiki's Messages files (namespace names, aliases, magic word
synonyms, $linkTrail) and operations-mediawiki-config, read by hand, not from this code."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from wikikit.site import (
    ENGLISH_WIKIPEDIA,
    NS_CATEGORY,
    NS_FILE,
    NS_MAIN,
    NS_MODULE,
    NS_PROJECT,
    NS_TEMPLATE,
    NS_USER,
    SiteConfig,
    Title,
    php_regex_to_python,
)

EN = SiteConfig.preset("en")
DE = SiteConfig.preset("de")
FR = SiteConfig.preset("fr")
NO = SiteConfig.preset("no")
AF = SiteConfig.preset("af")


# --- presets ---------------------------------------------------------------------------------


def test_english_default_is_the_en_preset() -> None:
    assert ENGLISH_WIKIPEDIA is EN
    assert SiteConfig() == EN
    assert EN.language == "en" and EN.sitename == "Wikipedia"
    assert EN.server == "https://en.wikipedia.org" and EN.article_path == "/wiki/$1"


def test_presets_are_cached_and_aliased() -> None:
    assert SiteConfig.preset("de") is DE
    assert SiteConfig.preset("DE") is DE
    assert SiteConfig.preset("nb") is NO
    assert NO.language == "nb" and NO.dbname == "nowiki"


def test_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"known: .*\bde\b.*\bno\b"):
        SiteConfig.preset("xx")


def test_every_preset_loads_and_names_its_core_namespaces() -> None:
    for code in SiteConfig.preset_languages():
        site = SiteConfig.preset(code)
        for ns_id in (-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 828, 829):
            assert ns_id in site.namespaces, (code, ns_id)
        # Canonical English names resolve on every wiki.
        assert site.namespace_id("Template") == NS_TEMPLATE, code
        assert site.namespace_id("Category") == NS_CATEGORY, code
        assert site.namespace_id("Module") == NS_MODULE, code
        assert site.link_trail_re.pattern
        assert "#REDIRECT" in site.synonyms("redirect"), code
        assert site.title("Foo") == Title(NS_MAIN, "Foo"), code


def test_round_trip_through_dict() -> None:
    for site in (EN, DE, NO):
        assert SiteConfig.from_dict(site.to_dict()) == site


def test_presets_load_lazily_and_fast() -> None:
    # A fresh interpreter: importing the package reads no preset; the first preset is cheap.
    probe = (
        "import time, sys\n"
        "import wikikit.site.config as c\n"
        "assert not c._PRESETS and not c._JSON_CACHE\n"
        "t = time.perf_counter(); c.SiteConfig.preset('de')\n"
        "print(time.perf_counter() - t)\n"
    )
    import wikikit

    src = str(Path(wikikit.__file__).resolve().parents[1])
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert float(proc.stdout) < 0.5


# --- namespaces per language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "name", "ns_id"),
    [
        (DE, "Vorlage", NS_TEMPLATE),
        (DE, "vorlage", NS_TEMPLATE),
        (DE, "Vorlage_Diskussion", 11),
        (DE, "vorlage  diskussion", 11),
        (DE, "Datei", NS_FILE),
        (DE, "Bild", NS_FILE),  # MessagesDe alias
        (DE, "Image", NS_FILE),  # English alias, merged from the fallback
        (DE, "Kategorie", NS_CATEGORY),
        (DE, "Benutzerin", NS_USER),  # gender alias
        (DE, "Portal", 100),  # wgExtraNamespaces
        (DE, "WD", 5),  # wgNamespaceAliases on dewiki
        (DE, "WP", NS_PROJECT),  # wgNamespaceAliases on all Wikipedias
        (DE, "Modul", NS_MODULE),  # Scribunto's German name
        (FR, "Modèle", NS_TEMPLATE),
        (FR, "Fichier", NS_FILE),
        (FR, "Catégorie", NS_CATEGORY),
        (FR, "Utilisatrice", NS_USER),
        (FR, "Discussion modèle", 11),
        (FR, "Portail", 100),
        (FR, "Discussion Wikipédia", 5),
        (NO, "Kategori", NS_CATEGORY),
        (NO, "Mal", NS_TEMPLATE),
        (NO, "Fil", NS_FILE),
        (NO, "Bilde", NS_FILE),
        (NO, "Wikipedia-diskusjon", 5),
        (NO, "Modul", NS_MODULE),
        (AF, "Kategorie", NS_CATEGORY),
        (AF, "Sjabloon", NS_TEMPLATE),
        (AF, "Lêer", NS_FILE),
        (AF, "Beeld", NS_FILE),
        (EN, "Image talk", 7),
        (EN, "WT", 5),
        (EN, "Draft", 118),
    ],
)
def test_namespace_names(site: SiteConfig, name: str, ns_id: int) -> None:
    assert site.namespace_id(name) == ns_id


def test_unknown_and_foreign_names() -> None:
    assert DE.namespace_id("Sjabloon") is None
    assert EN.namespace_id("Vorlage") is None
    assert EN.namespace_id("") is None
    assert NO.namespace_id("Kategorie") is None


def test_local_names() -> None:
    assert DE.namespace_name(NS_TEMPLATE) == "Vorlage"
    assert DE.namespace_name(5) == "Wikipedia Diskussion"
    assert FR.namespace_name(5) == "Discussion Wikipédia"
    assert NO.namespace_name(NS_CATEGORY) == "Kategori"
    assert EN.namespace_name(NS_MAIN) == ""
    assert EN.namespace_name(12345) == ""
    ns = DE.namespace("Bild")
    assert ns is not None and ns.canonical == "File" and "Bild" in ns.aliases


def test_russian_project_talk_uses_the_grammar_rule() -> None:
    # MessagesRu: 'Обсуждение_{{GRAMMAR:genitive|$1}}' with $1 = Википедия; ru.json's genitive
    # rule (.+)ия$ -> $1ии.
    ru = SiteConfig.preset("ru")
    assert ru.namespace_name(5) == "Обсуждение Википедии"


def test_title_in_german() -> None:
    title = DE.title("bild:Beispiel.jpg")
    assert title == Title(NS_FILE, "Beispiel.jpg")
    assert title is not None and title.prefixed_text == "Datei:Beispiel.jpg"
    assert DE.title("Kategorie:Mann") == Title(NS_CATEGORY, "Mann")


# --- interwiki and language links ------------------------------------------------------------


def test_language_links() -> None:
    assert EN.is_language_link("de") and EN.is_language_link("NO") and EN.is_language_link("af")
    assert not EN.is_language_link("en")  # the wiki itself
    assert not EN.is_language_link("wikt")
    assert not EN.is_language_link("Category")
    assert DE.is_language_link("en") and not DE.is_language_link("de")
    assert not NO.is_language_link("nb") and not NO.is_language_link("no")
    assert EN.is_interwiki("wikt") and EN.is_interwiki("commons") and not EN.is_interwiki("xyz")


# --- magic words -----------------------------------------------------------------------------


def test_magic_word_synonyms_merge_local_before_english() -> None:
    assert DE.redirect_words == ("#WEITERLEITUNG", "#REDIRECT")
    assert DE.synonyms("img_thumbnail")[:2] == ("mini", "miniatur")
    assert set(DE.synonyms("img_thumbnail")) >= {"thumb", "thumbnail"}
    assert FR.redirect_words == ("#REDIRECTION", "#REDIRECT")
    assert NO.redirect_words[0] == "#OMDIRIGERING" and "#REDIRECT" in NO.redirect_words
    assert AF.redirect_words == ("#AANSTUUR", "#REDIRECT")
    # Case flags come from English: PAGENAME is case-sensitive, NOTOC is not.
    assert DE.is_case_sensitive("pagename") and not DE.is_case_sensitive("notoc")


def test_redirect_words_any_case() -> None:
    assert DE.is_redirect_word("#weiterleitung")
    assert DE.is_redirect_word("#Redirect")
    assert not EN.is_redirect_word("#WEITERLEITUNG")
    assert not EN.is_redirect_word("REDIRECT")


def test_variables_and_behaviour_switches() -> None:
    assert EN.variable_id("PAGENAME") == "pagename"
    assert EN.variable_id("pagename") is None  # case-sensitive
    assert DE.variable_id("SEITENNAME") == "pagename"
    assert DE.variable_id("PAGENAME") == "pagename"
    assert EN.variable_id("CURRENTYEAR") == "currentyear"
    assert EN.variable_id("NOTAVARIABLE") is None
    assert EN.double_underscore_id("__NOTOC__") == "notoc"
    assert EN.double_underscore_id("__notoc__") == "notoc"
    assert DE.double_underscore_id("__KEIN_INHALTSVERZEICHNIS__") == "notoc"
    assert EN.double_underscore_id("NOTOC") is None


def test_parser_functions() -> None:
    assert EN.parser_function_id("#if") == "if"
    assert EN.parser_function_id("#IF") == "if"
    assert EN.parser_function_id("if") is None  # ParserFunctions need the hash
    assert EN.parser_function_id("lc") == "lc"
    assert EN.parser_function_id("LC") == "lc"
    assert EN.parser_function_id("#lc") is None
    assert EN.parser_function_id("#invoke") == "invoke"
    assert EN.parser_function_id(" #switch ") == "switch"
    assert EN.parser_function_id("#tag") == "tag"
    assert DE.parser_function_id("klein") == "lc"
    assert DE.parser_function_id("#aufrufen") == "invoke"
    assert NO.parser_function_id("#kjør") == "invoke"
    assert FR.parser_function_id("#invoque") == "invoke"
    # PAGENAME is case-sensitive as a parser function too.
    assert EN.parser_function_id("PAGENAME") == "pagename"
    assert EN.parser_function_id("pagename") is None


def test_magic_prefixes() -> None:
    subst = ("subst", "safesubst")
    assert EN.strip_magic_prefix("subst:Foo", subst) == ("subst", "Foo")
    assert EN.strip_magic_prefix("SafeSubst:Foo", subst) == ("safesubst", "Foo")
    assert EN.strip_magic_prefix("substance", subst) is None
    assert EN.strip_magic_prefix("msgnw:Foo", ("msg", "msgnw")) == ("msgnw", "Foo")
    assert DE.strip_magic_prefix("ers:Foo", subst) == ("subst", "Foo")
    assert DE.strip_magic_prefix("SICHER_ERS:Foo", subst) == ("safesubst", "Foo")


def test_image_options() -> None:
    assert EN.image_option("thumb") == ("img_thumbnail", "")
    assert EN.image_option(" right ") == ("img_right", "")
    assert EN.image_option("200px") == ("img_width", "200")
    assert EN.image_option("x120px") == ("img_width", "x120")
    assert EN.image_option("upright") == ("img_upright", "")
    assert EN.image_option("upright=1.5") == ("img_upright", "1.5")
    assert EN.image_option("link=Foo") == ("img_link", "Foo")
    assert EN.image_option("alt=A cat") == ("img_alt", "A cat")
    assert EN.image_option("Thumb") is None  # image options are case-sensitive
    assert EN.image_option("A caption") is None
    assert DE.image_option("miniatur") == ("img_thumbnail", "")
    assert DE.image_option("rechts") == ("img_right", "")
    assert FR.image_option("droite") == ("img_right", "")
    assert NO.image_option("miniatyr") == ("img_thumbnail", "")


# --- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "text", "target"),
    [
        (EN, "#REDIRECT [[Foo]]", Title(NS_MAIN, "Foo")),
        (EN, "#redirect[[foo bar]]", Title(NS_MAIN, "Foo bar")),
        (EN, "  \n#REDIRECT: [[Foo|label]] trailing", Title(NS_MAIN, "Foo")),
        (EN, "#REDIRECT\n[[Foo#Part]]", Title(NS_MAIN, "Foo", "Part")),
        (EN, "#REDIRECT [[Foo%20bar]]", Title(NS_MAIN, "Foo bar")),
        (EN, "#REDIRECT [[:Category:X]]", Title(NS_CATEGORY, "X")),
        (EN, "#REDIRECT [[de:Ziel]]", Title(NS_MAIN, "Ziel", "", "de")),
        (DE, "#WEITERLEITUNG [[Ziel]]", Title(NS_MAIN, "Ziel")),
        (DE, "#weiterleitung [[Vorlage:X]]", Title(NS_TEMPLATE, "X")),
        (DE, "#REDIRECT [[Ziel]]", Title(NS_MAIN, "Ziel")),
        (FR, "#REDIRECTION [[Cible]]", Title(NS_MAIN, "Cible")),
        (NO, "#OMDIRIGERING [[Mål]]", Title(NS_MAIN, "Mål")),
        (AF, "#AANSTUUR [[Teiken]]", Title(NS_MAIN, "Teiken")),
    ],
)
def test_redirect_targets(site: SiteConfig, text: str, target: Title) -> None:
    assert site.redirect_target(text) == target


@pytest.mark.parametrize(
    ("site", "text"),
    [
        (EN, "Some text #REDIRECT [[Foo]]"),
        (EN, "#REDIRECTION [[Foo]]"),  # not a synonym on en; "ION" stands between
        (EN, "#WEITERLEITUNG [[Foo]]"),
        (EN, "#REDIRECT Foo"),
        (EN, "#REDIRECT [[]]"),
        (EN, "#REDIRECT [[Foo<bar]]"),
        (EN, "#REDIRECT [[Special:Mypage]]"),
        (EN, "#REDIRECT [[#Section]]"),
    ],
)
def test_not_redirects(site: SiteConfig, text: str) -> None:
    assert site.redirect_target(text) is None


# --- link trail ------------------------------------------------------------------------------


def test_link_trail_english_and_german() -> None:
    # MessagesEn: /^([a-z]+)(.*)$/sD; MessagesDe: /^([äöüßa-z]+)(.*)$/sDu.
    assert EN.split_link_trail("s of") == ("s", " of")
    assert EN.split_link_trail("äpfel") == ("", "äpfel")
    assert EN.split_link_trail("Xyz") == ("", "Xyz")
    assert EN.split_link_trail("") == ("", "")
    assert DE.split_link_trail("äpfel!") == ("äpfel", "!")
    assert DE.split_link_trail("ßen\nmehr") == ("ßen", "\nmehr")
    assert NO.split_link_trail("ene på") == ("ene", " på")


def test_link_trail_of_chinese_is_empty() -> None:
    # MessagesZh_hans: /^()(.*)$/sD, reached through zh's fallback chain.
    zh = SiteConfig.preset("zh")
    assert zh.split_link_trail("abc") == ("", "abc")


def test_php_regex_conversion() -> None:
    assert php_regex_to_python("/^([a-z]+)(.*)$/sD") == (r"^([a-z]+)(.*)\Z", re.DOTALL)
    pattern, flags = php_regex_to_python("/^([a-z\\x{00E4}]+)(.*)$/sDu")
    assert re.match(pattern, "ä!", flags) is not None
    assert php_regex_to_python("") == ("", 0)
    assert php_regex_to_python("#a#i") == ("a", re.IGNORECASE)


def test_arabic_link_prefix_charset() -> None:
    ar = SiteConfig.preset("ar")
    assert ar.rtl
    assert "ء-ي" in ar.link_prefix_charset
    assert EN.link_prefix_charset == ""


# --- infoboxes, tags, urls --------------------------------------------------------------------


def test_infobox_names() -> None:
    assert EN.is_infobox_name("Infobox person")
    assert EN.is_infobox_name("Template:infobox settlement")
    assert not EN.is_infobox_name("Citation needed")
    assert DE.is_infobox_name("Vorlage:Infobox Unternehmen")
    assert NO.is_infobox_name("Infoboks verksemd")
    assert AF.is_infobox_name("Inligtingskas Eilande")
    assert SiteConfig.preset("es").is_infobox_name("Ficha de persona")
    assert SiteConfig.preset("pl").is_infobox_name("Państwo infobox")


def test_extension_tags() -> None:
    assert EN.is_extension_tag("ref") and EN.is_extension_tag("REFERENCES")
    assert EN.is_extension_tag("syntaxhighlight") and EN.is_extension_tag("templatestyles")
    assert not EN.is_extension_tag("div")
    assert DE.is_extension_tag("abschnitt")  # LabeledSectionTransclusion's German <section>


def test_page_url() -> None:
    assert EN.page_url("foo bar") == "https://en.wikipedia.org/wiki/Foo_bar"
    assert EN.page_url("AC/DC") == "https://en.wikipedia.org/wiki/AC/DC"
    assert EN.page_url("Foo?") == "https://en.wikipedia.org/wiki/Foo%3F"
    assert DE.page_url("Vorlage:Ä") == "https://de.wikipedia.org/wiki/Vorlage:%C3%84"
    assert EN.page_url("a|b") == ""


def test_replace_derives_a_new_configuration() -> None:
    site = replace(EN, sitename="Example", server="https://example.org")
    assert site.sitename == "Example" and site.namespaces == EN.namespaces
    assert site != EN
