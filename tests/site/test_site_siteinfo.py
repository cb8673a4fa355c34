"""SiteConfig.from_siteinfo (API, formatversion 1 and 2) and from_dump_siteinfo (XML dumps)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from wikikit.site import NS_CATEGORY, NS_FILE, NS_MAIN, NS_TEMPLATE, SiteConfig, Title

# A small siteinfo answer in the shape of action=query&meta=siteinfo&formatversion=2.
FV2: dict[str, Any] = {
    "batchcomplete": True,
    "query": {
        "general": {
            "mainpage": "Hoofdpagina",
            "sitename": "Wikipedia",
            "lang": "nl",
            "rtl": False,
            "case": "first-letter",
            "server": "//nl.wikipedia.org",
            "articlepath": "/wiki/$1",
            "scriptpath": "/w",
            "wikiid": "nlwiki",
            "linktrail": "/^([a-zäöüïëéèà]+)(.*)$/sDu",
            "linkprefixcharset": "",
        },
        "namespaces": {
            "-2": {"id": -2, "case": "first-letter", "name": "Media", "canonical": "Media",
                   "subpages": False, "content": False},
            "-1": {"id": -1, "case": "first-letter", "name": "Speciaal", "canonical": "Special",
                   "subpages": False, "content": False},
            "0": {"id": 0, "case": "first-letter", "name": "", "subpages": False,
                  "content": True},
            "1": {"id": 1, "case": "first-letter", "name": "Overleg", "canonical": "Talk",
                  "subpages": True, "content": False},
            "6": {"id": 6, "case": "first-letter", "name": "Bestand", "canonical": "File",
                  "subpages": False, "content": False},
            "10": {"id": 10, "case": "first-letter", "name": "Sjabloon", "canonical": "Template",
                   "subpages": True, "content": False},
            "14": {"id": 14, "case": "first-letter", "name": "Categorie",
                   "canonical": "Category", "subpages": False, "content": False},
            "100": {"id": 100, "case": "first-letter", "name": "Portaal", "canonical": "Portaal",
                    "subpages": True, "content": False},
            "200": {"id": 200, "case": "case-sensitive", "name": "Woord", "canonical": "Woord",
                    "subpages": False, "content": True},
        },
        "namespacealiases": [
            {"id": 6, "alias": "Afbeelding"},
            {"id": 6, "alias": "Image"},
            {"id": 100, "alias": "P"},
        ],
        "magicwords": [
            {"name": "redirect", "aliases": ["#DOORVERWIJZING", "#REDIRECT"],
             "case-sensitive": False},
            {"name": "pagename", "aliases": ["PAGINANAAM", "PAGENAME"], "case-sensitive": True},
            {"name": "notoc", "aliases": ["__GEENINHOUD__", "__NOTOC__"],
             "case-sensitive": False},
            {"name": "if", "aliases": ["als", "if"], "case-sensitive": False},
            {"name": "lc", "aliases": ["KLEINELETTERS:", "LC:"], "case-sensitive": False},
            {"name": "img_thumbnail", "aliases": ["miniatuur", "thumb", "thumbnail"],
             "case-sensitive": True},
            {"name": "img_width", "aliases": ["$1px"], "case-sensitive": True},
        ],
        "extensiontags": ["<ref>", "<references>", "<nowiki>", "<pre>"],
        "interwikimap": [
            {"prefix": "en", "local": True, "language": "English",
             "url": "https://en.wikipedia.org/wiki/$1"},
            {"prefix": "nl", "local": True, "language": "Nederlands", "localinterwiki": True,
             "url": "https://nl.wikipedia.org/wiki/$1"},
            {"prefix": "wikt", "local": True, "url": "https://nl.wiktionary.org/wiki/$1"},
        ],
        "functionhooks": ["if", "lc"],
        "variables": ["pagename"],
        "doubleunderscores": ["notoc"],
    },
}  # fmt: skip


def to_formatversion_1(fv2: dict[str, Any]) -> dict[str, Any]:
    """The same answer as formatversion=1 writes it: names under "*", true flags as ""."""
    q = fv2["query"]
    g = dict(q["general"])
    del g["rtl"]  # false flags are left out
    namespaces = {}
    for key, ns in q["namespaces"].items():
        entry: dict[str, Any] = {"id": ns["id"], "case": ns["case"], "*": ns["name"]}
        if "canonical" in ns:
            entry["canonical"] = ns["canonical"]
        for flag in ("subpages", "content"):
            if ns[flag]:
                entry[flag] = ""
        namespaces[key] = entry
    magic = []
    for mw in q["magicwords"]:
        entry = {"name": mw["name"], "aliases": mw["aliases"]}
        if mw["case-sensitive"]:
            entry["case-sensitive"] = ""
        magic.append(entry)
    interwiki = []
    for iw in q["interwikimap"]:
        entry = {"prefix": iw["prefix"], "url": iw["url"], "local": ""}
        if "language" in iw:
            entry["language"] = iw["language"]
        if iw.get("localinterwiki"):
            entry["localinterwiki"] = ""
        interwiki.append(entry)
    return {
        "batchcomplete": "",
        "query": {
            **q,
            "general": g,
            "namespaces": namespaces,
            "namespacealiases": [{"id": a["id"], "*": a["alias"]} for a in q["namespacealiases"]],
            "magicwords": magic,
            "interwikimap": interwiki,
        },
    }


FV1 = to_formatversion_1(FV2)


def test_siteinfo_formatversion_2() -> None:
    site = SiteConfig.from_siteinfo(FV2)
    assert (site.language, site.sitename, site.dbname) == ("nl", "Wikipedia", "nlwiki")
    assert site.server == "https://nl.wikipedia.org"
    assert site.main_page == "Hoofdpagina"
    assert site.namespace_id("sjabloon") == NS_TEMPLATE
    assert site.namespace_id("Afbeelding") == NS_FILE
    assert site.namespace_id("Image") == NS_FILE
    assert site.namespace_id("File") == NS_FILE  # canonical
    assert site.namespace_id("P") == 100
    assert site.namespace_id("Vorlage") is None
    assert site.namespaces[10].subpages and not site.namespaces[6].subpages
    assert site.namespaces[200].content and site.namespaces[200].case == "case-sensitive"
    assert site.title("woord:kat") == Title(200, "kat")
    title = site.title("template:foo")
    assert title is not None and title.prefixed_text == "Sjabloon:Foo"
    assert site.redirect_words == ("#DOORVERWIJZING", "#REDIRECT")
    assert site.redirect_target("#doorverwijzing [[Categorie:Kat]]") == Title(NS_CATEGORY, "Kat")
    assert site.variable_id("PAGINANAAM") == "pagename"
    assert site.double_underscore_id("__geeninhoud__") == "notoc"
    assert site.parser_function_id("#als") == "if"
    assert site.parser_function_id("kleineletters") == "lc"
    assert site.image_option("miniatuur") == ("img_thumbnail", "")
    assert site.image_option("300px") == ("img_width", "300")
    assert site.split_link_trail("ën zo") == ("ën", " zo")
    assert site.extension_tags == frozenset({"ref", "references", "nowiki", "pre"})
    assert site.is_language_link("en") and not site.is_language_link("nl")
    assert not site.is_language_link("wikt") and site.is_interwiki("WIKT")
    # "nl:" names the wiki itself.
    assert site.title("nl:Sjabloon:X") == Title(NS_TEMPLATE, "X")
    # The nl preset supplies what siteinfo does not say: the infobox words.
    assert site.is_infobox_name("Infobox land")


def test_siteinfo_formatversion_1_reads_the_same() -> None:
    assert FV1["query"]["namespaces"]["10"]["*"] == "Sjabloon"
    assert SiteConfig.from_siteinfo(FV1) == SiteConfig.from_siteinfo(FV2)


def test_siteinfo_from_text_and_path(tmp_path: Path) -> None:
    text = json.dumps(FV1)
    path = tmp_path / "siteinfo.json"
    path.write_text(text, encoding="utf-8")
    expected = SiteConfig.from_siteinfo(FV2)
    assert SiteConfig.from_siteinfo(text) == expected
    assert SiteConfig.from_siteinfo(path) == expected
    assert SiteConfig.from_siteinfo(str(path)) == expected


def test_siteinfo_without_parts_keeps_english_defaults() -> None:
    site = SiteConfig.from_siteinfo({"query": {"general": {"lang": "xx", "sitename": "X"}}})
    assert site.sitename == "X" and site.language == "xx"
    assert site.namespace_id("Template") == NS_TEMPLATE
    assert site.local_interwikis == frozenset({"xx"})
    assert site.infobox_prefixes == ("Infobox",)


def test_malformed_siteinfo_does_not_raise() -> None:
    site = SiteConfig.from_siteinfo("{not json")
    assert site.language == "en"
    odd = {
        "query": {
            "general": "nope",
            "namespaces": {"x": {"id": "a"}, "4": "bad", "10": {"id": 10, "name": "T"}},
            "magicwords": [{"name": 3}, "bad", {"name": "redirect", "aliases": "#R"}],
            "interwikimap": [{"prefix": None}, "x"],
        }
    }
    site = SiteConfig.from_siteinfo(odd)
    assert site.namespace_id("T") == NS_TEMPLATE
    assert "redirect" not in site.magic_words


# --- dumps -----------------------------------------------------------------------------------

DUMP_SITEINFO = """
<siteinfo xmlns="http://www.mediawiki.org/xml/export-0.11/">
  <sitename>Wikipedia</sitename>
  <dbname>dewiki</dbname>
  <base>https://de.wikipedia.org/wiki/Wikipedia:Hauptseite</base>
  <generator>MediaWiki 1.43.0-wmf.1</generator>
  <case>first-letter</case>
  <namespaces>
    <namespace key="-2" case="first-letter">Medium</namespace>
    <namespace key="-1" case="first-letter">Spezial</namespace>
    <namespace key="0" case="first-letter" />
    <namespace key="1" case="first-letter">Diskussion</namespace>
    <namespace key="4" case="first-letter">Wikipedia</namespace>
    <namespace key="6" case="first-letter">Datei</namespace>
    <namespace key="10" case="first-letter">Vorlage</namespace>
    <namespace key="14" case="first-letter">Kategorie</namespace>
    <namespace key="100" case="first-letter">Portal</namespace>
  </namespaces>
