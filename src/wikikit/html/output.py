"""The renderer's result types: plain ``str`` subclasses, so they stay interpreted classes.

(The renderer itself is compiled when wikikit is built with mypyc, and compiled
classes cannot subclass ``str``.)
"""

from __future__ import annotations

from typing import Any

__all__ = ["HtmlOutput", "Wikitext"]


class Wikitext(str):
    """Marks a template handler's result as wikitext to be rendered (not HTML)."""

    __slots__ = ()


class HtmlOutput(str):
    """The rendered HTML (a ``str``) with what was collected on the way.

    ``categories`` are the ``[[Category:…]]`` names (in order, without
    duplicates), ``article_title`` the article title when known, ``headings`` the
    ``(level, id, text)`` of every heading, ``language_links`` the
    ``(code, title)`` of the ``[[fr:…]]`` interlanguage links.
    """

    categories: tuple[str, ...]
    article_title: str | None
    headings: tuple[tuple[int, str, str], ...]
    language_links: tuple[tuple[str, str], ...]

    def __new__(
        cls,
        value: str,
        categories: tuple[str, ...] = (),
        title: str | None = None,
        headings: tuple[tuple[int, str, str], ...] = (),
        language_links: tuple[tuple[str, str], ...] = (),
    ) -> HtmlOutput:
        obj = super().__new__(cls, value)
        obj.categories = categories
        obj.article_title = title
        obj.headings = headings
        obj.language_links = language_links
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickles as a plain str, so a process without wikikit can load it.
        return (str, (str(self),))
