"""A wiki's language: parsing, accessors and HTML with a site configuration."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

import wikikit
from conftest import ARTICLES, dump_xml, read_exact
from wikikit import Infobox, Wiki, WikiLink
from wikikit.site import SiteConfig
from wikikit.sources import iter_dump


def test_wiki_holds_site_pages_and_clock() -> None:
    wiki = Wiki("de", pages={"Vorlage:X": "y"})
    assert wiki.site.language == "de"
    assert wiki.page("Vorlage:X") == "y"
    assert Wiki().site.language == "en"
    assert Wiki(site=SiteConfig.preset("fr")).site.language == "fr"


@pytest.mark.parametrize(
    ("language", "text", "category"),
    [
        ("de", "[[Kategorie:Physik]]", "Physik"),
        ("fr", "[[Catégorie:Physique]]", "Physique"),
        ("nl", "[[Categorie:Natuurkunde]]", "Natuurkunde"),
        ("af", "[[Kategorie:Fisika]]", "Fisika"),
        ("no", "[[Kategori:Fysikk]]", "Fysikk"),
        # The canonical English name works on every wiki.
        ("de", "[[Category:Physik]]", "Physik"),
    ],
)
def test_categories_in_the_wikis_language(language: str, text: str, category: str) -> None:
    assert Wiki(language).parse(text).categories == [category]
    assert category in Wiki(language).to_html(text).categories
    assert category not in wikikit.to_html(text, wiki=Wiki(language))


def test_default_is_english_wikipedia() -> None:
    doc = wikikit.parse("[[Kategorie:Physik]]")
    assert doc.categories == []
    assert doc.links == ["Kategorie:Physik"]


def test_file_links_by_local_name() -> None:
    text = "[[Datei:X.png|mini|hochkant=1.2|Ein [[Link]] im Bild]]nach"
    doc = Wiki("de").parse(text)
    link = doc.find_first(WikiLink)
    assert link is not None and link.title == "Datei:X.png"
    (image,) = doc.images
    assert (image.name, image.frame, image.upright, image.caption) == (
        "X.png",
        "thumb",
        "1.2",
        "Ein Link im Bild",
    )
    html = wikikit.to_html(text, wiki=Wiki("de"))
    assert "wikikit-thumb" in html
    # English: "Datei:" is no file namespace, so the inner link ends the outer one.
    assert wikikit.parse(text).images == []


def test_link_trail_follows_the_language() -> None:
    link = Wiki("de").parse("[[Haus]]häuser und").find_first(WikiLink)
    assert link is not None and link.trail == "häuser"
    link = wikikit.parse("[[Haus]]häuser").find_first(WikiLink)
    assert link is not None and link.trail == "h"


def test_redirect_words() -> None:
    assert Wiki("de").parse("#WEITERLEITUNG [[Ziel]]").redirect == "Ziel"
    assert Wiki("nl").parse("#DOORVERWIJZING [[Doel]]").redirect == "Doel"
    assert Wiki("de").parse("#REDIRECT [[Ziel]]").redirect == "Ziel"
    assert wikikit.parse("#WEITERLEITUNG [[Ziel]]").redirect is None
    assert wikikit.parse("#redirect [[Target]]").redirect == "Target"


def test_infobox_names_of_the_wiki() -> None:
    text = "{{Ficha de persona\n|nombre=A\n}}\n"
    assert isinstance(Wiki("es").parse(text).blocks[0], Infobox)
    assert wikikit.parse(text).infobox is None


def test_extension_tags_of_the_wiki() -> None:
    # <section> is Labeled Section Transclusion's tag on de ("abschnitt" its local name).
    doc = Wiki("de").parse("<abschnitt begin=a />x")
    assert doc.find(wikikit.ExtensionTag)
    assert not wikikit.parse("<abschnitt begin=a />x").find(wikikit.ExtensionTag)


def test_language_links_in_html() -> None:
    html = Wiki("de").to_html("Text [[en:Thing]]")
    assert html.language_links == (("en", "Thing"),)


def test_site_is_not_part_of_equality_and_survives_edits() -> None:
    de = Wiki("de").parse("[[Kategorie:A]] {{t|x=1}}")
    en = wikikit.parse("[[Kategorie:A]] {{t|x=1}}")
    assert de == en
    edited = de.transform(wikikit.Template, lambda t: t.set("x", "2"))
    assert edited.categories == ["A"]
    assert de.replace(de.templates[0], de.templates[0].set("x", "3")).categories == ["A"]
    assert pickle.loads(pickle.dumps(en)) == en
    again = pickle.loads(pickle.dumps(de))
    assert again == de and again.categories == ["A"]
    custom = Wiki(site=dataclasses.replace(SiteConfig.preset("fr"), sitename="X"))
    assert pickle.loads(pickle.dumps(custom.parse("x"))).given_site == custom.site


def test_dump_pages_parse_with_the_dumps_siteinfo(tmp_path: Path) -> None:
    xml = dump_xml([("Seite", ["Text [[Kategorie:Physik]]"])]).decode("utf-8")
    xml = xml.replace("<dbname>enwiki</dbname>", "<dbname>dewiki</dbname>").replace(
        '<namespace key="0" case="first-letter" />',
        '<namespace key="0" case="first-letter" />'
        '<namespace key="14" case="first-letter">Kategorie</namespace>',
    )
    path = tmp_path / "de.xml"
    path.write_text(xml, encoding="utf-8")
    (item,) = list(iter_dump(str(path)))
    from wikikit.sources.siteinfo import site_config

    site = site_config(item.site)  # type: ignore[union-attr]
    assert site is not None and site.language == "de"
    assert wikikit.parse(item.text, site=site).categories == ["Physik"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "language"),
    [("keilwelle.wiki", "de"), ("maurische_netzwuhle.wiki", "de"), ("statoil.wiki", "no")],
)
def test_german_and_norwegian_pages_have_categories(name: str, language: str) -> None:
    text = read_exact(ARTICLES / name)
    doc = Wiki(language).parse(text)
    assert doc.categories
    html = Wiki(language).to_html(text)
    assert list(html.categories) == doc.categories
    # No category link is left visible in the page.
    assert 'title="Kategori' not in html