</siteinfo>
"""


def test_dump_siteinfo_element() -> None:
    site = SiteConfig.from_dump_siteinfo(ET.fromstring(DUMP_SITEINFO))
    assert (site.sitename, site.dbname, site.language) == ("Wikipedia", "dewiki", "de")
    assert site.server == "https://de.wikipedia.org"
    assert site.article_path == "/wiki/$1"
    assert site.main_page == "Wikipedia:Hauptseite"
    assert sorted(site.namespaces) == [-2, -1, 0, 1, 4, 6, 10, 14, 100]
    # Aliases and magic words the dump does not carry come from the de preset.
    assert site.namespace_id("Bild") == NS_FILE
    assert site.namespace_id("Template") == NS_TEMPLATE
    assert site.is_redirect_word("#WEITERLEITUNG")
    assert site.title("vorlage:x") == Title(NS_TEMPLATE, "X")


def test_dump_siteinfo_plain_data() -> None:
    data = {
        "sitename": "Wikipedia",
        "dbname": "nowiki",
        "base": "https://no.wikipedia.org/wiki/Forside",
        "namespaces": [
            (0, "first-letter", ""),
            (10, "first-letter", "Mal"),
            ("14", "first-letter", "Kategori"),
            {"key": 6, "case": "first-letter", "name": "Fil"},
        ],
    }
    site = SiteConfig.from_dump_siteinfo(data)
    assert site.language == "nb" and site.dbname == "nowiki"
    assert site.main_page == "Forside"
    assert site.namespace_id("kategori") == NS_CATEGORY
    assert site.namespace_id("Bilde") == NS_FILE
    assert site.title("Mal:Infoboks") == Title(NS_TEMPLATE, "Infoboks")
    assert site.local_interwikis == frozenset({"no", "nb"})


def test_dump_siteinfo_of_a_wiki_without_preset() -> None:
    data = {
        "sitename": "Wikipédia",
        "dbname": "xxwiki",
        "base": "https://xx.example.org/wiki/Accueil",
        "namespaces": [
            (0, "case-sensitive", ""),
            (10, "case-sensitive", "Modèle"),
            (2600, "first-letter", "Sujet"),
        ],
    }
    site = SiteConfig.from_dump_siteinfo(data)
    assert site.language == "xx" and site.local_interwikis == frozenset({"xx"})
    assert site.server == "https://xx.example.org"
    assert site.namespace_id("Modèle") == NS_TEMPLATE
    assert site.namespace_id("Template") == NS_TEMPLATE
    assert site.namespace_id("Sujet") == 2600
    assert site.title("modèle:foo") == Title(NS_TEMPLATE, "foo")  # case-sensitive
    assert site.title("foo") == Title(NS_MAIN, "foo")
    assert site.redirect_words == ("#REDIRECT",)


def test_dump_siteinfo_junk_does_not_raise() -> None:
    assert SiteConfig.from_dump_siteinfo({}) == SiteConfig()
    assert SiteConfig.from_dump_siteinfo(42).language == "en"
    site = SiteConfig.from_dump_siteinfo({"namespaces": [("x", None, None), 5, (10, None, "T")]})
    assert site.namespace_id("T") == NS_TEMPLATE
