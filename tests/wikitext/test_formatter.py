"""The canonical formatter: hand-written before/after pairs, and its three laws.

Laws, on every fixture article and on generated text:

1. ``format(format(x)) == format(x)``;
2. ``layout_key(parse(format(x))) == layout_key(parse(x))``: the trees are
   equal up to layout-only fields (see ``wikikit.wikitext.formatter.layout_key``);
3. ``to_html(format(x))`` equals ``to_html(x)`` up to HTML whitespace that
   browsers ignore: outside ``<pre>``, runs of whitespace compare as one space
   and as none next to block-level tags; and both texts are taken as
   MediaWiki saves a page (``\\r\\n`` as ``\\n``, trailing blank lines and the
   final newline dropped). The renderer copies a paragraph's trailing spaces
   and ``\\r\\n`` into its output, so stripping them changes bytes a browser
   ignores; every other difference (an extra ``<p><br></p>``, a lost header
   cell …) still fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from conftest import fixture_articles, read_exact
from wikikit.parser import build_sections
from wikikit.wikitext.formatter import format, layout_key

try:
    from wikikit import to_html
except ImportError:  # pragma: no cover - the renderer is another issue
    to_html = None  # type: ignore[assignment]

_PRE = re.compile(r"(<pre\b[^>]*>.*?</pre>)", re.DOTALL)


_BLOCK_TAG = re.compile(
    r"\s*(</?(?:table|tbody|thead|tr|td|th|caption|p|div|ul|ol|li|dl|dd|dt|h[1-6]|hr|blockquote)"
    r"\b[^>]*>)\s*"
)


def _squeeze(html: str) -> str:
    # Whitespace runs count as one space, and none at all next to a block-level tag
    # (or at the edges, which touch <pre> or the ends): browsers show none there.
    return _BLOCK_TAG.sub(r"\1", re.sub(r"\s+", " ", html)).strip()


def html_key(text: str) -> str:
    """Rendered HTML with whitespace outside ``<pre>`` collapsed (see the module doc)."""
    assert to_html is not None
    # MediaWiki stores every newline as "\n" (it converts "\r\n" on save), in <pre> too.
    html = to_html(wikikit.parse(text)).replace("\r\n", "\n")
    return "".join(p if p.startswith("<pre") else _squeeze(p) for p in _PRE.split(html))


def saved(text: str) -> str:
    """``text`` as MediaWiki saves it: ``\r\n`` as ``\n``, no trailing blank lines.

    (The renderer reads ``=a=\r\n`` as a paragraph while the parser reads a
    heading; MediaWiki never sees the ``\r``.)
    """
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def check_laws(text: str) -> str:
    once = format(text)
    assert format(once) == once, "format is not idempotent"
    assert wikikit.parse(once).dialect == wikikit.parse(text).dialect, "the dialect changed"
    assert layout_key(wikikit.parse(once)) == layout_key(wikikit.parse(text)), "tree changed"
    if to_html is not None:
        assert html_key(saved(once)) == html_key(saved(text)), "rendering changed"
    return once


# -- the house style, by hand -------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # Headings: single spaces inside, a blank line after.
        ("==Title==\nText\n", "== Title ==\n\nText\n"),
        ("===  Deep   ===  \nText\n", "=== Deep ===\n\nText\n"),
        # Blank lines after a heading collapse to one.
        ("== A ==\n\n\n\nText\n", "== A ==\n\nText\n"),
        # Trailing spaces go; CRLF becomes LF; one final newline.
        ("One  \r\nTwo\t\r\n\r\n", "One\nTwo\n"),
        ("No newline", "No newline\n"),
        # List markers take exactly one space.
        # (two lists side by side get no blank line: it could make one list two)
        ("*a\n*   b\n#c\n", "* a\n* b\n# c\n"),
        ("*\n", "*\n"),
        # A list after a table gets its blank line.
        ("{|\n| x\n|}\n* a\n", "{|\n| x\n|}\n\n* a\n"),
        # Table cells one per line; a header line's || cells stay headers.
        ("{|\n| a || b\n|}\n", "{|\n| a\n| b\n|}\n"),
        ("{|\n! a || b !! c\n|}\n", "{|\n! a\n! b\n! c\n|}\n"),
        # A split cell whose text starts with "-" must not become a row marker.
        ("{|\n| a ||- b\n|}\n", "{|\n| a\n| - b\n|}\n"),
        # Multi-line templates: one parameter per line, "=" aligned.
        (
            "{{Infobox person\n|name=Ann\n|birth_place =  Paris\n|image=\n}}\n",
            "{{Infobox person\n | name        = Ann\n | birth_place = Paris\n"
            " | image       =\n}}\n",
        ),
        (
            "{{cite web|url=x\n|title=T}}\n",
            "{{cite web\n | url   = x\n | title = T\n}}\n",
        ),
        # A list value starts on its own line; text after an infobox gets its blank line.
        (
            "{{Infobox x\n|teams=\n* A\n* B\n|b = 2}}\n'''X''' is.\n",
            "{{Infobox x\n | teams =\n* A\n* B\n | b     = 2\n}}\n\n'''X''' is.\n",
        ),
        # A positional value keeps its bytes, spaces and all.
        (
            "{{Infobox x\n|a=1| pos \n|b=2}}\n",
            # (it owns the whitespace before the next "|", so every "|" starts its line)
            "{{Infobox x\n| a = 1\n| pos \n| b = 2\n}}\n",
        ),
    ],
)
def test_house_style(before: str, after: str) -> None:
    assert format(before) == after
    check_laws(before)


@pytest.mark.parametrize(
    "text",
    [
        # Spacing is meaning here: left alone byte for byte.
        " preformatted  line \n  indented more\n",
        "<pre>\n  keep   this  \n</pre>\n",
        "a <nowiki>  x  |  y  </nowiki> b\n",
        "{{#if: x | a = b | c }}\n",  # parser functions see their spacing
        "{{template| positional |x}}\n",  # written on one line
        "<!-- a   comment  -->\n",
        "Para one.\n\n\n\nPara two.\n",  # extra blank lines render as <p><br>
        "Line one\nline two\n",
        # An unclosed ''' runs to the closing "=": no space may be added inside it.
        "== '''Bold ==\n",
    ],
)
def test_meaningful_spacing_is_kept(text: str) -> None:
    assert format(text) == text
    check_laws(text)


def test_blank_lines_near_preformatted_text_are_kept() -> None:
    text = " pre\n \n pre two\n"
    assert format(text) == text


def test_format_takes_a_document_and_keeps_the_export_dialect() -> None:
    seed = read_exact(fixture_articles()[0].parent / "second_battle_of_kidal.txt")
    doc = wikikit.parse(seed)
    out = format(doc)
    assert out == format(seed)
    assert out.startswith("= Second Battle of Kidal =\n\nInfobox\n- Conflict: ")
    assert "== The battle ==\n\n=== Prime Minister's visit and hostage-taking ===\n" in out
    assert wikikit.parse(out).dialect == "article"


@pytest.mark.parametrize(
    "text",
    [
        # Keys that are only quotes: their spacing sits inside an unclosed '' or '''.
        "{{Infobox x|''=1}}",
        "Intro.\n{{Infobox|''=}}\n",
        "{{Infobox x\n|'''=1\n|a=''b \n}}\n",
        "{{cite web\n|''= ''x \n|=2}}\n",
        "== ''x ==\n",
        "* ''x \n",
        # Lines that look like the export's title and infobox lines.
        "===\ns\n- K: a\n>",
        "=|=\n#\n- : ",
        "=x==\nHeader\n- Key: v\n",
        "= T =\n* list\n- K: v\n",
        # The export's infobox ends its last line: the text after it is a new line.
        "=alpha=\nalpha\n- K: v\nalpha\nalpha\n",
    ],
)
def test_laws_on_odd_shapes(text: str) -> None:
    check_laws(text)


def test_quote_only_keys_are_laid_out_like_others() -> None:
    assert format("{{Infobox x|''=1|ab=2}}") == "{{Infobox x\n | '' = 1\n | ab = 2\n}}\n"


def test_a_stray_pipe_keeps_the_alignment() -> None:
    # An empty positional parameter owns its newline, so every "|" starts its line.
    text = "{{Infobox newspaper\n| type = [[Daily]]\n| format = [[Broadsheet]]|\n| price = 1\n}}\n"
    assert format(text) == (
        "{{Infobox newspaper\n| type   = [[Daily]]\n| format = [[Broadsheet]]\n|\n"
        "| price  = 1\n}}\n"
    )
    out = format(read_exact(fixture_articles()[0].parent / "toronto_star.wiki"))
    box = out[out.index("{{Infobox newspaper") : out.index("\n}}\n")]
    lines = box.split("\n")[1:]
    assert len({line.index(" = ") for line in lines if " = " in line}) == 1  # one "=" column
    assert all(line.startswith("| ") or line == "|" for line in lines)


def test_format_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        format(b"bytes")  # type: ignore[arg-type]


def test_layout_key_sees_real_changes() -> None:
    def key(t: str) -> object:
        return layout_key(wikikit.parse(t))

    assert key("==A==\n\ntext  \n") == key("== A ==\ntext\n")
    assert key("{{x|a = 1\n}}") == key("{{x|a=1}}")
    assert key("{{x| 1 }}") != key("{{x|1}}")  # positional spacing is meaning
    assert key("text\n") != key("Text\n")
    assert key("{|\n! a || b\n|}") == key("{|\n! a\n! b\n|}")
    assert key("{|\n! a || b\n|}") != key("{|\n! a\n| b\n|}")


# -- laws on every fixture ----------------------------------------------------------------


@pytest.mark.parametrize("path", fixture_articles(), ids=lambda p: p.name)
def test_laws_on_fixtures(path: Path) -> None:
    text = read_exact(path)
    out = check_laws(text)
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\r" not in out or "\r" in text.replace("\r\n", "")
    # Trailing spaces survive only where they are meaning (positional values, <pre> …).
    trailing = [line for line in out.split("\n") if line != line.rstrip(" \t")]
    assert len(trailing) <= len([x for x in text.splitlines() if x != x.rstrip(" \t")])


# -- laws on generated text ---------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "alpha",
        "Beta",
        "x",
        "'''b'''",
        "''i''",
        "[[Link]]",
        "[[a|b]]",
        "{{t}}",
        "<ref>r</ref>",
        "&amp;",
        "<br>",
        "<!-- c -->",
        "[http://e.com e]",
        "=",
    ]
)
_SP = st.sampled_from(["", " ", "  ", "\t"])
_NL = st.sampled_from(["\n", "\n", "\r\n"])


@st.composite
def _line(draw: st.DrawFn) -> str:
    kinds = ["text", "heading", "list", "blank", "space", "pre", "rule", "export", "title"]
    kind = draw(st.sampled_from(kinds))
    words = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=4)))
    sp = draw(_SP)
    if kind == "heading":
        marks = "=" * draw(st.integers(1, 4))
        return f"{marks}{sp}{words}{draw(_SP)}{marks}{draw(_SP)}"
    if kind == "list":
        return draw(st.sampled_from(["*", "#", ":", ";", "**", "*#"])) + sp + words + draw(_SP)
    if kind == "blank":
        return ""
    if kind == "space":
        return draw(st.sampled_from([" ", "  ", "\t"]))
    if kind == "pre":
        return " " + words + sp
    if kind == "rule":
        return "----" + sp
    if kind == "export":  # an export infobox line, or something close to one
        return draw(st.sampled_from(["- K: v", "- : ", "- Key: ", "-  K: v", "- K:v"]))
    if kind == "title":  # a line of "=" or a level-1 heading, like the export's title
        return draw(st.sampled_from(["=", "===", "=====", "=x==", "= T =", "=|=", "==x="]))
    return words + draw(_SP)


@st.composite
def _template(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["Infobox person", "cite web", "Infobox", "#if: x", "foo"]))
    params = []
    for _ in range(draw(st.integers(0, 4))):
        value = " ".join(draw(st.lists(_WORDS, max_size=2)))
        if draw(st.booleans()):
            key = draw(st.sampled_from(["a", "name", "birth_place", "b", "", "''", "'''", "''x"]))
            params.append(f"{draw(_SP)}|{draw(_SP)}{key}{draw(_SP)}={draw(_SP)}{value}{draw(_SP)}")
        else:
            params.append(f"|{draw(_SP)}{value}{draw(_SP)}")
    sep = draw(st.sampled_from(["\n", ""]))
    return "{{" + name + sep + sep.join(params) + sep + "}}"


@st.composite
def _table(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        marker = draw(st.sampled_from(["|", "!"]))
        cells = draw(
            st.lists(
                st.sampled_from(["a", " b ", "-c", "+d", "}e", "x|y", ""]), min_size=1, max_size=3
            )
        )
        sep = draw(st.sampled_from(["||", "!!"]))
        rows.append(marker + sep.join(cells) + draw(_SP))
    return "{|\n" + "\n|-\n".join(rows) + "\n|}"


@st.composite
def articles(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(_line(), _template(), _table()), max_size=12))
    nls = [draw(_NL) for _ in parts]
    return "".join(p + n for p, n in zip(parts, nls, strict=False)) + draw(
        st.sampled_from(["", "\n", "\n\n"])
    )


@given(articles())
def test_laws_on_generated_articles(text: str) -> None:
    check_laws(text)


@given(st.text(st.sampled_from(list("ab =|{}[]!*#:;-\n' \t<>/")), max_size=60))
def test_laws_on_arbitrary_text(text: str) -> None:
    check_laws(text)


# -- wikikit fmt ----------------------------------------------------------------------------


def test_fmt_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wikikit.cli.format_commands import fmt_command

    messy = tmp_path / "messy.wiki"
    messy.write_bytes(b"==Title==\r\nText  \r\n")
    tidy = tmp_path / "tidy.wiki"
    tidy.write_bytes(b"== Title ==\n\nText\n")
    runner = CliRunner()

    result = runner.invoke(fmt_command, [str(messy)])
    assert result.exit_code == 0 and result.output == "== Title ==\n\nText\n"

    result = runner.invoke(fmt_command, ["--check", str(messy), str(tidy)])
    assert result.exit_code == 1
    assert str(messy) in result.output and str(tidy) not in result.output
    assert runner.invoke(fmt_command, ["--check", str(tidy)]).exit_code == 0

    result = runner.invoke(fmt_command, ["--diff", str(messy)])
    assert result.exit_code == 0
    assert "-==Title==" in result.output and "+== Title ==\n" in result.output
    assert f"--- {messy}\n+++ {messy} (formatted)\n" in result.output

    result = runner.invoke(fmt_command, ["--in-place", str(messy), str(tidy)])
    assert result.exit_code == 0 and result.output == ""
    assert messy.read_bytes() == b"== Title ==\n\nText\n"
    assert tidy.read_bytes() == b"== Title ==\n\nText\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy.wiki", "tidy.wiki"]

    result = runner.invoke(fmt_command, ["-"], input="*x\n")
    assert result.output == "* x\n"
    assert runner.invoke(fmt_command, ["--in-place", "-"]).exit_code == 2
    assert runner.invoke(fmt_command, [str(tmp_path / "missing.wiki")]).exit_code == 2


# -- laws on generated trees ----------------------------------------------------------------

_TEXTS = st.sampled_from(["Mali", "the town", "x", "1,500", "Kidal"])


@st.composite
def _inlines(draw: st.DrawFn) -> tuple[wikikit.Inline, ...]:
    out: list[wikikit.Inline] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["text", "link", "bold", "template"]))
        word = draw(_TEXTS)
        if kind == "link":
            out.append(wikikit.WikiLink((wikikit.Text(word),)))
        elif kind == "bold":
            out.append(wikikit.Bold((wikikit.Text(word),)))
        elif kind == "template":
            out.append(
                wikikit.Template(
                    (wikikit.Text("lang"),), (wikikit.Parameter(None, (wikikit.Text(word),)),)
                )
            )
        else:
            out.append(wikikit.Text(word))
        out.append(wikikit.Text(draw(_SP) or " "))
    return tuple(out)


@st.composite
def _blocks(draw: st.DrawFn) -> list[wikikit.Block]:
    out: list[wikikit.Block] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["para", "list", "blank", "infobox"]))
        if kind == "para":
            out.append(wikikit.Paragraph(draw(_inlines()), "\n"))
        elif kind == "list":
            items = tuple(
                wikikit.ListItem("*", (wikikit.Text(draw(_SP)), *draw(_inlines())), "\n")
                for _ in range(draw(st.integers(1, 3)))
            )
            out.append(wikikit.List(items))
        elif kind == "blank":
            out.append(wikikit.BlankLine(draw(_SP), "\n"))
        else:
            fields = tuple(
                wikikit.InfoboxField(
                    "|",
                    (wikikit.Text(draw(_SP) + key + draw(_SP)),),
                    "=",
                    (wikikit.Text(draw(_SP)), *draw(_inlines()), wikikit.Text("\n")),
                )
                for key in draw(st.lists(st.sampled_from(["name", "date", "place"]), unique=True))
            )
            out.append(
                wikikit.Infobox("{{", (wikikit.Text("Infobox x\n"),), "", fields, "}}", "\n")
            )
    return out


@st.composite
def trees(draw: st.DrawFn) -> wikikit.Document:
    blocks: list[wikikit.Block] = draw(_blocks())
    for _ in range(draw(st.integers(0, 3))):
        level = draw(st.integers(2, 4))
        sp = draw(_SP)
        title = draw(_TEXTS)
        blocks.append(wikikit.Heading("=" * level, (wikikit.Text(sp + title + sp),), "=" * level))
        blocks += draw(_blocks())
    lead, sections = build_sections(blocks)
    return wikikit.Document("", None, tuple(lead), tuple(sections))


@given(trees())
def test_laws_on_generated_trees(doc: wikikit.Document) -> None:
    text = doc.to_wikitext()
    check_laws(text)
    assert format(wikikit.parse(text)) == format(text)
