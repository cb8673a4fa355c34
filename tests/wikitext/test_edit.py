"""Editing: hand-written before/after pairs, and every edit kind on every fixture.

The fixture tests find the span an edit should touch (by writing the tree
with a marker in place of the node), then check the output against the input
two ways: the bytes before and after the span are unchanged, and a line diff
(difflib) changes only lines inside the span.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from conftest import SEED, fixture_articles, read_exact
from wikikit import Document, Infobox, Node, Paragraph, WikiLink
from wikikit.wikitext.edit import (
    add_field,
    escape_value,
    insert_section_after,
    remove_field,
    rename_field,
    replace_section_body,
    set_field,
    set_link_target,
)

# -- by hand ---------------------------------------------------------------------------------

BOX = "Intro.\n{{Infobox battle\n | name   = Kidal\n | result = Unknown\n}}\nText.\n"


def edited(text: str, edit: Callable[[Document], Document]) -> str:
    return edit(wikikit.parse(text)).to_wikitext()


def test_set_field_changes_only_the_value() -> None:
    out = edited(BOX, lambda d: d.set_field("result", "Draw"))
    assert out == BOX.replace("= Unknown", "= Draw")


def test_set_field_escapes_what_would_split_the_value() -> None:
    out = edited(BOX, lambda d: d.set_field("result", "a|b}}c"))
    assert out == BOX.replace("= Unknown", "= a&#124;b&#125;&#125;c")
    box = wikikit.parse(out).infobox
    assert box is not None and box.get("result") is not None
    assert box.to_dict()["result"] == "a|b}}c"
    assert [f.name for f in box.fields] == ["name", "result"]


def test_escape_value_keeps_markup_that_protects_its_pipes() -> None:
    assert escape_value("[[Mali|Malian]] army") == "[[Mali|Malian]] army"
    assert escape_value("{{flag|Mali}} x=y") == "{{flag|Mali}} x=y"
    assert escape_value("x=y", positional=True) == "x&#61;y"
    assert escape_value("''a|b''") == "''a&#124;b''"
    assert escape_value("[http://e.com a|b]") == "[http://e.com a&#124;b]"


def test_set_field_on_an_empty_value_uses_the_usual_space() -> None:
    text = "{{Infobox x\n| a = 1\n| image =\n| b = 2\n}}"
    assert edited(text, lambda d: d.set_field("image", "K.jpg")) == text.replace(
        "| image =", "| image = K.jpg"
    )


def test_set_field_adds_a_missing_field() -> None:
    out = edited(BOX, lambda d: d.set_field("date", "2014"))
    assert out == BOX.replace(" | result = Unknown\n", " | result = Unknown\n | date   = 2014\n")


def test_add_field_copies_alignment_and_position() -> None:
    out = edited(BOX, lambda d: d.add_field("casualties", "40"))
    # "casualties" is longer than the column: one space, as the style allows.
    assert out == BOX.replace(" | result = Unknown\n", " | result = Unknown\n | casualties = 40\n")
    out = edited(BOX, lambda d: d.add_field("date", "2014", after="name"))
    assert out == BOX.replace(" | name   = Kidal\n", " | name   = Kidal\n | date   = 2014\n")
    out = edited(BOX, lambda d: d.add_field("date", "2014", before="name"))
    assert out == BOX.replace(" | name   = Kidal\n", " | date   = 2014\n | name   = Kidal\n")


def test_add_field_copies_compact_style() -> None:
    text = "{{Infobox x\n|name=A\n|result=B\n}}"
    assert (
        edited(text, lambda d: d.add_field("date", "D"))
        == "{{Infobox x\n|name=A\n|result=B\n|date=D\n}}"
    )


def test_add_field_rejects_duplicates_and_bad_names() -> None:
    doc = wikikit.parse(BOX)
    with pytest.raises(ValueError):
        doc.add_field("name", "x")
    with pytest.raises(ValueError):
        doc.add_field("a|b", "x")
    with pytest.raises(KeyError):
        doc.add_field("x", "y", after="missing")


def test_rename_field_keeps_the_column() -> None:
    out = edited(BOX, lambda d: d.rename_field("name", "title"))
    assert out == BOX.replace(" | name   = Kidal", " | title  = Kidal")
    text = "{{Infobox x\n|partof=A\n}}"
    assert (
        edited(text, lambda d: d.rename_field("partof", "part_of")) == "{{Infobox x\n|part_of=A\n}}"
    )


def test_remove_field() -> None:
    out = edited(BOX, lambda d: d.remove_field("name"))
    assert out == BOX.replace(" | name   = Kidal\n", "")
    # Removing the last field keeps "}}" where it was.
    out = edited(BOX, lambda d: d.remove_field("result"))
    assert out == BOX.replace(" | result = Unknown\n", "")
    assert edited("{{Infobox x|a=1|b=2}}", lambda d: d.remove_field("b")) == "{{Infobox x|a=1}}"
    with pytest.raises(KeyError):
        wikikit.parse(BOX).remove_field("missing")


def test_no_infobox() -> None:
    with pytest.raises(LookupError):
        wikikit.parse("Just text.\n").set_field("a", "b")


def test_article_export_fields() -> None:
    seed = read_exact(SEED)
    out = edited(seed, lambda d: d.set_field("Result", "Draw"))
    assert out == seed.replace(
        "- Result: Kidal captured by MNLA, Malian Army forced to withdraw from Kidal.\n",
        "- Result: Draw\n",
    )
    out = edited(seed, lambda d: d.add_field("Commander1", "Moussa Mara", after="Combatant2"))
    assert out == seed.replace(
        "- Combatant2: MNLA\n", "- Combatant2: MNLA\n- Commander1: Moussa Mara\n"
    )
    out = edited(seed, lambda d: d.remove_field("Strength2"))
    assert out == seed.replace("- Strength2: Unknown\n", "")
    out = edited(seed, lambda d: d.rename_field("Partof", "Part of"))
    assert out == seed.replace("- Partof:", "- Part of:")


SECTIONS = "Lead.\n\n== One ==\nOld text.\n\n== Two ==\n\nMore.\n"


def test_replace_section_body_keeps_surrounding_blank_lines() -> None:
    out = edited(SECTIONS, lambda d: d.replace_section_body("One", "New text.\n\nSecond."))
    assert out == "Lead.\n\n== One ==\nNew text.\n\nSecond.\n\n== Two ==\n\nMore.\n"
    with pytest.raises(ValueError):
        wikikit.parse(SECTIONS).replace_section_body("One", "== Sneaky ==\n")
    with pytest.raises(KeyError):
        wikikit.parse(SECTIONS).replace_section_body("Three", "x")


def test_insert_section_after_copies_heading_style() -> None:
    out = edited(SECTIONS, lambda d: d.insert_section_after("One", "Middle", "Mid."))
    assert out == "Lead.\n\n== One ==\nOld text.\n\n== Middle ==\nMid.\n\n== Two ==\n\nMore.\n"
    compact = "==A==\ntext\n\n==B==\nmore\n"
    out = edited(compact, lambda d: d.insert_section_after("B", "C", "end"))
    assert out == "==A==\ntext\n\n==B==\nmore\n\n==C==\nend\n"
    out = edited(compact, lambda d: d.insert_section_after("A", "A1", "sub", level=3))
    assert out == "==A==\ntext\n\n===A1===\nsub\n\n==B==\nmore\n"


def test_set_link_target() -> None:
    text = "See [[Kidal]] and [[kidal|the town]], not [[Gao]].\n"
    out = edited(text, lambda d: d.set_link_target("Kidal", "Kidal, Mali"))
    assert out == "See [[Kidal, Mali|Kidal]] and [[Kidal, Mali|the town]], not [[Gao]].\n"
    out = edited(text, lambda d: d.set_link_target("Gao", "Gao, Mali", keep_text=False))
    assert out == text.replace("[[Gao]]", "[[Gao, Mali]]")
    doc = wikikit.parse(text)
    first = doc.find(WikiLink)[0]
    assert set_link_target(doc, first, "X").to_wikitext() == text.replace(
        "[[Kidal]]", "[[X|Kidal]]"
    )
    with pytest.raises(LookupError):
        doc.set_link_target("Nowhere", "X")


def test_edits_return_new_trees_sharing_untouched_nodes() -> None:
    doc = wikikit.parse(SECTIONS)
    before = doc.to_wikitext()
    new = doc.replace_section_body("One", "x")
    assert doc.to_wikitext() == before  # the original is untouched
    assert new.sections[1] is doc.sections[1]
    assert new.blocks is doc.blocks or new.blocks == doc.blocks
    box = wikikit.parse(BOX)
    assert set_field(box, "result", "Draw") == box.set_field("result", "Draw")
    assert add_field(box, "x", "1") == box.add_field("x", "1")
    assert rename_field(box, "name", "n") == box.rename_field("name", "n")
    assert remove_field(box, "name") == box.remove_field("name")
    assert replace_section_body(doc, "One", "y") == doc.replace_section_body("One", "y")
    assert insert_section_after(doc, "One", "Z") == doc.insert_section_after("One", "Z")


# -- every edit kind on every fixture ------------------------------------------------------


def span(doc: Document, node: Node) -> tuple[int, int]:
    """Where ``node``'s markup sits in ``doc.to_wikitext()`` (start, end)."""
    start = next(offset for found, offset in doc.offsets() if found is node)
    return start, start + len(node.to_wikitext())


