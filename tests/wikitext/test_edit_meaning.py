"""Edits that must not change what a page means: link kinds, anchors, new fields' lines."""

from __future__ import annotations

import pytest

import wikikit
from conftest import ARTICLES, read_exact


def retarget(text: str, old: str, new: str, keep_text: bool = True) -> str:
    return wikikit.parse(text).set_link_target(old, new, keep_text=keep_text).to_wikitext()


@pytest.mark.parametrize(
    ("text", "old", "new", "expected"),
    [
        # A colon link stays a link: it does not become a category or an embedded file.
        (
            "See [[:Category:Foo]].",
            "Category:Foo",
            "Category:Bar",
            "See [[:Category:Bar|Category:Foo]].",
        ),
        ("See [[:File:A.jpg]].", "File:A.jpg", "File:B.jpg", "See [[:File:B.jpg|File:A.jpg]]."),
        (
            "See [[:Category:Foo|the foos]].",
            "Category:Foo",
            "Category:Bar",
            "See [[:Category:Bar|the foos]].",
        ),
        # A category assignment or an embedded file gets no label (a sort key, a caption).
        ("Text.\n[[Category:Foo]]\n", "Category:Foo", "Category:Bar", "Text.\n[[Category:Bar]]\n"),
        ("[[File:A.jpg]] x", "File:A.jpg", "File:B.jpg", "[[File:B.jpg]] x"),
        ("[[Image:A.jpg|thumb|Cap]]", "File:A.jpg", "File:B.jpg", "[[File:B.jpg|thumb|Cap]]"),
        ("[[category:foo|Key]]", "Category:Foo", "Category:Bar", "[[Category:Bar|Key]]"),
        # A visible link retargeted into a category or file stays visible.
        ("See [[Foo]].", "Foo", "Category:Foo", "See [[:Category:Foo|Foo]]."),
        # Links are found by page title: anchor, "_" and the first letter's case aside.
        ("[[Broadsheet#Sizes|sizes]]", "Broadsheet", "Tabloid", "[[Tabloid#Sizes|sizes]]"),
        ("[[broadsheet_paper]]", "Broadsheet paper", "Tabloid", "[[Tabloid|broadsheet_paper]]"),
        (
            "[[Broadsheet#Sizes]]",
            "broadsheet",
            "Tabloid#Other",
            "[[Tabloid#Other|Broadsheet#Sizes]]",
        ),
        ("[[ Kidal ]]s", "Kidal", "Kidal, Mali", "[[ Kidal, Mali |Kidal]]s"),
    ],
)
def test_set_link_target_keeps_the_kind_of_link(
    text: str, old: str, new: str, expected: str
) -> None:
    assert retarget(text, old, new) == expected


def test_set_link_target_without_keep_text() -> None:
    assert retarget("[[:Category:Foo]]", "Category:Foo", "Category:Bar", False) == (
        "[[:Category:Bar]]"
    )
    assert retarget("[[Broadsheet#Sizes]]", "Broadsheet", "Tabloid", False) == "[[Tabloid#Sizes]]"


def test_set_link_target_renders_the_same_kind_of_link() -> None:
    before = wikikit.parse("See [[:Category:Foo]] and [[:File:A.jpg]].\n")
    after = before.set_link_target("Category:Foo", "Category:Bar").set_link_target(
        "File:A.jpg", "File:B.jpg"
    )
    html = wikikit.to_html(after)
    assert html.categories == () and 'href="/wiki/Category:Bar"' in html
    assert 'href="/wiki/File:B.jpg"' in html and "wikikit-thumb" not in html


def test_add_field_after_a_field_ended_by_a_stray_pipe() -> None:
    # "| format = [[Broadsheet]]|": the stray "|" (an empty positional parameter) follows
    # at once. The new field starts its own line and takes over what ended "format".
    text = read_exact(ARTICLES / "toronto_star.wiki")
    out = wikikit.parse(text).add_field("circulation2", "1", after="format").to_wikitext()
    assert out == text.replace(
        "| format = [[Broadsheet]]|\n", "| format = [[Broadsheet]]\n| circulation2 = 1|\n"
    )


def test_add_field_in_the_middle_keeps_each_field_on_its_line() -> None:
    text = "{{Infobox x\n| a = 1\n| b = 2\n| c = 3\n}}\n"
    out = wikikit.parse(text).add_field("n", "9", before="b").to_wikitext()
    assert out == "{{Infobox x\n| a = 1\n| n = 9\n| b = 2\n| c = 3\n}}\n"
