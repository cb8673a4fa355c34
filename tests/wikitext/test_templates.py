"""Template parameter edits: get/has/set/add/remove/rename, layout kept, immutable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from conftest import fixture_articles, read_exact
from wikikit import Template


def tpl(text: str) -> Template:
    nodes = wikikit.parse_inline(text)
    assert len(nodes) == 1 and isinstance(nodes[0], Template)
    return nodes[0]


INLINE = "{{cite news |title=A |accessdate=2020 |url=x}}"
LINES = "{{cite news\n|title=A\n|accessdate=2020\n|url=x\n}}"
ALIGNED = "{{Cite_x\n| name       = A\n| accessdate = 2020\n| url        = x\n}}"


def test_get_and_has_by_name_and_number() -> None:
    t = tpl("{{t|a| b |x=1|c|x=2}}")
    assert t.has("x") and t.has("3") and not t.has("4")
    first = t.get("1")
    assert first is not None and first.value_text == "a"
    x = t.get("x")
    assert x is not None and x.value_text == "2"  # the last one wins, as in MediaWiki
    assert t.get("2") is not None and str(t.get("2")) == "| b "
    second = t.get("2")
    assert second is not None and second.value_wikitext == " b "


def test_edits_return_new_templates_and_leave_the_original() -> None:
    t = tpl(INLINE)
    t.set("title", "B")
    assert str(t) == INLINE


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (INLINE, "{{cite news |title=A |access-date=2020 |url=x}}"),
        (LINES, "{{cite news\n|title=A\n|access-date=2020\n|url=x\n}}"),
        # The "=" column stays where it was.
        (ALIGNED, ALIGNED.replace("| accessdate = 2020", "| access-date = 2020")),
    ],
)
def test_rename_keeps_layout(source: str, expected: str) -> None:
    assert str(tpl(source).rename("accessdate", "access-date")) == expected


def test_rename_keeps_width_in_aligned_layout() -> None:
    t = tpl("{{x\n| name       = A\n| birthplace = B\n| url        = x\n}}")
    assert str(t.rename("url", "site")) == (
        "{{x\n| name       = A\n| birthplace = B\n| site       = x\n}}"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (INLINE, "{{cite news |title=A |accessdate=2020 |url=x |work=W}}"),
        (LINES, "{{cite news\n|title=A\n|accessdate=2020\n|url=x\n|work=W\n}}"),
        (ALIGNED, ALIGNED.replace("x\n}}", "x\n| work       = W\n}}")),
        ("{{t}}", "{{t|work=W}}"),
    ],
)
def test_add_copies_the_layout(source: str, expected: str) -> None:
    assert str(tpl(source).add("work", "W")) == expected


def test_add_before_and_after() -> None:
    t = tpl(LINES)
    assert str(t.add("work", "W", before="url")) == (
        "{{cite news\n|title=A\n|accessdate=2020\n|work=W\n|url=x\n}}"
    )
    assert str(t.add("work", "W", after="title")) == (
        "{{cite news\n|title=A\n|work=W\n|accessdate=2020\n|url=x\n}}"
    )
    with pytest.raises(KeyError):
        t.add("work", "W", after="nope")
    with pytest.raises(TypeError):
        t.add("work", "W", after="url", before="url")


def test_add_existing_sets_in_place_like_mwparserfromhell() -> None:
    assert str(tpl(INLINE).add("title", "B")) == INLINE.replace("title=A", "title=B")


def test_add_positional() -> None:
    assert str(tpl("{{t|a|k=v}}").add("2", "b")) == "{{t|a|b|k=v}}"
    # A value with "=" is written with its number rather than escaped.
    assert str(tpl("{{t|a}}").add("2", "x=y")) == "{{t|a|2=x=y}}"
    assert str(tpl("{{t|k=v}}").add("1", "a")) == "{{t|a|k=v}}"


def test_set_keeps_spacing_and_escapes() -> None:
    assert str(tpl(ALIGNED).set("name", "B")) == ALIGNED.replace("= A", "= B")
    assert str(tpl("{{t|a=1}}").set("a", "x|y")) == "{{t|a=x&#124;y}}"
    assert str(tpl("{{t| one |b}}").set("1", "x=y")) == "{{t| x&#61;y |b}}"
    assert str(tpl("{{t|a=1}}").set("b", "2")) == "{{t|a=1|b=2}}"
    assert str(tpl("{{t|a=[[l|m]]}}").set("a", "[[p|q]]")) == "{{t|a=[[p|q]]}}"


def test_remove() -> None:
    assert str(tpl(INLINE).remove("accessdate")) == "{{cite news |title=A |url=x}}"
    assert str(tpl(LINES).remove("url")) == "{{cite news\n|title=A\n|accessdate=2020\n}}"
    assert str(tpl("{{t|a=1|b=2|a=3}}").remove("a")) == "{{t|b=2}}"
    # Positional: emptied while later positional parameters depend on its number.
    assert str(tpl("{{t|a|b}}").remove("1")) == "{{t||b}}"
    assert str(tpl("{{t|a|b}}").remove("2")) == "{{t|a}}"
    with pytest.raises(KeyError):
        tpl("{{t}}").remove("x")


def test_rename_errors_and_positional() -> None:
    t = tpl("{{t|a|x=1}}")
    with pytest.raises(KeyError):
        t.rename("y", "z")
    with pytest.raises(ValueError):
        t.rename("1", "x")
    with pytest.raises(ValueError):
        t.rename("x", "a|b")
    assert str(t.rename("1", "first")) == "{{t|first=a|x=1}}"


def test_renaming_a_positional_parameter_keeps_the_later_ones_in_place() -> None:
    # {{{2}}} must still be "b" once "a" is named.
    renamed = tpl("{{t|a|b|k=v|c}}").rename("1", "x")
    assert str(renamed) == "{{t|x=a|2=b|k=v|3=c}}"
    assert renamed.get("2").value_wikitext == "b" and renamed.get("3").value_wikitext == "c"
    assert str(tpl("{{t|a|b}}").rename("2", "y")) == "{{t|a|y=b}}"
    with pytest.raises(ValueError, match="whitespace"):
        tpl("{{t|a| b }}").rename("1", "x")


def test_unchanged_parameters_are_shared() -> None:
    t = tpl(LINES)
    new = t.set("url", "y")
    assert new.params[0] is t.params[0] and new.name_nodes is t.name_nodes


def test_document_round_trip_changes_only_the_edited_bytes() -> None:
    text = "Lead {{cite news|title=A|accessdate=1}} and {{other|accessdate=2}}.\n\n== S ==\nx\n"
    doc = wikikit.parse(text)
    new = doc.transform(Template, lambda t: t.set("title", "B") if t.matches("Cite news") else t)
    assert new.to_wikitext() == text.replace("title=A", "title=B")


# -- properties -------------------------------------------------------------------------------

names = st.sampled_from(["a", "b", "url", "access-date", "x y"])
values = st.sampled_from(["v", "", "[[l|m]]", "{{n|k=v}}", "a|b", "x=y", "two words", "1}}"])
seps = st.sampled_from(["", " ", "\n", "\n ", "  "])


@st.composite
def templates(draw: st.DrawFn) -> Template:
    pad = draw(seps)
    params = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            params.append(
                "|"
                + draw(seps).strip("\n")
                + draw(names)
                + draw(seps).strip("\n")
                + "="
                + draw(seps).strip("\n")
                + draw(st.sampled_from(["1", "two", "[[x]]"]))
                + draw(seps)
            )
        else:
            params.append("|" + draw(st.sampled_from(["p", "q r", ""])))
    return tpl("{{name" + pad + "".join(params) + "}}")


def reparsed(t: Template) -> Template:
    return tpl(str(t))


@given(templates(), names, values)
def test_set_then_get_gives_the_value_and_reparses(t: Template, name: str, value: str) -> None:
    new = t.set(name, value)
    assert reparsed(new) == new
    param = new.get(name)
    assert param is not None
    assert wikikit.parse_inline(param.value_text) is not None
    # Exactly one parameter's value changed, or one was added; other parameters untouched.
    kept = [p for p in t.params if any(p is q for q in new.params)]
    assert len(kept) >= len(t.params) - 2


@given(templates(), names, values)
def test_add_then_remove_restores_the_text(t: Template, name: str, value: str) -> None:
    if t.has(name):
        return
    new = t.add(name, value)
    assert new.has(name)
    assert reparsed(new) == new
    assert str(new.remove(name)) == str(t)


@given(templates(), names, names)
def test_rename_keeps_values_and_order(t: Template, old: str, new_name: str) -> None:
    if not t.has(old) or t.has(new_name) or old == new_name:
        return
    new = t.rename(old, new_name)
    assert reparsed(new) == new
    assert not new.has(old) and new.has(new_name)
    before = [p.value_text for p in t.params]
    after = [p.value_text for p in new.params]
    assert before == after


@given(templates(), names)
def test_remove_leaves_other_parameters(t: Template, name: str) -> None:
    if not t.has(name):
        return
    new = t.remove(name)
    assert not new.has(name) or name.isdigit()
    others = [(k, p.value_text) for k, p in t.arguments() if k != name]
    assert [(k, p.value_text) for k, p in new.arguments() if k != name] == others


# -- whole articles ---------------------------------------------------------------------------


def _outermost(doc: wikikit.Document) -> list[tuple[Template, int]]:
    """Templates not inside another template, with their offsets."""
    spans = [(n, off) for n, off in doc.offsets() if isinstance(n, Template)]
    out: list[tuple[Template, int]] = []
    end = -1
    for node, off in spans:
        if off >= end:
            out.append((node, off))
            end = off + len(node.to_wikitext())
    return out


@pytest.mark.parametrize("path", fixture_articles(), ids=lambda p: p.name)
def test_article_edits_change_only_template_bytes(path: Path) -> None:
    text = read_exact(path)
    doc = wikikit.parse(text)

    def edit(t: Template) -> Template:
        if t.has("url"):
            return t.rename("url", "link")
        return t.set("checked", "yes") if t.params else t

    new = doc.transform(Template, edit)
    expected = []
    pos = 0
    for node, off in _outermost(doc):
        expected.append(text[pos:off])
        expected.append(str(node.transform(Template, edit)))
        pos = off + len(node.to_wikitext())
    expected.append(text[pos:])
    assert str(new) == "".join(expected)
    # The edited page parses back to the edited tree.
    assert wikikit.parse(str(new)).templates == new.templates
