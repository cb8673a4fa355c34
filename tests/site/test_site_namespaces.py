"""NamespaceTable lookup rules and a normalization property of titles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wikikit.site import Namespace, NamespaceTable, SiteConfig, normalize_name

TABLE = NamespaceTable(
    [
        Namespace(0, "", "", content=True),
        Namespace(4, "Wikipedia", "Project", ("WP",), subpages=True),
        Namespace(6, "Datei", "File", ("Bild", "Image")),
        Namespace(10, "Vorlage", "Template"),
        Namespace(11, "Vorlage Diskussion", "Template talk", subpages=True),
        # An alias that collides with another namespace's canonical name loses to it.
        Namespace(100, "Portal", "Portal", ("Template",)),
    ]
)


def test_normalize_name() -> None:
    assert normalize_name("Vorlage_Diskussion") == "vorlage diskussion"
    assert normalize_name("  Vorlage \u00a0 _Diskussion ") == "vorlage diskussion"
    assert normalize_name("ÉTÉ") == "été"


def test_lookup_by_any_name() -> None:
    assert TABLE.id_of("vorlage") == 10
    assert TABLE.id_of("TEMPLATE") == 10
    assert TABLE.id_of("Vorlage  diskussion") == 11
    assert TABLE.id_of("template_talk") == 11
    assert TABLE.id_of("bild") == 6
    assert TABLE.id_of("wp") == 4
    assert TABLE.id_of("Project") == 4
    assert TABLE.id_of("") is None
    assert TABLE.id_of("Nope") is None


def test_canonical_names_win() -> None:
    assert TABLE.id_of("Template") == 10


def test_table_is_a_mapping_by_id() -> None:
    assert list(TABLE) == [0, 4, 6, 10, 11, 100]
    assert len(TABLE) == 6 and TABLE[6].name == "Datei" and 7 not in TABLE
    assert TABLE.name_of(11) == "Vorlage Diskussion" and TABLE.name_of(99) == ""
    lookup = TABLE.lookup("image")
    assert lookup is not None and lookup.id == 6
    assert TABLE.names()["bild"] == 6


def test_namespace_pairs() -> None:
    assert TABLE[10].talk_id == 11 and TABLE[11].subject_id == 10
    assert TABLE[11].is_talk and not TABLE[10].is_talk
    special = Namespace(-1, "Spezial", "Special")
    assert special.talk_id is None and special.subject_id is None and not special.is_talk
    assert TABLE[6].names() == ("Datei", "File", "Bild", "Image")


def test_tables_compare_by_content() -> None:
    same = NamespaceTable(list(TABLE.values()))
    assert same == TABLE and hash(same) == hash(TABLE)
    assert NamespaceTable(list(TABLE.values())[:-1]) != TABLE


EN = SiteConfig.preset("en")
DE = SiteConfig.preset("de")
PIECES = st.sampled_from(
    [
        "foo", "Bar", " ", "_", "  ", ":", "#", "x", "é", "ß", "/", ".", "de", "en", "wp",
        "template", "Vorlage", "talk", "File", "Image", "Category", "Help talk", "Spezial",
        "\u00a0", "\u200e", "&amp;", "1", "ǆ", "Ǆ",
    ]
)  # fmt: skip


@given(st.lists(PIECES, max_size=8).map("".join), st.sampled_from([EN, DE]))
def test_normalized_titles_are_fixed_points(text: str, site: SiteConfig) -> None:
    # Parsing the full text of a parsed title gives the same title back, as MediaWiki relies
    # on when it stores prefixed titles.
    title = site.title(text)
    if title is None:
        return
    again = site.title(title.full_text)
    assert again == title
    assert again is not None and again.prefixed_text == title.prefixed_text
