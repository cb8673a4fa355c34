"""Frames and the expansion of a preprocessed tree, as MediaWiki's Parser and PPFrame do it.

:class:`Expander` holds what one page's expansion shares (site, pages, clock,
limits, caches, metadata): the role of MediaWiki's ``Parser``
(``braceSubstitution``, ``argSubstitution``, ``extensionSubstitution``).
The frames it expands in and what functions see of it are in
:mod:`wikikit.expand.context`.

Limits follow MediaWiki's defaults: template depth 40 (Wikipedia's
``$wgMaxTemplateDepth``), 1,000,000 preprocessor nodes, expansion depth 100,
and 2 MiB of post-expand include size; each ends in MediaWiki's message, in
place, so no template set can hang or exhaust memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

from wikikit.expand.context import Frame, FunctionImpl, Limits, Metadata, Result
from wikikit.expand.core_functions import FUNCTIONS
from wikikit.expand.magic import variable_value
from wikikit.expand.pptree import PArg, PComment, PExt, PIgnore, PPart, PTemplate, Tree, build_tree
from wikikit.expand.textutil import escape_wiki_text, php_trim
from wikikit.expand.words import MagicWords
from wikikit.parser.preprocessor import call_name_is_valid
from wikikit.site import SiteConfig, Title

__all__ = ["Expander", "TreeCache"]

NS_MEDIA: Final = -2
NS_SPECIAL: Final = -1
NS_TEMPLATE: Final = 10

#: Extension tags whose body is wikitext that the extension parses in the page's frame.
WIKITEXT_TAGS: Final = frozenset(
    ("ref", "references", "poem", "gallery", "indicator", "section", "center", "inputbox")
)


_BLOCK_START: Final = re.compile(r"\{\||[:;#*]")


MARKER_PREFIX: Final = "\x7f'\"`UNIQ"
MARKER_SUFFIX: Final = "-QINU`\"'\x7f"
_MARKER_RE: Final = re.compile(re.escape(MARKER_PREFIX) + r"-[^\x7f]*?" + re.escape(MARKER_SUFFIX))


class TreeCache:
    """Expansion trees by source text, for inclusion or view, up to ``size`` entries.

    Trees are never changed by expansion (the memos on calls depend only on the
    call), so one tree serves every page that uses the same text.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._trees: dict[tuple[str, bool], Tree] = {}

    def get(self, text: str, include: bool) -> Tree:
        key = (text, include)
        tree = self._trees.get(key)
        if tree is None:
            if len(self._trees) >= self.size:
                self._trees.clear()
            tree = build_tree(text, include=include)
            self._trees[key] = tree
        return tree


