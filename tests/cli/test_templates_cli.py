"""``--templates``, ``--title`` and ``--link-base``: documents expanded with a wiki's
templates before rendering (html, text, json, check), in this process, in worker
processes and on Dask; the page title; where links point; redirect pages."""

from __future__ import annotations

import bz2
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from wikikit.cli import main, pipeline
from wikikit.wiki import Wiki

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

# {{convert|978|m|ft}}: 978 * 3.28084 = 3208.66 -> 3,209 (formatnum); the page name
# comes from the title.
CONVERT = (
    "<includeonly>{{{1}}} {{{2}}} ({{formatnum:{{#expr:{{{1}}} * 3.28084 round 0}}}} {{{3}}})"
    "</includeonly><noinclude>Converts metres.</noinclude>"
)
PAGE = "'''{{PAGENAME}}''' is {{convert|978|m|ft}} high.\n"
EXPANDED = "978 m (3,209 ft)"


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    (folder / "Template").mkdir(parents=True)
    (folder / "Template" / "Convert.wiki").write_text(CONVERT + "\n", encoding="utf-8")
    return folder


def _dump_xml(pages: list[tuple[str, int, str]]) -> bytes:
    body = "".join(
        f"<page><title>{t}</title><ns>{ns}</ns><id>{i}</id><revision><id>{i}</id>"
        f"<timestamp>2020-01-01T00:00:00Z</timestamp><model>wikitext</model>"
        f'<format>text/x-wiki</format><text xml:space="preserve">{text}</text>'
        "</revision></page>\n"
        for i, (t, ns, text) in enumerate(pages, 1)
    )
    return (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n'
        "<siteinfo><sitename>Wikipedia</sitename><dbname>enwiki</dbname><namespaces>"
        '<namespace key="0" case="first-letter" />'
        '<namespace key="10" case="first-letter">Template</namespace>'
        f"</namespaces></siteinfo>\n{body}</mediawiki>\n"
    ).encode()


@pytest.fixture
def template_dump(tmp_path: Path) -> Path:
    convert = CONVERT.replace("<", "&lt;").replace(">", "&gt;")
    path = tmp_path / "wiki-templates.xml.bz2"
    path.write_bytes(bz2.compress(_dump_xml([("Template:Convert", 10, convert)])))
    return path


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder of documents that use the template (enough for several batches)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(6):
        (folder / f"peak_{i}.wiki").write_text(PAGE, encoding="utf-8")
    return folder


def _page(tmp_path: Path, text: str = PAGE, name: str = "scafell_pike.wiki") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- html ------------------------------------------------------------------------------


def test_html_expands_with_a_template_folder(tmp_path: Path, templates: Path) -> None:
    page = _page(tmp_path)
    plain = run("html", str(page))
    assert plain.exit_code == 0
    assert 'data-template="convert"' in plain.stdout and EXPANDED not in plain.stdout
    result = run("html", str(page), "--templates", str(templates))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"<p><b>Scafell pike</b> is {EXPANDED} high.\n</p>\n"


def test_html_expands_with_a_dump_and_with_its_page_store(
    tmp_path: Path, template_dump: Path
) -> None:
    page = _page(tmp_path)
    result = run("html", str(page), "--templates", str(template_dump))
    assert result.exit_code == 0, result.stderr
    assert EXPANDED in result.stdout
    store = Path(f"{template_dump}.pages.sqlite")
    assert store.is_file()
    again = run("html", str(page), "--templates", str(store))
    assert again.exit_code == 0 and again.stdout == result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_workers_open_the_wiki_themselves(
    pages: Path, template_dump: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)  # one document per batch: workers run
    result = run("html", "-q", "-j", jobs, str(pages), "--templates", str(template_dump))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(EXPANDED) == 6
    assert "data-template" not in result.stdout


def test_dask_workers_open_the_wiki_themselves(pages: Path, template_dump: Path) -> None:
    pytest.importorskip("distributed")
    local = run("text", "-q", "-j", "1", str(pages), "--templates", str(template_dump))
    dask = run(
        "text", "-q", "-j", "2", "--engine", "dask", str(pages), "--templates", str(template_dump)
    )
    assert dask.exit_code == 0, dask.stderr
    assert dask.stdout == local.stdout
    assert [r["text"] for r in jsonl(dask.stdout)] == [
        f"Peak {i} is {EXPANDED} high.\n" for i in range(6)
    ]


@pytest.mark.parametrize("what", ["missing", "text file", "not a store"])
def test_a_bad_templates_path_is_one_line_and_exit_2(tmp_path: Path, what: str) -> None:
    page = _page(tmp_path)
    bad = tmp_path / "bad.txt"
    if what == "text file":
        bad.write_text("{{x}}", encoding="utf-8")
    elif what == "not a store":
        bad = tmp_path / "other.sqlite"
        import sqlite3

        with sqlite3.connect(bad) as db:
            db.execute("CREATE TABLE t (x)")
        db.close()
    for command in ("html", "text", "json", "check"):
        result = run(command, str(page), "--templates", str(bad))
        assert result.exit_code == 2, (command, result.stderr)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("wikikit: error: --templates: ")
        assert str(bad) in lines[0]


def test_wiki_pickles_to_a_worker(template_dump: Path, templates: Path) -> None:
    import pickle

    for wiki in (Wiki.open(template_dump), Wiki.open(templates)):
        copy = pickle.loads(pickle.dumps(wiki))
        assert copy.expand("{{convert|978|m|ft}}") == EXPANDED


# -- text, json, check -----------------------------------------------------------------


