"""Adapter for the parser-test scorer's ``--expand`` mode: a ``Wiki`` of the case file's pages.

The test wiki is MediaWiki's parser-test setup: site "MediaWiki" at
``http://example.org``, articles at ``/wiki/$1``, the script at ``/index.php``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timezone

from wikikit.site import SiteConfig
from wikikit.wiki import Wiki

TEST_SITE = replace(
    SiteConfig.preset("en"),
    sitename="MediaWiki",
    server="http://example.org",
    script_path="",
    article_path="/wiki/$1",
)


def render(
    wikitext: str,
    articles: Mapping[str, str] | None = None,
    title: str = "Parser test",
    timestamp: float | None = None,
) -> str:
    """Expand ``wikitext`` on the test wiki and render it to HTML."""
    now = datetime.fromtimestamp(timestamp if timestamp is not None else 123, tz=timezone.utc)
    wiki = Wiki(pages=articles or {}, now=now, site=TEST_SITE)
    # Parser::parse's output, not the page view: a redirect stays the text it is.
    return wiki.to_html(wikitext, title=title, redirect_notice=False)
