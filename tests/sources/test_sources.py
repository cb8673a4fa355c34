"""Reading documents from files, folders, stdin and MediaWiki XML dumps (wikikit.sources)."""

from __future__ import annotations

import bz2
import io
from pathlib import Path
from typing import Any

import pytest

from conftest import dump_xml, write_dump
from wikikit.sources import (
    DocumentInput,
    InputError,
    is_dump,
    iter_dump,
    iter_inputs,
    name_from_path,
    walk_folder,
)


def docs(items: object) -> list[DocumentInput]:
    return [i for i in items if isinstance(i, DocumentInput)]  # type: ignore[attr-defined]


def test_name_from_path_and_dump_suffixes() -> None:
    assert name_from_path("a/b/second_battle_of_kidal.txt") == "second battle of kidal"
    assert name_from_path("x.tar.wiki") == "x.tar"
    assert is_dump("pages.xml") and is_dump("Pages.XML.BZ2") and is_dump("p.xml.gz")
    assert not is_dump("page.wiki")


def test_folder_walk_is_recursive_sorted_and_uses_globs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["b.wiki", "a.txt", "sub/c.mediawiki", "skip.md", "sub/d.wiki"]:
        (tmp_path / name).write_text(name, encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in walk_folder(str(tmp_path))]
    assert found == ["a.txt", "b.wiki", "sub/c.mediawiki", "sub/d.wiki"]
    only_md = [Path(p).name for p in walk_folder(str(tmp_path), ["*.md"])]
    assert only_md == ["skip.md"]


def test_text_is_exact_bytes_decoded(tmp_path: Path) -> None:
    raw = "\ufeffa\r\nb\rc\n\tü  ".encode()
    (tmp_path / "x.wiki").write_bytes(raw)
    [item] = list(iter_inputs([str(tmp_path / "x.wiki")]))
    assert isinstance(item, DocumentInput)
    assert item.text == "\ufeffa\r\nb\rc\n\tü  "  # BOM, CR, CRLF kept as they are
    assert item.size == len(raw) and item.name == "x"


def test_invalid_utf8_names_file_and_offset(tmp_path: Path) -> None:
    (tmp_path / "bad.wiki").write_bytes(b"good text \xff\xfe more")
    (tmp_path / "good.wiki").write_text("fine", encoding="utf-8")
    items = list(iter_inputs([str(tmp_path)]))
    assert isinstance(items[0], InputError)
    assert "not valid UTF-8" in items[0].message
    assert items[0].where == "line 1, column 11, byte offset 10"
    assert "bad.wiki" in items[0].describe()
    assert isinstance(items[1], DocumentInput) and items[1].text == "fine"


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    items = list(iter_inputs([str(tmp_path / "nope.wiki"), str(tmp_path)]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "cannot read" in items[0].message


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "bad.wiki").write_bytes(b"ab\n" + "çé x ".encode() + b"\xff")
    [item] = list(iter_inputs([str(tmp_path / "bad.wiki")]))
    assert isinstance(item, InputError)
    assert item.where == "line 2, column 6, byte offset 10"
    assert item.message.endswith("expected UTF-8 text)")


def test_stdin() -> None:
    [item] = list(iter_inputs(["-"], stdin=io.BytesIO(b"x\r\ny")))
    assert isinstance(item, DocumentInput) and item.text == "x\r\ny" and item.source == "-"


@pytest.mark.parametrize("suffix", [".xml", ".xml.bz2", ".xml.gz"])
def test_dump_latest_revision_per_page(tmp_path: Path, suffix: str) -> None:
    path = write_dump(
        tmp_path / f"d{suffix}",
        [("First page", ["old", "new\r\n<b>&amp;</b>"]), ("Second", ["only"]), ("Empty", [""])],
    )
    items = list(iter_inputs([str(path)]))
    assert all(isinstance(i, DocumentInput) for i in items)
    got = [(i.name, i.text, i.source) for i in docs(items)]
    assert got == [
        ("First page", "new\r\n<b>&amp;</b>", f"{path}#First page"),
        ("Second", "only", f"{path}#Second"),
        ("Empty", "", f"{path}#Empty"),
    ]


def test_dump_cut_in_the_middle_keeps_pages_before(tmp_path: Path) -> None:
    data = dump_xml([("A", ["alpha"]), ("B", ["beta"]), ("C", ["gamma " * 50])])
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: data.index(b"gamma") + 20])
    items = list(iter_dump(str(path)))
    assert [i.name for i in docs(items)] == ["A", "B"]
    err = items[-1]
    assert isinstance(err, InputError) and len(items) == 3
    assert "malformed XML" in err.message
    assert err.where is not None and "after page 'B'" in err.where and "XML line" in err.where


