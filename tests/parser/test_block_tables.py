"""The block grammar's shipped LALR tables: made from the grammar as it is, and used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wikikit.parser.blocks import TABLES_FILE, block_tables, grammar_file, load_tables

ROOT = Path(__file__).resolve().parents[2]


def _grammar() -> str:
    text = grammar_file("blocks.lark")
    assert text is not None
    return text


def test_the_shipped_tables_are_the_ones_lark_builds_from_the_grammar() -> None:
    shipped = grammar_file(TABLES_FILE)
    assert shipped is not None, f"{TABLES_FILE} is missing: run tools/make_block_tables.py"
    # When this fails after an edit of blocks.lark: python tools/make_block_tables.py
    assert json.loads(shipped) == block_tables(_grammar())


def test_the_installed_grammar_and_tables_are_the_source_checkout_ones() -> None:
    for name in ("blocks.lark", TABLES_FILE):
        source = ROOT / "grammars" / name
        if source.exists():  # a checkout (CI tests the installed package against it)
            assert grammar_file(name) == source.read_text(encoding="utf-8"), name


def test_tables_are_numbered_the_same_whatever_the_hash_seed() -> None:
    script = (
        "import json, sys; from wikikit.parser.blocks import block_tables, grammar_file; "
        "sys.stdout.write(json.dumps(block_tables(grammar_file('blocks.lark'))))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_tables_of_another_grammar_text_are_built_again() -> None:
    grammar = _grammar()
    stale = json.dumps({"grammar": grammar + "// edited\n", "start": 0, "states": []})
    assert load_tables(grammar, stale) == block_tables(grammar)
    assert load_tables(grammar, "{not json") == block_tables(grammar)
    assert load_tables(grammar, None) == block_tables(grammar)
    shipped = json.dumps({"grammar": grammar, "start": 7, "states": [[7, {}]]})
    assert load_tables(grammar, shipped)["start"] == 7  # the matching file is taken as it is


def test_parsing_reads_the_shipped_tables_without_lark() -> None:
    script = (
        "import sys, wikikit; doc = wikikit.parse('== H ==\\n* a\\n{|\\n| b\\n|}\\n');"
        "print(len(doc.sections), 'lark' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["1", "False"]


def test_damaged_tables_are_built_again() -> None:
    grammar = _grammar()
    good = json.loads(grammar_file(TABLES_FILE) or "{}")
    damaged = [
        {**good, "states": good["states"][:3]},  # shifts to states that are not there
        {**good, "states": []},
        {**good, "start": "0"},
        {**good, "states": [[0, {"X": [1]}]]},
        {**good, "states": [[0, {"X": "1"}]]},
        {**good, "states": [[0, []]]},
        {**good, "states": [["0", {}]]},
    ]
    for tables in damaged:
        assert load_tables(grammar, json.dumps(tables)) == block_tables(grammar), tables
