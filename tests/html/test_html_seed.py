"""The seed article (article export) rendered to HTML, checked against hand-written
expectations on the parsed DOM (html5lib), not on the string."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import wikikit
from conftest import SEED_FIELDS as EXPECTED_FIELDS

html5lib = pytest.importorskip("html5lib")

SEED_PATHS = [
    Path(__file__).resolve().parents[3] / "shared/corpus/seed/second_battle_of_kidal.txt",
    Path(__file__).resolve().parents[2] / "fixtures/articles/second_battle_of_kidal.txt",
]

# The 11 fields, written by hand from the seed file (shared with the tree test).
FIELDS = EXPECTED_FIELDS
HEADINGS = [
    ("h1", "Second_Battle_of_Kidal", "Second Battle of Kidal"),
    ("h2", "The_battle", "The battle"),
    (
        "h3",
        "Prime_Minister.27s_visit_and_hostage-taking",
        "Prime Minister's visit and hostage-taking",
    ),
    ("h3", "Malian_army_offensive", "Malian army offensive"),
]


def _seed_text() -> str:
    for p in SEED_PATHS:
        if p.exists():
            return p.read_text(encoding="utf-8")
    pytest.skip("seed article not found")


def _dom(markup: str) -> Any:
    return html5lib.parseFragment(
        markup, container="div", treebuilder="etree", namespaceHTMLElements=False
    )


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


@pytest.fixture(scope="module")
def rendered() -> wikikit.html.HtmlOutput:
    return wikikit.to_html(_seed_text(), dialect="article")


def test_title_is_h1(rendered: str) -> None:
    root = _dom(rendered)
    h1s = list(root.iter("h1"))
    assert len(h1s) == 1
    assert _text(h1s[0]) == "Second Battle of Kidal"
    # It is the first thing on the page.
    first = next(el for el in root.iter() if el.tag in ("h1", "h2", "h3", "p", "table"))
    assert first is h1s[0]


def test_infobox_table_fields_in_order(rendered: str) -> None:
    root = _dom(rendered)
    boxes = [t for t in root.iter("table") if "infobox" in t.get("class", "").split()]
    assert len(boxes) == 1
    box = boxes[0]
    caption = box.find("caption")
    assert caption is not None and _text(caption) == "Second Battle of Kidal"
    rows = [(_text(tr.find("th")), _text(tr.find("td"))) for tr in box.iter("tr")]
    assert rows == FIELDS


def test_headings_with_ids(rendered: str) -> None:
    root = _dom(rendered)
    found = [
        (el.tag, el.get("id"), _text(el))
        for el in root.iter()
        if el.tag in ("h1", "h2", "h3", "h4")
    ]
    assert found == HEADINGS


def test_paragraphs(rendered: str) -> None:
    root = _dom(rendered)
    paras = [_text(p) for p in root.iter("p")]
    assert len(paras) == 6
    assert paras[0].startswith("The Second Battle of Kidal took place during the Mali War")
    assert paras[1].startswith("Since the foreign intervention in Mali")
    assert paras[2].startswith("On 17 May, in Kidal, the Prime Minister convoy's was attacked")
    assert '"...a declaration of war"' in paras[2]
    assert paras[4].endswith(
        "held by the French troops and Minusma. 50 Malian soldiers were "
        "killed and 40 wounded in the fighting."
    )
    assert paras[5].startswith('According to MNLA, they seized "...50 brand new 4 x 4 vehicles,"')
    assert paras[5].endswith("tons of ammunition and weapons.")
    # No empty paragraphs, no markup left over.
    assert all(paras)
    assert "==" not in rendered and "- Conflict:" not in rendered


def test_document_order(rendered: str) -> None:
    root = _dom(rendered)
    order = [el.tag for el in root.iter() if el.tag in ("h1", "h2", "table", "p")]
    assert order[:4] == ["h1", "table", "p", "p"]
    assert order[4] == "h2"


def test_result_metadata(rendered: wikikit.html.HtmlOutput) -> None:
    assert rendered.article_title == "Second Battle of Kidal"
    assert rendered.categories == ()
    assert [h[1] for h in rendered.headings if h[0] > 1] == [h[1] for h in HEADINGS[1:]]


def test_standalone_page(rendered: str) -> None:
    page = wikikit.to_html(_seed_text(), dialect="article", standalone=True)
    assert page.startswith("<!DOCTYPE html>")
    doc = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    assert _text(doc.find("head/title")) == "Second Battle of Kidal"
    assert "table.infobox" in "".join(doc.find("head/style").itertext())
    # Three section headings: no table of contents (MediaWiki needs four).
    assert not [el for el in doc.iter("div") if el.get("id") == "toc"]
