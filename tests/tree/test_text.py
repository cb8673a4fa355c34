"""Plain text that keeps the words: template rules, options, tables and references."""

from __future__ import annotations

import pytest

import wikikit
from wikikit.tree.text import DEFAULT_RULES, Args, TextRules, text_options


def text_of(source: str, **options: object) -> str:
    return " ".join(wikikit.parse(source).plain_text(**options).split())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Horizontal lists show a middle dot between items, vertical ones an item a line.
        ("{{hlist|British|Briton}}", "British · Briton"),
        ("{{flatlist|\n* a\n* b\n}}", "a · b"),
        ("{{ubl|a|b}}", "a\nb"),
        ("{{plainlist|\n* x\n* y\n}}", "x\ny"),
        ("{{cslist|a|b}}", "a, b"),
        ("{{nowrap|a b}}", "a b"),
        ("{{lang|fr|texte}}", "texte"),
        ("{{lang-en|text}}", "text"),
        ("{{nihongo|Tokyo|東京|Tōkyō}}", "Tokyo (東京)"),
        ("{{convert|5|km|mi}}", "5 km"),
        ("{{convert|5|-|10|km}}", "5–10 km"),
        ("{{cvt|3|to|4|ft}}", "3 to 4 ft"),
        ("{{birth date|1990|5|3}}", "May 3, 1990"),
        ("{{birth date|1990|5|3|df=y}}", "3 May 1990"),
        ("{{birth date and age|1990|5|3}}", "May 3, 1990"),
        ("{{start date|2010}}", "2010"),
        ("{{start date|2010|Feb}}", "February 2010"),
        ("{{death date and age|2000|1|1|1900|6|1}}", "January 1, 2000 (aged 99)"),
        ("{{marriage|Jane|1990|2000|end=div}}", "Jane (m. 1990; div. 2000)"),
        ("{{circa|1900}}", "c. 1900"),
        ("{{formatnum:1234567}}", "1,234,567"),
        ("{{frac|1|2}}", "1/2"),
        ("a{{snd}}b", "a – b"),
        ("{{ublist |item_style=x\n | a\n | b}}", "a\nb"),
        ("{{collapsible list|title=T|a|b}}", "T\na\nb"),
        ("{{URL|http://www.example.org/}}", "www.example.org"),
        ("{{URL|example.org|Example}}", "Example"),
        ("{{height|ft=5|in=3}}", "5 ft 3 in"),
        ("{{coord|41.5|-87.25|display=inline}}", "41.5°N 87.25°W"),
        ("{{coord|45|32|22|N|89|45|19|W|region:US}}", "45°32′22″N 89°45′19″W"),
        ("{{longitem|[[A]] b}}", "A b"),
        ("{{citation needed}}", ""),
        ("{{birth date|x|y}}", ""),  # malformed: dropped, never raises
    ],
)
def test_built_in_rules(source: str, expected: str) -> None:
    assert wikikit.parse_inline(source) and wikikit.parse(source).text.strip("\n") == expected


def test_infobox_values_keep_their_words() -> None:
    doc = wikikit.parse(
        "{{Infobox person\n| nationality = {{hlist|British|Briton}}\n"
        "| birth_date = {{birth date|1950|1|2|df=yes}}\n}}\n"
    )
    box = doc.infobox
    assert box is not None
    assert box.to_dict() == {"nationality": "British · Briton", "birth_date": "2 January 1950"}


def test_template_options() -> None:
    source = "A {{nowrap|b}} {{foo|c|k=d}}."
    assert text_of(source) == "A b ."
    assert text_of(source, templates="drop") == "A ."
    assert text_of(source, templates="params") == "A b c d."
    assert text_of(source, templates=lambda t: t.name.upper() if t.matches("foo") else None) == (
        "A b FOO."
    )
    with pytest.raises(ValueError):
        text_of(source, templates="all")


def test_rule_sets_are_extensible() -> None:
    rules = DEFAULT_RULES.copy()
    rules.register("foo", lambda args: f"<{args.get(1)}:{args.get('k')}>")
    assert text_of("{{Foo|c|k=d}}", templates=rules) == "<c:d>"
    assert "foo" not in DEFAULT_RULES
    empty = TextRules()
    assert text_of("{{nowrap|x}}", templates=empty) == ""


def test_args_helper() -> None:
    t = wikikit.parse_inline("{{t|a||c|2=b|k=''v''}}")[0]
    args = Args(t)  # type: ignore[arg-type]
    assert args.positional() == ["a", "b", "c"]
    assert args.items() == ["a", "b", "c"]
    assert args.get("k") == "v" and args.get("missing", "-") == "-"


def test_tables_and_refs() -> None:
    source = "Fact.<ref>Source {{nowrap|x}}</ref>\n{|\n|a||b\n|}\n"
    assert wikikit.parse(source).text == "Fact.\na\tb\n"
    assert text_of(source, refs="keep") == "Fact.Source x a b"
    assert text_of(source, tables="drop") == "Fact."


def test_no_leading_or_repeated_blank_lines() -> None:
    doc = wikikit.parse("{{Infobox x|a=b}}\n\n{{stub}}\n\n'''A''' is.\n\n\n\nB.\n\n")
    assert doc.text == "A is.\n\nB.\n"


def test_text_options_context() -> None:
    doc = wikikit.parse("x {{nowrap|y}}")
    with text_options(templates="drop"):
        assert doc.text == "x\n"
    assert doc.text == "x y\n"
