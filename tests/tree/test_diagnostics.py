"""Diagnostics: what the parser recovered from, with positions; never part of the tree."""

from __future__ import annotations

from hypothesis import given

import wikikit
from parser.test_properties import wikitext
from wikikit import Diagnostic


def kinds(text: str) -> list[str]:
    return [d.kind for d in wikikit.parse(text).diagnostics]


def test_clean_page_has_none() -> None:
    text = "'''A''' [[b|c]] {{d|e=f}} <span>g</span><br>\n{|\n|h\n|}\n<ref>i</ref>\n"
    assert wikikit.parse(text).diagnostics == []


def test_each_recovery_with_line_column_and_offsets() -> None:
    text = "é {{a|b\n'''bold\n<span>x\n{|\n|a\n<ref>x\n[[a|b\n{{i|x=1|x=2}}<!-- c"
    found = wikikit.parse(text).diagnostics
    assert [(d.kind, d.line, d.column) for d in found] == [
        ("unclosed-template", 1, 3),
        ("unclosed-bold", 2, 1),
        ("unclosed-tag", 3, 1),
        ("unclosed-table", 4, 1),
        ("unclosed-extension-tag", 6, 1),
        ("unclosed-link", 7, 1),
        ("duplicate-parameter", 8, 1),
        ("unclosed-comment", 8, 14),
    ]
    first = found[0]
    assert first.offset == 2 and first.byte_offset == 3  # "é" is two bytes in UTF-8
    assert text[first.offset : first.offset + 2] == "{{"
    for d in found:
        assert d.message and str(d).startswith(f"{d.line}:{d.column}: ")


def test_italic_stray_end_tag_and_duplicate_infobox_field() -> None:
    assert kinds("''a\nb</span>\n") == ["unclosed-italic", "stray-end-tag"]
    assert kinds("{{Infobox x\n| a = 1\n| a = 2\n}}\n") == ["duplicate-field"]


def test_nesting_cap_is_reported_once() -> None:
    deep = "{{a|" * 60 + "}}" * 60
    assert kinds(deep).count("nesting-limit") == 1


def test_bom_counts_in_offsets() -> None:
    (d,) = wikikit.parse("\ufeff{{x").diagnostics
    assert d.offset == 1 and d.column == 2


def test_not_part_of_the_tree() -> None:
    broken = wikikit.parse("{{a")
    assert broken.diagnostics
    same = wikikit.parse("{{a")
    assert broken == same and hash(broken) == hash(same)
    assert "diagnostics" not in broken.to_dict()
    # An edited copy keeps only what the tree shows: the preprocessor's records describe
    # the parsed text, not the edited one.
    doc = wikikit.parse("{{a\n\n''b\n")
    assert [d.kind for d in doc.diagnostics] == ["unclosed-template", "unclosed-italic"]
    assert doc.transform(wikikit.Text, lambda t: t) is doc
    edited = doc.replace(doc.blocks[-1], wikikit.Paragraph((wikikit.Text("''c"),)))
    assert [d.kind for d in edited.diagnostics] == []
    edited = doc.replace(doc.blocks[0], wikikit.Paragraph((wikikit.Text("x"),)))
    assert [d.kind for d in edited.diagnostics] == ["unclosed-italic"]


@given(wikitext)
def test_diagnostics_point_into_the_text(text: str) -> None:
    doc = wikikit.parse(text)
    for d in doc.diagnostics:
        assert isinstance(d, Diagnostic)
        assert 0 <= d.offset <= len(text)
        line_start = text.rfind("\n", 0, d.offset) + 1
        assert d.line == text.count("\n", 0, d.offset) + 1
        assert d.column == d.offset - line_start + 1
        assert d.byte_offset == len(text[: d.offset].encode("utf-8", "surrogatepass"))
