"""What a dataset script reads off a page: categories, links, images, references.

Each is computed from the tree when asked (nothing is stored at parse time)
and uses the document's wiki (:attr:`Document.site
<wikikit.tree.Document.site>`) for namespace names, so ``[[Kategorie:X]]`` is a
category on a German page and ``[[Fichier:X.jpg]]`` a file on a French one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from wikikit.tree.attributes import digits_value
from wikikit.tree.base import Inline, Node, _wt, plain_text
from wikikit.tree.inline import Comment, ExtensionTag, ExternalLink, Text, WikiLink
from wikikit.tree.rules import NS_CATEGORY, NS_FILE, NS_MEDIA, SiteRules

__all__ = ["Image", "Reference", "categories", "images", "links", "references"]


def _title(site: SiteRules, link: WikiLink) -> Any:
    """The link's target as a site title, or None (templates in the target, invalid title)."""
    target = link.target
    if any(type(n) is Comment for n in target):
        target = tuple(n for n in target if type(n) is not Comment)
    return site.title(_wt(target).strip())


def category_links(root: Node, site: SiteRules) -> list[WikiLink]:
    """The ``[[Category:…]]`` links (not ``[[:Category:…]]``), in source order."""
    found = []
    for link in root.find(WikiLink):
        raw = link.title
        if raw.startswith(":") or ":" not in raw:
            continue
        title = _title(site, link)
        if title is not None and title.namespace == NS_CATEGORY and not title.interwiki:
            found.append(link)
    return found


def categories(root: Node, site: SiteRules) -> list[str]:
    """Category names (without the namespace), in source order, each once."""
    names: dict[str, None] = {}
    for link in category_links(root, site):
        title = _title(site, link)
        names.setdefault(title.text, None)
    return list(names)


def links(root: Node, site: SiteRules) -> list[str]:
    """Targets of internal links to pages, as normalized titles, in source order.

    ``[[foo_bar#x|y]]`` gives ``"Foo bar"``. Categories, files, interwiki and
    interlanguage links and same-page ``[[#section]]`` links are left out;
    ``[[:Category:X]]`` (a link to the category page) is kept.
    """
    found = []
    for link in root.find(WikiLink):
        title = _title(site, link)
        if title is None or title.interwiki or not title.text:
            continue
        colon = link.title.startswith(":")
        if not colon and title.namespace in (NS_CATEGORY, NS_FILE):
            continue
        if title.namespace == NS_MEDIA:
            continue
        found.append(title.prefixed_text)
    return found


def language_links(root: Node, site: SiteRules) -> list[tuple[str, str]]:
    """``(language code, title)`` of interlanguage links (``[[de:Foo]]``), in source order."""
    found = []
    for link in root.find(WikiLink):
        raw = link.title
        if raw.startswith(":") or ":" not in raw:
            continue
        prefix, _, rest = raw.partition(":")
        if site.is_language_link(prefix.strip()):
            found.append((prefix.strip().lower(), rest.strip()))
    return found


def external_links(root: Node) -> list[ExternalLink]:
    return root.find(ExternalLink)


# -- images --------------------------------------------------------------------------------


_FRAMES = {
    "img_thumbnail": "thumb",
    "img_manualthumb": "thumb",
    "img_framed": "frame",
    "img_frameless": "frameless",
}
_ALIGN = {
    "img_left": "left",
    "img_right": "right",
    "img_center": "center",
    "img_none": "none",
}
_SIZE = re.compile(r"\s*(\d*)\s*(?:x\s*(\d+)\s*)?\Z")
#: Longer sizes (leading zeros aside) are read as none: no image is that large, and
#: ``int()`` reads at most 4300 digits.
_MAX_SIZE_DIGITS = 9


def _size(digits: str | None) -> int | None:
    return digits_value(digits, _MAX_SIZE_DIGITS) if digits else None


@dataclass(frozen=True)
class Image:
    """A file shown on the page: ``[[File:X.jpg|thumb|200px|alt=A|Caption]]`` or a
    ``<gallery>`` line.

    ``name`` is the file name without the namespace (``"X.jpg"``), ``title``
    the normalized title (``"File:X.jpg"``). ``frame`` is ``"thumb"``,
    ``"frame"``, ``"frameless"`` or None; ``align`` ``"left"``, ``"right"``,
    ``"center"``, ``"none"`` or None; ``width``/``height`` in pixels when
    given; ``upright`` the factor as written (``""`` for a bare ``upright``).
    ``caption`` is the caption's plain text, ``caption_nodes`` its nodes.
    ``options`` maps every recognized option (MediaWiki's magic word ids such
    as ``img_width``, ``img_border``) to its value as written. ``node`` is the
    link (or the ``<gallery>`` tag).
    """

    name: str
    title: str
    frame: str | None = None
    align: str | None = None
    width: int | None = None
    height: int | None = None
    upright: str | None = None
    border: bool = False
    alt: str | None = None
    link: str | None = None
    caption: str = ""
    caption_nodes: tuple[Inline, ...] = ()
    options: dict[str, str] = field(default_factory=dict)
    node: Node | None = field(default=None, compare=False, repr=False)
    gallery: bool = False


