"""Site configuration: what a wiki's MediaWiki knows apart from the parser.

Namespaces and their names, title normalization, magic words, link trail, interwiki and
interlanguage prefixes, extension tags; presets for large Wikipedias, loaders for API siteinfo
and dump ``<siteinfo>``. Standard library only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikikit.site.config import MagicWordSpec, SiteConfig, php_regex_to_python
from wikikit.site.namespaces import (
    NS_CATEGORY,
    NS_FILE,
    NS_HELP,
    NS_MAIN,
    NS_MEDIA,
    NS_MEDIAWIKI,
    NS_MODULE,
    NS_PROJECT,
    NS_SPECIAL,
    NS_TALK,
    NS_TEMPLATE,
    NS_USER,
    Namespace,
    NamespaceTable,
    normalize_name,
)
from wikikit.site.titles import Title, decode_char_references, parse_title

__all__ = [
    "ENGLISH_WIKIPEDIA",
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
    "MagicWordSpec",
    "Namespace",
    "NamespaceTable",
    "SiteConfig",
    "Title",
    "decode_char_references",
    "normalize_name",
    "parse_title",
    "php_regex_to_python",
]

if TYPE_CHECKING:
    ENGLISH_WIKIPEDIA: SiteConfig


def __getattr__(name: str) -> Any:
    # The English preset is read on first use, not at import.
    if name == "ENGLISH_WIKIPEDIA":
        return SiteConfig.preset("en")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
