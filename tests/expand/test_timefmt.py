"""#time / #timel: Language::sprintfDate codes, PHP DateTime parsing, ParserFunctions::time."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikikit.expand import timefmt
from wikikit.expand.timefmt import (
    INVALID_TIME_MESSAGE,
    TOO_BIG_MESSAGE,
    TOO_SMALL_MESSAGE,
    DateNames,
    format_date,
    hebrew_numeral,
    parse_datetime,
    roman_numeral,
    time_function,
)

UTC = timezone.utc
# A Friday afternoon in a leap year.
WHEN = datetime(2024, 1, 5, 14, 7, 9, tzinfo=UTC)
# "Now" for the parsing tests: Wednesday 2 December 2026, 18:33:58 UTC.
NOW = datetime(2026, 12, 2, 18, 33, 58, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Y", "2024"),
        ("y", "24"),
        ("L", "1"),
        ("n", "1"),
        ("m", "01"),
        ("M", "Jan"),
        ("F", "January"),
        ("xg", "January"),
        ("j", "5"),
        ("d", "05"),
        ("z", "4"),
        ("D", "Fri"),
        ("l", "Friday"),
        ("N", "5"),
        ("w", "5"),
        ("W", "01"),
        ("o", "2024"),
        ("t", "31"),
        ("a", "pm"),
        ("A", "PM"),
        ("g", "2"),
        ("h", "02"),
        ("G", "14"),
        ("H", "14"),
        ("i", "07"),
        ("s", "09"),
        ("U", str(calendar.timegm((2024, 1, 5, 14, 7, 9)))),
        ("c", "2024-01-05T14:07:09+00:00"),
        ("r", "Fri, 05 Jan 2024 14:07:09 +0000"),
        ("e", "UTC"),
        ("T", "UTC"),
        ("O", "+0000"),
        ("P", "+00:00"),
        ("Z", "0"),
        ("I", "0"),
    ],
)
def test_format_codes(code: str, expected: str) -> None:
    assert format_date(code, WHEN) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("j F Y", "5 January 2024"),
        ("\\Y", "Y"),
        ('"Y-m" Y', "Y-m 2024"),
        ('Y"', '2024"'),
        ('"', '"'),
        ("Y\\", "2024\\"),
        ("xx", "x"),
        ("x", "x"),
        # "x" and an unknown letter print the letter alone.
        ("xQ", "Q"),
        ("S", "S"),
        ("Y年", "2024年"),
        ("xrY", "MMXXIV"),
        # The roman flag waits for the next numeric code.
        ("xrF Y", "January MMXXIV"),
        ("xrj Y", "V 2024"),
        ("xhj", "ה'"),
        ("xhY", "ב'כ\"ד"),
        ("xkY", "2567"),
        ("xoY", "113"),
        ("xtY", "令和6"),
        # Unsupported calendar codes print nothing.
        ("[xiY]", "[]"),
        ("[xjF]", "[]"),
        ("[xmn]", "[]"),
    ],
)
def test_format_syntax(fmt: str, expected: str) -> None:
    assert format_date(fmt, WHEN) == expected


def test_japanese_era_boundaries() -> None:
    assert format_date("xtY", datetime(2019, 5, 1, tzinfo=UTC)) == "令和元"
    assert format_date("xtY", datetime(2019, 4, 30, tzinfo=UTC)) == "平成31"
    assert format_date("xtY", datetime(1989, 1, 7, tzinfo=UTC)) == "昭和64"
    assert format_date("xtY", datetime(1800, 1, 1, tzinfo=UTC)) == "西暦1800"


def test_iso_week_edges() -> None:
    assert format_date("o-W-N", datetime(2021, 1, 3, tzinfo=UTC)) == "2020-53-7"
    assert format_date("o-W-N", datetime(2024, 12, 30, tzinfo=UTC)) == "2025-01-1"


def test_time_zone_codes() -> None:
    summer = datetime(2024, 7, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert format_date("e|T|O|P|Z|I", summer) == "Europe/Berlin|CEST|+0200|+02:00|7200|1"
    fixed = datetime(2024, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    # PHP 8.2 names a fixed-offset zone "+05:30" ('e') and "GMT+0530" ('T').
    assert format_date("e|T|O|Z", fixed) == "+05:30|GMT+0530|+0530|19800"
    assert format_date("U", fixed) == str(calendar.timegm((2024, 3, 5, 4, 30, 0)))


def test_naive_datetime_is_utc() -> None:
    assert format_date("U e", datetime(1970, 1, 2)) == "86400 UTC"


def test_language_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    arabic = DateNames(
        months=timefmt.ENGLISH.months,
        months_genitive=timefmt.ENGLISH.months_genitive,
        months_abbrev=timefmt.ENGLISH.months_abbrev,
        weekdays=timefmt.ENGLISH.weekdays,
        weekdays_abbrev=timefmt.ENGLISH.weekdays_abbrev,
        digits="٠١٢٣٤٥٦٧٨٩",
    )
    monkeypatch.setitem(timefmt.LANGUAGES, "xx-digits", arabic)
    assert format_date("Y", WHEN, language="xx-digits") == "٢٠٢٤"
    # xn: the next number raw; xN toggles raw numbers until toggled off.
    assert format_date("xnY Y", WHEN, language="xx-digits") == "2024 ٢٠٢٤"
    assert format_date("xNY dxN m", WHEN, language="xx-digits") == "2024 05 ٠١"
    # Unknown languages use English names and digits.
    assert format_date("F Y", WHEN, language="zz") == "January 2024"


def test_numerals() -> None:
    assert roman_numeral(1999) == "MCMXCIX"
    assert roman_numeral(10000) == "MMMMMMMMMM"
    assert roman_numeral(10001) == "10001"
    assert roman_numeral(0) == "0"
    assert hebrew_numeral(15) == 'ט"ו'
    assert hebrew_numeral(16) == 'ט"ז'
    assert hebrew_numeral(1000) == "א' אלף"
    assert hebrew_numeral(5000) == "ה' אלפים"
    assert hebrew_numeral(20) == "כ'"
    assert hebrew_numeral(5784) == "ה'תשפ\"ד"


def _utc(y: int, m: int, d: int, h: int = 0, i: int = 0, s: int = 0) -> datetime:
    return datetime(y, m, d, h, i, s, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        # A blank date is "now", as #time treats it.
        ("", NOW),
        ("  ", NOW),
        ("today", _utc(2026, 12, 2)),
        ("midnight", _utc(2026, 12, 2)),
        ("noon", _utc(2026, 12, 2, 12)),
        ("tomorrow", _utc(2026, 12, 3)),
        ("yesterday noon", _utc(2026, 12, 1, 12)),
        ("tomorrow 10:00", _utc(2026, 12, 3, 10)),
        ("@86400", _utc(1970, 1, 2)),
        ("@-86400", _utc(1969, 12, 31)),
        ("2024-01-15", _utc(2024, 1, 15)),
        ("2024-01-15 10:30:45", _utc(2024, 1, 15, 10, 30, 45)),
        ("2024-01-15T10:30:45Z", _utc(2024, 1, 15, 10, 30, 45)),
        ("2024-01-15T10:30:45+05:30", _utc(2024, 1, 15, 5, 0, 45)),
        ("2024-01-15T10:30:45-0800", _utc(2024, 1, 15, 18, 30, 45)),
        ("20240115103000", _utc(2024, 1, 15, 10, 30)),
        ("20240115", _utc(2024, 1, 15)),
        ("2024-01", _utc(2024, 1, 1)),
        # Day overflow rolls into the next month.
        ("2024-02-30", _utc(2024, 3, 1)),
        ("15 January 2024", _utc(2024, 1, 15)),
        ("15th January 2024", _utc(2024, 1, 15)),
        ("January 15, 2024", _utc(2024, 1, 15)),
        ("Jan 15, 2024", _utc(2024, 1, 15)),
        ("January 2024", _utc(2024, 1, 1)),
        ("Jan 2024", _utc(2024, 1, 1)),
        ("2024 January", _utc(2024, 1, 1)),
        ("March 5", _utc(2026, 3, 5)),
        ("5 March", _utc(2026, 3, 5)),
        ("12/25/2024", _utc(2024, 12, 25)),
        ("25.12.2024", _utc(2024, 12, 25)),
        ("10pm", _utc(2026, 12, 2, 22)),
        ("10:30 PM", _utc(2026, 12, 2, 22, 30)),
        ("12am", _utc(2026, 12, 2)),
        ("+1 day", _utc(2026, 12, 3, 18, 33, 58)),
        ("-2 weeks", _utc(2026, 11, 18, 18, 33, 58)),
        ("+1 month", _utc(2027, 1, 2, 18, 33, 58)),
        ("1 week ago", _utc(2026, 11, 25, 18, 33, 58)),
        ("1 year 2 months ago", _utc(2025, 10, 2, 18, 33, 58)),
        # 31 January + 1 month = 31 February = 2 March (2024 is a leap year).
        ("31 January 2024 +1 month", _utc(2024, 3, 2)),
        ("next monday", _utc(2026, 12, 7)),
        ("monday", _utc(2026, 12, 7)),
        ("wednesday", _utc(2026, 12, 2)),
        ("next wednesday", _utc(2026, 12, 9)),
        ("last monday", _utc(2026, 11, 30)),
        ("this week", _utc(2026, 11, 30, 18, 33, 58)),
        ("monday next week", _utc(2026, 12, 7)),
        ("first day of next month", _utc(2027, 1, 1, 18, 33, 58)),
        ("last day of next month", _utc(2027, 1, 31, 18, 33, 58)),
        ("last day of february 2024", _utc(2024, 2, 29)),
        ("first monday of january 2024", _utc(2024, 1, 1)),
        ("last friday of january 2024", _utc(2024, 1, 26)),
        ("+3 weekdays", _utc(2026, 12, 7, 18, 33, 58)),
        ("2024-01-15 10:00 EST", _utc(2024, 1, 15, 15)),
        ("2024-07-15 10:00 America/New_York", _utc(2024, 7, 15, 14)),
        ("2024-01-15 10:00 GMT+2", _utc(2024, 1, 15, 8)),
        ("2024-W05", _utc(2024, 1, 29)),
        ("foo", None),
        ("2024-13-01", None),
        ("2024-01-15 foo", None),
        ("10:00 10:00", None),
        ("9999-12-31 +1 day", None),
    ],
)
def test_parse_datetime(text: str, expected: datetime | None) -> None:
    assert parse_datetime(text, NOW) == expected


def test_parse_with_naive_and_zoned_now() -> None:
    assert parse_datetime("today", datetime(2026, 12, 2, 18, 0)) == _utc(2026, 12, 2)
    berlin_now = datetime(2026, 12, 3, 0, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    # The date is read in UTC, where it is still 2 December.
    assert parse_datetime("today", berlin_now) == _utc(2026, 12, 2)


def _error(message: str) -> str:
    return f'<strong class="error">{message}</strong>'


def test_time_function() -> None:
    assert time_function("Y-m-d H:i:s", "", now=NOW) == "2026-12-02 18:33:58"
    assert time_function("j F Y", "2024-01-15", now=NOW) == "15 January 2024"
    # A bare year: MediaWiki prefixes "00:00 " so that it is not read as a time.
    assert time_function("Y-m-d H:i", "2024", now=NOW) == "2024-12-02 00:00"
    assert time_function("Y-m-d", "1999", now=NOW) == "1999-12-02"
    assert time_function("Y", "  2001-02-03  ", now=NOW) == "2001"
    assert time_function("Y", "foo", now=NOW) == _error(INVALID_TIME_MESSAGE)
    assert time_function("Y", "0000-06-01", now=NOW) == "0000"
    assert time_function("Y", "-0001-06-01", now=NOW) == _error(TOO_SMALL_MESSAGE)
    assert time_function("Y", "9999-12-31 +1 day", now=NOW) == _error(TOO_BIG_MESSAGE)
    assert INVALID_TIME_MESSAGE == "Error: Invalid time."


def test_time_function_local() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 7, 2, 18, 0, tzinfo=berlin)
    assert time_function("H e", "", now=now) == "16 UTC"
    assert time_function("H e", "", now=now, local=True) == "18 Europe/Berlin"
    # An explicit date is read in UTC and shown in the local zone.
    assert time_function("H T", "2024-01-01 12:00", now=now, local=True) == "13 CET"
    assert time_function("H", "2024-01-01 12:00", now=now) == "12"
    # A naive "now" means the wiki runs on UTC.
    assert time_function("H e", "", now=datetime(2026, 7, 2, 18), local=True) == "18 UTC"


moments = st.datetimes(
    min_value=datetime(1, 1, 3), max_value=datetime(9999, 12, 29), timezones=st.just(UTC)
)


@given(moments)
def test_codes_agree_with_python_calendar(when: datetime) -> None:
    iso = when.isocalendar()
    expected = "|".join(
        [
            when.strftime("%Y-%m-%d %H:%M:%S") if when.year >= 1000 else "",
            f"{iso[1]:02d}",
            str(iso[0]),
            str(iso[2]),
            str(when.timetuple().tm_yday - 1),
            str(calendar.monthrange(when.year, when.month)[1]),
            "1" if calendar.isleap(when.year) else "0",
            str(calendar.timegm(when.timetuple())),
        ]
    )
    head = "Y-m-d H:i:s" if when.year >= 1000 else ""
    assert format_date(head + "|W|o|N|z|t|L|U", when) == expected


@given(moments)
def test_iso_text_round_trips(when: datetime) -> None:
    text = f"{when.year:04d}-{when.month:02d}-{when.day:02d} {when:%H:%M:%S}"
    assert parse_datetime(text, NOW) == when.replace(microsecond=0)


@given(st.text(max_size=40))
def test_parsing_never_raises(text: str) -> None:
    result = parse_datetime(text, NOW)
    assert result is None or result.tzinfo is UTC


@given(st.text(max_size=40))
def test_formatting_never_raises(fmt: str) -> None:
    assert isinstance(format_date(fmt, WHEN), str)
