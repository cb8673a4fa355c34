"""Dialect conversion: the seed's round trip, and the export rules by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikikit
from conftest import SEED, fixture_articles, read_exact
from wikikit.wikitext.convert import convert, escape_plain, export_key

TITLE = "Second Battle of Kidal"


def test_seed_to_mediawiki_and_back_is_byte_for_byte() -> None:
    seed = read_exact(SEED)
    mediawiki = convert(wikikit.parse(seed), to="mediawiki")
    assert wikikit.parse(mediawiki).dialect == "mediawiki"
    back = convert(wikikit.parse(mediawiki), to="article", title=TITLE)
    assert back == seed


def test_seed_to_mediawiki_infobox() -> None:
    mediawiki = convert(read_exact(SEED), to="mediawiki")
    assert mediawiki.startswith(
        "{{Infobox\n"
        " | conflict    = Second Battle of Kidal\n"
        " | partof      = the Internal conflict in Azawad\n"
        " | date        = 16–21 May 2014, ()\n"
    )
    assert (
        " | casualties2 = 2 killed, 10 wounded, (According to the MNLA)\n}}\n\nThe Second"
        in mediawiki
    )
    # Headings and body lines are kept as written.
    assert (
        "\n==The battle==\n===Prime Minister's visit and hostage-taking===\n\nOn 17 May"
        in mediawiki
    )
    box = wikikit.parse(mediawiki).infobox
    assert box is not None and box.label == "Infobox"
    assert box.to_dict()["strength1"] == "1,500"


def test_keys_are_title_cased_like_str_title() -> None:
    assert export_key("birth_place") == "Birth Place"
    assert export_key("stat1label") == "Stat1Label"
    assert export_key("partof") == "Partof"


def test_mediawiki_to_article_rules() -> None:
    text = (
        "{{Infobox person\n"
        "| name = [[Ann Smith|Ann]]\n"
        "| image = Ann.jpg\n"
        "| caption = Ann in 1990\n"
        "| birth_place = [[Paris]]<ref>A source</ref>\n"
        "| birth_date = {{birth date|1950|1|1}}\n"
        "| spouse = Bob<br>Carl<br />Dan\n"
        "| children =\n* Eve\n* Fay\n"
        "| stat1label = ''Goals''\n"
        "| 1 = kept\n"
        "}}\n"
        "'''Ann''' was a [[painter]].{{citation needed}}\n"
        "\n\n\n"
        "== Life ==\n"
        "She lived in [[Paris|the capital]].<!-- note -->\n"
        "[[Category:Painters]]\n"
    )
    assert convert(wikikit.parse(text), to="article", title="Ann Smith") == (
        "= Ann Smith =\n"
        "\n"
        "Ann\n"
        "- Name: Ann\n"
        "- Birth Place: Paris\n"
        "- Spouse: Bob, Carl, Dan\n"
        "- Children: Eve, Fay\n"
        "- Stat1Label: Goals\n"
        "- 1: kept\n"
        "\n"
        "Ann was a painter.\n"
        "\n"
        "== Life ==\n"
        "She lived in the capital.\n"
    )


def test_article_needs_a_title() -> None:
    with pytest.raises(ValueError):
        convert(wikikit.parse("{{Infobox x|a=b}}\ntext\n"), to="article")
    # The document's own name serves.
    out = convert(wikikit.parse("text\n", name="Page"), to="article")
    assert out == "= Page =\n\ntext\n"


def test_article_to_mediawiki_escapes_markup_in_plain_text() -> None:
    text = "= T =\n\nInfobox\n- Score: 3|2 {{x}}\n\n* not a list [[nor a link]]\nx = y\n"
    out = convert(wikikit.parse(text), to="mediawiki")
    assert out == (
        "{{Infobox\n"
        " | score = 3&#124;2 &#123;&#123;x&#125;&#125;\n"
        "}}\n"
        "\n"
        "&#42; not a list &#91;&#91;nor a link&#93;&#93;\n"
        "x = y\n"
    )
    doc = wikikit.parse(out)
    assert doc.infobox is not None and doc.infobox.to_dict() == {"score": "3|2 {{x}}"}
    assert convert(doc, to="article", title="T") == text


def test_a_named_header_becomes_the_name_field() -> None:
    text = "= T =\n\nBattle of X\n- Result: Draw\n\nBody.\n"
    out = convert(wikikit.parse(text), to="mediawiki")
    assert out == "{{Infobox\n | name   = Battle of X\n | result = Draw\n}}\n\nBody.\n"
    # Documented loss: the name comes back as a field too.
    assert convert(wikikit.parse(out), to="article", title="T") == (
        "= T =\n\nBattle of X\n- Name: Battle of X\n- Result: Draw\n\nBody.\n"
    )


def test_escape_plain() -> None:
    assert escape_plain("plain words, 1–2") == "plain words, 1–2"
    assert escape_plain("''quoted''") == "&#39;&#39;quoted&#39;&#39;"
    assert escape_plain(" indented") == "&#32;indented"
    assert escape_plain("AT&amp;T") == "AT&#38;amp;T"


def test_same_dialect_is_unchanged_and_bad_dialect_rejected() -> None:
    seed = read_exact(SEED)
    assert convert(seed, to="article") == seed
    with pytest.raises(ValueError):
        convert(seed, to="html")


@pytest.mark.parametrize(
    "path", [p for p in fixture_articles() if p.suffix == ".wiki"], ids=lambda p: p.name
)
def test_every_fixture_converts_to_an_export_that_parses_as_one(path: Path) -> None:
    doc = wikikit.parse(read_exact(path))
    out = convert(doc, to="article", title=path.stem)
    # (an export without an infobox is not detected as one: say so)
    back = wikikit.parse(out, dialect="article")
    assert back.title == path.stem
    assert out.endswith("\n") and "\n\n\n" not in out
    if doc.infobox is not None:
        assert back.infobox is not None
        for f in back.infobox.fields:
            assert f.name == f.name.title() and f.text
        # Converting the export on to MediaWiki and back gives the same export.
        again = convert(wikikit.parse(convert(back, to="mediawiki")), to="article", title=path.stem)
        assert again == out


def test_convert_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wikikit.cli.format_commands import convert_command

    source = tmp_path / "second_battle_of_kidal.txt"
    source.write_bytes(SEED.read_bytes())
    runner = CliRunner()
    out = tmp_path / "kidal.wiki"
    result = runner.invoke(convert_command, [str(source), "--to", "mediawiki", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("{{Infobox\n | conflict    = Second")
    result = runner.invoke(convert_command, [str(out), "--to", "article", "--title", TITLE])
    assert result.exit_code == 0
    assert result.output == read_exact(SEED)
    # Without --title the file name gives it.
    result = runner.invoke(convert_command, [str(out), "--to", "article"])
    assert result.output.startswith("= kidal =\n\nInfobox\n")
    result = runner.invoke(convert_command, ["-", "--to", "article"], input="text\n")
    assert result.exit_code == 2  # no title for stdin


_WORD = st.sampled_from(
    [
        "Kidal",
        "MNLA",
        "1,500",
        "a|b",
        "[[x]]",
        "''q''",
        "{{t}}",
        "<b>",
        "x=y",
        "&amp;",
        "(–)",
        "__TOC__",
    ]
)


@st.composite
def exports(draw: st.DrawFn) -> str:
    keys = draw(
        st.lists(
            st.sampled_from(["Result", "Date", "Stat1Label", "Birth Place", "Partof"]),
            min_size=1,
            unique=True,
        )
    )
    out = ["= Some Title =\n", "\n", "Infobox\n"]
    for key in keys:
        out.append(f"- {key}: {' '.join(draw(st.lists(_WORD, min_size=1, max_size=3)))}\n")
    out.append("\n")
    body: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["text", "text", "heading", "blank", "marker"]))
        if kind == "heading":
            body.append(draw(st.sampled_from(["==Aftermath==", "=== See also ===", "== Notes =="])))
        elif kind == "blank":
            if body and body[-1]:
                body.append("")
        else:
            lead = (
                draw(st.sampled_from(["*", "#", ":", ";", "----", "="])) if kind == "marker" else ""
            )
            body.append(lead + " ".join(draw(st.lists(_WORD, min_size=1, max_size=4))))
    while body and not body[-1]:
        body.pop()
    body = body or ["Text."]  # (an export without a body has no blank line after its infobox)
    return "".join(out) + "".join(line + "\n" for line in body)


@given(exports())
def test_generated_exports_round_trip_through_mediawiki(text: str) -> None:
    doc = wikikit.parse(text, dialect="article")
    mediawiki = convert(doc, to="mediawiki")
    assert convert(wikikit.parse(mediawiki), to="article", title="Some Title") == text
