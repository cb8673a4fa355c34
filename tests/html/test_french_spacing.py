"""French spacing: a space before ? : ; ! % » › or after « ‹ becomes a no-break space."""

from __future__ import annotations

from wikikit.html import to_html


def test_spaces_next_to_marks() -> None:
    assert to_html("Quoi ? Oui !") == "<p>Quoi\u00a0? Oui\u00a0!\n</p>"
    assert to_html("« Bonjour »") == "<p>«\u00a0Bonjour\u00a0»\n</p>"


def test_marks_without_a_space_and_attributes_stay() -> None:
    assert to_html("a:b 50%") == "<p>a:b 50%\n</p>"
    html = to_html('<span title="a ?">b ?</span>')
    assert 'title="a ?"' in html  # attribute values are never touched
    assert ">b\u00a0?</span>" in html


def test_marks_next_to_block_tags() -> None:
    # The rule runs over the whole rendered text at once; a block tag on either side
    # of the space or the mark must neither block nor cause a change.
    # The text after the block is wrapped by tidy (no paragraph from the block pass).
    assert to_html("<div>« a</div> :") == "<div>«\u00a0a</div><p>\u00a0:</p>"
    assert to_html("<div>a :</div>") == "<div>a\u00a0:</div>"
    assert to_html('<div title="« a :">b</div>') == '<div title="« a :">b</div>'
    # A guillemet alone (no mark after a space) still turns the space after it.
    assert to_html("mot« b") == "<p>mot« b\n</p>"
    assert to_html("(« b") == "<p>(«\u00a0b\n</p>"
