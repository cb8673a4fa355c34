"""A dump's own ``<siteinfo>`` as a site configuration, so its pages parse as their wiki's."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from wikikit.site import SiteConfig

__all__ = ["DumpSite", "dump_site", "site_config"]

#: A dump's ``<siteinfo>`` as plain, hashable data (it travels with every page, also to
#: worker processes): ``(sitename, dbname, base, case, ((key, case, name), ...))``.
DumpSite = tuple[str, str, str, str, tuple[tuple[int, str, str], ...]]


def dump_site(site_info: Any) -> DumpSite | None:
    """The :data:`DumpSite` of a ``SiteInfo`` object with ``to_json()`` (such as mwxml's;
    None when there is none)."""
    to_json = getattr(site_info, "to_json", None)
    if to_json is None:
        return None
    data = to_json()
    namespaces = tuple(
        (int(ns.get("id", 0)), str(ns.get("case") or ""), str(ns.get("name") or ""))
        for ns in data.get("namespaces") or []
    )
    return (
        str(data.get("name") or ""),
        str(data.get("dbname") or ""),
        str(data.get("base") or ""),
        str(data.get("case") or ""),
        namespaces,
    )


@lru_cache(maxsize=16)
def site_config(site: DumpSite | None) -> SiteConfig | None:
    """The site configuration of a dump: its namespace names, and the preset of its
    language (from ``dbname``) for the rest (see :meth:`SiteConfig.from_dump_siteinfo`)."""
    if site is None:
        return None
    sitename, dbname, base, case, namespaces = site
    return SiteConfig.from_dump_siteinfo(
        {
            "sitename": sitename,
            "dbname": dbname,
            "base": base,
            "case": case,
            # An export that lists only the main namespace (as small test exports do)
            # says nothing about the others: keep the preset's then.
            "namespaces": [list(ns) for ns in namespaces] if len(namespaces) > 1 else [],
        }
    )
