"""Page titles: MediaWiki's title splitting and normalization.

:func:`parse_title` follows ``Title::newFromText``: character references are decoded first
(``Sanitizer::decodeCharReferencesAndNormalize``, HTML5 named entities with their semicolon,
decimal and hexadecimal references; invalid code points become U+FFFD and so make the title
invalid) and the text is put in Unicode NFC, then ``MediaWikiTitleCodec::splitTitleString``
does the rest (``decode_entities=False`` gives the codec alone). The parser's own step for link
targets, URL-decoding ``[[Foo%20bar]]`` when the target holds a ``%``, is left to the caller;
the codec itself rejects ``%XX`` sequences. The IPv6 canonicalization MediaWiki applies to user
pages is not done.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from wikikit.site.namespaces import (
    NS_MAIN,
    NS_SPECIAL,
    NS_TALK,
    TITLE_SPACE_CHARS,
    NamespaceTable,
)


class TitleSite(Protocol):
    """What titles need from a wiki's configuration (:class:`~wikikit.site.SiteConfig` has it)."""

    @property
    def namespaces(self) -> NamespaceTable: ...

    @property
    def local_interwikis(self) -> frozenset[str]: ...

    @property
    def main_page(self) -> str: ...

    def namespace_name(self, ns_id: int) -> str: ...

    def is_interwiki(self, prefix: str) -> bool: ...

    def ucfirst(self, text: str) -> str: ...


_default_site: Callable[[], TitleSite] | None = None


def set_default_site(factory: Callable[[], TitleSite]) -> None:
    """Set the wiki a :class:`Title` made without one belongs to (English Wikipedia).

    :mod:`wikikit.site.config` registers it; titles sit below the configuration and
    do not import it.
    """
    global _default_site
    _default_site = factory


__all__ = ["Title", "TitleSite", "decode_char_references", "parse_title", "set_default_site"]

_BIDI = re.compile("[\u200e\u200f\u202a-\u202e]+")
_SPACES = re.compile(f"[{TITLE_SPACE_CHARS}]+")
# No DOTALL and a plain "$", as in PHP: "$" also matches before a final newline.
_PREFIX = re.compile(r"(.+?)_*:_*(.*)$")
# $wgLegalTitleChars is " %!\"$&'()*,\-./0-9:;=?@A-Z\\^_`a-z~\x80-\xFF+": every non-ASCII
# character is legal, so the illegal ones are the ASCII controls and # < > [ ] { | }.
# Percent-escapes and named character references are rejected too (getTitleInvalidRegex).
# (A negated class for "any non-ASCII character" compiles far faster than a range up to
# U+10FFFF.)
_ILLEGAL = re.compile(r"[\x00-\x1f\x7f#<>\[\]{|}]|%[0-9A-Fa-f]{2}|&(?:[A-Za-z0-9]|[^\x00-\x7f])+;")
_CHAR_REF = re.compile(r"&((?:[A-Za-z0-9]|[^\x00-\x7f])+;)|&#([0-9]+);|&#[xX]([0-9A-Fa-f]+);")
_HTML5 = html.entities.html5
# Sanitizer::MW_ENTITY_ALIASES: local spellings of &rlm;.
_ENTITY_ALIASES = {"רלמ;": "rlm;", "رلم;": "rlm;"}
_MAX_BYTES = 255
_MAX_BYTES_SPECIAL = 512


def _valid_codepoint(cp: int) -> bool:
    # Sanitizer::validateCodepoint: characters allowed in both HTML5 and XML.
    return (
        cp in (0x09, 0x0A)
        or 0x20 <= cp <= 0x7E
        or 0xA0 <= cp <= 0xD7FF
        or 0xE000 <= cp <= 0xFFFD
        or 0x10000 <= cp <= 0x10FFFF
    )


def _decode_ref(m: re.Match[str]) -> str:
    name, dec, hexa = m.group(1), m.group(2), m.group(3)
    if name is not None:
        name = _ENTITY_ALIASES.get(name, name)
        return _HTML5.get(name, "&" + name)
    digits = (dec if dec is not None else hexa).lstrip("0") or "0"
    if len(digits) > 7:
        return "\ufffd"  # beyond U+10FFFF (and longer than int() reads)
    cp = int(digits) if dec is not None else int(digits, 16)
    return chr(cp) if _valid_codepoint(cp) else "\ufffd"