def assert_only_span_changed(before: str, after: str, start: int, end: int) -> None:
    tail = len(before) - end
    assert after[:start] == before[:start], "bytes before the edited span changed"
    assert after[len(after) - tail :] == before[end:], "bytes after the edited span changed"
    # The same, seen as a line diff: every changed line is inside the span's lines.
    first_line = before.count("\n", 0, start)
    last_line = before.count("\n", 0, end)
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            assert first_line <= i1 and i2 <= last_line + 1, (tag, i1, i2, first_line, last_line)


def _named_fields(box: Infobox) -> list[str]:
    names = [f.name for f in box.fields if f.key is not None and f.name]
    return [n for n in names if names.count(n) == 1]


def _cases() -> list[tuple[Path, str]]:
    out = []
    for path in fixture_articles():
        doc = wikikit.parse(read_exact(path))
        kinds = []
        if doc.infobox is not None and _named_fields(doc.infobox):
            kinds += ["set", "add", "rename", "remove"]
        if any(s.blocks for s in doc.all_sections()):
            kinds += ["body", "insert"]
        if doc.find(WikiLink, lambda w: ":" not in w.title):
            kinds.append("link")
        out += [(path, k) for k in kinds]
    return out


@pytest.mark.parametrize(("path", "kind"), _cases(), ids=lambda v: getattr(v, "name", v))
def test_each_edit_on_each_fixture_changes_only_its_span(path: Path, kind: str) -> None:
    text = read_exact(path)
    doc = wikikit.parse(text)
    box = doc.infobox
    if kind in ("set", "add", "rename", "remove"):
        assert box is not None
        names = _named_fields(box)
        name = names[len(names) // 2]
        field = box.get(name)
        assert field is not None
        if kind == "set":
            new = doc.set_field(name, "New [[value]] | with a pipe")
            start, end = span(doc, field)
            assert (
                new.infobox is not None and new.infobox.to_dict()[name] == "New value | with a pipe"
            )
        elif kind == "rename":
            new = doc.rename_field(name, "wikikit_renamed")
            start, end = span(doc, field)
        elif kind == "remove":
            new = doc.remove_field(name)
            start, end = span(doc, field)
            if field is box.fields[-1] and len(box.fields) > 1:
                start = span(doc, box.fields[-2])[0]
        else:
            new = doc.add_field("wikikit_added", "Added")
            last = box.fields[-1]
            start, end = span(doc, last)
            end = span(doc, box)[1]
            assert new.infobox is not None and new.infobox.to_dict()["wikikit_added"] == "Added"
    elif kind in ("body", "insert"):
        section = next(s for s in doc.all_sections() if s.blocks)
        if kind == "body":
            new = doc.replace_section_body(section.title, "Replaced body.")
            start, end = span(doc, section)
            start += len(section.heading.to_wikitext())
        else:
            new = doc.insert_section_after(section.title, "Wikikit added", "Inserted body.")
            end_of = span(doc, section)[1]
            start, end = end_of - len(section.blocks[-1].to_wikitext()), end_of
            added = new.section("Wikikit added")
            assert added is not None and added.level == section.level
    else:
        link = doc.find(WikiLink, lambda w: ":" not in w.title)[0]
        new = doc.set_link_target(link.title, "Wikikit target")
        start, end = span(doc, link)
        # Every link to the same page changes: the span runs to the last of them.
        same = doc.find(
            WikiLink,
            lambda w: w.title[:1].upper() + w.title[1:] == link.title[:1].upper() + link.title[1:],
        )
        end = max(span(doc, w)[1] for w in same)
    out = new.to_wikitext()
    assert out != text
    assert_only_span_changed(text, out, start, end)
    # The edited text parses back to the edited tree.
    assert wikikit.parse(out).to_wikitext() == out


def test_every_fixture_has_some_edit_case() -> None:
    covered = {p for p, _ in _cases()}
    assert {p for p in fixture_articles() if p.name != "redirect.wiki"} <= covered


def test_untouched_paragraphs_are_shared() -> None:
    text = read_exact(SEED)
    doc = wikikit.parse(text)
    new = doc.set_field("Result", "Draw")
    assert next(b for b in new.blocks if isinstance(b, Paragraph)) is next(
        b for b in doc.blocks if isinstance(b, Paragraph)
    )


# -- generated infoboxes --------------------------------------------------------------------

_KEYS = ["name", "date", "place", "result", "image", "birth_place", "x1"]
_VALUES = ["", "Kidal", "[[Mali|Malian]] army", "{{flag|Mali}}", "1,500", "a<br>b", "x = y"]
_NEW = ["Draw", "a|b", "}}", "{{x|y}}", "[[L|l]]", "p=q", "", "{{", "[http://e.com a|b]"]


@st.composite
def infobox_text(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=5, unique=True))
    before = draw(st.sampled_from(["", " "]))
    width = max(len(k) for k in keys) if draw(st.booleans()) else 0
    lead = draw(st.sampled_from(["", " "]))
    nl = draw(st.sampled_from(["\n", ""]))
    parts = []
    for k in keys:
        value = draw(st.sampled_from(_VALUES))
        parts.append(f"{lead}|{before}{k.ljust(width)}{before}={before}{value}{nl}")
    return "Lead.\n{{Infobox thing" + nl + "".join(parts) + "}}\nAfter.\n"


