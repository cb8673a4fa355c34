"""The values of magic variables: ``{{PAGENAME}}``, ``{{CURRENTYEAR}}`` and the rest.

Variables (``{{PAGENAME}}``, ``{{CURRENTYEAR}}`` …) follow ``CoreMagicVariables``.
Site statistics (``NUMBEROFPAGES`` …) and revision data (``REVISIONID`` …) are
not known to an offline renderer: the statistics are 0 and the revision words empty.
"""

from __future__ import annotations

from datetime import timezone

from wikikit.expand.context import Expansion, Frame
from wikikit.expand.textutil import escape_wiki_text, format_num, wf_urlencode
from wikikit.expand.words import CURRENT, LOCAL, REVISION, STATS
from wikikit.site import Title

__all__ = ["formatted_stat", "title_word", "variable_value"]


def variable_value(word_id: str, ex: Expansion, frame: Frame) -> str:
    """The value of variable ``word_id`` on the page being expanded."""
    if word_id in CURRENT:
        return CURRENT[word_id](ex.now.astimezone(timezone.utc))
    if word_id in LOCAL:
        return LOCAL[word_id](ex.now)
    if word_id in STATS:
        return "0"
    if word_id in REVISION:
        return ""
    if word_id == "!":
        return "|"
    if word_id == "=":
        return "="
    site = ex.site
    if word_id == "sitename":
        return site.sitename
    if word_id == "server":
        return site.server
    if word_id == "servername":
        server = site.server
        return server.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if word_id == "scriptpath":
        return site.script_path
    if word_id == "stylepath":
        return site.script_path + "/skins"
    if word_id == "currentversion":
        return "1.45.0"
    if word_id in ("contentlanguage", "pagelanguage"):
        return site.language
    if word_id == "directionmark":
        return "\u200e"
    return title_word(word_id, ex, ex.page_title)


def title_word(word_id: str, ex: Expansion, title: Title) -> str:
    """PAGENAME and its family for ``title`` (CoreParserFunctions / CoreMagicVariables)."""
    text = title.text
    ns = title.namespace
    if word_id == "pagename":
        return escape_wiki_text(text)
    if word_id == "pagenamee":
        return escape_wiki_text(wf_urlencode(text.replace(" ", "_")))
    if word_id == "fullpagename":
        return escape_wiki_text(ex.prefixed(ns, text))
    if word_id == "fullpagenamee":
        return escape_wiki_text(wf_urlencode(ex.prefixed(ns, text).replace(" ", "_")))
    if word_id in ("subpagename", "subpagenamee"):
        sub = ex.subpage_text(ns, text)
        return escape_wiki_text(sub if word_id == "subpagename" else _url(sub))
    if word_id in ("basepagename", "basepagenamee"):
        base = ex.base_text(ns, text)
        return escape_wiki_text(base if word_id == "basepagename" else _url(base))
    if word_id in ("rootpagename", "rootpagenamee"):
        root = ex.root_text(ns, text)
        return escape_wiki_text(root if word_id == "rootpagename" else _url(root))
    if word_id in ("talkpagename", "talkpagenamee"):
        if ns < 0:
            return ""
        full = ex.prefixed(ns | 1, text)
        return escape_wiki_text(full if word_id == "talkpagename" else _url(full))
    if word_id in ("subjectpagename", "subjectpagenamee"):
        full = ex.prefixed(ns & ~1 if ns >= 0 else ns, text)
        return escape_wiki_text(full if word_id == "subjectpagename" else _url(full))
    if word_id == "namespace":
        return ex.ns_text(ns)
    if word_id == "namespacee":
        return wf_urlencode(ex.ns_text(ns).replace(" ", "_"))
    if word_id == "namespacenumber":
        return str(ns)
    if word_id in ("talkspace", "talkspacee"):
        if ns < 0:
            return ""
        name = ex.ns_text(ns | 1)
        return name if word_id == "talkspace" else wf_urlencode(name.replace(" ", "_"))
    if word_id in ("subjectspace", "subjectspacee"):
        name = ex.ns_text(ns & ~1 if ns >= 0 else ns)
        return name if word_id == "subjectspace" else wf_urlencode(name.replace(" ", "_"))
    return ""


def _url(text: str) -> str:
    return wf_urlencode(text.replace(" ", "_"))


def formatted_stat(value: int, raw: str) -> str:
    """A statistic, formatted unless the ``R`` option is given (``formatRaw``)."""
    return str(value) if raw.strip() == "R" else format_num(str(value))