def decode_char_references(text: str) -> str:
    """Decode ``&name;``, ``&#NNN;`` and ``&#xHH;`` as MediaWiki's Sanitizer does: unknown names
    stay as written, references to invalid code points become U+FFFD."""
    if "&" not in text:
        return text
    return _CHAR_REF.sub(_decode_ref, text)


@dataclass(frozen=True)
class Title:
    """A parsed page title.

    ``text`` is the title without its namespace prefix, with spaces (not underscores), whitespace
    runs collapsed and trimmed, and the first letter upper-cased when the namespace is
    first-letter. ``fragment`` is what followed ``#``; ``interwiki`` the lower-cased interwiki or
    interlanguage prefix (``"de"`` for ``[[de:Foo]]``), in which case the namespace is not parsed
    and the text keeps its case. ``site`` is the configuration the title was parsed with; it
    supplies namespace names and subpage rules and takes no part in equality.
    """

    namespace: int
    text: str
    fragment: str = ""
    interwiki: str = ""
    site: TitleSite | None = field(default=None, compare=False, repr=False)

    def _site(self) -> TitleSite:
        if self.site is not None:
            return self.site
        if _default_site is None:
            raise RuntimeError("no default wiki is registered; import wikikit.site first")
        return _default_site()

    @property
    def namespace_name(self) -> str:
        """The local name of the title's namespace (``""`` for the main namespace)."""
        return self._site().namespace_name(self.namespace) if self.namespace else ""

    @property
    def prefixed_text(self) -> str:
        """``Template:Infobox person``: local namespace name, interwiki prefix, no fragment."""
        text = self.text
        if self.namespace != NS_MAIN:
            text = f"{self.namespace_name}:{text}"
        if self.interwiki:
            text = f"{self.interwiki}:{text}"
        return text

    @property
    def full_text(self) -> str:
        """:attr:`prefixed_text` with ``#fragment`` when there is one."""
        if self.fragment:
            return f"{self.prefixed_text}#{self.fragment}"
        return self.prefixed_text

    @property
    def dbkey(self) -> str:
        """The text with underscores for spaces: ``Infobox_person``."""
        return self.text.replace(" ", "_")

    @property
    def prefixed_dbkey(self) -> str:
        """:attr:`prefixed_text` with underscores for spaces."""
        return self.prefixed_text.replace(" ", "_")

    @property
    def is_external(self) -> bool:
        """True when the title has an interwiki prefix."""
        return bool(self.interwiki)

    @property
    def is_talk(self) -> bool:
        """True in a talk namespace."""
        return self.namespace > 0 and self.namespace % 2 == 1

    @property
    def talk_namespace(self) -> int | None:
        """The talk namespace of the title's subject (``None`` for Special and Media)."""
        return None if self.namespace < 0 else self.namespace | 1

    @property
    def subject_namespace(self) -> int | None:
        """The subject namespace (``None`` for Special and Media)."""
        return None if self.namespace < 0 else self.namespace & ~1

    def _has_subpages(self) -> bool:
        ns = self._site().namespaces.get(self.namespace)
        return ns is not None and ns.subpages

    @property
    def is_subpage(self) -> bool:
        """True when the namespace allows subpages and the text holds a ``/``."""
        return self._has_subpages() and "/" in self.text

    def _divider(self, last: bool) -> int:
        text = self.text
        if last:
            idx = text.rfind("/")
        else:
            # Leading slashes are part of the root name, but the final character never is.
            bottom = len(text[:-1]) - len(text[:-1].lstrip("/"))
            idx = text.find("/", bottom)
        # A slash in first position would leave an empty base, so it is no divider.
        return -1 if idx <= 0 else idx

    @property
    def root_text(self) -> str:
        """The text before the first subpage divider (``Foo`` for ``Foo/Bar/Baz``)."""
        if not self._has_subpages():
            return self.text
        idx = self._divider(last=False)
        return self.text if idx < 0 else self.text[:idx]

    @property
    def base_text(self) -> str:
        """The text before the last subpage divider (``Foo/Bar`` for ``Foo/Bar/Baz``)."""
        if not self._has_subpages():
            return self.text
        idx = self._divider(last=True)
        return self.text if idx < 0 else self.text[:idx]

    @property
    def subpage_text(self) -> str:
        """The text after the last subpage divider (``Baz`` for ``Foo/Bar/Baz``)."""
        if not self._has_subpages():
            return self.text
        idx = self._divider(last=True)
        return self.text if idx < 0 else self.text[idx + 1 :]

    def talk_page(self) -> Title | None:
        """The talk page of this title's subject page, ``None`` for Special, Media, interwiki."""
        talk = self.talk_namespace
        if talk is None or self.interwiki or talk not in self._site().namespaces:
            return None
        return Title(talk, self.text, site=self.site)

    def subject_page(self) -> Title | None:
        """The subject page of a talk page (the title itself outside talk namespaces)."""
        subject = self.subject_namespace
        if subject is None or self.interwiki:
            return None
        return Title(subject, self.text, site=self.site)

    def __str__(self) -> str:
        return self.full_text