def test_text_is_the_expanded_page(tmp_path: Path, templates: Path) -> None:
    page = _page(tmp_path)
    assert EXPANDED not in run("text", str(page)).stdout
    result = run("text", str(page), "--templates", str(templates), "--title", "Scafell Pike")
    assert result.exit_code == 0
    assert result.stdout == f"Scafell Pike is {EXPANDED} high.\n"


def test_json_is_the_source_tree_with_what_expansion_set(tmp_path: Path, templates: Path) -> None:
    page = _page(tmp_path, PAGE + "[[Category:Fells]]\n")
    plain = json.loads(run("json", str(page)).stdout)
    assert "expansion" not in plain
    data = json.loads(run("json", str(page), "--templates", str(templates)).stdout)
    assert "expansion" in data
    assert data["expansion"]["templates"] == ["Template:Convert"]
    assert data["expansion"]["categories"] == ["Fells"]
    # The tree itself is the source, the same with or without the templates.
    del data["expansion"]
    assert data == plain
    assert EXPANDED not in json.dumps(data)


def test_check_renders_through_the_wiki(
    tmp_path: Path, templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(tmp_path)
    calls: list[str] = []
    real = Wiki.to_html

    def spy(self: Wiki, source: str, **options: Any) -> str:
        calls.append(source)
        return real(self, source, **options)

    monkeypatch.setattr(Wiki, "to_html", spy)
    assert run("check", "-j", "1", str(page)).exit_code == 0
    assert calls == []
    result = run("check", "-j", "1", str(page), "--templates", str(templates))
    assert result.exit_code == 0, result.stdout
    assert calls == [PAGE]
    calls.clear()
    fmt = run(
        "check", "-j", "1", "--check", "format-html", str(page), "--templates", str(templates)
    )
    assert fmt.exit_code == 0 and len(calls) == 2


# -- title, link base, redirects -------------------------------------------------------


def test_title_names_the_page(tmp_path: Path, templates: Path) -> None:
    page = _page(tmp_path)
    out = run("html", "--standalone", str(page), "--title", "Scafell <Pike>").stdout
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", out) == ["Scafell &lt;Pike&gt;"]
    assert "<title>Scafell &lt;Pike&gt;</title>" in out
    expanded = run("html", str(page), "--title", "Scafell Pike", "--templates", str(templates))
    assert "<b>Scafell Pike</b>" in expanded.stdout


def test_title_wins_over_the_export_title_line(tmp_path: Path) -> None:
    page = _page(tmp_path, "= Export =\n\nBody.\n", "x.txt")
    out = run("html", "--standalone", "--dialect", "article", str(page), "--title", "Given").stdout
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", out) == ["Given"]
    own = run("html", "--standalone", "--dialect", "article", str(page)).stdout
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", own) == ["Export"]


def test_title_is_for_one_input(pages: Path) -> None:
    result = run("html", str(pages), "--title", "X")
    assert result.exit_code == 2 and "--title" in result.stderr
    assert "a title is for one input" in result.stderr


def test_link_base(tmp_path: Path) -> None:
    page = _page(tmp_path, "[[Wasdale Head]]\n")
    out = run("html", str(page), "--link-base", "https://example.org/w/").stdout
    assert 'href="https://example.org/w/Wasdale_Head"' in out
    relative = run("html", str(page), "--link-base", "../pages/").stdout
    assert 'href="../pages/Wasdale_Head"' in relative


@pytest.mark.parametrize("base", ["javascript:alert(1)//", '/w/"><script>', "http://a b/"])
def test_a_bad_link_base_is_refused(tmp_path: Path, base: str) -> None:
    result = run("html", str(_page(tmp_path)), "--link-base", base)
    assert result.exit_code == 2
    assert "--link-base" in result.stderr and result.stdout == ""
    assert "an http:// or https:// URL or a relative path" in result.stderr


def test_dump_pages_get_their_title_and_redirects_their_notice(tmp_path: Path) -> None:
    dump = tmp_path / "pages.xml"
    dump.write_bytes(
        _dump_xml(
            [
                ("Scafell Pike", 0, "'''Scafell Pike''' is a fell.\n"),
                ("Scafell pike (mountain)", 0, "#REDIRECT [[Scafell Pike]]\n"),
            ]
        )
    )
    out = tmp_path / "out"
    result = run("html", "-q", "--standalone", str(dump), "--output-dir", str(out))
    assert result.exit_code == 0, result.stderr
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert len(pages) == 2
    article = next(v for k, v in pages.items() if "mountain" not in k)
    redirect = next(v for k, v in pages.items() if "mountain" in k)
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", article) == ["Scafell Pike"]
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", redirect) == ["Scafell pike (mountain)"]
    assert (
        '<div class="redirectMsg"><p>Redirect to:</p><ul class="redirectText"><li>'
        '<a href="/wiki/Scafell_Pike" title="Scafell Pike">Scafell Pike</a></li></ul></div>'
    ) in redirect


def test_example_folder(tmp_path: Path) -> None:
    page = EXAMPLES / "scafell_pike.wiki"
    if not page.exists():
        pytest.skip("examples/ not found")
    plain = run("html", str(page), "--title", "Scafell Pike").stdout
    expanded = run(
        "html", str(page), "--title", "Scafell Pike", "--templates", str(EXAMPLES / "templates")
    ).stdout
    assert 'data-template="convert"' in plain
    assert "978&nbsp;m (3,209&nbsp;ft)" in expanded and "data-template" not in expanded
    assert '<span lang="non"><i>skalli</i></span>' in expanded


def test_a_template_folder_without_pages_is_a_warning(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("html", str(_page(tmp_path)), "--templates", str(empty))
    assert result.exit_code == 0
    assert "wikikit: warning: --templates:" in result.stderr and "no pages" in result.stderr
