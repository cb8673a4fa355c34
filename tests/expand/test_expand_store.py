"""Page stores: SQLite from a dump, one file per page."""

from __future__ import annotations

import bz2
import gzip
import os
from pathlib import Path

import pytest

from wikikit import Wiki
from wikikit.sources.store import DumpStore, FolderPages, UnsafeDumpError, iter_dump_pages


def _page(title: str, ns: int, *texts: str) -> str:
    revs = "".join(
        f"<revision><timestamp>2020-01-0{i + 1}T00:00:00Z</timestamp>"
        f'<text xml:space="preserve">{t}</text></revision>'
        for i, t in enumerate(texts)
    )
    return f"<page><title>{title}</title><ns>{ns}</ns><id>1</id>{revs}</page>"


DUMP = (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" xml:lang="en">'
    "<siteinfo><sitename>Wikipedia</sitename><dbname>enwiki</dbname>"
    "<base>https://en.wikipedia.org/wiki/Main_Page</base><case>first-letter</case>"
    '<namespaces><namespace key="0" case="first-letter" />'
    '<namespace key="10" case="first-letter">Template</namespace>'
    '<namespace key="828" case="first-letter">Module</namespace>'
    '<namespace key="2" case="first-letter">User</namespace></namespaces></siteinfo>'
    + _page("Template:Hi", 10, "old", "Hi {{{1|you}}}")
    + _page("Template:Alias", 10, "#REDIRECT [[Template:Hi]]")
    + _page("Module:Foo", 828, "return {}")
    + _page("Article", 0, "{{hi|me}}")
    + _page("User:Someone", 2, "not kept")
    + "</mediawiki>"
)


