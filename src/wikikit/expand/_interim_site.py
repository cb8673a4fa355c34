"""Site and title stand-in used until ``wikikit.site`` is available (same API subset)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wikikit.expand.textutil import decode_char_references

_NAMESPACES = {
    -2: "Media",
    -1: "Special",
    0: "",
    1: "Talk",
    2: "User",
    3: "User talk",
    4: "Project",
    5: "Project talk",
    6: "File",
    7: "File talk",
    8: "MediaWiki",
    9: "MediaWiki talk",
    10: "Template",
    11: "Template talk",
    12: "Help",
    13: "Help talk",
    14: "Category",
    15: "Category talk",
    828: "Module",
    829: "Module talk",
}


@dataclass
class SiteConfig:
    language: str = "en"
    sitename: str = "Wikipedia"
    server: str = "https://en.wikipedia.org"
    script_path: str = "/w"
    article_path: str = "/wiki/$1"
    namespaces: dict[int, str] = field(default_factory=lambda: dict(_NAMESPACES))
    namespace_aliases: dict[str, int] = field(
        default_factory=lambda: {"image": 6, "image talk": 7, "wp": 4, "wikipedia": 4}
    )
    redirect_words: tuple[str, ...] = ("#REDIRECT",)

    @classmethod
    def preset(cls, lang: str) -> SiteConfig:
        return cls(language=lang)

    def namespace_index(self, name: str) -> int | None:
        key = " ".join(name.replace("_", " ").split()).lower()
        for index, ns in self.namespaces.items():
            if ns.lower() == key and index != 0:
                return index
        return self.namespace_aliases.get(key)


@dataclass(frozen=True)
class Title:
    namespace: int
    text: str
    fragment: str = ""
    interwiki: str = ""
    site: SiteConfig | None = None

    @property
    def ns_text(self) -> str:
        return _NAMESPACES.get(self.namespace, "")

    @property
    def prefixed_text(self) -> str:
        ns = self.ns_text
        return f"{ns}:{self.text}" if ns else self.text

    @property
    def dbkey(self) -> str:
        return self.text.replace(" ", "_")

    @property
    def base_text(self) -> str:
        if "/" not in self.text or self.namespace in (0, 6, 14, 10, 828):
            return self.text if self.namespace not in (10, 828) else self.text.rsplit("/", 1)[0]
        return self.text.rsplit("/", 1)[0]

    @property
    def root_text(self) -> str:
        return self.text.split("/", 1)[0] if self.namespace != 0 else self.text

    @property
    def subpage_text(self) -> str:
        return self.text.rsplit("/", 1)[-1] if self.namespace != 0 else self.text


_ILLEGAL = re.compile(r"[<>\[\]|{}\n\r\t\x00-\x1f\x7f]|%[0-9A-Fa-f]{2}|&[A-Za-z0-9\x80-\uffff]+;")


def parse_title(text: str, site: SiteConfig, *, default_namespace: int = 0) -> Title | None:
    text = decode_char_references(text)
    text = re.sub(r"[ _\u00a0\u3000]+", " ", text).strip(" ")
    fragment = ""
    if "#" in text:
        text, fragment = text.split("#", 1)
        text = text.rstrip(" ")
    ns = default_namespace
    if text.startswith(":"):
        text = text[1:].lstrip(" ")
        ns = 0
    if ":" in text:
        prefix, rest = text.split(":", 1)
        index = site.namespace_index(prefix)
        if index is not None:
            ns = index
            text = rest.lstrip(" ")
    if not text and not fragment:
        return None
    if _ILLEGAL.search(text) or text in (".", "..") or text.startswith(("./", "../")):
        return None
    if "/./" in text or "/../" in text or text.endswith(("/.", "/..")) or "~~~" in text:
        return None
    if ns != 0 or True:
        text = text[:1].upper() + text[1:]
    if text.startswith(":"):
        return None
    return Title(ns, text, fragment, "", site)
