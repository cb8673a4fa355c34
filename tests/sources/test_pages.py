"""Dump pages with their metadata (wikikit.sources.pages)."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest

from conftest import dump_xml
from wikikit.sources import DocumentInput, InputError, PageInfo
from wikikit.sources.dumps import iter_dump, iter_pages, read_siteinfo
from wikikit.sources.pages import Page, Selection, Skipped, default_content_model

# Written by hand after MediaWiki's export schema 0.11 (docs/export-0.11.xsd): a
# siteinfo block, and pages with <ns>, <id>, <redirect>, revisions with <id>,
# <parentid>, <timestamp>, <contributor> (which has an <id> of its own), <model>,
# <format>, <text> and <sha1>.
HEAD = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="de">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>dewiki</dbname>
    <base>https://de.wikipedia.org/wiki/Wikipedia:Hauptseite</base>
    <generator>MediaWiki 1.42.0-wmf.5</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Medium</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Diskussion</namespace>
      <namespace key="2" case="first-letter">Benutzer</namespace>
      <namespace key="828" case="first-letter">Modul</namespace>
    </namespaces>
  </siteinfo>
"""


def page(
    title: str,
    ns: int,
    page_id: int,
    revisions: list[str],
    redirect: str | None = None,
) -> str:
    red = f'<redirect title="{redirect}" />' if redirect else ""
    return (
        f"<page><title>{title}</title><ns>{ns}</ns><id>{page_id}</id>{red}"
        + "".join(revisions)
        + "</page>\n"
    )


def rev(
    rev_id: int,
    stamp: str,
    text: str | None,
    model: str | None = "wikitext",
    text_attrs: str = 'xml:space="preserve"',
) -> str:
    body = f"<text {text_attrs} />" if text is None else f"<text {text_attrs}>{text}</text>"
    model_el = f"<model>{model}</model><format>text/x-wiki</format>" if model else ""
    return (
        f"<revision><id>{rev_id}</id><parentid>{rev_id - 1}</parentid>"
        f"<timestamp>{stamp}</timestamp>"
        "<contributor><username>Someone</username><id>999999</id></contributor>"
        f"<comment>edit</comment>{model_el}{body}<sha1>abc</sha1></revision>"
    )


DUMP = (
    HEAD
    + page("Alpha", 0, 10, [rev(100, "2020-01-01T00:00:00Z", "old"),
                            rev(105, "2021-06-01T12:30:00Z", "new &amp; &lt;b&gt;&#13;")])
    + page("Beta", 0, 11, [rev(101, "2020-02-01T00:00:00Z", "#WEITERLEITUNG [[Alpha]]")],
           redirect="Alpha")
    + page("Modul:Foo", 828, 12, [rev(102, "2020-03-01T00:00:00Z", "return {}", "Scribunto")])
    + page("Modul:Foo/doc", 828, 13, [rev(103, "2020-03-02T00:00:00Z", "Docs")])
    + page("Diskussion:Alpha", 1, 14, [rev(104, "2020-04-01T00:00:00Z", "Talk")])
    + page("Gone", 0, 15, [rev(106, "2020-05-01T00:00:00Z", None, text_attrs='deleted="deleted"')])
    + page("Stub", 0, 16, [rev(107, "2020-05-02T00:00:00Z", None, text_attrs='bytes="120" id="7"')])
    + page("Empty", 0, 17, [rev(108, "2020-05-03T00:00:00Z", None, text_attrs='bytes="0"')])
    + page("Benutzer:X/common.css", 2, 18, [rev(109, "2020-05-04T00:00:00Z", "a{}", "css")])
    + page("NoRevision", 0, 19, [])
    + "</mediawiki>\n"
)  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "dewiki.xml") -> str:
    path = tmp_path / name
    data = text.encode("utf-8")
    path.write_bytes(bz2.compress(data) if name.endswith(".bz2") else data)
    return str(path)


