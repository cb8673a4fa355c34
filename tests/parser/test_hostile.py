"""Hostile input: parsing stays bounded (no recursion limit, no crash) and lossless.

Growth with input size is measured by the benchmark (bench/), not timed here.
"""

from __future__ import annotations

import sys

import pytest

import wikikit
from wikikit.tree.json import node_to_dict

N = 100_000

HOSTILE = {
    "unclosed_links": "[[" * N,
    "unclosed_links_with_pipes": "[[a|" * N,
    "unclosed_templates": "{{" * N,
    "unclosed_templates_with_text": "{{a|" * N,
    "unclosed_bold": "'''" * N,
    "bold_toggles": "'''a" * N,
    "unclosed_tags": "<b>" * N,
    "unclosed_tags_with_text": "<b>x" * N,
    "unclosed_tables_one_line": "{|" * N,
    "unclosed_tables_lines": "{|\n" * N,
    "nested_braces": "{" * 20_000 + "x" + "}" * 20_000,
    "nested_templates": "{{a|" * 10_000 + "}}" * 10_000,
    # Each level in a heading line of its parent's value: the lines count toward the cap.
    "nested_templates_in_heading_lines": "{{a|\n==" * 2_000 + "x" + "\n}}" * 2_000,
    "nested_links_in_file": "[[File:a|" + "[[b]]" * N + "]]",
    "nested_file_links": "[[File:a|" * N + "x" + "]]" * N,
    "nested_links_in_template": "{{a|" + "[[" * N + "]]" * N + "}}",
    "nested_braces_deep": "{" * N + "x" + "}" * N,
    "stray_closers": "]]}}" * N,
    "ext_link_starts": "[http://a " * N,
    "unclosed_refs": "<ref>" * N,
    "unclosed_comments": "<!--" * N,
    "deep_lists": "".join("*" * (i % 300 + 1) + "x\n" for i in range(20_000)),
    "equals_in_template": "{{a|b" + "=" * N + "}}",
    "cells_one_line": "{|\n!" + "a!!" * N + "\n|}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_parses_and_round_trips(name: str) -> None:
    text = HOSTILE[name]
    limit = sys.getrecursionlimit()
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    # Every recursive walk over the tree must stay within the default limit.
    assert sys.getrecursionlimit() == limit
    node_to_dict(doc)
    assert doc == wikikit.parse(text)
    sum(1 for _ in doc.walk())


def test_five_megabyte_single_line() -> None:
    unit = "a ''b'' [[c|d]] {{e|f=g}} <b>h</b> [http://i.j k] &amp; "
    text = unit * (5_000_000 // len(unit))
    doc = wikikit.parse(text)
    assert doc.to_wikitext() == text
    assert len(doc.blocks) == 1
