"""The seed article (article export dialect), checked field by field against a hand-written tree."""

from __future__ import annotations

import wikikit
from conftest import SEED, read_exact
from conftest import SEED_FIELDS as EXPECTED_FIELDS
from wikikit import BlankLine, Heading, Infobox, Paragraph, Text


def seed() -> wikikit.Document:
    return wikikit.parse(read_exact(SEED))


def test_dialect_is_detected() -> None:
    assert wikikit.parser.detect_dialect(read_exact(SEED)) == "article"
    assert seed().dialect == "article"


def test_title() -> None:
    doc = seed()
    assert doc.title == "Second Battle of Kidal"
    assert doc.title_line == Heading("=", (Text(" Second Battle of Kidal "),), "=", (), "\n")


def test_infobox_fields_in_order_with_exact_values() -> None:
    doc = seed()
    box = doc.infobox
    assert box is not None
    assert doc.infoboxes == [box]
    assert box.label == "Infobox"
    assert [(f.name, f.text) for f in box.fields] == EXPECTED_FIELDS
    assert list(box.to_dict().items()) == EXPECTED_FIELDS
    # Each field owns its line: "- " key ": " value newline.
    first = box.fields[0]
    assert (first.lead, first.sep, first.end) == ("- ", ": ", "\n")
    assert first.to_wikitext() == "- Conflict: Second Battle of Kidal\n"
    assert box.get("Place") is not None
    assert box.get("Place").text == "Kidal, Mali"  # type: ignore[union-attr]


def test_lead_blocks() -> None:
    doc = seed()
    kinds = [type(b).__name__ for b in doc.blocks]
    # blank, infobox, blank, paragraph, blank, paragraph, blank
    assert kinds == [
        "BlankLine",
        "Infobox",
        "BlankLine",
        "Paragraph",
        "BlankLine",
        "Paragraph",
        "BlankLine",
    ]
    first_para = doc.blocks[3]
    assert isinstance(first_para, Paragraph)
    assert first_para.text.startswith("The Second Battle of Kidal took place during the Mali War")
    assert isinstance(doc.blocks[0], BlankLine)
    assert isinstance(doc.blocks[1], Infobox)


def test_section_tree() -> None:
    doc = seed()
    assert [(s.level, s.title) for s in doc.sections] == [(2, "The battle")]
    battle = doc.sections[0]
    assert [(s.level, s.title) for s in battle.subsections] == [
        (3, "Prime Minister's visit and hostage-taking"),
        (3, "Malian army offensive"),
    ]
    assert battle.blocks == ()  # the level-3 heading follows on the next line
    # Headings keep the spacing they were written with.
    assert battle.heading.to_wikitext() == "==The battle==\n"
    offensive = battle.subsections[1]
    assert offensive.heading.to_wikitext() == "=== Malian army offensive ===\n"
    paragraphs = [b for b in offensive.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) == 2
    assert paragraphs[1].text.startswith('According to MNLA, they seized "...50 brand new')
    assert paragraphs[1].end == "\n"


def test_round_trip_and_json() -> None:
    text = read_exact(SEED)
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    from wikikit.tree.json import document_from_json, document_to_json

    assert document_from_json(document_to_json(doc)) == doc
    data = doc.to_dict()
    assert data["title"] == "Second Battle of Kidal"
    assert data["type"] == "Document"
