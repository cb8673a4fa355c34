"""``{{#time:}}`` and ``{{#timel:}}``: PHP's date parsing and ``Language::sprintfDate``.

:func:`format_date` implements MediaWiki's ``Language::sprintfDate`` format codes.
:func:`parse_datetime` reads the date argument the way PHP's ``new DateTime($text)`` does
(timelib's ``strtotime`` grammar: longest match among its token rules, then the relative
parts applied with timelib's month and day overflow rules).
:func:`time_function` combines them as ``ParserFunctions::timeCommon``.

Format codes not supported: the Iranian (``xi…``), Hebrew (``xj…``) and Hijri (``xm…``)
calendar codes print nothing. The Thai (``xkY``), Minguo (``xoY``) and Japanese era
(``xtY``) years are supported. Only English month and day names ship; other languages can
be added to :data:`LANGUAGES` as :class:`DateNames` data.

Date parsing, not supported: microseconds are dropped (``#time`` shows whole seconds,
so only sub-second relative amounts such as ``+1500 ms`` are affected); of the time zone
abbreviations only UTC/GMT, the military letters and common North American, European,
Asian and Australian ones are known (others are errors, as unknown ones are to PHP);
time zone identifiers such as ``Europe/Paris`` are read through :mod:`zoneinfo`, and the
local time of a DST gap or overlap may resolve differently from PHP. Inputs longer than
255 characters are refused (PHP would accept them; real dates are far shorter).
Years 1 to 9999 are supported everywhere; ``time_function`` also prints year 0, with a
time zone's offset taken at year 1.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from wikikit.expand.words import MONTH_NAMES

INVALID_TIME_MESSAGE: Final = "Error: Invalid time."
TOO_LONG_MESSAGE: Final = "Error: Too many #time calls."
TOO_BIG_MESSAGE: Final = "Error: #time only supports years up to 9999."
TOO_SMALL_MESSAGE: Final = "Error: #time only supports years from 0."

MAX_INPUT_LENGTH: Final = 255


# --- language data --------------------------------------------------------------------------


@dataclass(frozen=True)
class DateNames:
    """The names and digits a language gives ``sprintfDate``.

    Weekdays start on Sunday. ``digits``, when set, holds the ten characters that replace
    0-9 in numbers (MediaWiki's digit transform table).
    """

    months: tuple[str, ...]
    months_genitive: tuple[str, ...]
    months_abbrev: tuple[str, ...]
    weekdays: tuple[str, ...]
    weekdays_abbrev: tuple[str, ...]
    digits: str | None = None


ENGLISH: Final = DateNames(
    months=MONTH_NAMES,
    months_genitive=MONTH_NAMES,
    months_abbrev=(
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ),
    weekdays=("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
    weekdays_abbrev=("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"),
)

# Languages by code; an unknown code falls back to English.
LANGUAGES: Final[dict[str, DateNames]] = {"en": ENGLISH}


# --- calendar arithmetic --------------------------------------------------------------------


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# Index 0 is the December before, as timelib's tables have it.
_DAYS_IN_MONTH: Final = (31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and _is_leap(year) else _DAYS_IN_MONTH[month]


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


def _day_of_week(y: int, m: int, d: int) -> int:
    """0 for Sunday … 6 for Saturday."""
    return (_days_from_civil(y, m, d) + 4) % 7


def _iso_week(y: int, m: int, d: int) -> tuple[int, int]:
    """(ISO year, ISO week number)."""
    days = _days_from_civil(y, m, d)
    iso_dow = (days + 3) % 7 + 1  # 1 = Monday
    thursday = days - iso_dow + 4
    iso_year = _civil_from_days(thursday)[0]
    week = (thursday - _days_from_civil(iso_year, 1, 1)) // 7 + 1
    return iso_year, week


# --- formatting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Moment:
    """A wall-clock time in a zone, with what PHP's ``DateTime::format`` reports of it."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    offset: int  # seconds east of UTC
    tz_id: str  # 'e'
    tz_abbr: str  # 'T'
    dst: bool
    unix: int


def _offset_text(offset: int, colon: bool) -> str:
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    minutes = rest // 60
    return f"{sign}{hours:02d}:{minutes:02d}" if colon else f"{sign}{hours:02d}{minutes:02d}"


def _zone_names(zone: tzinfo | None, when: datetime, offset: int) -> tuple[str, str]:
    """(identifier, abbreviation) as PHP 8.2 prints them for 'e' and 'T'."""
    if isinstance(zone, ZoneInfo):
        return zone.key, when.tzname() or _offset_text(offset, True)
    if zone is None or (offset == 0 and (zone is timezone.utc or when.tzname() == "UTC")):
        return "UTC", "UTC"
    return _offset_text(offset, True), "GMT" + _offset_text(offset, False)


def _moment_from_datetime(when: datetime) -> _Moment:
    if when.tzinfo is None or when.utcoffset() is None:
        when = when.replace(tzinfo=timezone.utc)
    delta = when.utcoffset() or timedelta(0)
    offset = int(delta.total_seconds())
    dst_delta = when.dst()
    tz_id, tz_abbr = _zone_names(when.tzinfo, when, offset)
    days = _days_from_civil(when.year, when.month, when.day)
    unix = days * 86400 + when.hour * 3600 + when.minute * 60 + when.second - offset
    return _Moment(
        when.year,
        when.month,
        when.day,
        when.hour,
        when.minute,
        when.second,
        offset,
        tz_id,
        tz_abbr,
        bool(dst_delta),
        unix,
    )


def _php_date_code(code: str, t: _Moment) -> str:
    """The codes ``sprintfDate`` hands to PHP's ``DateTime::format``."""
    dow = _day_of_week(t.year, t.month, t.day)
    if code == "w":
        return str(dow)
    if code == "N":
        return str(7 if dow == 0 else dow)
    if code == "z":
        return str(_days_from_civil(t.year, t.month, t.day) - _days_from_civil(t.year, 1, 1))
    if code == "W":
        return f"{_iso_week(t.year, t.month, t.day)[1]:02d}"
    if code == "o":
        return str(_iso_week(t.year, t.month, t.day)[0])
    if code == "t":
        return str(_days_in_month(t.year, t.month))
    if code == "L":
        return "1" if _is_leap(t.year) else "0"
    if code == "U":
        return str(t.unix)
    if code == "I":
        return "1" if t.dst else "0"
    if code == "Z":
        return str(t.offset)
    if code == "O":
        return _offset_text(t.offset, False)
    if code == "P":
        return _offset_text(t.offset, True)
    if code == "e":
        return t.tz_id
    if code == "T":
        return t.tz_abbr
    year = f"-{abs(t.year):04d}" if t.year < 0 else f"{t.year:04d}"
    if code == "c":
        return (
            f"{year}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
            + _offset_text(t.offset, True)
        )
    # 'r' (RFC 2822) is always English in PHP.
    return (
        f"{ENGLISH.weekdays_abbrev[dow]}, {t.day:02d} {ENGLISH.months_abbrev[t.month - 1]} "
        f"{year} {t.hour:02d}:{t.minute:02d}:{t.second:02d} {_offset_text(t.offset, False)}"
    )


_ROMAN: Final = (
    ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"),
    ("", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC", "C"),
    ("", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM", "M"),
    tuple("M" * k for k in range(11)),
)


def _php_intval(text: str) -> int:
    match = re.match(r"\s*([+-]?[0-9]+)", text)
    return int(match.group(1)) if match else 0


def roman_numeral(num: str | int) -> str:
    """``Language::romanNumeral``: 1 to 10000 in Roman numerals, anything else as is."""
    n = num if isinstance(num, int) else _php_intval(num)
    if n > 10000 or n <= 0:
        return str(n)
    out = []
    for i, power in ((3, 1000), (2, 100), (1, 10), (0, 1)):
        if n >= power:
            out.append(_ROMAN[i][n // power])
        n %= power
    return "".join(out)


_HEBREW_UNITS: Final = ("", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט", "י")
_HEBREW_TENS: Final = ("", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ", "ק")
_HEBREW_HUNDREDS: Final = (
    (),
    ("ק",),
    ("ר",),
    ("ש",),
    ("ת",),
    ("ת", "ק"),
    ("ת", "ר"),
    ("ת", "ש"),
    ("ת", "ת"),
    ("ת", "ת", "ק"),
    ("ת", "ת", "ר"),
)
_HEBREW_FINALS: Final = str.maketrans({"כ": "ך", "מ": "ם", "נ": "ן", "פ": "ף", "צ": "ץ"})


def hebrew_numeral(num: str | int) -> str:
    """``Language::hebrewNumeral``: Hebrew (gematria) numerals for 1 to 9999."""
    n = num if isinstance(num, int) else _php_intval(num)
    if n > 9999 or n <= 0:
        return str(n)
    if n == 1000:
        return "א' אלף"
    if n % 1000 == 0:
        return _HEBREW_UNITS[n // 1000] + "' אלפים"
    letters: list[str] = []
    for i, power in ((3, 1000), (2, 100), (1, 10), (0, 1)):
        if n >= power:
            if n in (15, 16):
                letters += [_HEBREW_UNITS[9], _HEBREW_UNITS[n - 9]]
                n = 0
            else:
                digit = n // power
                if i == 3:
                    letters += [_HEBREW_UNITS[digit], "'"]
                elif i == 2:
                    letters += list(_HEBREW_HUNDREDS[digit])
                elif i == 1:
                    letters.append(_HEBREW_TENS[digit])
                else:
                    letters.append(_HEBREW_UNITS[digit])
        n %= power
    count = len(letters)
    if count == 1:
        letters.append("'")
    else:
        letters[-1] = letters[-1].translate(_HEBREW_FINALS)
        if letters[1] == "'" and count == 3:
            letters.append("'")
        else:
            letters.insert(count - 1, '"')
    return "".join(letters)


def _japanese_era_year(t: _Moment) -> str:
    stamp = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    eras = (
        ((2019, 5, 1), 2019, "令和"),
        ((1989, 1, 8), 1989, "平成"),
        ((1926, 12, 25), 1926, "昭和"),
        ((1912, 7, 30), 1912, "大正"),
        ((1873, 1, 1), 1868, "明治"),
    )
    for start, first_year, name in eras:
        if stamp >= (*start, 0, 0, 0):
            offset = t.year - first_year + 1
            return name + ("元" if offset == 1 else str(offset))
    return f"西暦{t.year}"


def _thai_year(t: _Moment) -> int:
    year = t.year + 543
    if 1912 <= t.year <= 1940 and t.month <= 3:
        year -= 1
    return year


_NUMERIC_RE: Final = re.compile(r"[0-9.]+")
_UNSUPPORTED_CALENDAR_CODES: Final = frozenset(
    {
        "xij",
        "xiF",
        "xin",
        "xiy",
        "xiY",
        "xit",
        "xiz",
        "xjj",
        "xjF",
        "xjt",
        "xjx",
        "xjn",
        "xjY",
        "xmj",
        "xmF",
        "xmn",
        "xmY",
    }
)


def _format_moment(fmt: str, t: _Moment, names: DateNames) -> str:
    out: list[str] = []
    raw = raw_toggle = roman = hebrew = False
    n = len(fmt)
    p = 0
    while p < n:
        num: str | None = None
        code = fmt[p]
        if code == "x" and p < n - 1:
            p += 1
            code += fmt[p]
        if code in ("xi", "xj", "xk", "xm", "xo", "xt") and p < n - 1:
            p += 1
            code += fmt[p]

        if code == "xx":
            out.append("x")
        elif code == "xn":
            raw = True
        elif code == "xN":
            raw_toggle = not raw_toggle
        elif code == "xr":
            roman = True
        elif code == "xh":
            hebrew = True
        elif code == "xg":
            out.append(names.months_genitive[t.month - 1])
        elif code == "d":
            num = f"{t.day:02d}"
        elif code == "D":
            out.append(names.weekdays_abbrev[_day_of_week(t.year, t.month, t.day)])
        elif code == "j":
            num = str(t.day)
        elif code == "l":
            out.append(names.weekdays[_day_of_week(t.year, t.month, t.day)])
        elif code == "F":
            out.append(names.months[t.month - 1])
        elif code == "m":
            num = f"{t.month:02d}"
        elif code == "M":
            out.append(names.months_abbrev[t.month - 1])
        elif code == "n":
            num = str(t.month)
        elif code == "Y":
            num = f"{t.year:04d}"
        elif code == "y":
            num = f"{t.year:04d}"[2:4]
        elif code == "xkY":
            num = str(_thai_year(t))
        elif code == "xoY":
            num = str(t.year - 1911)
        elif code == "xtY":
            num = _japanese_era_year(t)
        elif code == "a":
            out.append("am" if t.hour < 12 else "pm")
        elif code == "A":
            out.append("AM" if t.hour < 12 else "PM")
        elif code == "g":
            num = str(t.hour % 12 or 12)
        elif code == "G":
            num = str(t.hour)
        elif code == "h":
            num = f"{t.hour % 12 or 12:02d}"
        elif code == "H":
            num = f"{t.hour:02d}"
        elif code == "i":
            num = f"{t.minute:02d}"
        elif code == "s":
            num = f"{t.second:02d}"
        elif code in ("c", "r", "e", "O", "P", "T"):
            out.append(_php_date_code(code, t))
        elif code in ("w", "N", "z", "W", "t", "L", "o", "U", "I", "Z"):
            num = _php_date_code(code, t)
        elif code == "\\":
            if p < n - 1:
                p += 1
                out.append(fmt[p])
            else:
                out.append("\\")
        elif code == '"':
            close = fmt.find('"', p + 1) if p < n - 1 else -1
            if close == -1:
                out.append('"')
            else:
                out.append(fmt[p + 1 : close])
                p = close
        elif code in _UNSUPPORTED_CALENDAR_CODES:
            pass
        else:
            # Unknown codes, "x" + an unknown letter included, print their last character.
            out.append(fmt[p])

        if num is not None:
            if raw_toggle or raw:
                out.append(num)
                raw = False
            elif roman:
                out.append(roman_numeral(num))
                roman = False
            elif hebrew:
                out.append(hebrew_numeral(num))
                hebrew = False
            elif _NUMERIC_RE.fullmatch(num) and names.digits:
                out.append(num.translate(str.maketrans("0123456789", names.digits)))
            else:
                out.append(num)
        p += 1
    return "".join(out)


def format_date(fmt: str, when: datetime, *, language: str = "en") -> str:
    """``Language::sprintfDate(fmt, when)``: format ``when`` (taken in its own time zone; a
    naive datetime counts as UTC) with MediaWiki's date format codes.

    Codes: ``Y y L n m M F xg j d z D l N w W t a A g h G H i s U c r e T O P Z I o``;
    ``xn`` (next number raw), ``xN`` (toggle raw), ``xr`` (next number in Roman numerals),
    ``xh`` (Hebrew numerals), ``xx`` (literal x), ``xkY`` ``xoY`` ``xtY`` (Thai, Minguo and
    Japanese era years); ``"quoted text"`` and ``\\c`` are literal. Other characters print
    as themselves. The Iranian, Hebrew and Hijri calendar codes print nothing here.
    """
    names = LANGUAGES.get(language, ENGLISH)
    return _format_moment(fmt, _moment_from_datetime(when), names)


# --- parsing (timelib's strtotime grammar) --------------------------------------------------


class _ParseError(Exception):
    """The input is not a date PHP accepts."""


_SPACE = r"(?:[ \t]+|\u00a0+|\u202f+)"
_FRAC = r"\.[0-9]+"
_HOUR24 = r"(?:[01]?[0-9]|2[0-4])"
_HOUR24LZ = r"(?:[01][0-9]|2[0-4])"
_HOUR12 = r"(?:0?[1-9]|1[0-2])"
_MINUTE = r"[0-5]?[0-9]"
_MINUTELZ = r"[0-5][0-9]"
_SECOND = r"(?:[0-5]?[0-9]|60)"
_SECONDLZ = r"(?:[0-5][0-9]|60)"
_MERIDIAN = r"[AaPp]\.?[Mm]\.?[\0\t ]"
_TZ = r"(?:\(?[A-Za-z]{1,6}\)?|[A-Z][a-z]+(?:[_/-][A-Za-z]+)+)"
_TZCORRECTION = (
    rf"(?:GMT)?[+-](?:{_HOUR24}(?::?{_MINUTE})?|{_HOUR24LZ}{_MINUTELZ}{_SECONDLZ}"
    rf"|{_HOUR24LZ}:{_MINUTELZ}:{_SECONDLZ})"
)
_DAYSUF = r"(?:st|nd|rd|th)"
_MONTH = r"(?:0?[0-9]|1[0-2])"
_DAY = rf"(?:[0-2]?[0-9]|3[01]){_DAYSUF}?"
_YEAR = r"[0-9]{1,4}"
_YEAR2 = r"[0-9]{2}"
_YEAR4 = r"[0-9]{4}"
_YEAR4WITHSIGN = r"[+-]?[0-9]{4}"
_YEARX = r"[+-][0-9]{5,19}"
_DAYOFYEAR = r"(?:00[1-9]|0[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-6])"
_WEEKOFYEAR = r"(?:0[1-9]|[1-4][0-9]|5[0-3])"
_MONTHLZ = r"(?:0[0-9]|1[0-2])"
_DAYLZ = r"(?:0[0-9]|[12][0-9]|3[01])"
_DAYFULLS = r"(?i:sundays|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays)"
_DAYFULL = r"(?i:sunday|monday|tuesday|wednesday|thursday|friday|saturday)"
_DAYABBR = r"(?i:sun|mon|tue|wed|thu|fri|sat)"
_DAYSPECIAL = r"(?i:weekdays?)"
_DAYTEXT = rf"(?:{_DAYFULLS}|{_DAYFULL}|{_DAYABBR}|{_DAYSPECIAL})"
_MONTHFULL = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)"
)
_MONTHABBR = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)"
_MONTHROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
_MONTHTEXT = rf"(?:{_MONTHFULL}|{_MONTHABBR}|{_MONTHROMAN})"

_TIMETINY12 = rf"{_HOUR12}{_SPACE}?{_MERIDIAN}"
_TIMESHORT12 = rf"{_HOUR12}[:.]{_MINUTELZ}{_SPACE}?{_MERIDIAN}"
_TIMELONG12 = rf"{_HOUR12}[:.]{_MINUTE}[:.]{_SECONDLZ}{_SPACE}?{_MERIDIAN}"
_TIMETINY24 = rf"[tT]{_HOUR24}"
_TIMESHORT24 = rf"[tT]?{_HOUR24}[:.]{_MINUTE}"
_TIMELONG24 = rf"[tT]?{_HOUR24}[:.]{_MINUTE}[:.]{_SECOND}"
_ISO8601LONG = rf"[tT]?{_HOUR24}[:.]{_MINUTE}[:.]{_SECOND}{_FRAC}"
_ISO8601NORMTZ = rf"[tT]?{_HOUR24}[:.]{_MINUTE}[:.]{_SECONDLZ}{_SPACE}?(?:{_TZCORRECTION}|{_TZ})"
_GNUNOCOLON = rf"[tT]?{_HOUR24LZ}{_MINUTELZ}"
_ISO8601NOCOLON = rf"[tT]?{_HOUR24LZ}{_MINUTELZ}{_SECONDLZ}"

_DATENOYEAR = rf"{_MONTHTEXT}[ .\t-]*{_DAY}(?:[,.stndrh\t ]+|\0)"

# (rule name, pattern), in timelib's order: on equal lengths the earlier rule wins.
_RULE_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    ("yesterday", r"(?i:yesterday)"),
    ("now", r"(?i:now)"),
    ("noon", r"(?i:noon)"),
    ("midnight", r"(?i:midnight|today)"),
    ("tomorrow", r"(?i:tomorrow)"),
    ("timestamp", r"@-?[0-9]+"),
    ("timestampms", r"@-?[0-9]+\.[0-9]{0,6}"),
    ("firstlastdayof", r"(?i:first day of|last day of)"),
    ("backfrontof", rf"(?i:back of |front of ){_HOUR24}(?:{_SPACE}?{_MERIDIAN})?"),
    (
        "weekdayof",
        r"(?i:first|second|third|fourth|fifth|sixth|seventh|eighth?|ninth|tenth|eleventh"
        rf"|twelfth|next|last|previous|this){_SPACE}(?:{_DAYFULLS}|{_DAYFULL}|{_DAYABBR})"
        rf"{_SPACE}(?i:of)",
    ),
    ("time12", rf"(?:{_TIMETINY12}|{_TIMESHORT12}|{_TIMELONG12})"),
    ("mssqltime", rf"{_HOUR12}:{_MINUTELZ}:{_SECONDLZ}[:.][0-9]+{_MERIDIAN}"),
    ("time24", rf"(?:{_TIMETINY24}|{_TIMESHORT24}|{_TIMELONG24}|{_ISO8601LONG})"),
    ("gnunocolon", _GNUNOCOLON),
    ("iso8601nocolon", _ISO8601NOCOLON),
    ("american", rf"{_MONTH}/{_DAY}(?:/{_YEAR})?"),
    (
        "iso8601date4",
        rf"(?:{_YEAR4WITHSIGN}-{_MONTHLZ}-{_DAYLZ}|{_YEAR4}/{_MONTHLZ}/{_DAYLZ}/?"
        rf"|{_YEAR4}/{_MONTH}/{_DAY})",
    ),
    ("iso8601date2", rf"{_YEAR2}-{_MONTHLZ}-{_DAYLZ}"),
    ("iso8601datex", rf"{_YEARX}-{_MONTHLZ}-{_DAYLZ}"),
    ("gnudateshorter", rf"{_YEAR4}-{_MONTH}"),
    ("gnudateshort", rf"{_YEAR}-{_MONTH}-{_DAY}"),
    ("datefull", rf"{_DAY}[ \t.-]*{_MONTHTEXT}[ \t.-]*{_YEAR}"),
    ("pointeddate4", rf"{_DAY}[.\t-]{_MONTH}[.-]{_YEAR4}"),
    ("pointeddate2", rf"{_DAY}[.\t]{_MONTH}\.{_YEAR2}"),
    ("datenoday", rf"{_MONTHTEXT}[ .\t-]*{_YEAR4}"),
    ("datenodayrev", rf"{_YEAR4}[ .\t-]*{_MONTHTEXT}"),
    (
        "datetextual",
        rf"(?:{_MONTHTEXT}[ .\t-]*{_DAY}[,.stndrh\t ]+{_YEAR}|{_DATENOYEAR})",
    ),
    ("datenoyearrev", rf"{_DAY}[ .\t-]*{_MONTHTEXT}"),
    ("datenocolon", rf"{_YEAR4}{_MONTHLZ}{_DAYLZ}"),
    (
        "xmlrpc",
        rf"(?:{_YEAR4}{_MONTHLZ}{_DAYLZ}T{_HOUR24}:{_MINUTELZ}:{_SECONDLZ}"
        rf"|{_YEAR4}{_MONTHLZ}{_DAYLZ}[tT]{_HOUR24}{_MINUTELZ}{_SECONDLZ}"
        rf"|{_YEAR4}-{_MONTHLZ}-{_DAYLZ}T{_HOUR24LZ}:{_MINUTELZ}:{_SECONDLZ}{_FRAC}"
        rf"(?:{_TZCORRECTION})?"
        rf"|{_YEAR4}-{_MONTH}-{_DAY}T{_HOUR24}:{_MINUTE}:{_SECOND}"
        rf"|{_YEAR4}:{_MONTHLZ}:{_DAYLZ} {_HOUR24LZ}:{_MINUTELZ}:{_SECONDLZ})",
    ),
    ("pgydotd", rf"{_YEAR4}[.-]?{_DAYOFYEAR}"),
    ("isoweekday", rf"{_YEAR4}-?W{_WEEKOFYEAR}-?[0-7]"),
    ("isoweek", rf"{_YEAR4}-?W{_WEEKOFYEAR}"),
    ("pgtextshort", rf"{_MONTHABBR}-{_DAYLZ}-{_YEAR}"),
    ("pgtextreverse", rf"{_YEAR}-{_MONTHABBR}-{_DAYLZ}"),
    (
        "clf",
        rf"{_DAY}/{_MONTHABBR}/{_YEAR4}:{_HOUR24LZ}:{_MINUTELZ}:{_SECONDLZ}{_SPACE}"
        rf"{_TZCORRECTION}",
    ),
    ("year4", _YEAR4),
    ("ago", r"(?i:ago)"),
    ("daytext", _DAYTEXT),
    ("relativetextweek", rf"(?i:next|last|previous|this){_SPACE}(?i:week)"),
    (
        "relativetext",
        r"(?i:first|second|third|fourth|fifth|sixth|seventh|eighth?|ninth|tenth|eleventh"
        rf"|twelfth|next|last|previous|this){_SPACE}(?:(?i:ms|µs|(?:msec|millisecond|µsec"
        r"|microsecond|usec|sec|second|min|minute|hour|day|fortnight|forthnight|month|year)s?"
        rf"|weeks)|{_DAYTEXT})",
    ),
    ("monthtext", rf"(?:{_MONTHFULL}|{_MONTHABBR})"),
    ("tz", rf"(?:{_TZCORRECTION}|{_TZ})"),
    (
        "dateshortwithtime12",
        rf"{_DATENOYEAR}(?:{_TIMESHORT12}|{_TIMELONG12})",
    ),
    (
        "dateshortwithtime24",
        rf"{_DATENOYEAR}(?:{_TIMESHORT24}|{_TIMELONG24}|{_ISO8601NORMTZ})",
    ),
    (
        "relative",
        r"[+-]*[ \t]*[0-9]{1,13}"
        rf"{_SPACE}?(?:(?i:ms|µs|(?:msec|millisecond|µsec|microsecond|usec|sec|second|min"
        r"|minute|hour|day|fortnight|forthnight|month|year)s?|weeks)|"
        rf"{_DAYTEXT}|(?i:week))",
    ),
    ("separator", r"[.,]"),
    ("space", _SPACE),
    ("nul", r"[\0\n]"),
)

# 13 ms to compile: this module is imported at the first #time, not with wikikit.
_RULES: Final = tuple((name, re.compile(pattern)) for name, pattern in _RULE_PATTERNS)


_RELUNITS: Final[dict[str, tuple[str, int]]] = {
    **{u: ("us", 1000) for u in ("ms", "msec", "msecs", "millisecond", "milliseconds")},
    **{u: ("us", 1) for u in ("µs", "usec", "usecs", "µsec", "µsecs", "microsecond")},
    "microseconds": ("us", 1),
    **{u: ("s", 1) for u in ("sec", "secs", "second", "seconds")},
    **{u: ("i", 1) for u in ("min", "mins", "minute", "minutes")},
    **{u: ("h", 1) for u in ("hour", "hours")},
    **{u: ("d", 1) for u in ("day", "days")},
    **{u: ("d", 7) for u in ("week", "weeks")},
    **{u: ("d", 14) for u in ("fortnight", "fortnights", "forthnight", "forthnights")},
    **{u: ("m", 1) for u in ("month", "months")},
    **{u: ("y", 1) for u in ("year", "years")},
    **{
        name: ("weekday", number)
        for number, day in enumerate(
            ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
        )
        for name in (day + "s", day, day[:3])
    },
    "weekday": ("special", 1),
    "weekdays": ("special", 1),
}

_RELTEXT: Final[dict[str, tuple[int, int]]] = {
    "first": (1, 0),
    "next": (1, 0),
    "second": (2, 0),
    "third": (3, 0),
    "fourth": (4, 0),
    "fifth": (5, 0),
    "sixth": (6, 0),
    "seventh": (7, 0),
    "eight": (8, 0),
    "eighth": (8, 0),
    "ninth": (9, 0),
    "tenth": (10, 0),
    "eleventh": (11, 0),
    "twelfth": (12, 0),
    "last": (-1, 0),
    "previous": (-1, 0),
    "this": (0, 1),
}

_MONTH_WORDS: Final[dict[str, int]] = {
    **{name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)},
    **{
        roman: i
        for i, roman in enumerate(
            ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"), 1
        )
    },
}

# Time zone abbreviations: (offset east in seconds, is DST).
_ABBREVIATIONS: Final[dict[str, tuple[int, bool]]] = {
    "utc": (0, False),
    "gmt": (0, False),
    "ut": (0, False),
    "wet": (0, False),
    "west": (3600, True),
    "bst": (3600, True),
    "cet": (3600, False),
    "cest": (7200, True),
    "met": (3600, False),
    "mest": (7200, True),
    "eet": (7200, False),
    "eest": (10800, True),
    "msk": (10800, False),
    "est": (-18000, False),
    "edt": (-14400, True),
    "cst": (-21600, False),
    "cdt": (-18000, True),
    "mst": (-25200, False),
    "mdt": (-21600, True),
    "pst": (-28800, False),
    "pdt": (-25200, True),
    "akst": (-32400, False),
    "akdt": (-28800, True),
    "hst": (-36000, False),
    "ast": (-14400, False),
    "adt": (-10800, True),
    "nst": (-12600, False),
    "ndt": (-9000, True),
    "jst": (32400, False),
    "kst": (32400, False),
    "hkt": (28800, False),
    "awst": (28800, False),
    "acst": (34200, False),
    "acdt": (37800, True),
    "aest": (36000, False),
    "aedt": (39600, True),
    "nzst": (43200, False),
    "nzdt": (46800, True),
    "sast": (7200, False),
    # Military zones.
    **{letter: (3600 * n, False) for n, letter in enumerate("abcdefghi", 1)},
    **{letter: (3600 * n, False) for n, letter in enumerate("klm", 10)},
    **{letter: (-3600 * n, False) for n, letter in enumerate("nopqrstuvwxy", 1)},
    "z": (0, False),
}

_ZONE_KEYS: dict[str, str] = {}


def _zone_by_name(name: str) -> ZoneInfo | None:
    """A time zone identifier, looked up without regard to case as PHP does."""
    if "/" not in name and name.upper() != "UTC":
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    if not _ZONE_KEYS:
        _ZONE_KEYS.update({key.lower(): key for key in available_timezones()})
    key = _ZONE_KEYS.get(name.lower())
    return ZoneInfo(key) if key else None


@dataclass
class _Relative:
    y: int = 0
    m: int = 0
    d: int = 0
    h: int = 0
    i: int = 0
    s: int = 0
    us: int = 0
    weekday: int = 0
    weekday_behavior: int = 0
    have_weekday_relative: bool = False
    have_special_relative: bool = False
    special_type: int = 0  # 1 weekdays, 2 nth weekday of month, 3 last weekday of month
    special_amount: int = 0
    first_last_day_of: int = 0  # 1 first, 2 last


@dataclass
class _Parsed:
    y: int | None = None
    m: int | None = None
    d: int | None = None
    h: int | None = None
    i: int | None = None
    s: int | None = None
    have_time: int = 0
    have_date: bool = False
    have_zone: int = 0
    have_relative: bool = False
    offset: int | None = None  # seconds east, for offsets and abbreviations
    zone: ZoneInfo | None = None
    rel: _Relative = field(default_factory=_Relative)

    def have_time_now(self) -> None:
        if self.have_time:
            raise _ParseError("Double time specification")
        self.have_time = 1
        self.h = self.i = self.s = 0

    def unhave_time(self) -> None:
        self.have_time = 0
        self.h = self.i = self.s = 0

    def have_date_now(self) -> None:
        if self.have_date:
            raise _ParseError("Double date specification")
        self.have_date = True

    def have_tz(self) -> None:
        if self.have_zone:
            # A second zone is a warning and the third an error; either way the token
            # is dropped.
            self.have_zone += 1
            if self.have_zone > 2:
                raise _ParseError("Double timezone specification")
            raise _SkipToken
        self.have_zone = 1


class _SkipToken(Exception):
    """The token is ignored (timelib returns an error token but records only a warning)."""


class _Cursor:
    """A read position in one token, ``"\\0"`` past its end (timelib's ``ptr``)."""

    def __init__(self, text: str) -> None:
        self.text = text.replace("\0", "") + "\0"
        self.pos = 0

    def char(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else "\0"

    def nr_ex(self, max_length: int) -> tuple[int | None, int]:
        while not self.char().isdigit() or not self.char().isascii():
            if self.char() == "\0":
                return None, 0
            self.pos += 1
        begin = self.pos
        while self.char() in "0123456789" and self.char() != "\0" and self.pos - begin < max_length:
            self.pos += 1
        return int(self.text[begin : self.pos]), self.pos - begin

    def nr(self, max_length: int) -> int | None:
        return self.nr_ex(max_length)[0]

    def signed_nr(self, max_length: int) -> int:
        while self.char() not in "+-0123456789" or self.char() == "\0":
            if self.char() == "\0":
                raise _ParseError("Found unexpected data")
            self.pos += 1
        negative = False
        while self.char() in "+-" and self.char() != "\0":
            negative ^= self.char() == "-"
            self.pos += 1
        while self.char() not in "0123456789" or self.char() == "\0":
            if self.char() == "\0":
                raise _ParseError("Found unexpected data")
            self.pos += 1
        begin = self.pos
        while self.char() in "0123456789" and self.char() != "\0" and self.pos - begin < max_length:
            self.pos += 1
        value = int(self.text[begin : self.pos])
        if value > 2**63 - 1:
            raise _ParseError("Number out of range")
        return -value if negative else value

    def skip_frac(self) -> None:
        while self.char() in ".:0123456789" and self.char() != "\0":
            self.pos += 1

    def skip_day_suffix(self) -> None:
        if self.char() in " \t\n\r\v\f":
            return
        if self.text[self.pos : self.pos + 2].lower() in ("nd", "rd", "st", "th"):
            self.pos += 2

    def word(self) -> str:
        begin = self.pos
        while self.char().isascii() and self.char().isalpha():
            self.pos += 1
        return self.text[begin : self.pos]

    def month(self) -> int:
        while self.char() in " \t-./" and self.char() != "\0":
            self.pos += 1
        return _MONTH_WORDS.get(self.word().lower(), 0)

    def eat_spaces(self) -> None:
        while self.char() in " \t\u00a0\u202f" and self.char() != "\0":
            self.pos += 1

    def relative_text(self) -> tuple[int, int]:
        while self.char() in " \t-/" and self.char() != "\0":
            self.pos += 1
        return _RELTEXT.get(self.word().lower(), (0, 1))

    def relunit(self) -> tuple[str, int] | None:
        begin = self.pos
        while self.char() not in "\0 ,\t;:/.-()":
            self.pos += 1
        return _RELUNITS.get(self.text[begin : self.pos].lower())

    def meridian(self, hour: int) -> int:
        while self.char() not in "AaPp":
            if self.char() == "\0":
                return 0
            self.pos += 1
        delta = 0
        if self.char() in "Aa":
            if hour == 12:
                delta = -12
        elif hour != 12:
            delta = 12
        self.pos += 1
        for allowed in (".", "Mm", "."):
            if self.char() in allowed and self.char() != "\0":
                self.pos += 1
        return delta

    def rest(self) -> bool:
        return self.char() != "\0"


def _tz_correction(cur: _Cursor) -> int | None:
    begin = cur.pos
    while cur.char() in "0123456789:" and cur.char() != "\0":
        cur.pos += 1
    text = cur.text[begin : cur.pos]

    def num(part: str) -> int:
        digits = re.match(r"[0-9]*", part)
        return int(digits.group(0)) if digits and digits.group(0) else 0

    length = len(text)
    if length in (1, 2):
        return num(text) * 3600
    if length in (3, 4):
        if text[1] == ":":
            return num(text) * 3600 + num(text[2:]) * 60
        if text[2] == ":":
            return num(text) * 3600 + num(text[3:]) * 60
        value = num(text)
        return (value // 100) * 3600 + (value % 100) * 60
    if length == 5 and text[2] == ":":
        return num(text) * 3600 + num(text[3:]) * 60
    if length == 6:
        value = num(text)
        return (value // 10000) * 3600 + ((value // 100) % 100) * 60 + value % 100
    if length == 8 and text[2] == ":" and text[5] == ":":
        return num(text) * 3600 + num(text[3:]) * 60 + num(text[6:])
    return None


def _parse_zone(cur: _Cursor, t: _Parsed) -> None:
    parens = 0
    while cur.char() in " \t(" and cur.char() != "\0":
        parens += cur.char() == "("
        cur.pos += 1
    if cur.text[cur.pos : cur.pos + 3] == "GMT" and cur.char(3) in "+-" and cur.char(3) != "\0":
        cur.pos += 3
    sign = cur.char()
    if sign in "+-" and sign != "\0":
        cur.pos += 1
        value = _tz_correction(cur)
        if value is None:
            raise _ParseError("The timezone could not be found in the database")
        t.offset = value if sign == "+" else -value
        t.zone = None
    else:
        begin = cur.pos
        while (cur.char().isascii() and cur.char().isalnum()) or cur.char() in "/_-+":
            if cur.char() == "\0":
                break
            cur.pos += 1
        word = cur.text[begin : cur.pos]
        known = _ABBREVIATIONS.get(word.lower()) if len(word) < 6 else None
        zone = None
        if known is None or word == "UTC":
            zone = _zone_by_name(word)
        if zone is not None:
            t.zone = zone
            t.offset = None
        elif known is not None:
            t.offset = known[0]
            t.zone = None
        else:
            raise _ParseError("The timezone could not be found in the database")
    while parens > 0 and cur.char() == ")":
        cur.pos += 1
        parens -= 1


def _process_year(year: int | None, length: int) -> int | None:
    if year is None or length >= 4:
        return year
    if year < 100:
        return year + (2000 if year < 70 else 1900)
    return year


def _set_relative(cur: _Cursor, amount: int, behavior: int, t: _Parsed, keep_time: bool) -> None:
    unit = cur.relunit()
    if unit is None:
        return
    kind, multiplier = unit
    rel = t.rel
    if kind == "weekday":
        t.have_relative = True
        rel.have_weekday_relative = True
        if not keep_time:
            t.unhave_time()
        rel.d += (amount - 1 if amount > 0 else amount) * 7
        rel.weekday = multiplier
        rel.weekday_behavior = behavior
    elif kind == "special":
        t.have_relative = True
        rel.have_special_relative = True
        if not keep_time:
            t.unhave_time()
        rel.special_type = 1
        rel.special_amount = amount
    else:
        setattr(rel, kind, getattr(rel, kind) + amount * multiplier)


def _time_fields(cur: _Cursor, t: _Parsed, *, seconds_after_dot: bool = True) -> None:
    t.h = cur.nr(2)
    if cur.char() in ":." and cur.char() != "\0":
        t.i = cur.nr(2)
        if cur.char() in (":." if seconds_after_dot else ":") and cur.char() != "\0":
            t.s = cur.nr(2)
            if cur.char() == ".":
                cur.skip_frac()


def _apply_rule(name: str, token: str, t: _Parsed) -> None:
    """The action of timelib's rule ``name`` on the matched ``token``."""
    cur = _Cursor(token)
    rel = t.rel
    if name == "yesterday":
        t.have_relative = True
        t.unhave_time()
        rel.d = -1
    elif name == "now":
        pass
    elif name == "noon":
        t.unhave_time()
        t.have_time_now()
        t.h = 12
    elif name == "midnight":
        t.unhave_time()
    elif name == "tomorrow":
        t.have_relative = True
        t.unhave_time()
        rel.d = 1
    elif name in ("timestamp", "timestampms"):
        t.have_relative = True
        t.have_date = False
        t.y = t.m = t.d = 0
        t.unhave_time()
        t.have_tz()
        seconds = cur.signed_nr(24)
        t.y, t.m, t.d = 1970, 1, 1
        t.h = t.i = t.s = 0
        rel.s += seconds
        t.offset = 0
        t.zone = None
    elif name == "firstlastdayof":
        t.have_relative = True
        rel.first_last_day_of = 2 if token[:1] in "lL" else 1
    elif name == "backfrontof":
        t.unhave_time()
        t.have_time_now()
        hour = cur.nr(2) or 0
        if token[:1] in "bB":
            t.h, t.i = hour, 15
        else:
            t.h, t.i = hour - 1, 45
        if cur.rest():
            cur.eat_spaces()
            t.h += cur.meridian(t.h)
    elif name == "weekdayof":
        t.have_relative = True
        rel.have_special_relative = True
        amount, behavior = cur.relative_text()
        cur.eat_spaces()
        if amount > 0:
            rel.special_type = 2
            _set_relative(cur, amount, 1, t, keep_time=False)
        else:
            rel.special_type = 3
            _set_relative(cur, amount, behavior, t, keep_time=False)
    elif name in ("time12", "mssqltime"):
        t.have_time_now()
        t.h = cur.nr(2)
        if cur.char() in ":." and cur.char() != "\0":
            t.i = cur.nr(2)
            if cur.char() in ":." and cur.char() != "\0":
                t.s = cur.nr(2)
                if name == "mssqltime" and cur.char() in ":." and cur.char() != "\0":
                    cur.skip_frac()
        cur.eat_spaces()
        t.h = (t.h or 0) + cur.meridian(t.h or 0)
    elif name == "time24":
        t.have_time_now()
        _time_fields(cur, t)
        if cur.rest():
            _parse_zone(cur, t)
    elif name == "gnunocolon":
        if t.have_time == 0:
            t.h = cur.nr(2)
            t.i = cur.nr(2)
            t.s = 0
        elif t.have_time == 1:
            t.y = cur.nr(4)
        else:
            raise _ParseError("Double time specification")
        t.have_time += 1
    elif name == "iso8601nocolon":
        t.have_time_now()
        t.h, t.i, t.s = cur.nr(2), cur.nr(2), cur.nr(2)
        if cur.rest():
            _parse_zone(cur, t)
    elif name == "american":
        t.have_date_now()
        t.m, t.d = cur.nr(2), cur.nr(2)
        if cur.char() == "/":
            year, length = cur.nr_ex(4)
            t.y = _process_year(year, length)
    elif name == "iso8601date4":
        t.have_date_now()
        t.y = cur.signed_nr(4)
        t.m, t.d = cur.nr(2), cur.nr(2)
    elif name == "iso8601date2":
        t.have_date_now()
        year, length = cur.nr_ex(4)
        t.m, t.d = cur.nr(2), cur.nr(2)
        t.y = _process_year(year, length)
    elif name == "iso8601datex":
        t.have_date_now()
        t.y = cur.signed_nr(19)
        t.m, t.d = cur.nr(2), cur.nr(2)
    elif name == "gnudateshorter":
        t.have_date_now()
        year, length = cur.nr_ex(4)
        t.m, t.d = cur.nr(2), 1
        t.y = _process_year(year, length)
    elif name == "gnudateshort":
        t.have_date_now()
        year, length = cur.nr_ex(4)
        t.m, t.d = cur.nr(2), cur.nr(2)
        t.y = _process_year(year, length)
    elif name == "datefull":
        t.have_date_now()
        t.d = cur.nr(2)
        cur.skip_day_suffix()
        t.m = cur.month()
        year, length = cur.nr_ex(4)
        t.y = _process_year(year, length)
    elif name == "pointeddate4":
        t.have_date_now()
        t.d, t.m, t.y = cur.nr(2), cur.nr(2), cur.nr(4)
    elif name == "pointeddate2":
        t.have_date_now()
        t.d, t.m = cur.nr(2), cur.nr(2)
        year, length = cur.nr_ex(2)
        t.y = _process_year(year, length)
    elif name == "datenoday":
        t.have_date_now()
        t.m = cur.month()
        year, length = cur.nr_ex(4)
        t.d = 1
        t.y = _process_year(year, length)
    elif name == "datenodayrev":
        t.have_date_now()
        year, length = cur.nr_ex(4)
        t.m = cur.month()
        t.d = 1
        t.y = _process_year(year, length)
    elif name == "datetextual":
        t.have_date_now()
        t.m = cur.month()
        t.d = cur.nr(2)
        year, length = cur.nr_ex(4)
        t.y = _process_year(year, length)
    elif name == "datenoyearrev":
        t.have_date_now()
        t.d = cur.nr(2)
        cur.skip_day_suffix()
        t.m = cur.month()
    elif name == "datenocolon":
        t.have_date_now()
        t.y, t.m, t.d = cur.nr(4), cur.nr(2), cur.nr(2)
    elif name == "xmlrpc":
        t.have_time_now()
        t.have_date_now()
        t.y, t.m, t.d = cur.nr(4), cur.nr(2), cur.nr(2)
        t.h, t.i, t.s = cur.nr(2), cur.nr(2), cur.nr(2)
        if cur.char() == ".":
            cur.pos += 1
            while cur.char() in "0123456789" and cur.char() != "\0":
                cur.pos += 1
            if cur.rest():
                _parse_zone(cur, t)
    elif name == "pgydotd":
        t.have_date_now()
        year, length = cur.nr_ex(4)
        t.d = cur.nr(3)
        t.m = 1
        t.y = _process_year(year, length)
    elif name in ("isoweekday", "isoweek"):
        t.have_date_now()
        t.have_relative = True
        year = cur.nr(4) or 0
        week = cur.nr(2) or 0
        day = (cur.nr(1) or 0) if name == "isoweekday" else 1
        t.y, t.m, t.d = year, 1, 1
        rel.d = _daynr_from_weeknr(year, week, day)
    elif name == "pgtextshort":
        t.have_date_now()
        t.m = cur.month()
        t.d = cur.nr(2)
        year, length = cur.nr_ex(4)
        t.y = _process_year(year, length)
    elif name == "pgtextreverse":
        t.have_date_now()
        year, length = cur.nr_ex(4)
        t.m = cur.month()
        t.d = cur.nr(2)
        t.y = _process_year(year, length)
    elif name == "clf":
        t.have_time_now()
        t.have_date_now()
        t.d = cur.nr(2)
        t.m = cur.month()
        t.y = cur.nr(4)
        t.h, t.i, t.s = cur.nr(2), cur.nr(2), cur.nr(2)
        cur.eat_spaces()
        _parse_zone(cur, t)
    elif name == "year4":
        t.y = cur.nr(4)
    elif name == "ago":
        for part in ("y", "m", "d", "h", "i", "s", "us"):
            setattr(rel, part, -getattr(rel, part))
        rel.weekday = -rel.weekday
        if rel.weekday == 0:
            rel.weekday = -7
        if rel.have_special_relative and rel.special_type == 1:
            rel.special_amount = -rel.special_amount
    elif name == "daytext":
        t.have_relative = True
        rel.have_weekday_relative = True
        t.unhave_time()
        unit = cur.relunit()
        rel.weekday = unit[1] if unit else 0
        if rel.weekday_behavior != 2:
            rel.weekday_behavior = 1
    elif name == "relativetextweek":
        t.have_relative = True
        while cur.rest():
            start = cur.pos
            amount, behavior = cur.relative_text()
            cur.eat_spaces()
            _set_relative(cur, amount, behavior, t, keep_time=False)
            rel.weekday_behavior = 2
            if not rel.have_weekday_relative:
                rel.have_weekday_relative = True
                rel.weekday = 1
            if cur.pos == start:
                break
    elif name == "relativetext":
        t.have_relative = True
        while cur.rest():
            start = cur.pos
            amount, behavior = cur.relative_text()
            cur.eat_spaces()
            _set_relative(cur, amount, behavior, t, keep_time=False)
            if cur.pos == start:
                break
    elif name == "monthtext":
        t.have_date_now()
        t.m = _MONTH_WORDS.get(cur.word().lower(), 0)
    elif name == "tz":
        t.have_tz()
        cur.eat_spaces()
        _parse_zone(cur, t)
    elif name in ("dateshortwithtime12", "dateshortwithtime24"):
        t.have_date_now()
        t.m = cur.month()
        t.d = cur.nr(2)
        t.have_time_now()
        t.h, t.i = cur.nr(2), cur.nr(2)
        if name == "dateshortwithtime12":
            if cur.char() in ":." and cur.char() != "\0":
                t.s = cur.nr(2)
                if cur.char() == ".":
                    cur.skip_frac()
            t.h = (t.h or 0) + cur.meridian(t.h or 0)
        else:
            if cur.char() == ":":
                t.s = cur.nr(2)
                if cur.char() == ".":
                    cur.skip_frac()
            if cur.rest():
                _parse_zone(cur, t)
    elif name == "relative":
        t.have_relative = True
        while cur.rest():
            start = cur.pos
            amount = cur.signed_nr(24)
            cur.eat_spaces()
            _set_relative(cur, amount, 1, t, keep_time=True)
            if cur.pos == start:
                break
    # separator, space and nul tokens change nothing.


def _daynr_from_weeknr(iy: int, iw: int, iwd: int) -> int:
    # Day of the year (0-based, may be negative) of ISO week day `iwd` of week `iw`.
    dow = _day_of_week(iy, 1, 1)
    day = 0 - (dow - 7 if dow > 4 else dow)
    return day + ((iw - 1) * 7) + iwd


def _scan(text: str) -> _Parsed:
    t = _Parsed()
    padded = text + "\0"
    end = len(text)
    pos = 0
    while pos < end:
        best_name = ""
        best_len = 0
        for name, rx in _RULES:
            first = rx.match(padded, pos)
            if first is None:
                continue
            # re2c takes the longest match of each rule; Python's is the first.
            length = len(padded) - pos
            while length > first.end() - pos and not rx.fullmatch(padded, pos, pos + length):
                length -= 1
            if length > best_len:
                best_name, best_len = name, length
        if best_len == 0:
            raise _ParseError("Unexpected character")
        with contextlib.suppress(_SkipToken):
            _apply_rule(best_name, padded[pos : pos + best_len], t)
        pos += best_len
    return t


def _range_limit(start: int, end: int, adj: int, a: int, b: int) -> tuple[int, int]:
    if a < start:
        steps = (start - a - 1) // adj + 1
        b -= steps
        a += adj * steps
    if a >= end:
        b += a // adj
        a -= adj * (a // adj)
    return a, b


def _range_limit_days(y: int, m: int, d: int) -> tuple[int, int, int, bool]:
    if abs(d) >= 146097:
        eras = abs(d) // 146097 * (1 if d > 0 else -1)
        y += 400 * eras
        d -= 146097 * eras
    m, y = _range_limit(1, 13, 12, m, y)
    leap = _is_leap(y)
    changed = False
    while d <= 0 and m > 0:
        prev_m, prev_y = m - 1, y
        if prev_m < 1:
            prev_m, prev_y = prev_m + 12, y - 1
        d += _days_in_month(prev_y, prev_m)
        m -= 1
        changed = True
    while d > 0 and m <= 12 and d > (29 if m == 2 and leap else _DAYS_IN_MONTH[m]):
        d -= 29 if m == 2 and leap else _DAYS_IN_MONTH[m]
        m += 1
        changed = True
    return y, m, d, changed


@dataclass
class _Fields:
    y: int
    m: int
    d: int
    h: int
    i: int
    s: int

    def normalize(self) -> None:
        self.s, self.i = _range_limit(0, 60, 60, self.s, self.i)
        self.i, self.h = _range_limit(0, 60, 60, self.i, self.h)
        self.h, self.d = _range_limit(0, 24, 24, self.h, self.d)
        self.m, self.y = _range_limit(1, 13, 12, self.m, self.y)
        if self.y == 1970 and self.m == 1:
            self.y, self.m, self.d = _civil_from_days(self.d - 1)
            return
        changed = True
        while changed:
            self.y, self.m, self.d, changed = _range_limit_days(self.y, self.m, self.d)
        self.m, self.y = _range_limit(1, 13, 12, self.m, self.y)


def _adjust_for_weekday(f: _Fields, rel: _Relative) -> None:
    current = _day_of_week(f.y, f.m, f.d)
    if rel.weekday_behavior == 2:
        weekday = rel.weekday
        if current == 0 and weekday != 0:
            weekday -= 7
        if weekday == 0 and current != 0:
            weekday = 7
        f.d += weekday - current
        return
    difference = rel.weekday - current
    if (rel.d < 0 and difference < 0) or (rel.d >= 0 and difference <= -rel.weekday_behavior):
        difference += 7
    if rel.weekday >= 0:
        f.d += difference
    else:
        f.d -= 7 - (abs(rel.weekday) - current)
    rel.have_weekday_relative = False


def _adjust_special_weekdays(f: _Fields, count: int) -> None:
    dow = _day_of_week(f.y, f.m, f.d)
    weeks = abs(count) // 5 * (1 if count >= 0 else -1)
    rem = count - weeks * 5
    f.d += weeks * 7
    if count > 0:
        if rem == 0:
            if dow == 0:
                f.d -= 2
            elif dow == 6:
                f.d -= 1
        elif dow == 6:
            f.d += 1
        elif dow + rem > 5:
            f.d += 2
    else:
        if rem == 0:
            if dow == 6:
                f.d += 2
            elif dow == 0:
                f.d += 1
        elif dow == 0:
            f.d -= 1
        elif dow + rem < 1:
            f.d -= 2
    f.d += rem


def _resolve(t: _Parsed, now_utc: datetime) -> tuple[int, ZoneInfo | None, int]:
    """Fill the holes from ``now`` and apply the relative parts (timelib_fill_holes and
    timelib_update_ts). Returns (Unix time, zone of the input, fixed offset)."""
    if t.have_date and not t.have_time:
        t.h = t.i = t.s = 0
    f = _Fields(
        now_utc.year if t.y is None else t.y,
        now_utc.month if t.m is None else t.m,
        now_utc.day if t.d is None else t.d,
        now_utc.hour if t.h is None else t.h,
        now_utc.minute if t.i is None else t.i,
        now_utc.second if t.s is None else t.s,
    )
    rel = t.rel
    # Microseconds come from now only when no date or time field was given.
    given = (t.y, t.m, t.d, t.h, t.i, t.s)
    base_us = now_utc.microsecond if all(v is None for v in given) else 0

    # Early specials: nth/last weekday of a month, and first/last day of.
    if rel.have_special_relative and rel.special_type in (2, 3):
        f.d = 1
        f.m += rel.m + (1 if rel.special_type == 3 else 0)
        rel.m = 0
    if rel.first_last_day_of == 1:
        f.d = 1
    elif rel.first_last_day_of == 2:
        f.d = 0
        f.m += 1
    f.normalize()

    if rel.have_weekday_relative:
        _adjust_for_weekday(f, rel)
    f.normalize()
    if t.have_relative:
        f.s += rel.s + (base_us + rel.us) // 1_000_000
        f.i += rel.i
        f.h += rel.h
        f.d += rel.d
        f.m += rel.m
        f.y += rel.y
    if rel.first_last_day_of == 1:
        f.d = 1
    elif rel.first_last_day_of == 2:
        f.d = 0
        f.m += 1
    f.normalize()

    if rel.have_special_relative and rel.special_type == 1:
        _adjust_special_weekdays(f, rel.special_amount)
    f.normalize()

    local = _days_from_civil(f.y, f.m, f.d) * 86400 + f.h * 3600 + f.i * 60 + f.s
    if t.zone is not None:
        offset = _zone_offset_for_local(t.zone, f)
        return local - offset, t.zone, offset
    offset = t.offset or 0
    return local - offset, None, offset


def _zone_offset_for_local(zone: ZoneInfo, f: _Fields) -> int:
    if 1 <= f.y <= 9999:
        wall = datetime(f.y, f.m, f.d, f.h, f.i, f.s)
    else:
        wall = datetime(1 if f.y < 1 else 9999, 1, 1)
    delta = wall.replace(tzinfo=zone).utcoffset()
    return int(delta.total_seconds()) if delta else 0


def _as_utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


def parse_unix(text: str, now: datetime) -> int | None:
    """The Unix time PHP's ``new DateTime(text, UTC)`` gives, with ``now`` as the current
    time; ``None`` where PHP throws. Accepts any year; a blank text means ``now``."""
    text = text.strip(" \t\n\r\v\f") or "now"
    if len(text) > MAX_INPUT_LENGTH:
        return None
    try:
        parsed = _scan(text)
        unix, _zone, _offset = _resolve(parsed, _as_utc(now))
    except _ParseError:
        return None
    return unix


_MIN_UNIX: Final = _days_from_civil(1, 1, 1) * 86400
_MAX_UNIX: Final = _days_from_civil(10000, 1, 1) * 86400 - 1


def parse_datetime(text: str, now: datetime) -> datetime | None:
    """The date/time argument of ``#time``, read as PHP's ``new DateTime(text, UTC)`` reads
    it: an aware datetime in UTC, or ``None`` when PHP would throw (MediaWiki then prints
    :data:`INVALID_TIME_MESSAGE`) or the year is outside 1..9999.

    ``now`` is the current time (a naive value counts as UTC); relative forms count from
    it, and a blank text is ``now`` itself (whole seconds). Supported: ``now``, ``today``,
    ``midnight``, ``noon``, ``tomorrow``, ``yesterday``, ``@unix``, ISO dates and times
    (``2024-01-31``, ``2024-01-31T10:00:00Z``, ``…+05:30``), MediaWiki timestamps
    (``20240131100000``), ``Y-m``, ``31 January 2024``, ``January 31, 2024``,
    ``Jan 2024``, ``12/31/2024``, ``31.12.2024``, times with ``am``/``pm``, weekday names,
    ``+1 day``, ``-2 weeks``, ``3 months ago``, ``next monday``, ``last week``,
    ``first day of``/``last day of``, ``first monday of january 2024``, ``+2 weekdays``,
    time zone offsets, abbreviations and identifiers: timelib's whole token grammar, with
    the limits listed in the module docstring.
    """
    unix = parse_unix(text, now)
    if unix is None or not _MIN_UNIX <= unix <= _MAX_UNIX:
        return None
    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=unix)


def _moment_in_zone(unix: int, zone: tzinfo) -> _Moment:
    """The wall-clock time of ``unix`` in ``zone``, for any year."""
    clamped = min(max(unix, _MIN_UNIX + 86400 * 2), _MAX_UNIX - 86400 * 2)
    probe = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=clamped)
    local = probe.astimezone(zone)
    delta = local.utcoffset() or timedelta(0)
    offset = int(delta.total_seconds())
    tz_id, tz_abbr = _zone_names(zone, local, offset)
    days, secs = divmod(unix + offset, 86400)
    y, m, d = _civil_from_days(days)
    return _Moment(
        y,
        m,
        d,
        secs // 3600,
        secs // 60 % 60,
        secs % 60,
        offset,
        tz_id,
        tz_abbr,
        bool(local.dst()),
        unix,
    )


def _error(message: str) -> str:
    return '<strong class="error">' + message + "</strong>"


def time_function(
    fmt: str, date: str, *, now: datetime, local: bool = False, language: str = "en"
) -> str:
    """``{{#time:fmt|date|language|local}}`` (and ``{{#timel:}}`` with ``local=True``).

    ``date`` is parsed in UTC (an empty one means ``now``); the result is shown in UTC, or,
    when ``local``, in the wiki's time zone, which is ``now``'s (UTC for a naive ``now``).
    Errors come back as MediaWiki renders them: ``<strong class="error">…</strong>`` with
    :data:`INVALID_TIME_MESSAGE`, :data:`TOO_SMALL_MESSAGE` (years before 0) or
    :data:`TOO_BIG_MESSAGE` (years after 9999).
    """
    date = date.strip()
    now_utc = _as_utc(now)
    if date == "":
        today = _days_from_civil(now_utc.year, now_utc.month, now_utc.day)
        seconds = now_utc.hour * 3600 + now_utc.minute * 60 + now_utc.second
        unix: int | None = today * 86400 + seconds
    else:
        # A bare four-digit number would read as a time of day.
        if re.fullmatch(r"[0-9]{4}", date):
            date = "00:00 " + date
        unix = parse_unix(date, now_utc)
    if unix is None:
        return _error(INVALID_TIME_MESSAGE)
    zone: tzinfo = timezone.utc
    if local and now.tzinfo is not None and now.utcoffset() is not None:
        zone = now.tzinfo
    moment = _moment_in_zone(unix, zone)
    if moment.year < 0:
        return _error(TOO_SMALL_MESSAGE)
    if moment.year > 9999:
        return _error(TOO_BIG_MESSAGE)
    return _format_moment(fmt, moment, LANGUAGES.get(language, ENGLISH))