def test_truncated_and_corrupt_compression(tmp_path: Path) -> None:
    data = bz2.compress(dump_xml([("A", ["alpha " * 1000])]))
    (tmp_path / "t.xml.bz2").write_bytes(data[: len(data) // 2])
    [err] = list(iter_dump(str(tmp_path / "t.xml.bz2")))
    assert isinstance(err, InputError) and "truncated compressed data" in err.message

    (tmp_path / "c.xml.gz").write_bytes(b"\x1f\x8b\x08\x00garbage garbage garbage")
    [err] = list(iter_dump(str(tmp_path / "c.xml.gz")))
    assert isinstance(err, InputError) and "compressed data" in err.message

    (tmp_path / "n.xml").write_bytes(b"<html><body/></html>")
    [err] = list(iter_dump(str(tmp_path / "n.xml")))
    assert isinstance(err, InputError) and "not a MediaWiki XML dump" in err.message


def test_invalid_utf8_inside_a_dump(tmp_path: Path) -> None:
    data = dump_xml([("A", ["alpha"]), ("B", ["XXXX"])]).replace(b"XXXX", b"\xff\xfe")
    (tmp_path / "u.xml").write_bytes(data)
    items = list(iter_dump(str(tmp_path / "u.xml")))
    assert [i.name for i in docs(items)] == ["A"]
    assert isinstance(items[-1], InputError) and "XML line" in (items[-1].where or "")


def test_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (tmp_path / "a.wiki").write_text("a", encoding="utf-8")
    real_walk = os.walk

    def walk(top: str, onerror: Any = None) -> Any:
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        return real_walk(top)

    monkeypatch.setattr(os, "walk", walk)
    items = list(iter_inputs([str(tmp_path)]))
    assert isinstance(items[0], InputError) and "locked: cannot read folder" in items[0].describe()
    assert isinstance(items[1], DocumentInput)


# -- hostile and odd inputs -----------------------------------------------------------------


def _with_doctype(doctype: str, text: str) -> bytes:
    xml = dump_xml([("A", [text]), ("B", ["plain"])])
    return xml.replace(b"<mediawiki", doctype.encode() + b"\n<mediawiki", 1)


@pytest.mark.parametrize("suffix", [".xml", ".xml.bz2"])
def test_dump_declaring_entities_is_refused(tmp_path: Path, suffix: str) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 9 if i else "lol"}">' for i in range(4))
    data = _with_doctype(f"<!DOCTYPE mediawiki [{laughs}]>", "&amp;l3; &l3;")
    path = tmp_path / f"laughs{suffix}"
    path.write_bytes(bz2.compress(data) if suffix.endswith("bz2") else data)
    items = list(iter_inputs([str(path)]))
    # Nothing is expanded into a page: the whole dump is one input error.
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "declares XML entities" in items[0].message
    assert items[0].where == "XML line 1, column 22"


def test_entity_declaration_hidden_after_a_comment_is_found(tmp_path: Path) -> None:
    data = _with_doctype('<!-- > ] --><!DOCTYPE m [<!-- <!ENTITY --> <!ENTITY e "x">]>', "&e;")
    (tmp_path / "d.xml").write_bytes(data)
    [item] = list(iter_dump(str(tmp_path / "d.xml")))
    assert isinstance(item, InputError) and "declares XML entities" in item.message


def test_doctype_without_entities_is_read(tmp_path: Path) -> None:
    data = _with_doctype("<!-- <!ENTITY in a comment --><!DOCTYPE mediawiki>", "a & b")
    (tmp_path / "d.xml").write_bytes(data)
    items = list(iter_dump(str(tmp_path / "d.xml")))
    assert [(i.name, i.text) for i in docs(items)] == [("A", "a & b"), ("B", "plain")]


def test_folder_walk_skips_fifos_with_a_warning(tmp_path: Path) -> None:
    import os
    import threading

    (tmp_path / "a.wiki").write_text("a", encoding="utf-8")
    os.mkfifo(tmp_path / "b.wiki")
    (tmp_path / "c.wiki").write_text("c", encoding="utf-8")
    items: list[object] = []
    reader = threading.Thread(target=lambda: items.extend(iter_inputs([str(tmp_path)])))
    reader.daemon = True
    reader.start()
    reader.join(20)
    if reader.is_alive():
        with open(tmp_path / "b.wiki", "w"):  # unblock the reader before failing
            pass
        pytest.fail("reading the folder hangs on a FIFO")
    from wikikit.sources import InputWarning

    assert [type(i).__name__ for i in items] == ["DocumentInput", "InputWarning", "DocumentInput"]
    warning = items[1]
    assert isinstance(warning, InputWarning)
    assert warning.describe() == f"{tmp_path / 'b.wiki'}: skipped: a FIFO, not a regular file"


def test_dumps_are_found_in_folders_by_default(tmp_path: Path) -> None:
    write_dump(tmp_path / "pages.xml.bz2", [("A", ["a"])])
    (tmp_path / "sub").mkdir()
    write_dump(tmp_path / "sub" / "more.xml", [("B", ["b"])])
    write_dump(tmp_path / "other.xml.gz", [("C", ["c"])])
    assert [i.name for i in docs(iter_inputs([str(tmp_path)]))] == ["C", "A", "B"]