def pages(items: list[object]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def test_metadata_of_each_page(tmp_path: Path) -> None:
    path = write(tmp_path, DUMP, "dewiki.xml.bz2")
    got = pages(list(iter_pages(path)))
    alpha, beta, doc, talk, empty = got
    assert (talk.title, talk.namespace) == ("Diskussion:Alpha", 1)
    assert alpha.title == "Alpha" and alpha.namespace == 0 and alpha.page_id == 10
    # The latest revision, not the contributor's <id> nor the first revision's.
    assert alpha.revision_id == 105 and alpha.timestamp == "2021-06-01T12:30:00Z"
    assert alpha.text == "new & <b>\r" and alpha.content_model == "wikitext"
    assert alpha.redirect is None and alpha.source == f"{path}#Alpha" and alpha.dump == path
    assert beta.redirect == "Alpha" and beta.text == "#WEITERLEITUNG [[Alpha]]"
    # A module's documentation subpage is wikitext; the module itself is not.
    assert (doc.title, doc.namespace, doc.content_model) == ("Modul:Foo/doc", 828, "wikitext")
    assert empty.title == "Empty" and empty.text == ""
    assert alpha.site is not None and alpha.site[1] == "dewiki"
    assert (1, "first-letter", "Diskussion") in alpha.site[4]
    assert alpha.info.to_dict() == {
        "title": "Alpha",
        "page_id": 10,
        "namespace": 0,
        "revision_id": 105,
        "timestamp": "2021-06-01T12:30:00Z",
        "content_model": "wikitext",
        "redirect": None,
    }


def test_skipped_pages_are_counted_and_deleted_text_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, DUMP)
    items = list(iter_pages(path))
    skipped = [i for i in items if isinstance(i, Skipped)]
    by_title = {s.source.split("#", 1)[1]: s for s in skipped}
    assert by_title["Modul:Foo"].reason == "content model"
    assert by_title["Modul:Foo"].detail == "Scribunto" and not by_title["Modul:Foo"].warn
    assert by_title["Benutzer:X/common.css"].detail == "css"
    assert by_title["Gone"].reason == "deleted" and by_title["Gone"].warn
    assert "revision 106" in by_title["Gone"].describe()
    assert by_title["Stub"].reason == "missing" and by_title["Stub"].warn
    assert by_title["NoRevision"].reason == "missing"
    # The talk page is wikitext: selected by default.
    assert "Diskussion:Alpha" in [p.title for p in pages(items)]
    assert not any(isinstance(i, InputError) for i in items)


def test_namespaces_and_content_models(tmp_path: Path) -> None:
    path = write(tmp_path, DUMP)
    talk = list(iter_pages(path, Selection.of(namespaces=[1])))
    assert [p.title for p in pages(talk)] == ["Diskussion:Alpha"]
    outside = [i for i in talk if isinstance(i, Skipped)]
    assert {s.reason for s in outside} == {"namespace"}
    everything = pages(list(iter_pages(path, Selection.of(content_models=None))))
    assert {p.content_model for p in everything} == {"wikitext", "Scribunto", "css"}


def test_all_revisions(tmp_path: Path) -> None:
    path = write(tmp_path, DUMP)
    got = pages(list(iter_pages(path, Selection.of(namespaces=[0], all_revisions=True))))
    alpha = [(p.revision_id, p.text, p.source) for p in got if p.title == "Alpha"]
    assert alpha == [
        (100, "old", f"{path}#Alpha?oldid=100"),
        (105, "new & <b>\r", f"{path}#Alpha?oldid=105"),
    ]


def test_latest_revision_by_timestamp_not_position(tmp_path: Path) -> None:
    text = (
        HEAD
        + page("P", 0, 1, [rev(2, "2022-01-01T00:00:00Z", "newer"),
                           rev(1, "2019-01-01T00:00:00Z", "older")])
        + "</mediawiki>"
    )  # fmt: skip
    [p] = pages(list(iter_pages(write(tmp_path, text))))
    assert p.text == "newer" and p.revision_id == 2


def test_siteinfo_is_read_from_the_head(tmp_path: Path) -> None:
    site = read_siteinfo(write(tmp_path, DUMP, "d.xml.bz2"))
    assert site is not None
    sitename, dbname, base, case, namespaces = site
    assert (sitename, dbname, case) == ("Wikipedia", "dewiki", "first-letter")
    assert base == "https://de.wikipedia.org/wiki/Wikipedia:Hauptseite"
    assert namespaces[0] == (-2, "first-letter", "Medium") and len(namespaces) == 5