@given(infobox_text(), st.sampled_from(["set", "add", "rename", "remove"]), st.data())
def test_edits_on_generated_infoboxes(text: str, kind: str, data: st.DataObject) -> None:
    doc = wikikit.parse(text)
    box = doc.infobox
    assert box is not None
    before = box.to_dict()
    name = data.draw(st.sampled_from(list(before)))
    value = data.draw(st.sampled_from(_NEW))
    expected = dict(before)
    if kind == "set":
        new = doc.set_field(name, value)
        expected[name] = " ".join(wikikit.plain_text(wikikit.parse_inline(value)).split())
    elif kind == "add":
        new = doc.add_field("added", value)
        expected["added"] = " ".join(wikikit.plain_text(wikikit.parse_inline(value)).split())
    elif kind == "rename":
        new = doc.rename_field(name, "renamed")
        expected = {("renamed" if k == name else k): v for k, v in before.items()}
    else:
        new = doc.remove_field(name)
        del expected[name]
    out = new.to_wikitext()
    again = wikikit.parse(out)
    assert again.infobox is not None
    assert again.infobox.to_dict() == expected
    # Outside the infobox nothing moves; inside, the other fields keep their bytes.
    assert out.startswith("Lead.\n{{Infobox thing") and out.endswith("}}\nAfter.\n")
    kept = [f.to_wikitext().rstrip() for f in box.fields if f.name not in (name,)]
    for field_text in kept:
        assert field_text in out
