"""Magic words: the English synonyms of MediaWiki's ``MessagesEn.php`` and variable values.

Variables (``{{PAGENAME}}``, ``{{CURRENTYEAR}}`` …) follow ``CoreMagicVariables``.
Site statistics (``NUMBEROFPAGES`` …) and revision data (``REVISIONID`` …) are
not known to an offline renderer: the statistics are 0 and the revision words empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from wikikit.expand.textutil import escape_wiki_text, format_num, wf_urlencode

if TYPE_CHECKING:
    from wikikit.expand.frame import Expander, Frame
    from wikikit.site import SiteConfig, Title

__all__ = ["VARIABLES", "MagicWords", "title_word", "variable_value"]


#: Magic words that prefix a call's name and change how it is expanded.
_MODIFIERS = ("subst", "safesubst", "msgnw", "msg", "raw")


class MagicWords:
    """Magic-word look-ups over a site's table (``MagicWordArray`` / ``MagicWord``)."""

    def __init__(self, site: SiteConfig) -> None:
        self.site = site
        self._modifier_re: re.Pattern[str] | None = None

    def function(self, name: str) -> str | None:
        """The function id that ``name`` (the text before the colon) calls, or None."""
        return self.site.parser_function_id(name)

    def variable(self, text: str) -> str | None:
        """The id of the variable ``text`` names (``matchStartToEnd``), or None."""
        found = self.site.variable_id(text)
        return found if found in VARIABLES else None

    def match(self, text: str, ids: tuple[str, ...]) -> str | None:
        """The id among ``ids`` whose synonym is exactly ``text``, or None."""
        return self.site.match_magic_word(text, ids)

    def may_have_modifier(self, text: str) -> bool:
        """False when ``text`` cannot start with ``subst:``, ``msgnw:`` or the like (fast)."""
        pattern = self._modifier_re
        if pattern is None:
            alternatives = []
            for word_id in _MODIFIERS:
                spec = self.site.magic_words.get(word_id)
                if spec is None:
                    continue
                sensitive, synonyms = spec
                for syn in synonyms:
                    escaped = re.escape(syn)
                    alternatives.append(escaped if sensitive else f"(?i:{escaped})")
            pattern = re.compile("|".join(alternatives) or "(?!)")
            self._modifier_re = pattern
        return pattern.match(text) is not None

    def match_prefix(self, word_id: str, text: str) -> str | None:
        """``matchStartAndRemove``: the rest of ``text`` after a synonym of ``word_id``, or None."""
        found = self.site.strip_magic_prefix(text, (word_id,))
        return None if found is None else found[1]


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _time_words(prefix: str) -> dict[str, Callable[[datetime], str]]:
    return {
        prefix + "month": lambda d: f"{d.month:02d}",
        prefix + "month1": lambda d: str(d.month),
        prefix + "monthname": lambda d: _MONTHS[d.month - 1],
        prefix + "monthnamegen": lambda d: _MONTHS[d.month - 1],
        prefix + "monthabbrev": lambda d: _MONTHS[d.month - 1][:3],
        prefix + "day": lambda d: str(d.day),
        prefix + "day2": lambda d: f"{d.day:02d}",
        prefix + "dayname": lambda d: _DAYS[d.weekday()],
        prefix + "year": lambda d: f"{d.year:04d}",
        prefix + "time": lambda d: f"{d.hour:02d}:{d.minute:02d}",
        prefix + "hour": lambda d: f"{d.hour:02d}",
        prefix + "week": lambda d: str(d.isocalendar()[1]),
        prefix + "dow": lambda d: str((d.weekday() + 1) % 7),
        prefix + "timestamp": lambda d: d.strftime("%Y%m%d%H%M%S"),
    }


_CURRENT = _time_words("current")
_LOCAL = _time_words("local")

_STATS = frozenset(
    [
        "numberofpages",
        "numberofarticles",
        "numberoffiles",
        "numberofusers",
        "numberofactiveusers",
        "numberofedits",
        "numberofadmins",
    ]
)
_REVISION = frozenset(
    [
        "revisionid",
        "revisionday",
        "revisionday2",
        "revisionmonth",
        "revisionmonth1",
        "revisionyear",
        "revisiontimestamp",
        "revisionuser",
        "revisionsize",
        "pageid",
    ]
)

VARIABLES = frozenset(
    set(_CURRENT)
    | set(_LOCAL)
    | _STATS
    | _REVISION
    | set(
        [
            "pagename",
            "pagenamee",
            "fullpagename",
            "fullpagenamee",
            "subpagename",
            "subpagenamee",
            "rootpagename",
            "rootpagenamee",
            "basepagename",
            "basepagenamee",
            "talkpagename",
            "talkpagenamee",
            "subjectpagename",
            "subjectpagenamee",
            "namespace",
            "namespacee",
            "namespacenumber",
            "talkspace",
            "talkspacee",
            "subjectspace",
            "subjectspacee",
            "sitename",
            "server",
            "servername",
            "scriptpath",
            "stylepath",
            "currentversion",
            "contentlanguage",
            "pagelanguage",
            "directionmark",
            "!",
            "=",
        ]
    )
)


def variable_value(word_id: str, ex: Expander, frame: Frame) -> str:
    """The value of variable ``word_id`` on the page being expanded."""
    if word_id in _CURRENT:
        return _CURRENT[word_id](ex.now.astimezone(timezone.utc))
    if word_id in _LOCAL:
        return _LOCAL[word_id](ex.now)
    if word_id in _STATS:
        return "0"
    if word_id in _REVISION:
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


def title_word(word_id: str, ex: Expander, title: Title) -> str:
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
