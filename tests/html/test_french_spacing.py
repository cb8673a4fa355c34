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
