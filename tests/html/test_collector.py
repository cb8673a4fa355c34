"""The cyclic collector around to_html and the commands: paused while a tree lives,
left as the caller had it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import wikikit
from wikikit.cli.checks import DocumentResult
from wikikit.cli.pipeline import Task, _work, _work_one
from wikikit.sources import DocumentInput, export_xml, iter_dump
from wikikit.sources.multistream import find_index, plan_parts, write_multistream
from wikikit.sources.pages import Selection

# Thousands of nodes: unpaused, the collector would run many times while they are built.
_PAGE = "\n\n".join(
    f"== S{i} ==\n'''b''' [[Link {i}|l]] {{{{t|{i}}}}} <ref>r {i}</ref>\n* a\n** b\n"
    "{| class=x\n| c || d\n|}"
    for i in range(300)
)

# Fewer objects than one tree of _PAGE holds (a run that scans fewer saw no tree).
_TREE_OBJECTS = 5000


@contextmanager
def _counted() -> Iterator[list[int]]:
    """The number of objects each collection run will scan, as it starts."""
    runs: list[int] = []

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            generation = info["generation"]
            runs.append(sum(len(gc.get_objects(g)) for g in range(generation + 1)))

    gc.collect()
    gc.callbacks.append(count)
    try:
        yield runs
    finally:
        gc.callbacks.remove(count)


def test_to_html_runs_the_collector_at_most_once_and_leaves_it_enabled() -> None:
    assert gc.isenabled()
    with _counted() as runs:
        html = wikikit.to_html(_PAGE)
    assert "Link 299" in str(html)
    # At most the run due when it resumes, once the tree is gone (unpaused, the
    # collector ran between parsing and rendering, over the whole tree).
    assert len(runs) <= 1, runs
    assert all(scanned < _TREE_OBJECTS for scanned in runs), runs
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    try:
        wikikit.to_html(_PAGE)
        assert not gc.isenabled()
        wikikit.to_html(wikikit.parse(_PAGE))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_document_of_a_command_is_checked_with_the_collector_paused() -> None:
    item = DocumentInput("page.wiki", "Page", _PAGE, None, len(_PAGE.encode()))
    with _counted() as runs:
        result = _work_one(Task("check", checks=("parse", "exact", "html")), item)
    assert isinstance(result, DocumentResult)
    assert [o.check for o in result.outcomes] == ["parse", "exact", "html"]
    assert not result.failed, result
    assert len(runs) <= 1, runs
    assert all(scanned < _TREE_OBJECTS for scanned in runs), runs
    assert gc.isenabled()


_EVERYTHING = (
    "'''''both''''' ''i'' '''b''' x<ref name=a>r ''i''</ref><ref name=a/>\n"
    "* a\n** b\n*** c\n# d\n; t : d\n {{t|x}}\n"
    "{| class=w\n|+ cap\n! h\n|-\n| c || ''d''\n|}\n<div>x</div>\n<references/>\n" + _PAGE[:2000]
)


def _garbage_of(run: Any) -> list[object]:
    """The objects ``run()`` leaves in reference cycles (freed only by the collector)."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_rendering_leaves_no_reference_cycles() -> None:
    # Everything is freed by reference counting as soon as it is dropped: nothing a
    # page builds waits for the collector (which the pauses above make rarer).
    wikikit.to_html(_EVERYTHING)  # first use: caches fill
    assert _garbage_of(lambda: wikikit.to_html(_EVERYTHING)) == []
    assert _garbage_of(lambda: wikikit.to_html(_EVERYTHING, standalone=True)) == []
    assert _garbage_of(lambda: wikikit.parse(_EVERYTHING).to_wikitext()) == []


def test_the_commands_leave_no_reference_cycles(tmp_path: Path) -> None:
    dump = tmp_path / "x-pages-articles-multistream.xml.bz2"
    index = tmp_path / "x-pages-articles-multistream-index.txt.bz2"
    pages = [(f"Page {i}", [_EVERYTHING]) for i in range(3)]
    write_multistream(export_xml(pages), str(dump), str(index))
    [part] = list(plan_parts(str(dump), find_index(str(dump)), Selection()))
    tasks = [
        Task("check", checks=("parse", "exact", "html")),
        Task("html"),
        Task("json"),
        Task("text", form="table"),
    ]
    for task in tasks:
        _work(task, [part])
        assert _garbage_of(lambda task=task: _work(task, [part])) == [], task.kind
    assert _garbage_of(lambda: list(iter_dump(str(dump)))) == []


def test_a_renderer_subclass_renders_its_own_way() -> None:
    from wikikit.html.renderer import Renderer

    class Loud(Renderer):
        def _render_Text(self, node: Any, out: list[str]) -> None:
            out.append(node.value.upper())

    try:
        loud = Loud()
    except TypeError:
        pytest.skip("compiled classes cannot be subclassed")
    assert loud.render_document(wikikit.parse("quiet words")) == "<p>QUIET WORDS\n</p>"
    assert "quiet words" in wikikit.to_html("quiet words")  # the renderer itself is unchanged
