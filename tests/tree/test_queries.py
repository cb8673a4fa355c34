"""Queries at any depth, ``str(node)``, ``Template.matches`` and ``transform``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from parser.test_properties import wikitext
from wikikit import Bold, Document, Node, Parameter, Template, Text, WikiLink
from wikikit.tree import title_key


def test_str_is_wikitext_and_repr_the_constructor() -> None:
    doc = wikikit.parse("A '''b''' {{t|x=1}}\n")
    bold = doc.find_first(Bold)
    assert bold is not None
    assert str(bold) == "'''b'''"
    assert repr(bold) == "Bold(children=(Text(value='b'),), open=\"'''\", close=\"'''\")"
    assert str(doc) == "A '''b''' {{t|x=1}}\n"
    template = doc.templates[0]
    assert str(template.params[0]) == "|x=1"


def test_find_reaches_templates_in_parameters_links_and_tags() -> None:
    text = "[[a|{{b|{{c}}}}]] <span>{{d}}</span> {{e|x=[[f]]}}\n"
    doc = wikikit.parse(text)
    assert [t.name for t in doc.templates] == ["b", "c", "d", "e"]
    assert [link.title for link in doc.find(WikiLink)] == ["a", "f"]
    assert [t.name for t in doc.find(Template, lambda t: not t.params)] == ["c", "d"]


@pytest.mark.parametrize(
    ("written", "query"),
    [
        ("cite news", "Cite news"),
        ("Cite_news", "cite news"),
        (" template: u ", "u"),
        ("Template:U", "u"),
        ("TEMPLATE : u", "Template:u"),
        ("t#a", "t"),
        ("cite   news", "cite__news"),
        ("subst:foo", "foo"),
        ("cite\u00a0news", "cite news"),
    ],
)
def test_matches_follows_mediawiki_title_rules(written: str, query: str) -> None:
    template = wikikit.parse_inline("{{" + written + "}}")[0]
    assert isinstance(template, Template)
    assert template.matches(query)


@pytest.mark.parametrize(
    ("written", "query"),
    [
        ("cite news", "Cite News"),  # only the first letter ignores case
        (":foo", "foo"),  # a main-namespace page, not Template:Foo
        ("citenews", "cite news"),
    ],
)
def test_matches_rejects_other_titles(written: str, query: str) -> None:
    template = wikikit.parse_inline("{{" + written + "}}")[0]
    assert isinstance(template, Template)
    assert not template.matches(query)


def test_title_key() -> None:
    assert title_key("cite_web") == "Template:Cite web"
    assert title_key(":Main Page") == "Main Page"
    assert title_key("Template:X#y") == "Template:X"


def test_infobox_matches_and_positional_get() -> None:
    doc = wikikit.parse("{{Infobox person|Ann|name=B}}\n")
    box = doc.infobox
    assert box is not None
    assert box.matches("infobox_person")
    field = box.get("1")
    assert field is not None and field.text == "Ann"
    assert box.has("name") and not box.has("2")


def test_transform_edits_every_template_deepest_first() -> None:
    text = "{{a|{{b}}}} x {{c}}\n"
    seen: list[str] = []

    def visit(t: Template) -> Template:
        seen.append(t.name)
        return t.with_changes(name_nodes=(Text(t.name.upper()),))

    doc = wikikit.parse(text).transform(Template, visit)
    assert seen == ["b", "a", "c"]
    assert doc.to_wikitext() == "{{A|{{B}}}} x {{C}}\n"


def test_transform_shares_untouched_subtrees() -> None:
    doc = wikikit.parse("== H ==\npara {{t}}\n\n== I ==\nother [[x]]\n")
    assert doc.transform(Template, lambda t: t) is doc
    new = doc.transform(WikiLink, lambda link: link.with_changes(target=(Text("y"),)))
    assert new.sections[0] is doc.sections[0]
    assert new.to_wikitext() == "== H ==\npara {{t}}\n\n== I ==\nother [[y]]\n"


def test_transform_can_drop_nodes() -> None:
    doc = wikikit.parse("a {{stub}} b {{keep}}\n")
    new = doc.transform(Template, lambda t: None if t.matches("stub") else t)
    assert new.to_wikitext() == "a  b {{keep}}\n"
    with pytest.raises(ValueError):
        doc.transform(Document, lambda d: None)
    with pytest.raises(ValueError):
        # A parameter's key is a tuple, but a heading inside a section is a single field.
        wikikit.parse("== h ==\n").transform(wikikit.Heading, lambda h: None)


def test_bot_edit_in_three_lines_changes_only_the_edited_bytes() -> None:
    text = (
        "Intro.<ref>{{cite news |title=A |accessdate=2020-01-01}}</ref>\n"
        "{{cite web|url=u|accessdate=x}}\n"
        "{{Cite_news\n| title      = B\n| accessdate = 2021\n}}\n"
    )
    doc = wikikit.parse(text)
    doc = doc.transform(
        Template,
        lambda t: (
            t.rename("accessdate", "access-date")
            if t.matches("cite news") and t.has("accessdate")
            else t
        ),
    )
    # The reference's body is part of the tree: its citation is edited too.
    expected = text.replace("| accessdate = 2021", "| access-date = 2021")
    expected = expected.replace("|accessdate=2020", "|access-date=2020")
    assert doc.to_wikitext() == expected


# -- properties -------------------------------------------------------------------------------


@given(wikitext)
def test_identity_transform_returns_the_same_tree(text: str) -> None:
    doc = wikikit.parse(text)
    for kind in (Node, Template, Text, Parameter):
        assert doc.transform(kind, lambda n: n) is doc


@given(wikitext, st.sampled_from(["X", "", "{{y}}", "a|b"]))
def test_transform_changes_only_the_transformed_bytes(text: str, value: str) -> None:
    doc = wikikit.parse(text)
    texts = doc.find(Text)
    if not texts:
        return
    target = texts[len(texts) // 2]
    new = doc.transform(Text, lambda t: Text(value) if t is target else t)
    old_text = doc.to_wikitext()
    # The written text is the old one with the target's bytes replaced: find the target's span.
    spans = [(n, off) for n, off in doc.offsets() if n is target]
    assert len(spans) == 1
    start = spans[0][1]
    expected = old_text[:start] + value + old_text[start + len(target.value) :]
    assert new.to_wikitext() == expected


@given(wikitext)
def test_offsets_point_at_each_nodes_text(text: str) -> None:
    doc = wikikit.parse(text)
    source = doc.to_wikitext()
    for node, offset in doc.offsets():
        written = node.to_wikitext()
        assert source[offset : offset + len(written)] == written


def test_matches_with_a_wikis_template_namespace() -> None:
    from wikikit.site import SiteConfig

    template = wikikit.parse_inline("{{Vorlage:Infobox_Burg}}")[0]
    assert isinstance(template, Template)
    assert not template.matches("Infobox Burg")
    assert template.matches("Infobox Burg", site=SiteConfig.preset("de"))