def _split_options(nodes: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
    """Split a file link's label at its top-level ``|`` (links and templates stay whole)."""
    parts: list[list[Inline]] = [[]]
    for node in nodes:
        if type(node) is Text and "|" in node.value:
            pieces = node.value.split("|")
            for k, piece in enumerate(pieces):
                if k:
                    parts.append([])
                if piece:
                    parts[-1].append(Text(piece))
        else:
            parts[-1].append(node)
    return [tuple(p) for p in parts]


def _image(
    site: SiteRules, title: Any, options: list[tuple[Inline, ...]], node: Node, gallery: bool
) -> Image:
    data: dict[str, Any] = {"options": {}}
    caption: tuple[Inline, ...] = ()
    for part in options:
        text = _wt(part).strip()
        option = site.image_option(text) if text and "\n" not in text else None
        if option is None:
            caption = part  # the last part that is no option is the caption
            continue
        key, value = option
        data["options"][key] = value
        if key in _FRAMES:
            data["frame"] = _FRAMES[key]
        elif key in _ALIGN:
            data["align"] = _ALIGN[key]
        elif key == "img_width":
            m = _SIZE.match(value)
            if m:
                data["width"] = _size(m.group(1))
                data["height"] = _size(m.group(2))
        elif key == "img_upright":
            data["upright"] = value
        elif key == "img_border":
            data["border"] = True
        elif key == "img_alt":
            data["alt"] = value
        elif key == "img_link":
            data["link"] = value
    return Image(
        name=title.text,
        title=title.prefixed_text,
        caption=" ".join(plain_text(caption).split()),
        caption_nodes=caption,
        node=node,
        gallery=gallery,
        **data,
    )


def images(root: Node, site: SiteRules, parse: Any) -> list[Image]:
    """File links and ``<gallery>`` lines, in source order (``parse`` parses a gallery line)."""
    found: list[Image] = []
    for node in root.walk():
        if type(node) is WikiLink:
            raw = node.title
            if raw.startswith(":") or ":" not in raw:
                continue
            title = _title(site, node)
            if title is None or title.namespace != NS_FILE or title.interwiki:
                continue
            options = _split_options(node.label) if node.label is not None else []
            found.append(_image(site, title, options, node, False))
        elif type(node) is ExtensionTag and node.tag == "gallery" and node.content:
            for line in node.content.split("\n"):
                target, _, rest = line.strip().partition("|")
                if not target:
                    continue
                title = site.title(target, NS_FILE)
                if title is None or title.namespace != NS_FILE:
                    continue
                options = _split_options(parse(rest)) if rest else []
                found.append(_image(site, title, options, node, True))
    return found


# -- references ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One ``<ref>``: ``name`` and ``group`` from its attributes (None when absent),
    ``content`` its body as written (None for ``<ref name="a"/>``, which reuses a
    named reference), ``body`` the parsed body, ``node`` the tag. ``text`` is the
    body's plain text."""

    name: str | None
    group: str | None
    content: str | None
    body: tuple[Inline, ...] = field(compare=False)
    node: ExtensionTag = field(compare=False, repr=False)

    @property
    def text(self) -> str:
        return " ".join(plain_text(self.body).split())

    @property
    def is_reuse(self) -> bool:
        """True for ``<ref name="a" />`` (or an empty body), which repeats a named reference."""
        return self.content is None or not self.content.strip()


def _ref_tags(nodes: Iterator[Node]) -> Iterator[ExtensionTag]:
    for node in nodes:
        if type(node) is not ExtensionTag:
            continue
        tag = node.tag
        if tag == "ref":
            yield node
        elif tag == "references" and node.content and "children" not in node._node_fields:
            # List-defined references live in the <references> body (walked directly
            # where the tree holds tag bodies as nodes).
            for inner in node.parse_content():
                yield from _ref_tags(inner.walk())


def references(root: Node) -> list[Reference]:
    """Every ``<ref>`` (in templates' parameters and ``<references>`` bodies too), in
    source order."""
    found = []
    for tag in _ref_tags(root.walk()):
        attrs = tag.attributes
        body = tag.parse_content() if tag.content else ()
        found.append(
            Reference(
                attrs.get("name", "").strip() or None,
                attrs.get("group", "").strip() or None,
                tag.content,
                body,
                tag,
            )
        )
    return found