class Expander:
    """Expands one page's wikitext: MediaWiki's ``Parser`` state for one parse."""

    def __init__(
        self,
        site: SiteConfig,
        fetch: Callable[[str], str | None],
        now: datetime,
        page_title: str,
        *,
        limits: Limits | None = None,
        functions: dict[str, FunctionImpl] | None = None,
        escape_leftovers: bool = False,
        trees: TreeCache | None = None,
    ) -> None:
        self.site = site
        self._fetch = fetch
        self.now = now
        self.limits = limits or Limits()
        self.escape_leftovers = escape_leftovers
        self.magic = MagicWords(site)
        self.functions = FUNCTIONS if functions is None else functions
        parsed = self.parse_title(page_title)
        self.page_title = parsed if parsed is not None else Title(0, "Main Page", site=site)
        self.meta = Metadata()
        self.node_count = 0
        self.expand_depth = 0
        self.include_size = {"post-expand": 0, "arg": 0}
        self.expensive = 0
        #: Preprocessed texts, shared by the expansions of one wiki (pages do not change).
        self.trees = trees if trees is not None else TreeCache()
        self._page_cache: dict[str, tuple[str | None, Any]] = {}
        self._warned: set[str] = set()
        self._strip: dict[str, str] = {}

    # -- titles ------------------------------------------------------------------

    def parse_title(self, text: str, default_namespace: int = 0) -> Title | None:
        """``Title::newFromText``: a normalized title, or None when invalid."""
        return self.site.title(text, default_namespace)

    def ns_text(self, ns: int) -> str:
        """The namespace's name with spaces ("" for the main namespace)."""
        return self.site.namespace_name(ns).replace("_", " ")

    def prefixed(self, ns: int, text: str) -> str:
        """A title's full text from its namespace and text."""
        name = self.ns_text(ns)
        return f"{name}:{text}" if name else text

    def has_subpages(self, ns: int) -> bool:
        namespace = self.site.namespace(ns)
        return namespace is not None and namespace.subpages

    def subpage_text(self, ns: int, text: str) -> str:
        return text.rsplit("/", 1)[-1] if self.has_subpages(ns) else text

    def base_text(self, ns: int, text: str) -> str:
        return text.rsplit("/", 1)[0] if self.has_subpages(ns) else text

    def root_text(self, ns: int, text: str) -> str:
        return text.split("/", 1)[0] if self.has_subpages(ns) else text

    def title_key(self, title: Title) -> str:
        """The key a page is stored under: its full title text (``Template:Foo bar``)."""
        return title.prefixed_text

    # -- pages -------------------------------------------------------------------

    def page_text(self, title: Any) -> str | None:
        """The text of an existing page, or None."""
        key = self.title_key(title)
        hit = self._page_cache.get(key)
        if hit is None:
            hit = (self._fetch(key), None)
            self._page_cache[key] = hit
        return hit[0]

    def exists(self, title: Any) -> bool:
        return self.page_text(title) is not None

    def fetch_template(self, title: Any) -> tuple[str | None, Any]:
        """``statelessFetchTemplate``: the text, following at most one redirect."""
        text = self.page_text(title)
        final = title
        if text is not None:
            target = self.site.redirect_target(text)
            if target is not None and not target.interwiki:
                target_text = self.page_text(target)
                if target_text is not None:
                    return target_text, target
        return text, final

    def template_tree(self, title: Any) -> tuple[Tree | None, Any]:
        text, final = self.fetch_template(title)
        if text is None:
            return None, final
        return self.trees.get(text, True), final

    # -- limits ------------------------------------------------------------------

    def warn(self, kind: str, message: str) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            self.meta.warnings.append(message)

    def increment_include_size(self, kind: str, size: int) -> bool:
        if self.include_size[kind] + size > self.limits.max_include_size:
            return False
        self.include_size[kind] += size
        return True

    def increment_expensive(self) -> bool:
        self.expensive += 1
        return self.expensive <= self.limits.max_expensive

    # -- expansion ---------------------------------------------------------------

    def root_frame(self) -> Frame:
        return Frame(None, self.page_title, {}, frozenset(), 0)

    def expand_text(self, text: str, frame: Frame | None = None, *, keep: bool = True) -> str:
        """Preprocess ``text`` as a page view and expand it in ``frame`` (the page's by default).

        With ``keep`` the page's own comments and ``<noinclude>``-style markup stay
        as written (text without ``{{`` comes back unchanged); without it they go,
        as on a page view.
        """
        if "{{" not in text and (keep or "<" not in text):
            return text  # nothing to expand, and nothing a page view drops
        out = self.expand(self.trees.get(text, False), frame or self.root_frame(), keep=keep)
        return self.unstrip(out)

    # -- strip markers -----------------------------------------------------------

    def strip_marker(self, name: str, text: str) -> str:
        """Stand ``text`` (an extension tag's output) in for a marker until :meth:`unstrip`.

        As in MediaWiki, functions see the marker, not the tag: ``#ifeq`` compares
        markers, ``padleft`` and ``urlencode`` drop them, ``lc`` leaves them alone.
        """
        marker = f"{MARKER_PREFIX}-{name}-{len(self._strip):08X}{MARKER_SUFFIX}"
        self._strip[marker] = text
        return marker

    def unstrip(self, text: str) -> str:
        """``text`` with every strip marker replaced by what it stands for."""
        for _ in range(64):
            if MARKER_PREFIX not in text:
                break
            text = _MARKER_RE.sub(lambda m: self._strip.get(m.group(), ""), text)
        return text

    @staticmethod
    def kill_markers(text: str) -> str:
        """``Parser::killMarkers``: drop strip markers."""
        return _MARKER_RE.sub("", text) if MARKER_PREFIX in text else text

    @staticmethod
    def skip_markers(text: str, fn: Callable[[str], str]) -> str:
        """``markerSkipCallback``: apply ``fn`` to the text between strip markers."""
        if MARKER_PREFIX not in text:
            return fn(text)
        out: list[str] = []
        pos = 0
        for m in _MARKER_RE.finditer(text):
            out.append(fn(text[pos : m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(fn(text[pos:]))
        return "".join(out)

    def expand(self, tree: Tree, frame: Frame, keep: bool = False) -> str:
        """``PPFrame::expand``: the wikitext of ``tree`` with everything substituted.

        ``keep`` keeps this level's comments and ignored markup as written (the
        page's own text, which the renderer reads again); inside templates and
        arguments they are dropped, as on a page view.
        """
        self.node_count += 1
        if self.node_count > self.limits.max_node_count:
            self.warn(
                "node-count-exceeded",
                f"Preprocessor node count exceeded: the limit is {self.limits.max_node_count}.",
            )
            return '<span class="error">Node-count limit exceeded</span>'
        if self.expand_depth > self.limits.max_expand_depth:
            self.warn(
                "expansion-depth-exceeded",
                f"Expansion depth exceeded: the limit is {self.limits.max_expand_depth}.",
            )
            return '<span class="error">Expansion depth limit exceeded</span>'
        self.expand_depth += 1
        out: list[str] = []
        try:
            for node in tree:
                kind = type(node)
                if kind is str:
                    out.append(node)  # type: ignore[arg-type]
                    continue
                self.node_count += 1
                if kind is PTemplate:
                    out.append(self.brace_substitution(node, frame))  # type: ignore[arg-type]
                elif kind is PArg:
                    out.append(self.arg_substitution(node, frame))  # type: ignore[arg-type]
                elif kind is PExt:
                    out.append(
                        self.extension_substitution(node, frame, keep)  # type: ignore[arg-type]
                    )
                elif keep:
                    out.append(node.text)  # type: ignore[union-attr]
        finally:
            self.expand_depth -= 1
        return "".join(out)

    def expand_part(self, part: PPart, frame: Frame) -> str:
        """A whole part as text: ``name=value`` or the value."""
        if part.name is None:
            return self.expand(part.value, frame)
        return self.expand(part.name, frame) + "=" + self.expand(part.value, frame)

    def text_args(self, frame: Frame, first: str, parts: list[PPart]) -> list[str]:
        """Arguments as a plain function gets them: each part expanded and trimmed."""
        return [first] + [php_trim(self.expand_part(p, frame)) for p in parts]

    def split_arg(self, part: PPart, frame: Frame) -> tuple[str | None, PPart]:
        """``splitArg``: the trimmed name of a named part (None for a positional one)."""
        if part.name is None:
            return None, part
        return php_trim(self.expand(part.name, frame)), part

    def implode(
        self,
        open_: str,
        close: str,
        title: str,
        parts: list[Any],
        frame: Frame,
        escape: bool = True,
    ) -> str:
        """``virtualBracketedImplode``: the call written back as text, its parts expanded.

        For rendering, the braces of a call that the renderer would read as a
        call again are written as character references, so that it shows them;
        ``escape=False`` leaves those whose name it reads as text already.
        """
        pieces = [title]
        for part in parts:
            if isinstance(part, PPart):
                pieces.append(self.expand_part(part, frame))
            else:
                pieces.append(self.expand(part, frame))
        if self.escape_leftovers and (escape or call_name_is_valid(title.split("|", 1)[0])):
            open_ = open_.replace("{", "&#123;")
            close = close.replace("}", "&#125;")
        return open_ + "|".join(pieces) + close

    def new_child(self, frame: Frame, parts: list[PPart], title: Any) -> Frame:
        """``PPFrame::newChild``: a frame for a call of ``title`` with ``parts``."""
        args: dict[str, tuple[Tree, bool]] = {}
        for part in parts:
            if part.name is None:
                args[str(part.index)] = (part.value, False)
            else:
                name = php_trim(self.expand(part.name, frame))
                args[name] = (part.value, True)
        key = self.title_key(title)
        return Frame(frame, title, args, frame.loop | {key}, frame.depth + 1)

    def get_argument(self, frame: Frame, name: str) -> str | None:
        """``PPTemplateFrame::getArgument``: the expanded value, cached per frame."""
        value = frame.values.get(name)
        if value is not None:
            return value
        entry = frame.args.get(name)
        if entry is None or frame.parent is None:
            return None
        tree, trimmed = entry
        value = self.expand(tree, frame.parent)
        if trimmed:
            value = php_trim(value)
        frame.values[name] = value
        return value

    def arg_substitution(self, node: PArg, frame: Frame) -> str:
        """``Parser::argSubstitution``: ``{{{name|default}}}``."""
        name_with_spaces = self.expand(node.title, frame)
        text = self.get_argument(frame, php_trim(name_with_spaces))
        if text is None:
            if node.parts:
                return self.expand(node.parts[0], frame)
            return self.implode("{{{", "}}}", name_with_spaces, node.parts, frame)
        if not self.increment_include_size("arg", len(text)):
            self.warn(
                "post-expand-template-argument",
                "Template argument size exceeded: some arguments were omitted.",
            )
            return text + "<!-- WARNING: argument omitted, expansion size too large -->"
        return text

    def brace_substitution(self, node: PTemplate, frame: Frame) -> str:
        """``Parser::braceSubstitution``: a template, variable or parser function call."""
        title_with_spaces = self.expand(node.title, frame)
        part1 = php_trim(title_with_spaces)
        parts = node.parts
        magic = self.magic

        text: str | None = None
        nowiki = False
        child_tree: Tree | None = None
        child_title: Any = None
        title_text: str | None = None
        found_title: Any = None
        modified = magic.may_have_modifier(part1)

        if modified:
            # subst: stays as written on a page view; safesubst: is expanded.
            if magic.match_prefix("subst", part1) is not None:
                return self.implode("{{", "}}", title_with_spaces, parts, frame)
            rest = magic.match_prefix("safesubst", part1)
            if rest is not None:
                part1 = rest
                modified = magic.may_have_modifier(part1)

        if not parts:
            word = magic.variable(part1)
            if word is not None:
                text = variable_value(word, self, frame)

        if text is None and modified:
            rest = magic.match_prefix("msgnw", part1)
            if rest is not None:
                nowiki = True
                part1 = rest
            else:
                rest = magic.match_prefix("msg", part1)
                if rest is not None:
                    part1 = rest
            rest = magic.match_prefix("raw", part1)
            if rest is not None:
                part1 = rest

        if text is None:
            colon = part1.find(":")
            if colon >= 0:
                fid = magic.function(part1[:colon])
                if fid is not None and fid in self.functions:
                    impl = self.functions[fid]
                    result = impl(self, frame, php_trim(part1[colon + 1 :]), parts)
                    if isinstance(result, Result):
                        if result.preprocess:
                            text = self.expand(build_tree(result.text), frame)
                        else:
                            text = result.text
                        if result.nowiki:
                            text = escape_wiki_text(text)
                            nowiki = False
                    elif result is not None:
                        text = result

        if text is None:
            ns = NS_TEMPLATE
            relative = self.maybe_subpage(part1)
            if relative != part1:
                part1 = relative
                ns = self.page_title.namespace
            title = self.parse_title(part1, ns)
            if title is None:
                return self.implode("{{", "}}", title_with_spaces, parts, frame, escape=False)
            title_text = self.title_key(title)
            if title.interwiki:
                text = "[Interwiki transclusion is disabled]"
            elif frame.depth >= self.limits.max_template_depth:
                return (
                    '<span class="error">Template recursion depth limit exceeded ('
                    f"{self.limits.max_template_depth})</span>"
                )
            else:
                if title.namespace in (NS_SPECIAL, NS_MEDIA):
                    child_tree, found_title = None, title
                else:
                    child_tree, found_title = self.template_tree(title)
                if child_tree is None:
                    text = f"[[:{title_text}]]"
                if self.title_key(found_title) in frame.loop:
                    self.warn("template-loop", f"Template loop detected: [[{title_text}]]")
                    return f'<span class="error">Template loop detected: [[{title_text}]]</span>'
                if child_tree is not None:
                    child_title = found_title
                    self.meta.templates.append(self.title_key(found_title))

        if child_tree is not None:
            if nowiki:
                text = self.fetch_template(child_title)[0] or ""
            else:
                text = self.expand_template(child_tree, child_title, title_text, node, frame)
        assert text is not None
        if nowiki:
            text = escape_wiki_text(text)
        elif not node.line_start and _BLOCK_START.match(text):
            text = "\n" + text
        if not self.increment_include_size("post-expand", len(text)):
            self.warn(
                "post-expand-template-inclusion",
                "Post-expand include size exceeded: some templates were omitted.",
            )
            name = title_text if title_text is not None else part1
            return (
                f"[[:{name}]]<!-- WARNING: template omitted, post-expand include size too large -->"
            )
        return text

    def expand_template(
        self, tree: Tree, title: Title, title_text: str | None, node: PTemplate, frame: Frame
    ) -> str:
        """Expand a template body in a child frame, reusing identical calls in ``frame``.

        As MediaWiki reuses argument-free calls (``PPTemplateFrame::cachedExpand``),
        calls whose arguments are the same text, or the same values of plain
        ``{{{…}}}`` references, are expanded once per calling frame.
        """
        key: Any = None
        child: Frame | None = None
        if not node.parts:
            key = title_text
        else:
            static = node.key
            if static is False:
                static = _static_key(node)
                node.key = static
            if static is not None:
                key = (title_text, static)
            else:
                if node.plain_args is None:
                    node.plain_args = all(
                        _plain(p.value) and (p.name is None or _plain(p.name)) for p in node.parts
                    )
                if node.plain_args:
                    # Expanding plain references has no side effects: resolve them now
                    # and let the child frame keep the values.
                    child = self.new_child(frame, node.parts, title)
                    for name in child.args:
                        self.get_argument(child, name)
                    key = (title_text, tuple(child.values.items()))
        if key is not None:
            hit = frame.child_cache.get(key)
            if hit is not None:
                return hit
        if child is None:
            child = self.new_child(frame, node.parts, title)
        text = self.expand(tree, child)
        if key is not None and not child.volatile:
            frame.child_cache[key] = text
        return text

    def maybe_subpage(self, target: str) -> str:
        """``Parser::maybeDoSubpageLink`` for a template name: ``/sub`` and ``../sib``."""
        title = self.page_title
        if not self.has_subpages(title.namespace) or not target:
            return target
        base = self.prefixed(title.namespace, title.text)
        if target.startswith("/"):
            trimmed = target.rstrip("/")
            return base + trimmed if trimmed else base + target
        if target.startswith("../"):
            dots = len(re.match(r"(?:\.\./)+", target).group()) // 3  # type: ignore[union-attr]
            pieces = base.split("/")
            if dots >= len(pieces):
                return target
            rest = target[dots * 3 :].rstrip("/")
            joined = "/".join(pieces[:-dots])
            return joined + ("/" + rest if rest else "")
        return target

    def extension_substitution(self, node: PExt, frame: Frame, keep: bool = False) -> str:
        """An extension tag: bodies of wikitext tags are expanded in ``frame``, others kept."""
        if node.inner is None:
            return self.strip_marker(node.name, node.open)
        if node.name in WIKITEXT_TAGS and "{{" in node.inner:
            inner = self.expand(self.trees.get(node.inner, False), frame, keep)
            return self.strip_marker(node.name, node.open + inner + node.close)
        return self.strip_marker(node.name, node.open + node.inner + node.close)


def _plain(tree: Tree) -> bool:
    """Only text, comments and ``{{{…}}}`` whose names and defaults are plain too."""
    for node in tree:
        kind = type(node)
        if kind is PArg:
            arg: PArg = node  # type: ignore[assignment]
            if not _plain(arg.title) or not all(_plain(p) for p in arg.parts):
                return False
        elif kind is PTemplate or kind is PExt:
            return False
    return True


def _static_key(node: PTemplate) -> str | None:
    """The parts' source when they hold no ``{{{…}}}``: such calls expand the same anywhere."""
    out: list[str] = []
    for part in node.parts:
        out.append("|")
        if part.name is not None:
            if not _write_static(part.name, out):
                return None
            out.append("=")
        if not _write_static(part.value, out):
            return None
    return "".join(out)


def _write_static(tree: Tree, out: list[str]) -> bool:
    for node in tree:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, PTemplate):
            out.append("{{")
            if not _write_static(node.title, out):
                return False
            for part in node.parts:
                out.append("|")
                if part.name is not None:
                    if not _write_static(part.name, out):
                        return False
                    out.append("=")
                if not _write_static(part.value, out):
                    return False
            out.append("}}")
        elif isinstance(node, PArg):
            return False
        elif isinstance(node, PExt):
            out.append(node.open + (node.inner or "") + node.close)
        elif isinstance(node, (PComment, PIgnore)):
            out.append("<!---->")
    return True