def parse_title(
    text: str,
    site: TitleSite,
    *,
    default_namespace: int = NS_MAIN,
    decode_entities: bool = True,
) -> Title | None:
    """Split and normalize ``text`` into a :class:`Title` the way MediaWiki does, or ``None``
    when MediaWiki would reject it (empty, illegal characters, ``%XX`` or ``&name;`` left in the
    text, relative paths, ``~~~``, longer than 255 bytes, a namespace alone, ``Talk:File:X``).

    A leading ``:`` forces the main namespace (``[[:Category:X]]``). ``"#Section"`` gives a
    title with empty text in the main namespace and the fragment (a same-page link).
    """
    if decode_entities and "&" in text:
        text = decode_char_references(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    dbkey = _BIDI.sub("", text.replace(" ", "_")) if not text.isascii() else text.replace(" ", "_")
    dbkey = _SPACES.sub("_", dbkey).strip("_")
    if "\ufffd" in dbkey:
        return None
    namespace = default_namespace
    interwiki = ""
    if dbkey.startswith(":"):
        namespace = NS_MAIN
        dbkey = dbkey[1:].strip("_")
    if not dbkey:
        return None

    while True:
        m = _PREFIX.match(dbkey)
        if m is None:
            break
        prefix = m.group(1)
        ns = site.namespaces.id_of(prefix)
        if ns is not None:
            dbkey = m.group(2)
            namespace = ns
            if ns == NS_TALK:
                # Talk:File:X and Talk:de:X name no page.
                x = _PREFIX.match(dbkey)
                if x is not None and (
                    site.namespaces.id_of(x.group(1)) or site.is_interwiki(x.group(1))
                ):
                    return None
            break
        if not site.is_interwiki(prefix):
            break
        dbkey = m.group(2)
        iw = prefix.lower()
        if iw in site.local_interwikis:
            if not dbkey:
                return parse_title(site.main_page, site) if site.main_page else None
            # A prefix naming this wiki acts like a leading colon; namespaces are split again.
            continue
        interwiki = iw
        if dbkey.startswith(":"):
            namespace = NS_MAIN
            dbkey = dbkey[1:].strip("_")
        break

    fragment = ""
    hash_at = dbkey.find("#")
    if hash_at >= 0:
        fragment = dbkey[hash_at + 1 :].replace("_", " ")
        dbkey = dbkey[:hash_at].rstrip("_")

    if _ILLEGAL.search(dbkey):
        return None
    if "." in dbkey and (
        dbkey in (".", "..")
        or dbkey.startswith(("./", "../"))
        or "/./" in dbkey
        or "/../" in dbkey
        or dbkey.endswith(("/.", "/.."))
    ):
        return None
    if "~~~" in dbkey:
        return None
    limit = _MAX_BYTES_SPECIAL if namespace == NS_SPECIAL else _MAX_BYTES
    if len(dbkey) > limit // 4 and len(dbkey.encode("utf-8")) > limit:
        return None
    if not interwiki and dbkey:
        ns_info = site.namespaces.get(namespace)
        if ns_info is None or ns_info.first_letter:
            dbkey = site.ucfirst(dbkey)
    # A namespace alone names nothing; in the main namespace only a fragment link is left.
    if not dbkey and not interwiki and (namespace != NS_MAIN or not fragment):
        return None
    if dbkey.startswith(":"):
        return None
    return Title(namespace, dbkey.replace("_", " "), fragment, interwiki, site)
