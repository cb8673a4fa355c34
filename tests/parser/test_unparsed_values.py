"""Template parameter values left unparsed by a parse, and parsed when first read.

A value read later must be exactly the value the parse would have built at once:
same nodes, same wikitext, same equality, hash and pickle, in the wiki the page was
parsed for, wherever it is read.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import wikikit
from wikikit import Parameter, Template
from wikikit.parser.context import default_parser_site, parser_site, using
from wikikit.parser.inline import parse_items
from wikikit.parser.preprocessor import preprocess
from wikikit.site import SiteConfig
from wikikit.tree import Node

PIECES = [
    "{{",
    "}}",
    "{{{",
    "}}}",
    "|",
    "=",
    "[[",
    "]]",
    "[[File:a.png|thumb|",
    "[http://a.b c]",
    "http://x.y/z",
    "''",
    "'''",
    "<ref>",
    "</ref>",
    "<ref name=a/>",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<nowiki>",
    "</nowiki>",
    "&amp;",
    "\n",
    "\n*",
    "==",
    " ",
    "a",
    "x y",
    "é",
    "ISBN 0-306-40615-2",
]
template_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30).map(
    lambda parts: "{{t|" + "".join(parts) + "}}"
)


def _params(items: list[Any]) -> list[Parameter]:
    found: list[Parameter] = []
    for item in items:
        if isinstance(item, Template):
            found.extend(item.params)
    return found


def _wikitext(items: list[Any]) -> str:
    return "".join(i if isinstance(i, str) else i.to_wikitext() for i in items)


@given(template_text)
def test_a_value_read_later_is_the_value_parsed_at_once(text: str) -> None:
    with using(default_parser_site()):
        eager = preprocess(text, parse_items)
        lazy = preprocess(text, parse_items, later=parse_items)
    # Written back before any value is parsed, then compared node for node.
    assert _wikitext(lazy) == _wikitext(eager) == text
    assert [p.value_wikitext for p in _params(lazy)] == [p.value_wikitext for p in _params(eager)]
    assert lazy == eager
    assert [hash(p) for p in _params(lazy)] == [hash(p) for p in _params(eager)]
    assert [hash(i) for i in lazy] == [hash(i) for i in eager]


def _template(doc: Any) -> Template:
    template = doc.blocks[0].children[0]
    assert isinstance(template, Template)
    return template


def test_the_parse_leaves_parameters_unbuilt_until_read() -> None:
    text = "{{cite web |url=http://a.b |title=''T''}} {{reflist|group=n}}"
    doc = wikikit.parse(text)
    cite = _template(doc)
    # Private state, read on purpose: writing back and rendering by name build nothing.
    assert doc.to_wikitext() == text
    assert "wikikit-template" in str(wikikit.to_html(doc))
    assert cite._unparsed is not None
    reflist = doc.blocks[0].children[2]  # type: ignore[attr-defined]
    assert isinstance(reflist, Template) and reflist._unparsed is None  # read for its group
    assert cite.get("url") is not None
    assert cite._unparsed is None
    assert [p.name for p in cite.params] == ["url", "title"]
    assert cite.to_wikitext() == "{{cite web |url=http://a.b |title=''T''}}"


def test_parameters_are_built_in_the_wiki_the_page_was_parsed_for() -> None:
    # A key is parsed when the parameters are built: in the page's wiki, like a value.
    text = "{{x|[[Datei:A.png|mini|a [[b]] c]]=1}}"
    de = SiteConfig.preset("de")
    template = _template(wikikit.parse(text, site=de))
    with using(default_parser_site()):
        key = template.params[0].key
    assert key is not None and len(key) == 1 and isinstance(key[0], wikikit.WikiLink)
    en = _template(wikikit.parse(text)).params[0].key
    assert en is not None and en[0] == wikikit.Text("[[Datei:A.png|mini|a ")


def test_an_unbuilt_template_edits_copies_and_compares_as_a_built_one() -> None:
    text = "{{a|1|k = v|{{b|c=d}}}}"
    built = _template(wikikit.parse(text))
    assert len(built.params) == 3
    assert _template(wikikit.parse(text)) == built
    assert hash(_template(wikikit.parse(text))) == hash(built)
    assert pickle.loads(pickle.dumps(_template(wikikit.parse(text)))) == built
    assert copy.copy(_template(wikikit.parse(text))).to_wikitext() == text
    renamed = _template(wikikit.parse(text)).with_changes(name_nodes=(wikikit.Text("z"),))
    assert renamed.to_wikitext() == "{{z|1|k = v|{{b|c=d}}}}"
    assert _template(wikikit.parse(text)).set("k", "w").to_wikitext() == "{{a|1|k = w|{{b|c=d}}}}"
    assert repr(_template(wikikit.parse(text))) == repr(built)


def test_the_parse_leaves_values_unparsed_until_read() -> None:
    doc = wikikit.parse("{{cite web |url=http://a.b |title=''T'' [[x]]}} text")
    template = doc.blocks[0].children[0]  # type: ignore[attr-defined]
    assert isinstance(template, Template)
    # Private state, read on purpose: writing the page back must not parse the values.
    assert doc.to_wikitext() == "{{cite web |url=http://a.b |title=''T'' [[x]]}} text"
    assert str(wikikit.to_html(doc)).count("wikikit-template") == 1
    title = template.params[1]
    assert title._unparsed is not None
    assert title.value_wikitext == "''T'' [[x]]"
    assert title._unparsed is not None
    assert title.value == (
        wikikit.Italic((wikikit.Text("T"),)),
        wikikit.Text(" "),
        wikikit.WikiLink((wikikit.Text("x"),)),
    )
    assert title._unparsed is None
    assert title.value_text == "T x"


def test_a_value_is_read_in_the_wiki_the_page_was_parsed_for() -> None:
    # "Datei:" is a file namespace on the German Wikipedia only: there the caption
    # holds the inner link, elsewhere the outer brackets are text.
    text = "{{x|[[Datei:A.png|mini|a [[b]] c]]}}"
    de = SiteConfig.preset("de")
    doc = wikikit.parse(text, site=de)
    value_de = doc.blocks[0].children[0].params[0]  # type: ignore[attr-defined]
    en = wikikit.parse(text).blocks[0].children[0].params[0]  # type: ignore[attr-defined]
    # Read while another wiki's parse is under way.
    with using(default_parser_site()):
        first = value_de.value
    assert len(first) == 1 and isinstance(first[0], wikikit.WikiLink)
    assert en.value[0] == wikikit.Text("[[Datei:A.png|mini|a ")
    with using(parser_site(de, None)):
        assert preprocess(text, parse_items)[0].params[0].value == first


def test_unparsed_values_compare_hash_copy_and_pickle_as_parsed_ones() -> None:
    text = "{{a|1|k=v [[l]]|{{b|''x''}}}}"
    parsed = wikikit.parse(text)
    walked = wikikit.parse(text)
    list(walked.walk())  # walking reads every value
    fresh = wikikit.parse(text)
    assert fresh == walked
    assert hash(wikikit.parse(text)) == hash(walked)
    for clone in (
        pickle.loads(pickle.dumps(wikikit.parse(text))),
        copy.deepcopy(wikikit.parse(text)),
    ):
        assert clone == walked
        assert clone.to_wikitext() == text
    assert parsed.to_dict() == walked.to_dict()
    changed = wikikit.parse(text).blocks[0].children[0].params[1]  # type: ignore[attr-defined]
    edited = changed.with_changes(key=(wikikit.Text("j"),))
    assert edited.to_wikitext() == "|j=v [[l]]"
    assert isinstance(edited, Node)


def test_an_extension_tag_body_is_read_in_the_wiki_of_its_page() -> None:
    # A <ref> body is parsed when first read, like a value: in its page's wiki too.
    text = "<ref>[[Datei:A.png|mini|a [[b]] c]]</ref>\n{{reflist}}"
    de = SiteConfig.preset("de")
    html = str(wikikit.to_html(wikikit.parse(text, site=de)))
    assert '<span class="wikikit-caption">a <a href="/wiki/B" title="B">b</a> c</span>' in html
    assert "[[Datei:" not in html
    doc = wikikit.parse(text, site=de)
    with using(default_parser_site()):
        ref = doc.find(wikikit.ExtensionTag)[0]
        assert isinstance(ref.children[0], wikikit.WikiLink)  # type: ignore[index]
    english = wikikit.parse(text).find(wikikit.ExtensionTag)[0]
    assert english.children[0] == wikikit.Text("[[Datei:A.png|mini|a ")  # type: ignore[index]
    # Copies keep the wiki's reading (a pickled body is parsed before it goes).
    for clone in (pickle.loads(pickle.dumps(wikikit.parse(text, site=de))),):
        assert clone.find(wikikit.ExtensionTag)[0].children == ref.children
    # Reached without a walk, which would read the body first.
    unread = wikikit.parse(text, site=de).blocks[0].children[0]  # type: ignore[attr-defined]
    assert isinstance(unread, wikikit.ExtensionTag)
    assert unread.with_changes(name="REF").children == ref.children