def test_old_export_without_model_or_ns(tmp_path: Path) -> None:
    # Exports before 0.6 have no <ns>, before 0.8 no <model>: both are inferred.
    text = HEAD + (
        "<page><title>Modul:Bar</title><id>1</id><revision><id>1</id>"
        "<text>return 1</text></revision></page>"
        "<page><title>Diskussion:Bar</title><id>2</id><revision><id>2</id>"
        "<text>hi</text></revision></page></mediawiki>"
    )
    items = list(iter_pages(write(tmp_path, text)))
    assert isinstance(items[0], Skipped) and items[0].detail == "Scribunto"
    assert isinstance(items[1], Page) and items[1].namespace == 1


@pytest.mark.parametrize(
    ("ns", "title", "model"),
    [
        (0, "Foo.css", "wikitext"),
        (8, "MediaWiki:Common.css", "css"),
        (8, "MediaWiki:Gadget.js", "javascript"),
        (8, "MediaWiki:Data.json", "json"),
        (2, "User:X/vector.js", "javascript"),
        (2, "User:X.js", "wikitext"),  # not a subpage
        (828, "Module:Foo", "Scribunto"),
        (828, "Module:Foo/doc", "wikitext"),
        (10, "Template:Foo.css", "wikitext"),
    ],
)
def test_default_content_model(ns: int, title: str, model: str) -> None:
    # MediaWiki's MainSlotRoleHandler::getDefaultModel and Scribunto's hook.
    assert default_content_model(ns, title) == model


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
        + HEAD
        + page("X", 0, 1, [rev(1, "2020-01-01T00:00:00Z", "&b;")])
        + "</mediawiki>"
    )
    items = list(iter_pages(write(tmp_path, bomb)))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "declares XML entities" in items[0].message
    assert items[0].where is not None and "XML line 3" in items[0].where


def test_broken_dump_keeps_pages_before(tmp_path: Path) -> None:
    data = dump_xml([("A", ["alpha"]), ("B", ["beta"]), ("C", ["gamma " * 50])])
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: data.index(b"gamma") + 20])
    items = list(iter_pages(str(path)))
    assert [p.title for p in pages(items)] == ["A", "B"]
    assert isinstance(items[-1], InputError) and "malformed XML" in items[-1].message
    assert "after page 'B'" in (items[-1].where or "")


def test_not_a_dump_and_unreadable(tmp_path: Path) -> None:
    (tmp_path / "n.xml").write_bytes(b"<html><body/></html>")
    [err] = list(iter_pages(str(tmp_path / "n.xml")))
    assert isinstance(err, InputError) and "not a MediaWiki XML dump" in err.message
    [err] = list(iter_pages(str(tmp_path / "missing.xml")))
    assert isinstance(err, InputError) and "cannot read" in err.message
    data = bz2.compress(dump_xml([("A", ["alpha " * 1000])]))
    (tmp_path / "t.xml.bz2").write_bytes(data[: len(data) // 2])
    [err] = list(iter_pages(str(tmp_path / "t.xml.bz2")))
    assert isinstance(err, InputError) and "truncated compressed data" in err.message


def test_dump_documents_carry_their_page(tmp_path: Path) -> None:
    path = write(tmp_path, DUMP)
    items = list(iter_dump(path))
    docs = [i for i in items if isinstance(i, DocumentInput)]
    alpha = docs[0]
    assert (alpha.source, alpha.name, alpha.text, alpha.path) == (
        f"{path}#Alpha",
        "Alpha",
        "new & <b>\r",
        path,
    )
    assert alpha.size == len(b"new & <b>\r")
    assert alpha.page == PageInfo("Alpha", 0, 10, 105, "2021-06-01T12:30:00Z", "wikitext", None)
    assert alpha.site is not None and alpha.site[1] == "dewiki"
    assert docs[1].page is not None and docs[1].page.redirect == "Alpha"
    # Skipped pages come through as they are, in dump order.
    assert [type(i).__name__ for i in items[:4]] == [
        "DocumentInput",
        "DocumentInput",
        "Skipped",
        "DocumentInput",
    ]
