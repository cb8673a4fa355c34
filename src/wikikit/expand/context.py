"""What a parser function sees of an expansion: frames, results, limits, the expander.

:class:`Frame` is ``PPFrame_Hash`` / ``PPTemplateFrame_Hash``: the page itself
or one template call with its arguments. :class:`Expansion` is the part of the
expander (:class:`wikikit.expand.frame.Expander`) that functions call; it is a
protocol so that the function modules sit below the expander that runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from wikikit.expand.pptree import PPart, Tree
from wikikit.expand.words import MagicWords
from wikikit.site import SiteConfig, Title

__all__ = ["Expansion", "Frame", "FunctionImpl", "Limits", "Metadata", "Result"]


@dataclass
class Limits:
    """MediaWiki's parser limits (defaults: Wikipedia's settings)."""

    max_template_depth: int = 40
    max_node_count: int = 1_000_000
    max_expand_depth: int = 100
    max_include_size: int = 2 * 1024 * 1024
    max_expensive: int = 500


@dataclass
class Result:
    """A function's result with MediaWiki's flags: ``nowiki`` escapes, ``preprocess`` expands."""

    text: str
    nowiki: bool = False
    preprocess: bool = False


class Frame:
    """One expansion context: the page (no parent) or a template call with its arguments."""

    __slots__ = (
        "args",
        "child_cache",
        "depth",
        "loop",
        "parent",
        "title",
        "values",
        "volatile",
    )

    def __init__(
        self,
        parent: Frame | None,
        title: Any,
        args: dict[str, tuple[Tree, bool]],
        loop: frozenset[str],
        depth: int,
    ) -> None:
        self.parent = parent
        self.title = title
        #: name -> (value tree, trimmed?) — named values are trimmed, numbered ones not.
        self.args = args
        self.values: dict[str, str] = {}
        self.loop = loop
        self.depth = depth
        self.child_cache: dict[Any, str] = {}
        self.volatile = False

    def set_volatile(self) -> None:
        """Mark this frame and its callers as not cacheable."""
        frame: Frame | None = self
        while frame is not None and not frame.volatile:
            frame.volatile = True
            frame = frame.parent


@dataclass
class Metadata:
    """What a page sets while it expands (DISPLAYTITLE, DEFAULTSORT, warnings …)."""

    display_title: str | None = None
    default_sort: str | None = None
    warnings: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)


class Expansion(Protocol):
    """The expander as parser functions and variables use it."""

    site: SiteConfig
    now: datetime
    magic: MagicWords
    meta: Metadata
    page_title: Title

    def parse_title(self, text: str, default_namespace: int = 0) -> Title | None: ...

    def ns_text(self, ns: int) -> str: ...

    def prefixed(self, ns: int, text: str) -> str: ...

    def subpage_text(self, ns: int, text: str) -> str: ...

    def base_text(self, ns: int, text: str) -> str: ...

    def root_text(self, ns: int, text: str) -> str: ...

    def title_key(self, title: Title) -> str: ...

    def page_text(self, title: Any) -> str | None: ...

    def exists(self, title: Any) -> bool: ...

    def increment_expensive(self) -> bool: ...

    def strip_marker(self, name: str, text: str) -> str: ...

    @staticmethod
    def kill_markers(text: str) -> str: ...

    @staticmethod
    def skip_markers(text: str, fn: Callable[[str], str]) -> str: ...

    def expand(self, tree: Tree, frame: Frame, keep: bool = False) -> str: ...

    def expand_part(self, part: PPart, frame: Frame) -> str: ...

    def text_args(self, frame: Frame, first: str, parts: list[PPart]) -> list[str]: ...

    def split_arg(self, part: PPart, frame: Frame) -> tuple[str | None, PPart]: ...


FunctionImpl = Callable[[Expansion, Frame, str, list[PPart]], "str | Result | None"]
