"""The preprocessor's expansion modes and the Preprocessor_Hash rules it follows."""

from __future__ import annotations

from wikikit import Template, parse
from wikikit.expand.pptree import PArg, PComment, PIgnore, PTemplate, build_tree


def test_invalid_call_names_stay_text_and_round_trip() -> None:
    for text in ("{{foo[[bar]]}}", "{{foo<i>x</i>}}", "{{a\nb}}", "{{a|b}}{{x}y}}"):
        doc = parse(text)
        assert doc.to_wikitext() == text
    assert not parse("{{foo[[bar]]}}").find(Template)
    assert parse("{{#if:[[x]]|y}}").find(Template)
    assert parse("{{ foo \n|x}}").find(Template)


def test_heading_line_keeps_pipes_and_equals_in_the_value() -> None:
    doc = parse("{{x|\n== a | b = c ==\n}}")
    (tpl,) = doc.find(Template)
    assert len(tpl.params) == 1
    assert tpl.params[0].key is None


def test_view_mode_ignores_include_markup() -> None:
    tree = build_tree("a<noinclude>b</noinclude><includeonly>c</includeonly>")
    assert [type(n).__name__ for n in tree] == ["str", "PIgnore", "str", "PIgnore", "PIgnore"]
    assert "".join(n if isinstance(n, str) else "" for n in tree) == "ab"


def test_include_mode_and_onlyinclude() -> None:
    tree = build_tree("a<noinclude>b</noinclude><includeonly>c</includeonly>", include=True)
    assert "".join(n for n in tree if isinstance(n, str)) == "ac"
    tree = build_tree("x<onlyinclude>y</onlyinclude>z", include=True)
    assert "".join(n for n in tree if isinstance(n, str)) == "y"
    assert any(isinstance(n, PIgnore) for n in tree)


def test_argument_parts_and_line_start() -> None:
    (arg,) = build_tree("{{{a|b|c}}}")
    assert isinstance(arg, PArg) and len(arg.parts) == 2
    tree = build_tree("x\n{{t}}{{u}}")
    calls = [n for n in tree if isinstance(n, PTemplate)]
    assert [c.line_start for c in calls] == [True, False]


def test_comment_alone_on_its_line_takes_the_line() -> None:
    tree = build_tree("a\n  <!-- c -->  \nb")
    assert tree[0] == "a\n"
    assert isinstance(tree[1], PComment) and tree[1].text == "  <!-- c -->  \n"
    assert tree[-1] == "b"
    # Not alone on its line: only the comment.
    tree = build_tree("a <!-- c -->\nb")
    assert isinstance(tree[1], PComment) and tree[1].text == "<!-- c -->"
