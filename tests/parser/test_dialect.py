"""Dialect detection on article exports written for these tests, and on real wikitext."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import wikikit
from wikikit.parser import detect_dialect

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "articles"
CORPUS = (
    Path(os.environ.get("WIKIKIT_SHARED", str(ROOT.parent / "shared"))) / "corpus" / "wikipedia"
)

WITH_INFOBOX = (
    "= Lake Example =\n\nInfobox\n- Name: Lake Example\n- Area: 12 km2\n\n"
    "Lake Example is a lake.\n\n==Geography==\nIt is deep.\n"
)
NAMED_INFOBOX = "= Ann Doe =\n\nAnn Doe\n- Birth Place: Oslo\n- Occupation: Writer\n\nAnn wrote.\n"
WITHOUT_INFOBOX = (
    "= Quiet Village =\n\nQuiet Village is a village.\n\nIt has a church.\n\n"
    "== History ==\nFounded long ago.\n\n=== Later years ===\nIt grew.\n"
)
CRLF = "= Quiet Village =\r\n\r\nQuiet Village is a village.\r\n\r\n== History ==\r\nOld.\r\n"
TITLE_ONLY = "= Just A Title =\n"
COLONS_AND_DASHES = (
    "= Timeline =\n\nThe year went as follows:\n- spring: planting\n- summer: growth\n\n"
    "Note: dates are approximate.\n- Not a field, just a dash line\n"
)


@pytest.mark.parametrize(
    "text",
    [WITH_INFOBOX, NAMED_INFOBOX, WITHOUT_INFOBOX, CRLF, TITLE_ONLY, COLONS_AND_DASHES],
)
def test_exports_are_read_as_exports(text: str) -> None:
    assert detect_dialect(text) == "article"
    doc = wikikit.parse(text)
    assert doc.dialect == "article"
    assert doc.title == text.split("=", 2)[1].strip()
    assert doc.to_wikitext() == text


def test_export_infobox_with_and_without_header_name() -> None:
    assert wikikit.parse(WITH_INFOBOX).infobox.to_dict() == {  # type: ignore[union-attr]
        "Name": "Lake Example",
        "Area": "12 km2",
    }
    box = wikikit.parse(NAMED_INFOBOX).infobox
    assert box is not None and box.label == "Ann Doe"


def test_export_without_infobox_keeps_title_and_sections() -> None:
    doc = wikikit.parse(WITHOUT_INFOBOX)
    assert doc.infobox is None
    assert [s.title for s in doc.all_sections()] == ["History", "Later years"]
    crlf = wikikit.parse(CRLF)
    assert crlf.title == "Quiet Village" and [s.title for s in crlf.sections] == ["History"]


def test_body_dash_lines_are_not_an_infobox() -> None:
    # Export keys are title-cased, and the infobox block only comes first.
    doc = wikikit.parse(COLONS_AND_DASHES)
    assert doc.infobox is None
    assert "spring: planting" in doc.text


def test_wikitext_with_a_level_one_heading_stays_mediawiki() -> None:
    assert detect_dialect("= Intro =\n'''Bold''' text with [[a link]].\n") == "mediawiki"
    assert detect_dialect("= Intro =\n{{Infobox x|a=b}}\nText.\n") == "mediawiki"
    assert detect_dialect("= Intro =\nText.<ref>r</ref>\n") == "mediawiki"
    assert detect_dialect("== Not a title ==\nText.\n") == "mediawiki"
    assert detect_dialect("Text first.\n= Late title =\n") == "mediawiki"


def test_every_shared_article_is_mediawiki() -> None:
    files = sorted(FIXTURES.glob("*.wiki"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.wiki"))
        assert len(files) > 70
    assert files
    misread = [
        f.name for f in files if detect_dialect(f.read_text(encoding="utf-8")) != "mediawiki"
    ]
    assert misread == []
