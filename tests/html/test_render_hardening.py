"""The renderer on hostile input: trees from JSON, characters HTML forbids, deep nesting."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from conftest import fixture_articles, read_exact
from wikikit.html import to_html
from wikikit.html.sanitizer import escape_attr, escape_text
from wikikit.tree import (
    BlankLine,
    Document,
    Heading,
    HorizontalRule,
    List,
    ListItem,
    Paragraph,
    Preformatted,
    Table,
    TableCell,
    TableRow,
    Text,
    from_dict,
)

INJECTION = "<img src=x onerror=alert(1)>"

# -- trees read from JSON -----------------------------------------------------------------


def _paragraph_doc(**changes: Any) -> dict[str, Any]:
    para = {"type": "Paragraph", "children": [{"type": "Text", "value": "x"}], "end": "\n"}
    para.update(changes)
    return {"type": "Document", "bom": "", "title_line": None, "blocks": [para], "sections": []}


# (node JSON, field) pairs: every layout field the renderer writes.
LAYOUT_CASES: list[tuple[dict[str, Any], str]] = [
    ({"type": "Paragraph", "children": [], "end": "\n"}, "end"),
    ({"type": "BlankLine", "space": "", "end": "\n"}, "space"),
    ({"type": "BlankLine", "space": "", "end": "\n"}, "end"),
    ({"type": "ListItem", "marker": "*", "children": [], "end": "\n", "sublist": None}, "marker"),
    ({"type": "ListItem", "marker": "*", "children": [], "end": "\n", "sublist": None}, "end"),
    (
        {"type": "Heading", "open": "==", "children": [], "close": "==", "trailing": [], "end": ""},
        "end",
    ),
    (
        {"type": "Heading", "open": "==", "children": [], "close": "==", "trailing": [], "end": ""},
        "open",
    ),
    ({"type": "Preformatted", "children": [], "end": "\n"}, "end"),
    ({"type": "HorizontalRule", "markup": "----", "children": [], "end": "\n"}, "end"),
    ({"type": "HorizontalRule", "markup": "----", "children": [], "end": "\n"}, "markup"),
    (
        {
            "type": "Table",
            "marker": "{|",
            "attrs": [],
            "newline": "\n",
            "prelude": [],
            "captions": [],
            "rows": [],
            "close": "|}",
            "trailing": [],
            "end": "\n",
        },
        "end",
    ),
    (
        {
            "type": "Table",
            "marker": "{|",
            "attrs": [],
            "newline": "\n",
            "prelude": [],
            "captions": [],
            "rows": [],
            "close": "|}",
            "trailing": [],
            "end": "\n",
        },
        "newline",
    ),
    (
        {"type": "TableRow", "marker": "|-", "attrs": [], "end": "\n", "prelude": [], "cells": []},
        "end",
    ),
    ({"type": "TableCell", "marker": "|", "attrs": None, "content": []}, "marker"),
    ({"type": "Bold", "children": [], "open": "'''", "close": "'''"}, "open"),
    (
        {
            "type": "Infobox",
            "open": "{{",
            "name_nodes": [],
            "header_end": "",
            "fields": [],
            "close": "}}",
            "end": "",
        },
        "end",
    ),
]


@pytest.mark.parametrize(("node", "field"), LAYOUT_CASES, ids=lambda x: str(x)[:30])
def test_from_dict_rejects_markup_in_layout_fields(node: dict[str, Any], field: str) -> None:
    from_dict(node)  # the valid node is accepted
    bad = dict(node, **{field: INJECTION})
    with pytest.raises(ValueError, match=rf"{node['type']}\.{field}"):
        from_dict(bad)


def test_from_dict_error_says_where_and_what_was_expected() -> None:
    with pytest.raises(ValueError) as info:
        from_dict(_paragraph_doc(end=INJECTION))
    message = str(info.value)
    assert "blocks[0]" in message and "Paragraph.end" in message
    assert "newline" in message and repr(INJECTION) in message


def test_from_dict_rejects_wrong_types() -> None:
    with pytest.raises(ValueError, match=r"Paragraph\.children"):
        from_dict({"type": "Paragraph", "children": "text", "end": "\n"})
    with pytest.raises(ValueError, match=r"Text\.value"):
        from_dict({"type": "Text", "value": 3})
    with pytest.raises(ValueError, match="unknown node type"):
        from_dict({"type": "Script"})


@pytest.mark.parametrize("path", fixture_articles(), ids=lambda p: p.name)
def test_from_dict_accepts_every_parsed_tree(path: Any) -> None:
    doc = wikikit.parse(read_exact(path))
    assert from_dict(doc.to_dict()) == doc


_MARKUP = st.sampled_from(
    [
        "\n",
        "\r\n",
        " ",
        "\t",
        "*",
        "#:",
        ";",
        "{|",
        " :{|",
        "|-",
        "|}",
        "||",
        "!!",
        "|+",
        "==",
        "----",
        "'''",
        "''",
        "{{Infobox x|a=b}}",
        "- K: v",
        "= T =",
        "\ufeff",
        "x",
    ]
)


@given(st.lists(_MARKUP, max_size=30).map("".join))
def test_from_dict_accepts_generated_trees(text: str) -> None:
    for dialect in ("mediawiki", "article"):
        doc = wikikit.parse(text, dialect=dialect)
        assert from_dict(doc.to_dict()) == doc


def test_from_dict_is_exported_beside_to_dict() -> None:
    assert wikikit.from_dict is from_dict


def _doc(*blocks: Any) -> Document:
    return Document("", None, tuple(blocks), ())


# Hand-built trees bypass from_dict: the renderer must still escape every layout field.
HAND_BUILT = [
    _doc(Paragraph((Text("x"),), INJECTION)),
    _doc(BlankLine(INJECTION, "\n")),
    _doc(BlankLine("", INJECTION)),
    _doc(List((ListItem(INJECTION, (Text("x"),), "\n"),))),
    _doc(List((ListItem("*", (Text("x"),), INJECTION),))),
    _doc(Heading("==", (Text("x"),), "==", (), INJECTION)),
    _doc(Heading("", (Text("x"),), "", (), INJECTION)),
    _doc(Preformatted((Text(" x"),), INJECTION)),
    _doc(HorizontalRule("----", (), INJECTION)),
    _doc(Table("{|", (), INJECTION, (), (), (), "|}", (), INJECTION)),
    _doc(
        Table(
            "{|",
            (),
            "\n",
            (),
            (),
            (TableRow("|-", (), INJECTION, (), (TableCell("|", None, ()),)),),
            "|}",
        )
    ),
]


@pytest.mark.parametrize("doc", HAND_BUILT)
def test_layout_fields_are_escaped_when_rendered(doc: Document) -> None:
    assert "<img" not in to_html(doc)


# -- characters HTML forbids ------------------------------------------------------------------

# Controls (but tab, newline, carriage return), lone surrogates, U+FFFE and U+FFFF.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_REF = re.compile(r"&#(?:([0-9]+)|[xX]([0-9A-Fa-f]+));")


def assert_only_allowed_characters(html: str) -> None:
    m = _BAD_CHAR.search(html)
    assert m is None, f"{m.group(0)!r} in {html!r}"
    for ref in _REF.finditer(html):
        cp = int(ref.group(1)) if ref.group(1) else int(ref.group(2), 16)
        assert cp < 0x110000 and not _BAD_CHAR.match(chr(cp)), f"{ref.group(0)} in {html!r}"


BAD_TEXTS = [
    "=\udc00=",
    "[[a\ud800]]",
    '<span id="\ud800">x</span>',
    '<ref name="\ud800">x</ref>\n<references/>',
    "== a\ud800 ==\n==b==\n==c==\n==d==\n",
    "a\x00b\x01c\x85d\x7f\ufffe\U0001fffe",
    "<pre>&#0;</pre>",
    "<pre>&#x110000;</pre>",
    "<pre>&#xD800; &#xFFFE; &#x80; &#99999999999999999999;</pre>",
    "<nowiki>&#0;\x00</nowiki>",
    "{{x\ud800|a\x00=b}}",
    "{{Infobox|name\ud800=v\x00}}",
    "[http://a\ud800\x00 b\x00]",
    "[[File:a\ud800.jpg|thumb|c\x00]]",
    "<math>\x00\ud800</math>",
    "<gallery>\nFile:a\x00.jpg|c\ud800\n</gallery>",
    "{|\n|+ c\x00\n|-\n| a\ud800 || b\n|}",
    "* a\x00\n# b\ud800\n; c\x01 : d",
    " pre\x00\ud800",
    "<div title='\x00\ud800' style='x:\x00'>t</div>",
    "{{{a\x00|b\ud800}}}",
    "[[Category:A\ud800]] [[fr:B\x00]]",
]


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_forbidden_characters_never_reach_the_html(text: str) -> None:
    for standalone in (False, True):
        assert_only_allowed_characters(to_html(text, standalone=standalone))
        # A parsed tree keeps the characters; the renderer must still not emit them.
        assert_only_allowed_characters(to_html(wikikit.parse(text), standalone=standalone))


def test_forbidden_characters_become_replacement_characters() -> None:
    assert to_html("a\x00b\ud800c") == "<p>a\ufffdb\ufffdc\n</p>"
    assert to_html(wikikit.parse("a\x00b\ud800c")) == "<p>a\ufffdb\ufffdc\n</p>"
    # MediaWiki's normalizeCharReferences: an invalid reference is shown as text.
    assert to_html("<pre>&#0;x</pre>") == "<pre>&amp;#0;x</pre>"


_BAD = st.sampled_from(["\x00", "\x01", "\x0b", "\x85", "\ud800", "\udfff", "\ufffe", "&#0;"])
_WIKI = st.sampled_from(
    [
        *("[[", "]]", "{{", "}}", "|", "=", "==", "<ref name=", ">", "</ref>", "<pre>", "</pre>"),
        *("<span id=", "</span>", "\n", "*", "{|", "|}", "'''", "[http://a ", "]", "a", " "),
    ]
)


@given(st.lists(st.one_of(_BAD, _WIKI), max_size=25).map("".join))
def test_random_markup_with_forbidden_characters(text: str) -> None:
    assert_only_allowed_characters(to_html(text))
    assert_only_allowed_characters(to_html(wikikit.parse(text), standalone=True))


# -- nesting -----------------------------------------------------------------------------------

_VOID = frozenset(("br", "hr", "wbr", "img", "meta", "link"))


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth -= 1


def max_depth(html: str) -> int:
    """An upper bound of the element nesting a browser builds (open minus closed tags)."""
    p = _Depth()
    p.feed(html)
    return p.deepest


N = 20000
DEEP = {
    "bullets": "*" * N + "x",
    "definitions": ":" * N + "x",
    "terms": ";" * 3000 + "x",
    "mixed": "*#:" * (N // 3) + "x",
    "indented table": ":" * N + "{|\n| x\n|}",
    "divs": "<div>" * N + "x",
    "divs on lines": "<div>\n\n" * 3000 + "x",
    "spans": "<span>" * N + "x",
    "blockquotes": "<blockquote>" * N + "x",
    "mixed tags": "<b><i><u><sup>" * (N // 4) + "x",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_nesting_is_capped(text: str) -> None:
    html = to_html(text)
    assert max_depth(html) <= 300
    assert len(html) < 40 * len(text)


def test_moderate_lists_still_nest() -> None:
    html = to_html("*" * 12 + " x")
    assert html.count("<ul>") == 12 and max_depth(html) == 24
    assert to_html(":" * 3 + "{|\n| x\n|}").count("<dl><dd>") == 3
    assert to_html("<div>" * 10 + "x").count("<div>") == 10


def test_the_written_out_field_types_agree_with_the_node_classes() -> None:
    # The JSON reader's table stands in for annotations compiled classes do not keep.
    import inspect

    from wikikit.tree import base
    from wikikit.tree.json import _FIELD_TYPES

    concrete = {name: cls for name, cls in base.NODE_TYPES.items() if cls._fields}
    assert set(_FIELD_TYPES) == set(concrete)
    if not str(base.__file__).endswith(".py"):
        pytest.skip("compiled classes keep no annotations to compare with")
    for name, cls in concrete.items():
        for field, written in zip(cls._fields, _FIELD_TYPES[name], strict=True):
            declared = next(
                (str(a[field]) for b in cls.__mro__ if field in (a := inspect.get_annotations(b))),
                str(inspect.get_annotations(cls.__init__).get(field)),
            )
            assert written == declared, f"{name}.{field}"


_ESCAPE_CHARS = st.lists(
    st.sampled_from(["&", "<", ">", '"', "'", "\x7f", "a", "é", "–", "&amp;", " "])
    | st.characters(),
    max_size=20,
).map("".join)


@given(_ESCAPE_CHARS)
def test_escaping_replaces_every_special_character(text: str) -> None:
    # Written out independently of the sanitizer: "&" first, so no entity is escaped twice.
    expected = text.replace("\x7f", "").replace("&", "&amp;").replace("<", "&lt;")
    expected = expected.replace(">", "&gt;")
    assert escape_text(text) == expected
    assert escape_attr(text) == expected.replace('"', "&quot;")