@pytest.mark.parametrize("suffix", [".xml", ".xml.bz2", ".xml.gz"])
def test_dump_store_builds_and_reads(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / ("dump" + suffix)
    data = DUMP.encode()
    if suffix.endswith("bz2"):
        data = bz2.compress(data)
    elif suffix.endswith("gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    wiki = Wiki.from_dump(path)
    assert (tmp_path / ("dump" + suffix + ".pages.sqlite")).exists()
    assert wiki.expand("{{hi}} {{alias|x}}") == "Hi you Hi x"
    assert wiki.page("Article") == "{{hi|me}}"
    assert wiki.page("Module:Foo") == "return {}"
    assert wiki.page("User:Someone") is None  # outside the stored namespaces


def test_dump_store_reopens_and_notices_changes(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(DUMP, encoding="utf-8")
    store = tmp_path / "pages.db"
    first = DumpStore.open(path, store=store)
    assert len(first) == 4
    first.close()
    mtime = store.stat().st_mtime_ns
    again = DumpStore.open(path, store=store)
    assert store.stat().st_mtime_ns == mtime  # reopened, not rebuilt
    again.close()
    path.write_text(DUMP.replace("Hi {{{1|you}}}", "Hello"), encoding="utf-8")
    os.utime(path, ns=(mtime + 10**9, mtime + 10**9))
    fresh = DumpStore.open(path, store=store)
    assert fresh.get("Template:Hi") == "Hello"


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE mediawiki [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<mediawiki>" + _page("Template:X", 10, "&b;") + "</mediawiki>"
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(UnsafeDumpError):
        list(iter_dump_pages(path))
    with pytest.raises(UnsafeDumpError):
        DumpStore.open(path)


def test_latest_revision_wins(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(DUMP, encoding="utf-8")
    pages = {title: text for title, _, text in iter_dump_pages(path)}
    assert pages["Template:Hi"] == "Hi {{{1|you}}}"


def test_folder_pages(tmp_path: Path) -> None:
    (tmp_path / "Template").mkdir()
    (tmp_path / "Template" / "Greeting.wiki").write_text("Hello {{{1}}}", encoding="utf-8")
    (tmp_path / "Template:Box%2Fdoc.wiki").write_text("doc", encoding="utf-8")
    (tmp_path / "Main_page.wiki").write_text("{{greeting|there}}", encoding="utf-8")
    wiki = Wiki.from_folder(tmp_path)
    assert wiki.expand("{{greeting|you}} {{Box/doc}}") == "Hello you doc"
    assert wiki.page("Main page") == "{{greeting|there}}"
    assert len(FolderPages(tmp_path)) == 3


def test_folder_pages_are_saved_text(tmp_path: Path) -> None:
    # MediaWiki trims a page's trailing whitespace on save: an editor's final newline
    # never reaches a transclusion.
    (tmp_path / "Template").mkdir()
    (tmp_path / "Template" / "Unit.wiki").write_bytes(b"m\r\n\r\n")
    wiki = Wiki.from_folder(tmp_path)
    assert wiki.page("Template:Unit") == "m"
    assert wiki.expand("5 {{unit}} high") == "5 m high"


def test_page_store_opens_without_its_dump(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(DUMP, encoding="utf-8")
    built = Wiki.from_dump(path)
    assert isinstance(built.pages, DumpStore)
    built.pages.close()
    store = tmp_path / "d.xml.pages.sqlite"
    path.unlink()
    wiki = Wiki.from_store(store)
    assert wiki.expand("{{alias|x}}") == "Hi x"
    assert wiki.site.sitename == "Wikipedia"
    assert Wiki.open(store).expand("{{hi}}") == "Hi you"


def test_wiki_open_tells_what_it_found(tmp_path: Path) -> None:
    dump = tmp_path / "d.xml.gz"
    dump.write_bytes(gzip.compress(DUMP.encode()))
    assert Wiki.open(dump).expand("{{hi}}") == "Hi you"
    (tmp_path / "Template").mkdir()
    (tmp_path / "Template" / "Hi.wiki").write_text("Folder hi", encoding="utf-8")
    assert Wiki.open(tmp_path).expand("{{hi}}") == "Folder hi"
    text = tmp_path / "notes.txt"
    text.write_text("{{hi}}", encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text("<mediawiki><page>", encoding="utf-8")
    for bad, words in [
        (text, "is not an XML dump"),
        (tmp_path / "missing", "no such file"),
        (broken, "cannot read the dump"),
    ]:
        with pytest.raises(ValueError, match=words):
            Wiki.open(bad)


def test_wiki_to_html_pages(tmp_path: Path) -> None:
    wiki = Wiki(pages={"Template:Hi": "Hi from {{PAGENAME}}"})
    page = wiki.to_html("{{hi}}", title="Scafell Pike", standalone=True)
    assert '<h1 id="firstHeading" class="firstHeading">Scafell Pike</h1>' in page
    assert "<title>Scafell Pike</title>" in page and "Hi from Scafell Pike" in page
    untitled = wiki.to_html("{{hi}}", standalone=True)
    assert "<h1" not in untitled and "Hi from Main Page" in untitled
    # A redirect renders as MediaWiki's notice, in fragments too.
    assert wiki.to_html("#REDIRECT [[Scafell Pike]]") == (
        '<div class="redirectMsg"><p>Redirect to:</p><ul class="redirectText"><li>'
        '<a href="/wiki/Scafell_Pike" title="Scafell Pike">Scafell Pike</a></li></ul></div>'
    )


def test_localized_redirect_through_a_german_wiki() -> None:
    wiki = Wiki("de")
    html = wiki.to_html("#WEITERLEITUNG [[Zugspitze]]", title="Zugspitze (Berg)")
    assert '<ul class="redirectText"><li><a href="/wiki/Zugspitze"' in html


def test_folder_pages_keep_what_php_rtrim_keeps(tmp_path: Path) -> None:
    # PHP's rtrim strips " \t\n\r\0\x0B" only: a final no-break space stays.
    (tmp_path / "Template").mkdir()
    (tmp_path / "Template" / "Nb.wiki").write_text("a\u00a0\n", encoding="utf-8")
    assert Wiki.from_folder(tmp_path).page("Template:Nb") == "a\u00a0"


def test_a_failed_store_build_leaves_nothing_beside_the_dump(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<mediawiki><foo/></mediawiki>", encoding="utf-8")
    with pytest.raises(ValueError, match="not a MediaWiki dump"):
        Wiki.from_dump(other)
    broken = tmp_path / "broken.xml"
    broken.write_text(DUMP[: len(DUMP) // 2], encoding="utf-8")
    with pytest.raises(ValueError):
        Wiki.open(broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xml", "other.xml"]


def test_a_pickled_store_opens_from_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    (tmp_path / "d.xml").write_text(DUMP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = pickle.dumps(Wiki.open("d.xml"))
    monkeypatch.chdir(tmp_path.parent)
    assert pickle.loads(data).expand("{{hi}}") == "Hi you"
