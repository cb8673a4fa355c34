"""Every node class keeps the same protocol in the compiled and the pure build:
immutable, equal by value, hashable, picklable, copyable, ``with_changes``."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator

import pytest

import wikikit
from conftest import fixture_articles, read_exact
from wikikit.tree import NODE_TYPES, Node


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.iter_children():
        yield from _walk(child)


#: Kinds the fixture articles lack.
EXTRA = """__NOTOC__
----
 preformatted
{|
|+ caption
|-
| {{{1|default}}}
|}
"""


def _one_of_each_kind() -> dict[str, Node]:
    found: dict[str, Node] = {}
    texts = [read_exact(path) for path in fixture_articles()] + [EXTRA]
    for text in texts:
        for node in _walk(wikikit.parse(text)):
            found.setdefault(type(node).__name__, node)
    return found


SAMPLES = _one_of_each_kind()


def test_the_fixtures_reach_most_node_classes() -> None:
    # A guard for the tests below: they are only as good as the kinds they see.
    assert len(SAMPLES) >= 0.7 * len(NODE_TYPES), sorted(set(NODE_TYPES) - set(SAMPLES))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_node_protocol(name: str) -> None:
    node = SAMPLES[name]
    for again in (
        pickle.loads(pickle.dumps(node)),
        copy.copy(node),
        copy.deepcopy(node),
        node.with_changes(),
    ):
        assert type(again) is type(node)
        assert again == node and again.__ne__(node) is False
        assert hash(again) == hash(node)
        assert again.to_wikitext() == node.to_wikitext()
    field = node._fields[0]
    with pytest.raises(AttributeError):
        setattr(node, field, getattr(node, field))
    assert not hasattr(node, "__dict__")  # no per-instance dict to smuggle fields into
    assert node != object() and node != node.to_wikitext()
