"""Namespaces of a wiki and the name lookup MediaWiki does for title prefixes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

__all__ = [
    "NS_CATEGORY",
    "NS_FILE",
    "NS_HELP",
    "NS_MAIN",
    "NS_MEDIA",
    "NS_MEDIAWIKI",
    "NS_MODULE",
    "NS_PROJECT",
    "NS_SPECIAL",
    "NS_TALK",
    "NS_TEMPLATE",
    "NS_USER",
    "Namespace",
    "NamespaceTable",
    "normalize_name",
]

NS_MEDIA = -2
NS_SPECIAL = -1
NS_MAIN = 0
NS_TALK = 1
NS_USER = 2
NS_PROJECT = 4
NS_FILE = 6
NS_MEDIAWIKI = 8
NS_TEMPLATE = 10
NS_HELP = 12
NS_CATEGORY = 14
NS_MODULE = 828

FIRST_LETTER = "first-letter"
CASE_SENSITIVE = "case-sensitive"

# The characters MediaWiki's title codec folds into one "_" (MediaWikiTitleCodec::splitTitleString).
TITLE_SPACE_CHARS = " _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_RUN = re.compile(f"[{TITLE_SPACE_CHARS}]+")


def normalize_name(name: str) -> str:
    """Return the lookup key of a namespace name: spaces for underscores, space runs collapsed,
    trimmed, lower-cased (MediaWiki's ``Language::lc`` is a full Unicode lower-casing)."""
    return _SPACE_RUN.sub(" ", name).strip(" ").lower()


@dataclass(frozen=True)
class Namespace:
    """One namespace of a wiki.

    ``name`` is the local name as the wiki prints it (spaces, not underscores; ``""`` for the
    main namespace), ``canonical`` the English canonical name (for namespaces a wiki defines for
    itself, such as ``Portal`` on de or ``Portail`` on fr, MediaWiki's canonical name is the local
    one), ``aliases`` every other name that resolves to the namespace (gender forms included).
    """

    id: int
    name: str
    canonical: str
    aliases: tuple[str, ...] = ()
    case: str = FIRST_LETTER
    content: bool = False
    subpages: bool = False

    @property
    def is_talk(self) -> bool:
        """True for the odd-numbered talk namespaces."""
        return self.id > 0 and self.id % 2 == 1

    @property
    def talk_id(self) -> int | None:
        """The talk namespace paired with this one (``None`` for Special and Media)."""
        return None if self.id < 0 else self.id | 1

    @property
    def subject_id(self) -> int | None:
        """The subject namespace paired with this one (``None`` for Special and Media)."""
        return None if self.id < 0 else self.id & ~1

    @property
    def first_letter(self) -> bool:
        """True when MediaWiki upper-cases the first letter of titles in this namespace."""
        return self.case != CASE_SENSITIVE

    def names(self) -> tuple[str, ...]:
        """The local name, the canonical name and the aliases, without duplicates."""
        seen: dict[str, None] = {}
        for n in (self.name, self.canonical, *self.aliases):
            seen.setdefault(n, None)
        return tuple(seen)


class NamespaceTable(Mapping[int, Namespace]):
    """The namespaces of a wiki by id, with case-insensitive lookup by any of their names.

    Lookup follows ``Language::getNsIndex``: canonical (English) names win over local names and
    aliases when two namespaces would claim the same name; names compare after
    :func:`normalize_name`.
    """

    __slots__ = ("_by_id", "_by_name")

    def __init__(self, namespaces: Iterable[Namespace]) -> None:
        by_id: dict[int, Namespace] = {}
        for ns in namespaces:
            by_id[ns.id] = ns
        self._by_id = dict(sorted(by_id.items()))
        names: dict[str, int] = {}
        # Local names first, then aliases (later entries win as in getNamespaceIds), then canonical
        # names on top because getNsIndex consults NamespaceInfo::getCanonicalIndex first.
        for ns in self._by_id.values():
            if ns.id != NS_MAIN:
                names[normalize_name(ns.name)] = ns.id
        for ns in self._by_id.values():
            for alias in ns.aliases:
                names[normalize_name(alias)] = ns.id
        for ns in self._by_id.values():
            if ns.id != NS_MAIN and ns.canonical:
                names[normalize_name(ns.canonical)] = ns.id
        names.pop("", None)
        self._by_name = names

    def __getitem__(self, key: int) -> Namespace:
        return self._by_id[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NamespaceTable):
            return NotImplemented
        return self._by_id == other._by_id

    def __hash__(self) -> int:
        return hash(tuple(self._by_id.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{ns.id}: {ns.name!r}" for ns in self._by_id.values())
        return f"NamespaceTable({{{inner}}})"

    def lookup(self, name: str) -> Namespace | None:
        """The namespace called ``name`` (local, canonical or alias; any case), or ``None``."""
        ns_id = self._by_name.get(normalize_name(name))
        return None if ns_id is None else self._by_id[ns_id]

    def id_of(self, name: str) -> int | None:
        """The id of the namespace called ``name``, or ``None``."""
        return self._by_name.get(normalize_name(name))

    def name_of(self, ns_id: int) -> str:
        """The local name of namespace ``ns_id``; ``""`` for the main namespace and unknown ids."""
        ns = self._by_id.get(ns_id)
        return "" if ns is None else ns.name

    def names(self) -> Mapping[str, int]:
        """Every lookup key (normalized name) with the id it resolves to."""
        return dict(self._by_name)
