"""Render a wikikit tree to HTML the way MediaWiki's legacy parser does.

Rendering runs in the same order as MediaWiki's parser:

1. every node renders through its own method (``_render_<Node>``) into the
   *line-oriented intermediate text* MediaWiki has before its block pass:
   inline markup is already HTML, tables are ``<table>``/``<tr>``/``<td>``
   lines, list lines still start with their ``*#:;`` prefix and indent-pre
   lines with their space;
2. lines holding nothing but comments disappear, as in MediaWiki's
   preprocessor;
3. :func:`~wikikit.html.blocklevel.do_block_levels` adds paragraphs, ``<pre>``
   and list elements;
4. "strip markers" put back content that the block pass must not see
   (``<nowiki>`` text, infoboxes, references).

Everything that reaches the output passes :mod:`wikikit.html.sanitizer`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final
from urllib.parse import quote, unquote

from wikikit.html.anchors import AnchorSet, escape_id, heading_text
from wikikit.html.blocklevel import do_block_levels, runs_as_text
from wikikit.html.characters import clean_html, clean_text
from wikikit.html.cite import Cite
from wikikit.html.output import Wikitext
from wikikit.html.sanitizer import (
    ALLOWED_TAGS,
    VOID_TAGS,
    decode_char_refs,
    escape_attr,
    escape_text,
    is_safe_url,
    normalize_entity,
    sanitize_attributes,
    sanitize_html,
    url_protocol_re,
    validate_tag,
)
from wikikit.html.tidy import french_spacing, tidy
from wikikit.parser import parse_inline
from wikikit.parser.blocks import MAX_LIST_NESTING
from wikikit.parser.inline import LINK_TARGET_CHARS, MAX_DEPTH, LinkEdge, requote
from wikikit.tree import (
    BlankLine,
    Block,
    Bold,
    Comment,
    Document,
    Entity,
    ExtensionTag,
    ExternalLink,
    Heading,
    HorizontalRule,
    HtmlTag,
    Infobox,
    InfoboxField,
    Inline,
    Italic,
    List,
    ListItem,
    MagicWord,
    Node,
    Paragraph,
    Parameter,
    Preformatted,
    Raw,
    Section,
    SiteRules,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    TemplateArgument,
    Text,
    WikiLink,
    plain_text,
)
from wikikit.tree.attributes import ENTITY_NAME_CHARS, attribute_text, unescape_html

__all__ = ["Renderer", "TemplateHandler", "link_open"]


#: ``handler(name, params)`` -> HTML (``str``), :class:`Wikitext`, or None for
#: the default marker. ``params`` maps ``"1"``, ``"2"``… and keys to raw wikitext.
#: Returned HTML passes :func:`~wikikit.html.sanitizer.sanitize_html` (MediaWiki's
#: tags plus ``<a href>``); returned wikitext is rendered like the page.
TemplateHandler = Callable[[str, dict[str, str]], "str | None"]


# Strip markers: the block pass sees only these placeholders.
_MARK: Final = "\x7f"
_MARK_RE: Final = re.compile("\x7f(\\d+)\x7f")
# Doubled delimiters: text between two strip markers ("\x7f1\x7fC\x7f2\x7f") can never
# spell one of these.
_COMMENT: Final = "\x7f\x7fC\x7f\x7f"
_CATEGORY: Final = "\x7f\x7fK\x7f\x7f"
_COMMENT_RUN_RE: Final = re.compile("\x7f\x7fC\x7f\x7f(?:[ \t]*\x7f\x7fC\x7f\x7f)*")
# A paragraph set aside (see Renderer._set_aside): "\x7f\x7fP<n>\x7f\x7f", on a line of its own.
_ASIDE: Final = "\x7f\x7fP"
_ASIDE_RE: Final = re.compile("\x7f\x7fP(\\d+)\x7f\x7f")

_NAMESPACES: Final = {
    "media": "Media",
    "special": "Special",
    "talk": "Talk",
    "user": "User",
    "user talk": "User talk",
    "project": "Project",
    "project talk": "Project talk",
    "wikipedia": "Wikipedia",
    "wikipedia talk": "Wikipedia talk",
    "file": "File",
    "image": "File",
    "file talk": "File talk",
    "image talk": "File talk",
    "mediawiki": "MediaWiki",
    "mediawiki talk": "MediaWiki talk",
    "template": "Template",
    "template talk": "Template talk",
    "help": "Help",
    "help talk": "Help talk",
    "category": "Category",
    "category talk": "Category talk",
    "portal": "Portal",
    "draft": "Draft",
    "module": "Module",
}
#: Namespace ids whose links the renderer treats specially, by the canonical name it uses.
_SITE_NAMESPACES: Final = {14: "Category", 6: "File"}
_INVALID_TITLE_RE: Final = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f\ufffd]|~{3,}")
# The ASCII characters a title may hold (all but controls, DEL and <>[]{}|), read off
# the pattern so that the two cannot disagree.
_TITLE_ASCII: Final = bytes(b for b in range(0x80) if _INVALID_TITLE_RE.match(chr(b)) is None)
_TITLE_WS_RE: Final = re.compile(
    r"[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
# Matched only where a keyword starts a word (see _magic_matches).
_MAGIC_RE: Final = re.compile(
    r"(?:(RFC|PMID)(?:[ \t]|&nbsp;|&#0*160;|&#[xX]0*[aA]0;)+([0-9]+)\b"
    r"|ISBN(?:[ \t]|&nbsp;|&#0*160;|&#[xX]0*[aA]0;)+"
    r"((?:97[89](?:[ \t-]|&nbsp;|&#0*160;|&#[xX]0*[aA]0;)?)?(?:[0-9](?:[ \t-]|&nbsp;|&#0*160;"
    r"|&#[xX]0*[aA]0;)?){9}[0-9Xx])\b)"
)
_MAGIC_KEYWORDS: Final = ("ISBN", "RFC", "PMID")


def _magic_matches(text: str) -> list[re.Match[str]]:
    """What ``\\b`` + :data:`_MAGIC_RE` finds, in order, without overlaps.

    PERF: a regex search tries its alternatives at every position of the page;
    ``str.find`` jumps to the few places a keyword stands.
    """
    found: list[re.Match[str]] = []
    for word in _MAGIC_KEYWORDS:
        at = text.find(word)
        while at >= 0:
            before = text[at - 1] if at else " "
            if not (before.isalnum() or before == "_"):
                m = _MAGIC_RE.match(text, at)
                if m is not None:
                    found.append(m)
            at = text.find(word, at + 1)
    if len(found) > 1:
        found.sort(key=lambda m: m.start())
        kept = [found[0]]
        for m in found[1:]:
            if m.start() >= kept[-1].end():
                kept.append(m)
        found = kept
    return found


_ANCHOR_OPEN_RE: Final = re.compile(r"<a[ >]")
_ANCHOR_CLOSE_RE: Final = re.compile(r"</a>")
_FILE_FRAMES: Final = frozenset(("thumb", "thumbnail", "frame", "framed", "enframed"))
_FILE_OPTIONS: Final = frozenset(
    [
        "frameless",
        "left",
        "right",
        "center",
        "centre",
        "none",
        "upright",
        "border",
        "baseline",
        "middle",
        "sub",
        "super",
        "top",
        "text-top",
        "bottom",
        "text-bottom",
    ]
)
_FILE_PARAMS: Final = frozenset(
    ("link", "upright", "page", "lang", "class", "thumbtime", "start", "end", "loop", "muted")
)
_SIZE_RE: Final = re.compile(r"^\d*(?:x\d+)?\s*px$")
# Wikipedia language editions: "[[xx:Title]]" is an interlanguage link.
_LANGUAGE_CODES: Final = frozenset(
    [
        "af",
        "als",
        "am",
        "an",
        "ar",
        "arz",
        "ast",
        "az",
        "ba",
        "bar",
        "be",
        "bg",
        "bn",
        "br",
        "bs",
        "ca",
        "ceb",
        "ckb",
        "cs",
        "cv",
        "cy",
        "da",
        "de",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "fi",
        "fr",
        "fy",
        "ga",
        "gl",
        "gu",
        "he",
        "hi",
        "hr",
        "hu",
        "hy",
        "ia",
        "id",
        "io",
        "is",
        "it",
        "ja",
        "jv",
        "ka",
        "kk",
        "kn",
        "ko",
        "ku",
        "ky",
        "la",
        "lb",
        "lt",
        "lv",
        "mg",
        "mi",
        "mk",
        "ml",
        "mn",
        "mr",
        "ms",
        "my",
        "nds",
        "ne",
        "nl",
        "nn",
        "no",
        "oc",
        "pa",
        "pl",
        "pms",
        "pnb",
        "pt",
        "qu",
        "ro",
        "ru",
        "sa",
        "sah",
        "scn",
        "sco",
        "sh",
        "si",
        "simple",
        "sk",
        "sl",
        "sq",
        "sr",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "tl",
        "tr",
        "tt",
        "uk",
        "ur",
        "uz",
        "vec",
        "vi",
        "war",
        "wuu",
        "yi",
        "yo",
        "zh",
        "zh-yue",
        "zh-min-nan",
    ]
)
_HEADING_TAGS: Final = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Unicode space separators (\p{Zs}), which end a URL.
_ZS_CHARS: Final = "\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: MediaWiki's htmlsingle tags that are not void: a self-closed one is an empty element.
_SELF_CLOSED_EMPTY: Final = frozenset(("li", "dt", "dd"))
_REFLIST_NAMES: Final = frozenset(("reflist", "references", "refs", "reference list", "notelist"))
_TEXT_EXT_PASSTHROUGH: Final = frozenset(("poem",))
_CODE_EXT_TAGS: Final = frozenset(
    ("syntaxhighlight", "source", "code", "score", "graph", "timeline")
)
_MATH_EXT_TAGS: Final = frozenset(("math", "chem", "ce"))


# Characters MediaWiki percent-encodes in external link targets.
_URL_ESCAPES: Final = str.maketrans(
    {
        "[": "%5B",
        "]": "%5D",
        "|": "%7C",
        " ": "+",
        '"': "%22",
        "<": "%3C",
        ">": "%3E",
        "\n": "%0A",
        "\t": "%09",
    }
)
_ENTITY_IN_TITLE_RE: Final = re.compile("&" + ENTITY_NAME_CHARS + "+;")


@lru_cache(maxsize=4096)
def _wfurlencode(title: str) -> str:
    return quote(clean_text(title), safe=";@$!*(),/~:")


_SCHEME_START_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_WEB_SCHEME_RE: Final = re.compile(r"(?i:https?)://")


def internal_href(link_base: str, path: str) -> str:
    """``link_base + path`` for a link to a page of the wiki, never a script URL.

    With an empty or scheme-less base, a title such as ``javascript:x`` would
    become the scheme of the whole URL; such an href is written as ``./…``.
    """
    href = link_base + path
    if _SCHEME_START_RE.match(href) and not _WEB_SCHEME_RE.match(href):
        return "./" + href
    return href


@lru_cache(maxsize=8192)
def link_open(link_base: str, title: str, frag: str) -> str:
    """``<a href=… title=…>`` for an internal link (pages are linked many times)."""
    href = escape_attr(internal_href(link_base, _wfurlencode(title.replace(" ", "_")) + frag))
    return f'<a href="{href}" title="{escape_attr(title)}">'


def _squeeze_spaces(text: str) -> str:
    """``_`` and runs of spaces (Unicode's too) as one space, as in a title."""
    # PERF: most titles are ASCII with single spaces: nothing to replace.
    if text.isascii() and "_" not in text and "  " not in text:
        return text
    return _TITLE_WS_RE.sub(" ", text)


def _invalid_title(title: str) -> bool:
    """Whether ``title`` holds a character or a run of tildes no title may hold."""
    if title.isascii():
        # PERF: bytes.translate runs at memory speed; the pattern costs a microsecond
        # a title, most of it in starting the match.
        return bool(title.encode("ascii").translate(None, _TITLE_ASCII)) or "~~~" in title
    return _INVALID_TITLE_RE.search(title) is not None


@lru_cache(maxsize=4096)
def normalize_title(text: str) -> tuple[str, str, bool] | None:
    """``(title, fragment, leading_colon)`` for a link target, or None when invalid.

    The title gets MediaWiki's canonical form: entities decoded, ``_`` and
    runs of spaces as one space, a known namespace in its canonical spelling,
    and the first letter of the page name upper-cased.
    """
    target = decode_char_refs(text).strip()
    if not target.isascii():
        target = unicodedata.normalize("NFC", target)
    colon = target.startswith(":")
    if colon:
        target = target[1:].lstrip()
    title, _, fragment = target.partition("#")
    if "%" in title:
        title = unquote(title, errors="replace")
    title = _squeeze_spaces(title).strip()
    fragment = _squeeze_spaces(fragment)
    if _invalid_title(title) or ("&" in title and _ENTITY_IN_TITLE_RE.search(title)):
        return None
    if not title:
        return ("", fragment, colon) if fragment or "#" in target else None
    ns, sep, rest = title.partition(":")
    if sep:
        canon = _NAMESPACES.get(ns.strip().lower())
        if canon is not None:
            rest = rest.strip()
            if not rest:
                return None
            title = f"{canon}:{rest[:1].upper()}{rest[1:]}"
            return title, fragment, colon
    return title[:1].upper() + title[1:], fragment, colon


class Renderer:
    """Renders nodes to HTML; one ``_render_<NodeType>`` method per node type.

    A renderer renders one document (it keeps the heading ids, references and
    categories seen so far); make a new one per document.
    """

    def __init__(
        self,
        *,
        link_base: str = "/wiki/",
        template_handler: TemplateHandler | None = None,
        page_title: str | None = None,
        site: SiteRules | None = None,
        cite_backlinks: str = "numeric",
        external_images: bool = True,
    ) -> None:
        self.link_base = link_base
        #: The wiki whose namespace names and language prefixes links use (None: English).
        self.site = site
        #: MediaWiki's $wgAllowExternalImages: image URLs render as <img>.
        self.external_images = external_images
        self.template_handler = template_handler
        self.page_title = page_title
        #: Whether the article export's ``= Title =`` line renders (as an ``<h1>``).
        self.title_line = True
        #: The document's title (set by :meth:`render_document`), the infobox fallback caption.
        self.document_title: str | None = None
        self.anchors = AnchorSet()
        self.categories: list[str] = []
        #: ``(language code, title)`` of the ``[[fr:Titre]]`` interlanguage links.
        self.language_links: list[tuple[str, str]] = []
        self.headings: list[tuple[int, str, str]] = []
        #: Behaviour switches seen (``NOTOC``, ``FORCETOC`` …).
        self.switches: set[str] = set()
        self._strip: list[str] = []
        self._autonumber = 0
        #: The page's footnotes (``<ref>``), as the Cite extension keeps them.
        self.cite = Cite(backlinks=cite_backlinks)
        self._in_link = 0
        self._in_caption = 0
        self._depth = 0
        # Inside bold or italic (their runs are read with the line's, see _inlines).
        self._in_quotes = 0
        # For each open LinkEdge: whether the link shows as text.
        self._edges: list[bool] = []
        # HTML elements open around the current point (see _render_HtmlTag).
        self._open_tags = 0
        # Unbound methods, looked up on the class (see _dispatch_table).
        self._dispatch = _dispatch_table(type(self))
        # No subclass: the table holds this class's own methods (see _inlines).
        self._own_methods = type(self) is Renderer
        #: Whether the paragraphs of a document that the block pass and tidy would leave
        #: as they are skip those passes (see :meth:`_set_aside`); the HTML is the same
        #: either way. Off in a subclass: its methods may write any HTML.
        self.set_aside_paragraphs = type(self) is Renderer
        # Paragraphs set aside: the intermediate HTML of each, and that HTML with its
        # strip markers resolved (see _set_aside).
        self._aside: list[tuple[str, str]] = []
        # Set when a template handler's HTML is on the page: it may hold a ">" outside
        # any tag, which French spacing reads across paragraphs (see finish).
        self._foreign_html = False
        # Set when a node may have written markup the block pass or tidy acts on: any
        # node type but the few whose HTML is known (see _dispatch_table).
        self._raw_markup = False

    # -- entry points --------------------------------------------------------------

    def render_document(self, doc: Document) -> str:
        """The HTML fragment for a whole document."""
        out: list[str] = []
        self.document_title = doc.title
        if self.set_aside_paragraphs:
            self._document(doc, out, True)
        else:
            self._render_Document(doc, out)
        return self.finish("".join(out))

    def render_blocks(self, blocks: tuple[Block, ...] | list[Block]) -> str:
        """The HTML for a sequence of blocks (paragraph wrapping included)."""
        out: list[str] = []
        for b in blocks:
            self.render(b, out)
        return self.finish("".join(out))

    def render_inline(self, nodes: tuple[Inline, ...] | list[Inline] | None) -> str:
        """The HTML for inline nodes (no paragraph wrapping; strip markers resolved)."""
        out: list[str] = []
        if nodes:
            for n in nodes:
                self.render(n, out)
        html = "".join(out)
        if _MARK in html:
            html = self.unstrip(html.replace(_COMMENT, "").replace(_CATEGORY, ""))
        return clean_html(html)

    def finish(self, text: str) -> str:
        """Run the block pass on intermediate text and resolve strip markers."""
        if self._foreign_html and _ASIDE in text:
            # A ">" outside any tag makes French spacing depend on text beyond a
            # paragraph: every paragraph set aside goes back in.
            text = _ASIDE_RE.sub(lambda m: self._aside[int(m.group(1))][0], text)
        if _COMMENT in text:
            text = _strip_comment_lines(text)
        if _CATEGORY in text:
            # MediaWiki removes the newlines before a category link (T2087, T359886)
            # and the text after it when that is only newlines.
            pieces = text.split(_CATEGORY)
            for i in range(len(pieces) - 1):
                piece = pieces[i].rstrip("\n")
                if piece.endswith(_MARK):
                    # A paragraph set aside no longer ends its line: it goes back in.
                    piece = _restore_last_aside(piece, self._aside)
                pieces[i] = piece
                if not pieces[i + 1].strip("\n"):
                    pieces[i + 1] = ""
            text = "".join(pieces)
        if "ISBN" in text or "RFC" in text or "PMID" in text:
            text = self._magic_links(text)
        text = tidy(self.unstrip(do_block_levels(text)))
        if _ASIDE in text:
            text = _ASIDE_RE.sub(lambda m: french_spacing(self._aside[int(m.group(1))][1]), text)
        return clean_html(text)

    def unstrip(self, text: str) -> str:
        # Stripped content may hold markers itself (a ref inside an infobox).
        for _ in range(4):
            if _MARK not in text:
                break
            text, found = _MARK_RE.subn(lambda m: self._strip[int(m.group(1))], text)
            if not found:  # the page's other markers (paragraphs set aside) remain
                break
        return text

    def render(self, node: Node, out: list[str]) -> None:
        """Append the intermediate rendering of ``node`` to ``out``."""
        method = self._dispatch.get(type(node))
        if method is None:
            for cls in type(node).__mro__:
                method = self._dispatch.get(cls)
                if method is not None:
                    break
        if method is None:
            out.append(escape_text(node.to_wikitext()))
            return
        method(self, node, out)

    def _inlines(self, nodes: tuple[Inline, ...] | None, out: list[str]) -> None:
        if nodes:
            if not self._in_quotes and self._quotes_cross(nodes):
                # MediaWiki reads quotes before external links: a run in a link's
                # label pairs with the runs around the link.
                nodes = requote(nodes, self._label_has_quotes)
            dispatch = self._dispatch
            # Tags left open in a run end with it (the browser closes them with the
            # enclosing element), so they stop counting here.
            open_tags = self._open_tags
            own = self._own_methods
            for n in nodes:
                # PERF: text and links are most nodes; compiled, calling their methods
                # directly skips the generic call the table makes (the same functions,
                # looked up on the class as the table looks them up).
                if own and type(n) is Text:
                    Renderer._render_Text(self, n, out)
                    continue
                if own and type(n) is WikiLink:
                    Renderer._render_WikiLink(self, n, out)
                    continue
                method = dispatch.get(type(n))
                if method is None:
                    self.render(n, out)
                else:
                    method(self, n, out)
            self._open_tags = open_tags

    def _inline_html(self, nodes: tuple[Inline, ...] | None) -> str:
        out: list[str] = []
        self._inlines(nodes, out)
        return "".join(out)

    def stash_block(self, html: str) -> str:
        """Like :meth:`stash` for a block element: its outer tags stay visible,
        so the block pass does not wrap it in a paragraph."""
        m = re.match(r"<([a-z0-9]+)\b[^>]*>", html)
        if m is None or not html.endswith(f"</{m.group(1)}>"):
            return self.stash(html)
        end = len(html) - len(m.group(1)) - 3
        return f"{m.group(0)}{self.stash(html[m.end() : end])}{html[end:]}"

    def stash(self, html: str) -> str:
        """A strip marker standing for ``html`` (restored after the block pass)."""
        if _MARK in html:
            # Comment and category markers inside stashed content (a ref, an
            # infobox value) never reach the line-level passes: drop them here.
            html = html.replace(_COMMENT, "").replace(_CATEGORY, "")
        self._strip.append(html)
        return f"{_MARK}{len(self._strip) - 1}{_MARK}"

    # -- document structure -------------------------------------------------------

    def _render_Document(self, node: Document, out: list[str]) -> None:
        self._document(node, out, False)

    def _document(self, node: Document, out: list[str], aside: bool) -> None:
        """A document; with ``aside``, the paragraphs of it and its sections that may be
        set aside are (only a document :meth:`render_document` renders: its text goes
        to :meth:`finish` as it is)."""
        blocks = node.blocks
        if node.title_line is not None:
            # The export's "= Title =" line is a level-1 heading, as MediaWiki reads it
            # (unless a page around the article shows the title).
            if self.title_line:
                self._render_Heading(node.title_line, out)
            blocks = _after_heading(blocks)
        self._blocks(blocks, out, aside)
        self._sections(node.sections, out, aside)
        # Cite: references no <references/> has listed yet, at the end of the page.
        out.append(self.cite.end_of_page(self._inline_html, self._seal_references))

    def _render_Section(self, node: Section, out: list[str]) -> None:
        self._section(node, out, False)

    def _section(self, node: Section, out: list[str], aside: bool) -> None:
        """A section; ``aside`` as for :meth:`_document`."""
        self._render_Heading(node.heading, out)
        self._blocks(_after_heading(node.blocks), out, aside)
        self._sections(node.subsections, out, aside)

    def _sections(self, sections: tuple[Section, ...], out: list[str], aside: bool) -> None:
        for s in sections:
            if aside:
                self._section(s, out, True)
            else:
                self._render_Section(s, out)  # a subclass may override it

    def _blocks(self, blocks: tuple[Block, ...], out: list[str], aside: bool) -> None:
        """A document's or a section's own blocks; with ``aside``, its paragraphs go
        through :meth:`_set_aside`."""
        for b in blocks:
            if aside and type(b) is Paragraph:
                self._set_aside(b, out)
            else:
                self.render(b, out)

    def _set_aside(self, node: Paragraph, out: list[str]) -> None:
        """A paragraph of a document or section, rendered; when the block pass and tidy
        would leave its HTML as it is, that HTML goes in as one placeholder line, which
        their scans pass over (:meth:`finish` puts it back after them).

        They leave it as it is when no line of it is one the block pass reads as
        anything but running text (see :func:`runs_as_text`) and every node in it is
        of a type whose HTML holds no tag they act on: text, bold and italic, links,
        entities, footnote marks, ``<nowiki>`` and the template placeholder, all of
        whose tags are inline and closed within the paragraph. Any other node sets
        ``_raw_markup`` (see :func:`_dispatch_table`). Comments, category links and
        magic-link keywords are left to the passes too: those act across lines; so is a
        paragraph that is blank once its strip markers are resolved (tidy marks it empty).
        """
        outer = self._raw_markup
        self._raw_markup = False
        buf: list[str] = []
        self._inlines(node.children, buf)
        html = "".join(buf)
        plain = not (
            self._raw_markup
            or node.end[:1] != "\n"
            or not _at_line_start(out)
            or (_MARK in html and (_COMMENT in html or _CATEGORY in html))
            or "ISBN" in html
            or "RFC" in html
            or "PMID" in html
            or not runs_as_text(html)
        )
        resolved = self.unstrip(html) if plain else ""
        if plain and resolved.strip(" \t\n\r\f"):
            self._aside.append((html, resolved))
            out.append(f"{_ASIDE}{len(self._aside) - 1}{_MARK}{_MARK}")
        else:
            out.append(html)
        self._raw_markup = outer
        out.append(escape_text(node.end))

    def _render_Heading(self, node: Heading, out: list[str]) -> None:
        level = node.level
        if level < 1:
            self._inlines(node.children, out)
            out.append(escape_text(node.end))
            return
        content = self._inline_html(node.children).strip(" \t")
        text = heading_text(self.unstrip(content.replace(_COMMENT, "")))
        anchor = self.anchors.make(text)
        self.headings.append((level, anchor, " ".join(text.split())))
        out.append(
            f'<div class="mw-heading mw-heading{level}"><h{level} id="{escape_attr(anchor)}">'
            f"{content}</h{level}></div>"
        )
        out.append(escape_text(node.end))

    def _render_Paragraph(self, node: Paragraph, out: list[str]) -> None:
        self._inlines(node.children, out)
        out.append(escape_text(node.end))

    def _render_BlankLine(self, node: BlankLine, out: list[str]) -> None:
        # Layout fields are escaped too: a tree read from JSON may hold anything.
        out.append(escape_text(node.space))
        out.append(escape_text(node.end))

    def _render_List(self, node: List, out: list[str]) -> None:
        for item in node.items:
            self._render_ListItem(item, out)

    def _render_ListItem(self, node: ListItem, out: list[str]) -> None:
        out.append(escape_text(node.marker))
        self._inlines(node.children, out)
        out.append(escape_text(node.end) or "\n")
        if node.sublist is not None:
            self._render_List(node.sublist, out)

    def _render_Preformatted(self, node: Preformatted, out: list[str]) -> None:
        self._inlines(node.children, out)
        out.append(escape_text(node.end))

    def _render_HorizontalRule(self, node: HorizontalRule, out: list[str]) -> None:
        out.append("<hr />")
        self._inlines(node.children, out)
        out.append(escape_text(node.end))

    def _render_Raw(self, node: Raw, out: list[str]) -> None:
        out.append(escape_text(node.value.replace(_MARK, "")))

    # -- tables (the output of MediaWiki's doTableStuff) ---------------------------

    def _render_Table(self, node: Table, out: list[str]) -> None:
        indent = min(node.marker.count(":"), MAX_LIST_NESTING)
        attrs = _attrs_html("table", node.attrs)
        if not (node.close or node.rows or node.captions or node.prelude or attrs or indent):
            out.append(escape_text(node.end))  # MediaWiki drops an unclosed empty table
            return
        out.append("<dl><dd>" * indent + f"<table{attrs}>")
        out.append(escape_text(node.newline) or "\n")
        for b in node.prelude:
            self.render(b, out)
        state = _TableState()
        for cap in node.captions:
            self._cell(cap, "caption", state, out)
        for row in node.rows:
            self._render_TableRow(row, out, state)
        closing = ""
        if state.td_open:
            closing += f"</{state.last_tag}>"
        if state.tr_open:
            closing += "</tr>"
        if not state.has_tr:
            closing += "<tr><td></td></tr>"
        out.append(closing + "</table>")
        self._inlines(node.trailing, out)
        if indent:
            out.append("</dd></dl>" * indent)
        out.append(escape_text(node.end))

    def _render_TableRow(
        self, node: TableRow, out: list[str], state: _TableState | None = None
    ) -> None:
        if state is None:
            state = _TableState()
        if node.marker:
            closing = ""
            if state.td_open:
                closing += f"</{state.last_tag}>"
            if state.tr_open:
                closing += "</tr>"
            out.append(closing)
            out.append(escape_text(node.end) or "\n")
            state.td_open = state.tr_open = False
            state.has_tr = True
            state.tr_attrs = _attrs_html("tr", node.attrs)
        for b in node.prelude:
            self.render(b, out)
        for cell in node.cells:
            if isinstance(cell, TableCaption):
                tag = "caption"
            elif len(cell.marker.lstrip(" \t:")) >= 2 and state.line_tag:
                # A cell after the first on its line ("||", "!!", "|!!" ...) keeps the
                # line's kind: "||" on a "!" line is still a header cell.
                tag = state.line_tag
            else:
                tag = "th" if cell.header else "td"
                state.line_tag = tag
            self._cell(cell, tag, state, out)

    def _render_TableCell(self, node: TableCell, out: list[str]) -> None:
        self._cell(node, "th" if node.header else "td", _TableState(), out)

    def _render_TableCaption(self, node: TableCaption, out: list[str]) -> None:
        self._cell(node, "caption", _TableState(), out)

    def _cell(self, cell: TableCell, tag: str, state: _TableState, out: list[str]) -> None:
        prev = ""
        if tag != "caption":
            if not state.tr_open:
                prev = f"<tr{state.tr_attrs}>\n"
                state.tr_attrs = ""
            state.tr_open = True
            state.has_tr = True
        if state.td_open:
            prev = f"</{state.last_tag}>\n{prev}"
        state.last_tag = tag
        state.td_open = True
        attrs = _attrs_html(tag, cell.attrs) if cell.attrs is not None else ""
        out.append(f"{prev}<{tag}{attrs}>")
        content = cell.content
        rest: tuple[Block, ...] = content
        if content and isinstance(content[0], Paragraph):
            first = content[0]
            text = self._inline_html(first.children)
            head, nl, tail = text.partition("\n")
            out.append(head.strip(" \t"))
            if nl:
                out.append("\n")
                out.append(tail)
            out.append(escape_text(first.end) or "\n")
            rest = content[1:]
        else:
            out.append("\n")
        for b in rest:
            self.render(b, out)

    # -- inline nodes ----------------------------------------------------------------

    def _render_Text(self, node: Text, out: list[str]) -> None:
        value = node.value
        if _MARK in value:
            value = value.replace(_MARK, "")
        if "[[" in value and "%" in value:
            value = _decode_unclosed_targets(value)
        if "&" in value:
            # Text is wikitext: a valid character reference in it stays one.
            value = _escape_allow_entities(value)
        else:
            # PERF: see escape_text.
            if "<" in value:
                value = value.replace("<", "&lt;")
            if ">" in value:
                value = value.replace(">", "&gt;")
        out.append(value)

    def _magic_links(self, text: str) -> str:
        """ISBN/RFC/PMID magic links, as MediaWiki's doMagicLinks: not inside a
        tag and not inside an ``<a>`` element (links do not nest)."""
        parts: list[str] = []
        pos = 0
        opens: list[int] | None = None
        closes: list[int] = []
        for m in _magic_matches(text):
            start = m.start()
            if text.rfind("<", 0, start) > text.rfind(">", 0, start):
                continue
            if opens is None:
                # PERF: where links open and close, found once (rfind per match was
                # quadratic on long pages with many ISBNs).
                opens = [a.start() for a in _ANCHOR_OPEN_RE.finditer(text)]
                closes = [a.start() for a in _ANCHOR_CLOSE_RE.finditer(text)]
                if _ASIDE in text:
                    # A paragraph set aside holds no keyword (and no match runs over
                    # a line's end), and closes every link and tag it opens: to the
                    # text after it, one with a link in it counts as a "</a>".
                    closes += [
                        a.start()
                        for a in _ASIDE_RE.finditer(text)
                        if "</a>" in self._aside[int(a.group(1))][0]
                    ]
                    closes.sort()
            k = bisect_left(opens, start)
            j = bisect_left(closes, start)
            if k and opens[k - 1] > (closes[j - 1] if j else -1):
                continue  # inside a link
            parts.append(text[pos:start])
            parts.append(self._magic_link(m))
            pos = m.end()
        if not parts:
            return text
        parts.append(text[pos:])
        return "".join(parts)

    def _magic_link(self, m: re.Match[str]) -> str:
        kind, number, isbn = m.group(1), m.group(2), m.group(3)
        label = m.group(0)
        if isbn is not None:
            digits = re.sub(r"[ \t-]|&nbsp;|&#0*160;|&#[xX]0*[aA]0;", "", isbn).upper()
            label = "ISBN " + re.sub(r"&nbsp;|&#0*160;|&#[xX]0*[aA]0;", " ", isbn)
            href = escape_attr(internal_href(self.link_base, f"Special:BookSources/{digits}"))
            return f'<a href="{href}" class="internal mw-magiclink-isbn">{label}</a>'
        label = f"{kind} {number}"
        if kind == "RFC":
            url = f"https://datatracker.ietf.org/doc/html/rfc{number}"
            cls = "mw-magiclink-rfc"
        else:
            url = f"//www.ncbi.nlm.nih.gov/pubmed/{number}?dopt=Abstract"
            cls = "mw-magiclink-pmid"
        return f'<a class="external {cls}" rel="nofollow" href="{url}">{label}</a>'

    def _render_Bold(self, node: Bold, out: list[str]) -> None:
        out.append("<b>")
        self._in_quotes += 1
        self._inlines(node.children, out)
        self._in_quotes -= 1
        out.append("</b>")

    def _render_Italic(self, node: Italic, out: list[str]) -> None:
        out.append("<i>")
        self._in_quotes += 1
        self._inlines(node.children, out)
        self._in_quotes -= 1
        out.append("</i>")

    def _quotes_cross(self, nodes: tuple[Inline, ...]) -> bool:
        """True when a bracketed link's label in ``nodes`` holds bold or italic runs."""
        for n in nodes:
            t = type(n)
            if t is ExternalLink:
                if self._label_has_quotes(n):  # type: ignore[arg-type]
                    return True
            elif (t is Bold or t is Italic) and self._quotes_cross(n.children):  # type: ignore[attr-defined]
                return True
        return False

    def _label_has_quotes(self, link: ExternalLink) -> bool:
        label = link.label
        return (
            link.bracketed
            and bool(label)
            and any(type(n) is Bold or type(n) is Italic for n in label)  # type: ignore[union-attr]
            and not any(self._makes_anchor(n) for n in label)  # type: ignore[union-attr]
            and is_safe_url(decode_char_refs(link.url))
        )

    def _render_LinkEdge(self, edge: LinkEdge, out: list[str]) -> None:
        link = edge.link
        if edge.opening:
            url = decode_char_refs(link.url)
            plain = bool(self._in_link) or not is_safe_url(url)
            self._edges.append(plain)
            if plain:
                out.append("[" + _escape_allow_entities(link.url) + escape_text(link.space))
            else:
                href = escape_attr(url.translate(_URL_ESCAPES))
                out.append(f'<a rel="nofollow" class="external text" href="{href}">')
                self._in_link += 1
        elif self._edges.pop() if self._edges else True:
            out.append("]")
        else:
            self._in_link -= 1
            out.append("</a>")

    def _render_Entity(self, node: Entity, out: list[str]) -> None:
        out.append(normalize_entity(node.markup))

    def _render_Comment(self, node: Comment, out: list[str]) -> None:
        out.append(_COMMENT)

    def _render_MagicWord(self, node: MagicWord, out: list[str]) -> None:
        # Behaviour switches print nothing; __NOTOC__/__FORCETOC__ steer the page's TOC.
        self.switches.add(node.name)

    def _render_WikiLink(self, node: WikiLink, out: list[str]) -> None:
        raw = node.title
        # Every protocol but "//" holds a colon: most targets need no pattern match.
        if (":" in raw or raw.startswith("//")) and url_protocol_re.match(raw) and self._depth < 20:
            # "[[http://x y]]" is no internal link: "[" + the external link "[http://x y]"
            # + "]" (MediaWiki leaves it to its external-link pass).
            inner = node.to_wikitext()
            inner = inner[1 : len(inner) - len(node.trail) - 1]
            out.append("[")
            self._depth += 1
            self._inlines(parse_inline(inner), out)
            self._depth -= 1
            out.append("]")
            out.append(escape_text(node.trail))
            return
        norm = normalize_title(raw) if self._depth < 20 else None
        if norm is None:
            self._literal_link(node, out)
            return
        title, fragment, colon = norm
        ns = title.split(":", 1)[0] if ":" in title else ""
        if ns and self.site is not None:
            ns = _SITE_NAMESPACES.get(self.site.namespace_id(ns) or 0, ns)
        if ns == "Category" and not colon:
            name = title.split(":", 1)[1]
            if self.site is not None:
                site_title = self.site.title(raw)
                name = site_title.text if site_title is not None else name
            if name not in self.categories:
                self.categories.append(name)
            # MediaWiki removes the whitespace before a category link (T2087).
            out.append(_CATEGORY)
            out.append(escape_text(node.trail))
            return
        if ns == "File" and not colon:
            self._file_link(node, title, out)
            return
        if not colon and ":" in title:
            lang, _, page = title.partition(":")
            known = (
                lang.lower() in _LANGUAGE_CODES
                if self.site is None
                else self.site.is_language_link(lang.strip())
            )
            if known and page.strip():
                # Interlanguage links go beside the page (HtmlOutput.language_links).
                self.language_links.append((lang.lower(), page.strip()))
                out.append(_CATEGORY)  # same whitespace rule as categories
                out.append(escape_text(node.trail))
                return
        if node.label is not None:
            if not node.label:
                self._literal_link(node, out)  # [[Foo|]] stays text without pre-save
                return
            self._depth += 1
            self._in_link += 1
            label = self._inline_html(node.label)
            self._in_link -= 1
            self._depth -= 1
        elif "%" in raw:
            # MediaWiki shows the percent-decoded target ([[7%25 Solution]]).
            label = _escape_allow_entities(unquote(raw, errors="replace").removeprefix(":"))
        else:
            self._in_link += 1
            label = self._inline_html(node.target).strip(" \t\n")
            self._in_link -= 1
            if label.startswith(":"):
                label = label[1:]
        label += escape_text(node.trail)
        if "\n" in label:
            # MediaWiki holds a link's text aside until after its block pass: a
            # label that runs over lines makes no paragraphs or list items.
            label = self.stash(label)
        frag = f"#{escape_id(fragment.strip())}" if fragment.strip() else ""
        if not title:
            out.append(f'<a href="{escape_attr(frag or "#")}">{label}</a>')
            return
        if self.page_title is not None and title == self.page_title and not frag:
            out.append(f'<a class="mw-selflink selflink">{label}</a>')
            return
        out.append(link_open(self.link_base, title, frag))
        out.append(label)
        out.append("</a>")

    def _literal_link(self, node: WikiLink, out: list[str]) -> None:
        out.append("[[")
        self._inlines(node.target, out)
        if node.label is not None:
            out.append("|")
            self._inlines(node.label, out)
        out.append("]]")
        out.append(escape_text(node.trail))

    def _file_link(self, node: WikiLink, title: str, out: list[str]) -> None:
        """A media link. Images are not fetched: a thumbnail becomes a captioned box
        (``span.wikikit-thumb``, floated by the page stylesheet), an inline image
        its alt text; both link to the file's page."""
        options: list[tuple[Inline, ...]] = [()]
        for n in node.label or ():
            if isinstance(n, Text) and "|" in n.value:
                pieces = n.value.split("|")
                options[-1] += (Text(pieces[0]),)
                options.extend((Text(p),) for p in pieces[1:])
            else:
                options[-1] += (n,)
        caption: tuple[Inline, ...] = ()
        alt = ""
        thumb = False
        for opt in options if node.label is not None else ():
            word = "".join(n.to_wikitext() for n in opt).strip()
            if self.site is not None:
                # The wiki's own option words ("mini", "hochkant=1.2" on de).
                option = self.site.image_option(word) if word else None
                if option is None:
                    caption = opt if word else caption
                elif option[0] in ("img_thumbnail", "img_manualthumb", "img_framed"):
                    thumb = True
                elif option[0] == "img_alt":
                    alt = option[1].strip()
                continue
            key = word.split("=", 1)[0].strip().lower() if "=" in word else ""
            lower = word.lower()
            if lower in _FILE_FRAMES or key in _FILE_FRAMES:
                thumb = True
            elif key == "alt":
                alt = word.split("=", 1)[1].strip()
            elif word and not (
                key in _FILE_PARAMS or lower in _FILE_OPTIONS or _SIZE_RE.match(word)
            ):
                caption = opt  # the last other option is the caption
        href = escape_attr(internal_href(self.link_base, _wfurlencode(title.replace(" ", "_"))))
        link = f'<a href="{href}" class="mw-file-description" title="{escape_attr(title)}">'
        if thumb:
            # The caption is no part of the image's <a>: bracketed links work in it,
            # bare URLs stay text (MediaWiki armours the image markup).
            self._in_caption += 1
            text = self._inline_html(caption).strip() if caption else ""
            self._in_caption -= 1
            out.append(
                f'<span class="wikikit-thumb">{link}{escape_text(title)}</a>'
                f'<span class="wikikit-caption">{text}</span></span>'
            )
        else:
            # Inside the link only plain text: links do not nest.
            out.append(f"{link}{escape_text(alt or plain_text(caption).strip())}</a>")
        out.append(escape_text(node.trail))

    def _seal_references(self, html: str, multiline: bool) -> str:
        """A finished references list. MediaWiki's block pass reads it; when no note
        spans lines that pass leaves every line as it is, so the list can be set
        aside whole (after its magic links), which keeps long lists cheap."""
        if multiline:
            return html
        if "ISBN" in html or "RFC" in html or "PMID" in html:
            html = self._magic_links(html)
        return self.stash_block(html)

    def _render_ExternalLink(self, node: ExternalLink, out: list[str]) -> None:
        url = decode_char_refs(node.url)
        if not is_safe_url(url) or ((self._in_link or self._in_caption) and not node.bracketed):
            # Unsafe, or a bare URL inside a link label (links do not nest).
            out.append(escape_text(node.to_wikitext()))
            return
        if self._in_link:
            # MediaWiki keeps an internal link's label away from its external-link
            # pass: "[[a|[http://x y]]]" shows the brackets and the URL as text.
            out.append("[" + _escape_allow_entities(node.url) + escape_text(node.space))
            self._inlines(node.label, out)
            out.append("]")
            return
        url = url.translate(_URL_ESCAPES)
        href = escape_attr(url)
        if not node.bracketed:
            if self.external_images and _EXT_IMAGE_RE.match(url):
                out.append(_external_image(url))
                return
            out.append(
                f'<a rel="nofollow" class="external free" href="{href}">{escape_text(url)}</a>'
            )
            return
        if node.label:
            label = node.label
            if (
                self.external_images
                and len(label) == 1
                and isinstance(label[0], Text)
                and _EXT_IMAGE_RE.match(label[0].value)
            ):
                # "[http://x http://y/z.png]": the label is an image (a clickable image).
                image = _external_image(label[0].value)
                out.append(f'<a rel="nofollow" class="external text" href="{href}">{image}</a>')
                return
            cut = next((i for i, n in enumerate(label) if self._makes_anchor(n)), len(label))
            self._in_link += 1
            text = self._inline_html(label[:cut])
            self._in_link -= 1
            out.append(f'<a rel="nofollow" class="external text" href="{href}">{text}</a>')
            if cut < len(label):
                # A link in the label: an HTML parser closes the outer <a> there (the
                # adoption agency), so the rest of the label follows the link outside it.
                self._inlines(label[cut:], out)
            return
        self._autonumber += 1
        out.append(
            f'<a rel="nofollow" class="external autonumber" href="{href}">[{self._autonumber}]</a>'
        )

    def _makes_anchor(self, node: Inline) -> bool:
        """True when ``node`` renders as an ``<a>`` of its own (a link that is not a
        category or language link)."""
        if not isinstance(node, WikiLink):
            return False
        norm = normalize_title(node.title)
        if norm is None:
            return False
        title, _, colon = norm
        if colon or ":" not in title:
            return True
        ns = title.split(":", 1)[0]
        if self.site is not None:
            ns = _SITE_NAMESPACES.get(self.site.namespace_id(ns) or 0, ns)
            language = self.site.is_language_link(ns.strip())
        else:
            language = ns.lower() in _LANGUAGE_CODES
        return ns != "Category" and not language

    def _render_Template(self, node: Template, out: list[str]) -> None:
        name = node.name
        if self.template_handler is not None:
            self._raw_markup = True  # the handler's HTML may hold any tag
            # Raw wikitext per parameter; named values are trimmed, as MediaWiki does.
            params = {
                key: _wikitext_of(p.value).strip() if p.key is not None else _wikitext_of(p.value)
                for key, p in node.arguments()
            }
            result = self.template_handler(name, params)
            if isinstance(result, Wikitext):
                self._depth += 1
                if self._depth < 10:
                    self._inlines(parse_inline(str(result)), out)
                self._depth -= 1
                return
            if result is not None:
                self._foreign_html = True
                # HTML from the handler is sanitized too: its parameters are page input.
                out.append(self.stash(sanitize_html(str(result))))
                return
        if " ".join(name.replace("_", " ").split()).lower() in _REFLIST_NAMES:
            self._raw_markup = True
            group = ""
            g = node.get("group")
            if g is not None:
                group = g.value_text
            out.append(self.cite.format_group(group, self._inline_html, self._seal_references))
            return
        out.append(f'<span class="wikikit-template" data-template="{escape_attr(name)}"></span>')

    def _render_Parameter(self, node: Parameter, out: list[str]) -> None:
        self._inlines(node.value, out)

    def _render_TemplateArgument(self, node: TemplateArgument, out: list[str]) -> None:
        if node.default is not None:
            self._inlines(node.default, out)
        else:
            out.append(
                f'<span class="wikikit-argument" data-argument="{escape_attr(node.name)}"></span>'
            )

    def _render_HtmlTag(self, node: HtmlTag, out: list[str]) -> None:
        tag = node.tag
        nests = (
            bool(node.name)
            and tag not in VOID_TAGS
            and tag not in _CLOSED_BY_SIBLING
            and not (node.open_end == "/>" and tag in _SELF_CLOSED_EMPTY)
        )
        if (
            tag not in ALLOWED_TAGS
            or (nests and self._open_tags >= MAX_DEPTH)
            or (node.name and not validate_tag(tag, attribute_text(node.attrs, templates="drop")))
        ):
            # Unknown tags are text; so are tags past the parser's nesting limit, and
            # <meta>/<link> that are no microdata (the Sanitizer's validateTag).
            out.append(escape_text(node.open_tag))
            self._inlines(node.children, out)
            out.append(escape_text(node.close_tag))
            return
        inner: str | None = None
        if node.name:
            attrs = _attrs_html(tag, node.attrs)
            if tag in _HEADING_TAGS and node.close_tag:
                inner = self._inline_html(node.children)
                attrs = self._html_heading_attrs(tag, attrs, inner)
            if tag in VOID_TAGS:
                out.append(f"<{tag}{attrs} />")
            elif node.open_end == "/>" and tag in _SELF_CLOSED_EMPTY:
                # <li/> is an empty element; <div/> opens a div (MediaWiki, T134423).
                out.append(f"<{tag}{attrs}></{tag}>")
            else:
                out.append(f"<{tag}{attrs}>")
        if nests:
            self._open_tags += 1  # until the close tag, or the end of the run if none
        if inner is None:
            self._inlines(node.children, out)
        else:
            out.append(inner)
        if nests and node.close_tag:
            self._open_tags -= 1
        if node.close_tag:
            if tag in VOID_TAGS:
                if not node.name:
                    out.append(f"<{tag} />")  # MediaWiki reads </br> as <br />
            else:
                out.append(f"</{tag}>")

    def _html_heading_attrs(self, tag: str, attrs: str, inner: str) -> str:
        """``<h2>`` written as HTML gets an id and MediaWiki's mw-html-heading class."""
        content = self.unstrip(inner.replace(_COMMENT, "").replace(_CATEGORY, ""))
        text = heading_text(content)
        m = re.search(r' id="([^"]*)"', attrs)
        anchor = unescape_html(m.group(1)) if m else self.anchors.make(text)
        if not m:
            attrs += f' id="{escape_attr(anchor)}"'
        self.headings.append((int(tag[1]), anchor, " ".join(text.split())))
        c = re.search(r' class="([^"]*)"', attrs)
        if c:
            return attrs.replace(c.group(0), f' class="{c.group(1)} mw-html-heading"', 1)
        return attrs + ' class="mw-html-heading"'

    def _render_ExtensionTag(self, node: ExtensionTag, out: list[str]) -> None:
        tag = node.tag
        content = node.content
        if tag != "ref" and tag != "nowiki":
            self._raw_markup = True  # footnote marks and nowiki text are inline HTML
        if tag == "nowiki":
            out.append(self.stash(_escape_allow_entities(content or "")))
        elif tag == "pre":
            body = re.sub(r"<nowiki\s*>(.*?)</nowiki\s*>", r"\1", content or "", flags=re.I | re.S)
            attrs = sanitize_attributes(
                "pre", attribute_text(node.attrs, templates="keep"), drop_templates=False
            )
            body = body.replace("<", "&lt;").replace(">", "&gt;").replace(_MARK, "")
            out.append(f"<pre{attrs}>{body}</pre>")
        elif tag == "ref":
            mark = self.cite.ref(node)
            if mark is None:  # a <ref> inside a <ref>: its text, as Cite prints it
                mark = escape_text(f"<ref>{content or ''}</ref>")
            out.append(self.stash(mark))
        elif tag == "references":
            # The list goes through the block pass, as the extension's output does.
            html = self.cite.references(node, self._inline_html, self._seal_references)
            if html is None:
                html = escape_text(
                    "<references/>" if content is None else f"<references>{content}</references>"
                )
            out.append(html)
        elif tag in _TEXT_EXT_PASSTHROUGH:
            lines = self._inline_html(node.parse_content()).strip("\n").split("\n")
            body = "<br />\n".join(lines)
            out.append(self.stash_block(f'<div class="poem"><p>{body}\n</p></div>'))
        elif tag in _MATH_EXT_TAGS:
            out.append(
                self.stash(
                    f'<span class="mwe-math-fallback-source-inline tex">'
                    f"{escape_text(content or '')}</span>"
                )
            )
        elif tag in _CODE_EXT_TAGS:
            out.append(self.stash_block(f"<pre>{escape_text(content or '')}</pre>"))
        elif tag == "gallery":
            out.append(self.stash_block(self._gallery_html(content or "")))
        elif tag == "indicator":
            # Page status indicators are page metadata, shown outside the content.
            if not node.attributes.get("name", "").strip():
                out.append(
                    '<span class="error"><strong>Error:</strong> Page status indicators\' '
                    "<code>name</code> attribute must not be empty.</span>"
                )
        elif tag in ("includeonly", "onlyinclude", "noinclude"):
            if tag != "includeonly" and content:
                self._inlines(node.parse_content(), out)
        else:
            out.append(f'<span class="wikikit-ext" data-tag="{escape_attr(tag)}"></span>')

    def _gallery_html(self, content: str) -> str:
        """``<gallery>``: one box per ``File:Name|caption`` line (images are not fetched)."""
        items: list[str] = []
        for line in content.split("\n"):
            name, _, caption = line.strip().partition("|")
            norm = normalize_title(name) if name.strip() else None
            if norm is None or not norm[0]:
                continue
            title = norm[0] if ":" in norm[0] else f"File:{norm[0]}"
            if not title.startswith(("File:", "Media:")):
                title = f"File:{title}"
            text = self._inline_html(parse_inline(caption)).strip() if caption.strip() else ""
            items.append(
                f'<li class="gallerybox">{link_open(self.link_base, title, "")}'
                f"{escape_text(title)}</a>"
                f'<div class="gallerytext">{text}</div></li>'
            )
        return f'<ul class="gallery">{"".join(items)}</ul>' if items else ""

    # -- infoboxes ------------------------------------------------------------------

    def _render_Infobox(self, node: Infobox, out: list[str]) -> None:
        # The block pass must see a table on this line (no <p> around it), but
        # not the rows: they go in as one strip marker.
        html = self.infobox_html(node)
        inner = html[len(_INFOBOX_OPEN) : -len("</table>")]
        out.append(f"{_INFOBOX_OPEN}{self.stash(inner)}</table>")
        end = node.end
        if not end and not node.open:
            # The export's infobox lines end with their own newlines: the table ends a line.
            end = node.fields[-1].end if node.fields else node.header_end
        out.append(escape_text(end))

    def infobox_html(self, node: Infobox) -> str:
        """``<table class="infobox">`` with the title as caption and one row per field.

        Media fields (images, captions, maps) and fields with nothing visible
        left (a value made only of unexpanded templates) get no row.
        """
        rows: list[str] = []
        titles: dict[str, str] = {}
        index = 0
        for field in node.fields:
            if field.key is None:
                index += 1
                key = str(index)
            else:
                key = field.name
            value = self._field_value(field)
            lower = key.lower().replace(" ", "_")
            if lower in _TITLE_KEYS and lower not in titles and _visible(value):
                titles[lower] = value
            if _MEDIA_KEY_RE.search(lower) or not _visible(value):
                continue
            label = escape_text(key.replace("_", " "))
            label = label[:1].upper() + label[1:]
            rows.append(
                f'<tr><th scope="row" class="infobox-label">{label}</th>'
                f'<td class="infobox-data">{value}</td></tr>'
            )
        title = next((titles[k] for k in _TITLE_KEYS if k in titles), "")
        if not title:
            label = node.label
            if node.dialect == "article" and label.lower() != "infobox":
                title = escape_text(label)  # the export's header is the infobox's name
            elif self.document_title:
                title = escape_text(self.document_title)
            else:
                title = escape_text(label)
        caption = f'<caption class="infobox-title">{title}</caption>' if title else ""
        return f"{_INFOBOX_OPEN}{caption}<tbody>{''.join(rows)}</tbody></table>"

    def _field_value(self, field: InfoboxField) -> str:
        text = self._inline_html(field.value).strip()
        if "\n" in text:
            text = self.unstrip(text.replace(_COMMENT, ""))
            lines = [ln for ln in text.split("\n") if ln.strip()]
            if any(ln[:1] in "*#" for ln in lines):
                return do_block_levels("\n".join(lines))
            return "<br />".join(lines)
        return text

    def _render_InfoboxField(self, node: InfoboxField, out: list[str]) -> None:
        self._inlines(node.value, out)


_INFOBOX_OPEN: Final = '<table class="infobox">'
# Elements the next sibling closes (an HTML parser's implied end tags): they never nest.
_CLOSED_BY_SIBLING: Final = frozenset(
    ("li", "dt", "dd", "p", "tr", "td", "th", "rb", "rt", "rtc", "rp")
)
# Fields that name the infobox's subject, best first.
_TITLE_KEYS: Final = ("name", "title", "official_name", "conflict", "common_name", "fullname")
# Media fields and the presentational ones that size or describe them (image_size,
# imagesize, map_width, logo_alt, upright …): none of them is a fact about the subject.
_MEDIA_KEY_RE: Final = re.compile(
    r"(?:^|_)(?:image|img|caption|alt|logo|map|pushpin|signature|seal|flag)(?:_|\d|$)"
    r"|_(?:size|width|height|alt)\d*$|upright\d*$|^(?:mapsize|map_type)$"
    r"|^(?:image|img|logo|map|flag|seal|photo|pic)(?:size|width|height)\d*$"
)
_INVISIBLE_RE: Final = re.compile(
    "<[^>]*>|\x7f\\d+\x7f|\x7f\x7f[CK]\x7f\x7f|&(?:nbsp|#160|#x[aA]0);"
)


def _visible(value: str) -> bool:
    """True when ``value`` (rendered HTML) shows some text."""
    return bool(_INVISIBLE_RE.sub("", value).replace("\xa0", " ").strip())


class _TableState:
    """The per-table state of MediaWiki's doTableStuff (row/cell open flags)."""

    __slots__ = ("has_tr", "last_tag", "line_tag", "td_open", "tr_attrs", "tr_open")

    def __init__(self) -> None:
        self.td_open = False
        self.tr_open = False
        self.has_tr = False
        self.last_tag = "td"
        self.tr_attrs = ""
        self.line_tag = ""


_ENTITY_RE: Final = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|רלמ|رلم|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def _wikitext_of(nodes: tuple[Inline, ...]) -> str:
    """The wikitext of a node sequence."""
    return "".join(n.to_wikitext() for n in nodes)


def _after_heading(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` without the blank lines right after a heading: MediaWiki's
    heading regex (``\\s*$`` in multi-line mode) swallows them."""
    i = 0
    while i < len(blocks) and isinstance(blocks[i], BlankLine):
        i += 1
    return blocks[i:] if i else blocks


def _at_line_start(out: list[str]) -> bool:
    """Whether the text in ``out`` is empty or ends a line."""
    for piece in reversed(out):
        if piece:
            return piece[-1] == "\n"
    return True


def _restore_last_aside(text: str, aside: list[tuple[str, str]]) -> str:
    """``text`` with the paragraph set aside that ends it put back."""
    at = text.rfind(_ASIDE)
    m = _ASIDE_RE.match(text, at) if at >= 0 else None
    if m is None or m.end() != len(text):
        return text
    return text[:at] + aside[int(m.group(1))][0]


def _strip_comment_lines(text: str) -> str:
    """Drop comment markers; a line holding only comments (and blanks) goes away
    with its newline, as in MediaWiki's preprocessor."""
    parts: list[str] = []
    pos = 0
    n = len(text)
    for m in _COMMENT_RUN_RE.finditer(text):
        start, end = m.start(), m.end()
        j = start
        while j > pos and text[j - 1] in " \t":
            j -= 1
        k = end
        while k < n and text[k] in " \t":
            k += 1
        if (j == 0 or text[j - 1] == "\n") and k < n and text[k] == "\n":
            parts.append(text[pos:j])
            pos = k + 1
        else:
            parts.append(text[pos:start])
            pos = end
    parts.append(text[pos:])
    return "".join(parts)


_UNCLOSED_TARGET_RE: Final = re.compile(r"\[\[(" + LINK_TARGET_CHARS + r"+)\|")


def _decode_unclosed_targets(text: str) -> str:
    """``[[target|…`` that never closes: MediaWiki prints the target %-decoded
    (handleInternalLinks' "might be an image" path), its ``<`` and ``>`` escaped."""
    parts: list[str] = []
    pos = 0
    for m in _UNCLOSED_TARGET_RE.finditer(text):
        target = m.group(1)
        nxt = text.find("[[", m.end())
        segment = text[m.end() : nxt if nxt >= 0 else len(text)]
        if "%" not in target or "]]" in segment:
            continue
        decoded = unquote(target, errors="replace")
        norm = normalize_title(decoded)
        if norm is None or norm[0].startswith(("File:", "Media:")):
            continue
        parts.append(text[pos : m.start(1)])
        parts.append(decoded.replace("<", "&lt;").replace(">", "&gt;"))
        pos = m.end(1)
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _escape_allow_entities(text: str) -> str:
    """Escape ``<``, ``>`` and bare ``&``; keep valid character references."""
    text = text.replace(_MARK, "")
    parts: list[str] = []
    pos = 0
    for m in _ENTITY_RE.finditer(text):
        parts.append(escape_text(text[pos : m.start()]))
        parts.append(normalize_entity(m.group(0)))
        pos = m.end()
    parts.append(escape_text(text[pos:]))
    return "".join(parts)


# Parser::EXT_IMAGE_REGEX: an http(s) URL whose last path segment ends in an image suffix.
_EXT_IMAGE_RE: Final = re.compile(
    r"^(?:http://|https://)(?:\[[0-9a-fA-F:.]+\])?[^\]\[<>\"\x00-\x20\x7f"
    + _ZS_CHARS
    + r"\ufffd]+/([A-Za-z0-9_.,~%\-+&;#*?!=()@\x80-\xff]+)\.(?i:avif|gif|jpg|jpeg|png|svg|webp)$"
)


def _external_image(url: str) -> str:
    """Linker::makeExternalImage: the alt text is the last path segment."""
    alt = url.rsplit("/", 1)[-1]
    return f'<img src="{escape_attr(url)}" alt="{escape_attr(alt)}" />'


def _attrs_html(tag: str, nodes: tuple[Inline, ...]) -> str:
    """Sanitized attributes from attribute nodes (unexpanded templates are left out)."""
    if not nodes:
        return ""
    only = nodes[0]
    if len(nodes) == 1 and type(only) is Text:
        text = only.value
    else:
        text = attribute_text(nodes, templates="drop")
    return sanitize_attributes(tag, text, drop_templates=False)


#: A renderer's method for each node type, unbound: bound methods kept on a renderer
#: would make it a reference cycle, alive until the cyclic collector runs.
Dispatch = dict[type[Node], Callable[[Renderer, Any, list[str]], None]]

_DISPATCH: dict[type[Renderer], Dispatch] = {}

_NODE_TYPES: Final = (
    Text,
    Raw,
    Bold,
    Italic,
    WikiLink,
    ExternalLink,
    LinkEdge,
    Template,
    TemplateArgument,
    HtmlTag,
    ExtensionTag,
    Comment,
    Entity,
    MagicWord,
    Infobox,
    Parameter,
    InfoboxField,
    Heading,
    Paragraph,
    BlankLine,
    List,
    ListItem,
    Preformatted,
    HorizontalRule,
    Table,
    TableRow,
    TableCell,
    TableCaption,
    Section,
    Document,
)


# Node types whose HTML (their own tags, around their children's) holds only inline
# tags closed within the node, none that the block pass or tidy acts on. Template and
# ExtensionTag set Renderer._raw_markup themselves where they write anything else.
_INLINE_HTML_TYPES: Final = frozenset(
    (
        Text,
        Raw,
        Bold,
        Italic,
        WikiLink,
        ExternalLink,
        Template,
        TemplateArgument,
        Parameter,
        ExtensionTag,
        Comment,
        Entity,
        MagicWord,
    )
)


def _marking_raw(
    method: Callable[[Renderer, Any, list[str]], None],
) -> Callable[[Renderer, Any, list[str]], None]:
    def render(renderer: Renderer, node: Any, out: list[str]) -> None:
        renderer._raw_markup = True
        method(renderer, node, out)

    return render


def _dispatch_table(cls: type[Renderer]) -> Dispatch:
    """The methods of ``cls`` (a subclass's overrides included), made once per class.

    The method of a node type outside :data:`_INLINE_HTML_TYPES`, and any method a
    subclass overrides, first sets ``_raw_markup``: its HTML is not known.
    """
    table = _DISPATCH.get(cls)
    if table is None:
        table = {}
        for node in _NODE_TYPES:
            name = "_render_" + node.__name__
            method = getattr(cls, name)
            overridden = any(
                name in vars(k)
                for k in cls.__mro__
                if k is not Renderer and issubclass(k, Renderer)
            )
            table[node] = (
                method if node in _INLINE_HTML_TYPES and not overridden else _marking_raw(method)
            )
        _DISPATCH[cls] = table
    return table
