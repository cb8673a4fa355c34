"""The magic words a wiki knows: names of functions, variables and call modifiers.

:class:`MagicWords` looks words up in a site's table (``MagicWordArray`` /
``MagicWord``); :data:`VARIABLES` are the variable ids the expander computes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Final

from wikikit.site import SiteConfig

__all__ = [
    "CURRENT",
    "LOCAL",
    "MONTH_NAMES",
    "REVISION",
    "STATS",
    "TITLE_WORDS",
    "VARIABLES",
    "MagicWords",
]

#: Magic words that prefix a call's name and change how it is expanded.
_MODIFIERS: Final = ("subst", "safesubst", "msgnw", "msg", "raw")


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


#: English month names, January first (the content language's, as on English Wikipedia).
MONTH_NAMES: Final = (
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
)


_DAYS: Final = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _time_words(prefix: str) -> dict[str, Callable[[datetime], str]]:
    return {
        prefix + "month": lambda d: f"{d.month:02d}",
        prefix + "month1": lambda d: str(d.month),
        prefix + "monthname": lambda d: MONTH_NAMES[d.month - 1],
        prefix + "monthnamegen": lambda d: MONTH_NAMES[d.month - 1],
        prefix + "monthabbrev": lambda d: MONTH_NAMES[d.month - 1][:3],
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


CURRENT: Final = _time_words("current")


LOCAL: Final = _time_words("local")


STATS: Final = frozenset(
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


REVISION: Final = frozenset(
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


#: The variables of the page's title, each also a parser function of another title.
TITLE_WORDS: Final = (
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
)

VARIABLES: Final = frozenset(
    set(CURRENT)
    | set(LOCAL)
    | STATS
    | REVISION
    | set(TITLE_WORDS)
    | set(
        [
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
