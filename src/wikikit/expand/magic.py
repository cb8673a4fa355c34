"""Magic words: the English synonyms of MediaWiki's ``MessagesEn.php`` and variable values.

Variables (``{{PAGENAME}}``, ``{{CURRENTYEAR}}`` …) follow ``CoreMagicVariables``.
Site statistics (``NUMBEROFPAGES`` …) and revision data (``REVISIONID`` …) are
not known to an offline renderer: the statistics are 0 and the revision words empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from wikikit.expand.textutil import escape_wiki_text, format_num, wf_urlencode

if TYPE_CHECKING:
    from wikikit.expand.frame import Expander, Frame

__all__ = ["DEFAULT_MAGIC_WORDS", "MagicWords", "VARIABLES"]

#: id -> (case sensitive, synonyms), as in MessagesEn.php.
DEFAULT_MAGIC_WORDS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "currentmonth": (True, ("CURRENTMONTH", "CURRENTMONTH2")),
    "currentmonth1": (True, ("CURRENTMONTH1",)),
    "currentmonthname": (True, ("CURRENTMONTHNAME",)),
    "currentmonthnamegen": (True, ("CURRENTMONTHNAMEGEN",)),
    "currentmonthabbrev": (True, ("CURRENTMONTHABBREV",)),
    "currentday": (True, ("CURRENTDAY",)),
    "currentday2": (True, ("CURRENTDAY2",)),
    "currentdayname": (True, ("CURRENTDAYNAME",)),
    "currentyear": (True, ("CURRENTYEAR",)),
    "currenttime": (True, ("CURRENTTIME",)),
    "currenthour": (True, ("CURRENTHOUR",)),
    "currentweek": (True, ("CURRENTWEEK",)),
    "currentdow": (True, ("CURRENTDOW",)),
    "currenttimestamp": (True, ("CURRENTTIMESTAMP",)),
    "localmonth": (True, ("LOCALMONTH", "LOCALMONTH2")),
    "localmonth1": (True, ("LOCALMONTH1",)),
    "localmonthname": (True, ("LOCALMONTHNAME",)),
    "localmonthnamegen": (True, ("LOCALMONTHNAMEGEN",)),
    "localmonthabbrev": (True, ("LOCALMONTHABBREV",)),
    "localday": (True, ("LOCALDAY",)),
    "localday2": (True, ("LOCALDAY2",)),
    "localdayname": (True, ("LOCALDAYNAME",)),
    "localyear": (True, ("LOCALYEAR",)),
    "localtime": (True, ("LOCALTIME",)),
    "localhour": (True, ("LOCALHOUR",)),
    "localweek": (True, ("LOCALWEEK",)),
    "localdow": (True, ("LOCALDOW",)),
    "localtimestamp": (True, ("LOCALTIMESTAMP",)),
    "numberofpages": (True, ("NUMBEROFPAGES",)),
    "numberofarticles": (True, ("NUMBEROFARTICLES",)),
    "numberoffiles": (True, ("NUMBEROFFILES",)),
    "numberofusers": (True, ("NUMBEROFUSERS",)),
    "numberofactiveusers": (True, ("NUMBEROFACTIVEUSERS",)),
    "numberofedits": (True, ("NUMBEROFEDITS",)),
    "numberofadmins": (True, ("NUMBEROFADMINS",)),
    "pagename": (True, ("PAGENAME",)),
    "pagenamee": (True, ("PAGENAMEE",)),
    "fullpagename": (True, ("FULLPAGENAME",)),
    "fullpagenamee": (True, ("FULLPAGENAMEE",)),
    "subpagename": (True, ("SUBPAGENAME",)),
    "subpagenamee": (True, ("SUBPAGENAMEE",)),
    "rootpagename": (True, ("ROOTPAGENAME",)),
    "rootpagenamee": (True, ("ROOTPAGENAMEE",)),
    "basepagename": (True, ("BASEPAGENAME",)),
    "basepagenamee": (True, ("BASEPAGENAMEE",)),
    "talkpagename": (True, ("TALKPAGENAME",)),
    "talkpagenamee": (True, ("TALKPAGENAMEE",)),
    "subjectpagename": (True, ("SUBJECTPAGENAME", "ARTICLEPAGENAME")),
    "subjectpagenamee": (True, ("SUBJECTPAGENAMEE", "ARTICLEPAGENAMEE")),
    "namespace": (True, ("NAMESPACE",)),
    "namespacee": (True, ("NAMESPACEE",)),
    "namespacenumber": (True, ("NAMESPACENUMBER",)),
    "talkspace": (True, ("TALKSPACE",)),
    "talkspacee": (True, ("TALKSPACEE",)),
    "subjectspace": (True, ("SUBJECTSPACE", "ARTICLESPACE")),
    "subjectspacee": (True, ("SUBJECTSPACEE", "ARTICLESPACEE")),
    "sitename": (True, ("SITENAME",)),
    "server": (False, ("SERVER",)),
    "servername": (False, ("SERVERNAME",)),
    "scriptpath": (False, ("SCRIPTPATH",)),
    "stylepath": (False, ("STYLEPATH",)),
    "currentversion": (True, ("CURRENTVERSION",)),
    "contentlanguage": (True, ("CONTENTLANGUAGE", "CONTENTLANG")),
    "pagelanguage": (True, ("PAGELANGUAGE",)),
    "directionmark": (True, ("DIRECTIONMARK", "DIRMARK")),
    "revisionid": (True, ("REVISIONID",)),
    "revisionday": (True, ("REVISIONDAY",)),
    "revisionday2": (True, ("REVISIONDAY2",)),
    "revisionmonth": (True, ("REVISIONMONTH",)),
    "revisionmonth1": (True, ("REVISIONMONTH1",)),
    "revisionyear": (True, ("REVISIONYEAR",)),
    "revisiontimestamp": (True, ("REVISIONTIMESTAMP",)),
    "revisionuser": (True, ("REVISIONUSER",)),
    "revisionsize": (True, ("REVISIONSIZE",)),
    "pageid": (False, ("PAGEID",)),
    "!": (True, ("!",)),
    "=": (True, ("=",)),
    # Parser functions (a trailing ":" is dropped when they are registered).
    "ns": (False, ("NS:",)),
    "nse": (False, ("NSE:",)),
    "urlencode": (False, ("URLENCODE:",)),
    "lcfirst": (False, ("LCFIRST:",)),
    "ucfirst": (False, ("UCFIRST:",)),
    "lc": (False, ("LC:",)),
    "uc": (False, ("UC:",)),
    "localurl": (False, ("LOCALURL:",)),
    "localurle": (False, ("LOCALURLE:",)),
    "fullurl": (False, ("FULLURL:",)),
    "fullurle": (False, ("FULLURLE:",)),
    "canonicalurl": (False, ("CANONICALURL:",)),
    "canonicalurle": (False, ("CANONICALURLE:",)),
    "formatnum": (False, ("FORMATNUM",)),
    "grammar": (False, ("GRAMMAR:",)),
    "gender": (False, ("GENDER:",)),
    "plural": (False, ("PLURAL:",)),
    "bidi": (False, ("BIDI:",)),
    "padleft": (False, ("PADLEFT",)),
    "padright": (False, ("PADRIGHT",)),
    "anchorencode": (False, ("ANCHORENCODE",)),
    "defaultsort": (True, ("DEFAULTSORT:", "DEFAULTSORTKEY:", "DEFAULTCATEGORYSORT:")),
    "displaytitle": (True, ("DISPLAYTITLE",)),
    "filepath": (False, ("FILEPATH:",)),
    "pagesincategory": (True, ("PAGESINCATEGORY", "PAGESINCAT")),
    "pagesize": (True, ("PAGESIZE",)),
    "protectionlevel": (True, ("PROTECTIONLEVEL",)),
    "protectionexpiry": (True, ("PROTECTIONEXPIRY",)),
    "numberingroup": (True, ("NUMBERINGROUP", "NUMINGROUP")),
    "pagesinnamespace": (True, ("PAGESINNAMESPACE:", "PAGESINNS:")),
    "cascadingsources": (True, ("CASCADINGSOURCES",)),
    "int": (False, ("INT:",)),
    "language": (False, ("#LANGUAGE",)),
    "special": (False, ("special",)),
    "speciale": (False, ("speciale",)),
    "tag": (False, ("tag",)),
    "formatdate": (False, ("formatdate", "dateformat")),
    "bcp47": (False, ("#bcp47",)),
    "dir": (False, ("#dir",)),
    "invoke": (False, ("invoke",)),
    # ParserFunctions.
    "expr": (False, ("expr",)),
    "if": (False, ("if",)),
    "ifeq": (False, ("ifeq",)),
    "ifexpr": (False, ("ifexpr",)),
    "iferror": (False, ("iferror",)),
    "switch": (False, ("switch",)),
    "default": (False, ("#default",)),
    "ifexist": (False, ("ifexist",)),
    "time": (False, ("time",)),
    "timel": (False, ("timel",)),
    "rel2abs": (False, ("rel2abs",)),
    "titleparts": (False, ("titleparts",)),
    # Modifiers and options.
    "msg": (False, ("MSG:",)),
    "msgnw": (False, ("MSGNW:",)),
    "raw": (False, ("RAW:",)),
    "subst": (False, ("SUBST:",)),
    "safesubst": (False, ("SAFESUBST:",)),
    "rawsuffix": (True, ("R",)),
    "nocommafysuffix": (False, ("NOSEP",)),
    "url_path": (False, ("PATH",)),
    "url_query": (False, ("QUERY",)),
    "url_wiki": (False, ("WIKI",)),
    "defaultsort_noerror": (False, ("noerror",)),
    "defaultsort_noreplace": (False, ("noreplace",)),
    "displaytitle_noerror": (False, ("noerror",)),
    "displaytitle_noreplace": (False, ("noreplace",)),
}

#: Functions called without a leading "#" (Parser::SFH_NO_HASH).
NO_HASH_FUNCTIONS = frozenset(
    """ns nse urlencode lcfirst ucfirst lc uc localurl localurle fullurl fullurle canonicalurl
    canonicalurle formatnum grammar gender plural bidi numberofpages numberofusers
    numberofactiveusers numberofarticles numberoffiles numberofadmins numberingroup
    numberofedits language padleft padright anchorencode defaultsort filepath pagesincategory
    pagesize protectionlevel protectionexpiry namespace namespacee namespacenumber talkspace
    talkspacee subjectspace subjectspacee pagename pagenamee fullpagename fullpagenamee
    rootpagename rootpagenamee basepagename basepagenamee subpagename subpagenamee talkpagename
    talkpagenamee subjectpagename subjectpagenamee pageid revisionid revisionday revisionday2
    revisionmonth revisionmonth1 revisionyear revisiontimestamp revisionuser cascadingsources
    int displaytitle pagesinnamespace""".split()
)


class MagicWords:
    """Look-ups over a magic word table (``id -> (case_sensitive, synonyms)``)."""

    def __init__(self, table: Mapping[str, tuple[bool, tuple[str, ...] | list[str]]]) -> None:
        self.table = table
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._func_exact: dict[str, str] = {}
        self._func_folded: dict[str, str] = {}
        self._subst: list[tuple[str, str, bool]] = []
        for word_id, (sensitive, synonyms) in table.items():
            for syn in synonyms:
                if sensitive:
                    self._exact.setdefault(syn, word_id)
                else:
                    self._folded.setdefault(syn.lower(), word_id)

    def register_function(self, word_id: str) -> None:
        """Make ``word_id`` callable as ``{{name:…}}`` (with "#" unless it is a no-hash one)."""
        entry = self.table.get(word_id)
        if entry is None:
            return
        sensitive, synonyms = entry
        for syn in synonyms:
            name = syn if sensitive else syn.lower()
            if word_id not in NO_HASH_FUNCTIONS and not name.startswith("#"):
                name = "#" + name
            if name.endswith(":"):
                name = name[:-1]
            (self._func_exact if sensitive else self._func_folded).setdefault(name, word_id)

    def function(self, name: str) -> str | None:
        """The function id that ``name`` (the text before the colon) calls, or None."""
        found = self._func_exact.get(name)
        if found is None:
            found = self._func_folded.get(name.lower())
        return found

    def match(self, text: str, ids: tuple[str, ...] | frozenset[str] | None = None) -> str | None:
        """The id whose synonym is exactly ``text`` (``matchStartToEnd``), among ``ids``."""
        found = self._exact.get(text)
        if found is not None and (ids is None or found in ids):
            return found
        found = self._folded.get(text.lower())
        if found is not None and (ids is None or found in ids):
            return found
        if ids is not None:
            for word_id in ids:
                entry = self.table.get(word_id)
                if entry is None:
                    continue
                sensitive, synonyms = entry
                for syn in synonyms:
                    if (syn == text) if sensitive else (syn.lower() == text.lower()):
                        return word_id
        return None

    def match_prefix(self, word_id: str, text: str) -> str | None:
        """``matchStartAndRemove``: the rest of ``text`` after a synonym of ``word_id``, or None."""
        entry = self.table.get(word_id)
        if entry is None:
            return None
        sensitive, synonyms = entry
        for syn in synonyms:
            head = text[: len(syn)]
            if (head == syn) if sensitive else (head.lower() == syn.lower()):
                return text[len(syn) :]
        return None


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


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
    """numberofpages numberofarticles numberoffiles numberofusers numberofactiveusers
    numberofedits numberofadmins""".split()
)
_REVISION = frozenset(
    """revisionid revisionday revisionday2 revisionmonth revisionmonth1 revisionyear
    revisiontimestamp revisionuser revisionsize pageid""".split()
)

VARIABLES = frozenset(
    set(_CURRENT)
    | set(_LOCAL)
    | _STATS
    | _REVISION
    | set(
        """pagename pagenamee fullpagename fullpagenamee subpagename subpagenamee rootpagename
        rootpagenamee basepagename basepagenamee talkpagename talkpagenamee subjectpagename
        subjectpagenamee namespace namespacee namespacenumber talkspace talkspacee subjectspace
        subjectspacee sitename server servername scriptpath stylepath currentversion
        contentlanguage pagelanguage directionmark ! =""".split()
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
        return str(site.sitename)
    if word_id == "server":
        return str(site.server)
    if word_id == "servername":
        server = str(site.server)
        return server.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if word_id == "scriptpath":
        return str(getattr(site, "script_path", "/w"))
    if word_id == "stylepath":
        return str(getattr(site, "script_path", "/w")) + "/skins"
    if word_id == "currentversion":
        return "1.45.0"
    if word_id in ("contentlanguage", "pagelanguage"):
        return str(site.language)
    if word_id == "directionmark":
        return "\u200e"
    return title_word(word_id, ex, ex.page_title)


def title_word(word_id: str, ex: Expander, title: object) -> str:
    """PAGENAME and its family for ``title`` (CoreParserFunctions / CoreMagicVariables)."""
    t = title  # a Title
    text: str = t.text  # type: ignore[attr-defined]
    ns: int = t.namespace  # type: ignore[attr-defined]
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
