"""Dumps on the command line: page metadata, choosing pages, wikikit text, Parquet,
multistream dumps on local workers and on Dask, with the same output everywhere."""

from __future__ import annotations

import bz2
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from wikikit.cli import engines, main
from wikikit.sources import multistream as multistream_module
from wikikit.sources.multistream import iter_stream_offsets, write_multistream
from wikikit.tree import from_dict

# A dump written by hand after MediaWiki's export schema 0.11.
DUMP = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
<siteinfo><sitename>Wikipedia</sitename><dbname>enwiki</dbname>
<base>https://en.wikipedia.org/wiki/Main_Page</base><case>first-letter</case>
<namespaces><namespace key="0" case="first-letter" />
<namespace key="1" case="first-letter">Talk</namespace>
<namespace key="828" case="first-letter">Module</namespace></namespaces></siteinfo>
<page><title>Alpha</title><ns>0</ns><id>10</id><revision><id>100</id>
<timestamp>2020-01-01T00:00:00Z</timestamp><model>wikitext</model>
<text xml:space="preserve">Old.</text></revision><revision><id>105</id>
<timestamp>2021-06-01T12:30:00Z</timestamp><model>wikitext</model>
<text xml:space="preserve">Intro '''text'''.
== History ==
Once.
=== Early ===
Before.</text></revision></page>
<page><title>Beta</title><ns>0</ns><id>11</id><redirect title="Alpha" /><revision><id>101</id>
<timestamp>2020-02-01T00:00:00Z</timestamp><model>wikitext</model>
<text xml:space="preserve">#REDIRECT [[Alpha]]</text></revision></page>
<page><title>Module:Foo</title><ns>828</ns><id>12</id><revision><id>102</id>
<timestamp>2020-03-01T00:00:00Z</timestamp><model>Scribunto</model>
<text xml:space="preserve">return {}</text></revision></page>
<page><title>Talk:Alpha</title><ns>1</ns><id>13</id><revision><id>103</id>
<timestamp>2020-04-01T00:00:00Z</timestamp><model>wikitext</model>
<text xml:space="preserve">A talk.</text></revision></page>
<page><title>Gone</title><ns>0</ns><id>14</id><revision><id>104</id>
<timestamp>2020-05-01T00:00:00Z</timestamp><model>wikitext</model>
<text deleted="deleted" /></revision></page>
</mediawiki>
"""


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "enwiki.xml.bz2"
    path.write_bytes(bz2.compress(DUMP.encode("utf-8")))
    return path


def test_json_records_carry_the_page_metadata(dump: Path) -> None:
    result = run("json", "-q", str(dump))
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [r["title"] for r in records] == ["Alpha", "Beta", "Talk:Alpha"]
    alpha = records[0]
    assert list(alpha)[:10] == [
        "type",
        "schema",
        "title",
        "page_id",
        "namespace",
        "revision_id",
        "timestamp",
        "content_model",
        "redirect",
        "dialect",
    ]
    assert (alpha["page_id"], alpha["revision_id"], alpha["timestamp"]) == (
        10,
        105,
        "2021-06-01T12:30:00Z",
    )
    assert records[1]["redirect"] == "Alpha" and records[2]["namespace"] == 1
    # The record is still the lossless tree: the metadata does not get in the way.
    assert from_dict(alpha).to_wikitext().startswith("Intro '''text'''.\n== History ==")


def test_skipped_and_deleted_pages_are_reported(dump: Path) -> None:
    result = run("text", str(dump))
    assert result.exit_code == 0
    assert "wikikit: warning: " in result.stderr
    assert f"{dump}#Gone: the text of revision 104 is deleted" in result.stderr
    assert "skipped 2 pages: 1 not wikitext (Scribunto 1), 1 with deleted text" in result.stderr
    titles = [r["title"] for r in jsonl(result.stdout)]
    assert "Gone" not in titles and "Module:Foo" not in titles
    # The check summary says it too.
    check = run("check", "-q", str(dump))
    assert "skipped 2 pages: 1 not wikitext (Scribunto 1), 1 with deleted text" in check.stdout


def test_namespace_option(dump: Path) -> None:
    talk = run("text", "-q", "--namespace", "1", str(dump))
    assert [r["title"] for r in jsonl(talk.stdout)] == ["Talk:Alpha"]
    both = run("text", "-q", "--namespace", "0", "--namespace", "1", str(dump))
    assert [r["title"] for r in jsonl(both.stdout)] == ["Alpha", "Beta", "Talk:Alpha"]
    none = run("text", "-q", "--namespace", "4", str(dump))
    assert none.exit_code == 2
    assert "no documents found" in none.stderr and "5 in other namespaces" in none.stderr


def test_all_revisions(dump: Path) -> None:
    result = run("text", "-q", "--all-revisions", "--namespace", "0", str(dump))
    rows = [(r["title"], r["revision_id"], r["source"]) for r in jsonl(result.stdout)]
    assert rows[:3] == [
        ("Alpha", 100, f"{dump}#Alpha?oldid=100"),
        ("Alpha", 105, f"{dump}#Alpha?oldid=105"),
        ("Beta", 101, f"{dump}#Beta?oldid=101"),
    ]


def test_text_outputs(dump: Path, tmp_path: Path) -> None:
    single = tmp_path / "one.wiki"
    single.write_text("Some '''bold''' [[link|text]].\n== Head ==\nBody.\n", encoding="utf-8")
    plain = run("text", str(single))
    assert plain.stdout == "Some bold text.\nHead\nBody.\n"
    rows = jsonl(run("text", "-q", str(dump)).stdout)
    assert rows[0]["sections"] == ["History", "Early"]
    assert rows[0]["text"].startswith("Intro text.\n")
    assert set(rows[0]) == {
        "title",
        "page_id",
        "namespace",
        "revision_id",
        "timestamp",
        "content_model",
        "redirect",
        "text",
        "sections",
        "source",
    }
    out = tmp_path / "texts"
    assert run("text", "-q", "--output-dir", str(out), str(dump)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["Alpha.txt", "Beta.txt", "Talk_Alpha.txt"]
    assert (out / "Alpha.txt").read_text(encoding="utf-8").startswith("Intro text.\n")


def test_parquet_tables(dump: Path, tmp_path: Path) -> None:
    text_table = tmp_path / "text.parquet"
    assert run("text", "-q", str(dump), "-o", str(text_table)).exit_code == 0
    table = pq.read_table(text_table)
    assert table.column_names == [
        "title",
        "page_id",
        "namespace",
        "revision_id",
        "timestamp",
        "content_model",
        "redirect",
        "text",
        "sections",
        "source",
    ]
    rows = table.to_pylist()
    assert [r["page_id"] for r in rows] == [10, 11, 13]
    assert rows[0]["timestamp"].isoformat() == "2021-06-01T12:30:00+00:00"
    assert rows[0]["sections"] == ["History", "Early"]
    tree_table = tmp_path / "tree.parquet"
    assert run("json", "-q", str(dump), "-o", str(tree_table)).exit_code == 0
    [alpha, *_] = pq.read_table(tree_table).to_pylist()
    assert "tree" in alpha and "text" not in alpha and alpha["revision_id"] == 105
    assert from_dict(json.loads(alpha["tree"])).to_wikitext().endswith("Before.")
    # A Parquet file is one output: not together with --output-dir, never over an input.
    both = run("text", str(dump), "-o", str(text_table), "--output-dir", str(tmp_path / "x"))
    assert both.exit_code == 2 and "not both" in both.stderr
    odd = tmp_path / "odd.parquet"
    odd.write_text("An input named like a table.", encoding="utf-8")
    refused = run("text", str(odd), "-o", str(odd))
    assert refused.exit_code == 2 and "refusing to overwrite the input" in refused.stderr
    assert odd.read_text(encoding="utf-8") == "An input named like a table."


# -- multistream dumps: local workers and Dask give the same results -----------------------------


ITEM = "* item&#13;\n"


def _page(i: int) -> str:
    body = f"Page {i} ''text'' [[Link {i}]].\n== Part ==\n{ITEM * (i % 4)}" * (i % 3 + 1)
    return (
        f"<page><title>Page {i}</title><ns>{0 if i % 9 else 1}</ns><id>{i}</id><revision>"
        f"<id>{1000 + i}</id><timestamp>2020-01-{i % 28 + 1:02d}T00:00:00Z</timestamp>"
        f"<model>{'wikitext' if i % 13 else 'css'}</model>"
        f'<text xml:space="preserve">{body}</text></revision></page>\n'
    )


PAGES = "".join(_page(i) for i in range(1, 61))


@pytest.fixture
def multistream(tmp_path: Path) -> Path:
    head = DUMP[: DUMP.index("<page>")]
    dump = tmp_path / "enwiki-20240101-pages-articles-multistream.xml.bz2"
    index = tmp_path / "enwiki-20240101-pages-articles-multistream-index.txt.bz2"
    write_multistream(head + PAGES + "</mediawiki>\n", str(dump), str(index), 7)
    return dump


def _damage_a_stream(dump: Path) -> None:
    index = str(dump).replace(".xml.bz2", "-index.txt.bz2")
    offsets = list(iter_stream_offsets(index))
    raw = bytearray(dump.read_bytes())
    at = (offsets[3] + offsets[4]) // 2
    raw[at : at + 6] = b"\xff" * 6
    dump.write_bytes(bytes(raw))


@pytest.mark.parametrize("command", ["json", "check"])
def test_jobs_and_dask_give_identical_results(
    multistream: Path, tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A part per stream (the dump is small): parts go to different workers.
    monkeypatch.setattr(multistream_module, "PART_BYTES", 1)
    if command == "check":
        _damage_a_stream(multistream)
    outputs, summaries = [], []
    for name, extra in [
        ("j1", ["-j", "1"]),
        ("j2", ["-j", "2"]),
        ("dask", ["-j", "2", "--engine", "dask"]),
    ]:
        out = tmp_path / f"{name}.jsonl"
        option = "--report" if command == "check" else "-o"
        result = run(command, "-q", *extra, str(multistream), option, str(out))
        outputs.append(out.read_text(encoding="utf-8"))
        # Same counts and errors; only the timings differ.
        summaries.append((result.exit_code, result.stdout.split(" in ")[0], result.stderr))
    assert outputs[0] == outputs[1] == outputs[2]
    assert summaries[0] == summaries[1] == summaries[2]
    if command == "json":
        records = jsonl(outputs[0])
        assert len(records) == 60 - 4  # four css pages are skipped
        assert [r["page_id"] for r in records] == [i for i in range(1, 61) if i % 13]
        assert summaries[0][2] == ""  # -q: the count of skipped pages is not shown
    else:
        errors = jsonl(outputs[0])
        assert len(errors) == 1 and errors[0]["check"] == "input"
        assert "bz2 stream at bytes" in errors[0]["where"]
        assert "(from page 'Page 22'), before any page" in errors[0]["where"]
        # Only the damaged stream's pages are lost: 22-28, of which 26 is css anyway.
        assert summaries[0][0] == 2 and summaries[0][1].startswith("50 documents")


def test_a_wrong_index_is_a_warning_and_the_dump_is_read_whole(
    multistream: Path, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("5:1:Page 1\n", encoding="utf-8")
    result = run("text", "-q", "--index", str(wrong), str(multistream))
    assert result.exit_code == 0
    assert "no bz2 stream at byte 5" in result.stderr
    assert "reading the dump from start to end" in result.stderr
    assert len(jsonl(result.stdout)) == 56
    usage = run("text", "--index", str(wrong), str(tmp_path))
    assert usage.exit_code == 2 and "exactly one dump" in usage.stderr


def test_the_index_is_no_document_in_a_folder(multistream: Path) -> None:
    index = Path(str(multistream).replace(".xml.bz2", "-index.txt"))
    index.write_bytes(bz2.decompress(index.with_suffix(".txt.bz2").read_bytes()))
    result = run("text", "-q", str(multistream.parent))
    assert result.exit_code == 0
    assert {r["source"].split("#")[0] for r in jsonl(result.stdout)} == {str(multistream)}


# -- the Dask engine -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    yield cluster.scheduler_address
    cluster.close()


def test_on_a_running_scheduler(multistream: Path, scheduler: str) -> None:
    local = run("text", "-q", "-j", "1", str(multistream))
    remote = run("text", "-q", "--scheduler", scheduler, str(multistream))
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and len(jsonl(remote.stdout)) == 56


def _profiling() -> tuple[bool, str | None, str]:
    import os

    import dask

    return (
        bool(dask.config.get("distributed.worker.profile.enabled")),
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        str(dask.config.get("distributed.admin.tick.interval")),
    )


def test_a_local_cluster_runs_without_profiler_or_trimming_and_serves_only_this_machine() -> None:
    pytest.importorskip("distributed")
    engine = engines.DaskEngine(None, 1)
    try:
        assert list(engine.client.run(_profiling).values()) == [(False, None, "1s")]
        # Its HTTP server (logs, call stacks) is not open to the network.
        assert engine._cluster.scheduler.http_server.address == "127.0.0.1"
        # A worker restarted by its nanny keeps the setting.
        engine.client.restart_workers(list(engine.client.nthreads()))
        engine.client.wait_for_workers(1, timeout=60)
        assert list(engine.client.run(_profiling).values()) == [(False, None, "1s")]
    finally:
        engine.close()


class _Client:
    """Stands in for distributed.Client: the answers of client.run."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers

    def run(self, fn: object, *args: object, on_error: str = "raise") -> dict[str, object]:
        return self.answers


def test_workers_without_wikikit_are_a_clear_error() -> None:
    engine = object.__new__(engines.DaskEngine)
    engine._client = _Client(
        {"tcp://10.0.0.5:4000": ModuleNotFoundError("No module named 'wikikit'")}
    )
    with pytest.raises(engines.EngineError) as e:
        engine._probe()
    message = str(e.value)
    assert "the Dask worker tcp://10.0.0.5:4000 cannot import wikikit" in message
    assert "No module named 'wikikit'" in message and "workers' environment" in message
    engine._client = _Client({"tcp://10.0.0.5:4000": "0.0.1"})
    with pytest.raises(engines.EngineError, match=r"has wikikit 0\.0\.1"):
        engine._probe()
    engine._client = _Client({})
    with pytest.raises(engines.EngineError, match="no workers"):
        engine._probe()


def test_an_unreachable_scheduler_is_an_input_error(
    dump: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "SCHEDULER_WAIT", 1.0)
    result = run("check", "--scheduler", "tcp://127.0.0.1:9", str(dump))
    assert result.exit_code == 2
    assert "wikikit: error: cannot reach the scheduler at tcp://127.0.0.1:9" in result.stderr
