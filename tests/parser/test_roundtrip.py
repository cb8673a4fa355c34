"""Every fixture (and, when present, every shared corpus article) writes back byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import wikikit
from conftest import SHARED_CORPUS, fixture_articles, read_exact
from wikikit import Heading, Section
from wikikit.tree.json import document_from_json, document_to_json

FIXTURES = fixture_articles()
SHARED = sorted(SHARED_CORPUS.rglob("*.wiki")) + sorted(SHARED_CORPUS.rglob("*.txt"))
SHARED = [p for p in SHARED if p.name != "README.md"]


def test_there_are_enough_fixtures() -> None:
    assert len([p for p in FIXTURES if p.suffix == ".wiki"]) >= 20
    assert any(p.suffix == ".txt" for p in FIXTURES)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_round_trip(path: Path) -> None:
    text = read_exact(path)
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    # The tree, not a stored copy, reproduces the text: re-parsing gives an equal tree,
    # and so does the JSON form.
    assert wikikit.parse(doc.to_wikitext()) == doc
    assert document_from_json(document_to_json(doc)) == doc


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_section_tree_is_consistent(path: Path) -> None:
    doc = wikikit.parse(read_exact(path))
    # Every heading outside tables (other than the export's title line) opens a section,
    # in source order.
    in_tables = {id(n) for t in doc.find(wikikit.Table) for n in t.walk()}
    headings = [
        n
        for n in doc.walk()
        if isinstance(n, Heading) and n is not doc.title_line and id(n) not in in_tables
    ]
    assert [s.heading for s in doc.all_sections()] == headings

    def check(section: Section) -> None:
        for sub in section.subsections:
            assert sub.level > section.level
            check(sub)

    for s in doc.sections:
        check(s)


@pytest.mark.skipif(not SHARED, reason="../shared/corpus is not here")
def test_whole_shared_corpus_round_trips() -> None:
    failed = []
    for path in SHARED:
        text = read_exact(path)
        if wikikit.parse(text).to_wikitext() != text:
            failed.append(path.name)
    assert failed == []
    assert len(SHARED) >= 72


@pytest.mark.skipif(not SHARED, reason="../shared/corpus is not here")
def test_auto_dialect_on_the_shared_corpus() -> None:
    for path in SHARED:
        expected = "article" if path.suffix == ".txt" else "mediawiki"
        assert wikikit.parser.detect_dialect(read_exact(path)) == expected, path.name


def test_mediawiki_infoboxes_agree_with_mwparserfromhell() -> None:
    """mwparserfromhell as a differential oracle: same infobox parameter names, in order."""
    import mwparserfromhell

    checked = 0
    for path in FIXTURES:
        if path.suffix != ".wiki":
            continue
        text = read_exact(path)
        ours = wikikit.parse(text).infobox
        theirs = [
            t
            for t in mwparserfromhell.parse(text).filter_templates(recursive=False)
            if str(t.name).strip().lower().startswith(("infobox", "infoboks"))
        ]
        if not theirs:
            assert ours is None or path.name == "redirect.wiki", path.name
            continue
        assert ours is not None, path.name
        expected = [str(p.name).strip() for p in theirs[0].params]
        assert [f.name for f in ours.fields] == [
            e if theirs[0].params[i].showkey else "" for i, e in enumerate(expected)
        ], path.name
        checked += 1
    assert checked >= 8
