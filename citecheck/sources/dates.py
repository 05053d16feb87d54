"""Dates as citers write them: recognise the style, convert to ISO 8601, write back.

Wikipedia articles use one of a few styles (``27 April 2018``, ``April 27, 2018``,
``2018-04-27``, with full or abbreviated month names). Readers turn full dates into
ISO so later stages can compare them; ``fix`` writes new dates in the style the
article already uses.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import cache

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NUMBER.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)})
_MONTH_NUMBER["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))


class DateStyle(StrEnum):
    ISO = "iso"  # 2018-04-27
    DMY = "dmy"  # 27 April 2018
    MDY = "mdy"  # April 27, 2018
    DMY_SHORT = "dmy-short"  # 27 Apr 2018
    MDY_SHORT = "mdy-short"  # Apr 27, 2018


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY = re.compile(rf"(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})", re.IGNORECASE)
_MDY = re.compile(rf"({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"({_MONTH_RE})\.?,?\s+(\d{{4}})", re.IGNORECASE)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")


def _full_month(token: str) -> bool:
    return token.rstrip(".").lower() in {m.lower() for m in MONTHS}


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_full_date(text: str) -> tuple[date, DateStyle] | None:
    """The day and the style of a complete date, or ``None`` for anything else."""
    value = text.strip()
    if m := _ISO.fullmatch(value):
        day = _valid(int(m[1]), int(m[2]), int(m[3]))
        return (day, DateStyle.ISO) if day else None
    if m := _DMY.fullmatch(value):
        day = _valid(int(m[3]), _MONTH_NUMBER[m[2].lower()], int(m[1]))
        style = DateStyle.DMY if _full_month(m[2]) else DateStyle.DMY_SHORT
        return (day, style) if day else None
    if m := _MDY.fullmatch(value):
        day = _valid(int(m[3]), _MONTH_NUMBER[m[1].lower()], int(m[2]))
        style = DateStyle.MDY if _full_month(m[1]) else DateStyle.MDY_SHORT
        return (day, style) if day else None
    return None


def to_iso(text: str | None) -> str | None:
    """ISO 8601 for a full date, a month (``2018-04``) or a year; other text unchanged.

    Dates written in the other languages' styles (``1. Januar 2020``, ``1er février
    2020``, ``15 de enero de 2020``, ``15 يناير 2020``, ``15.01.2020``, ``2019/04/18``) and capture
    timestamps (``20080614163824``) are read too. Text that is not a recognisable
    date (``n.d.``, ``Spring 2018``) is kept as the citer wrote it rather than guessed at.
    """
    if text is None:
        return None
    parsed = parse_full_date(text)
    if parsed:
        return parsed[0].isoformat()
    value = text.strip().translate(_ARABIC_DIGITS)
    if foreign := _foreign_date(value):
        return foreign
    if m := _MONTH_YEAR.fullmatch(value):
        return f"{m[2]}-{_MONTH_NUMBER[m[1].lower()]:02d}"
    if (m := _ISO_MONTH.fullmatch(value)) and 1 <= int(m[2]) <= 12:
        return value
    if _YEAR.fullmatch(value):
        return value
    return value


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMERIC_DMY = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")  # 15.01.2020 (de)
_SLASHED_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")  # 2019/04/18
_TIMESTAMP = re.compile(r"\d{8}(?:\d{6})?")


@cache
def _foreign_months() -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern for "day month year" in every language the citation data knows
    (with the German "1.", French "1er", Italian "1º", Spanish "de"), and its months."""
    from citecheck.sources.cs1 import month_names  # the vocabulary is data there

    numbers: dict[str, int] = {}
    for names in month_names().values():
        for index, name in enumerate(names):
            numbers[name.lower()] = index + 1
            if len(name) > 4 and name.isascii():
                # Three-letter abbreviations ("Okt.", "gen."); none for "févr.".
                numbers[name[:3].lower()] = index + 1
    months = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
    pattern = re.compile(
        rf"(\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?({months})\.?,?\s+(?:de\s+)?(\d{{4}})",
        re.IGNORECASE,
    )
    return pattern, numbers


def _foreign_date(value: str) -> str | None:
    day: date | None = None
    pattern, numbers = _foreign_months()
    if m := pattern.fullmatch(value):
        day = _valid(int(m[3]), numbers[m[2].lower()], int(m[1]))
    elif m := _NUMERIC_DMY.fullmatch(value):
        day = _valid(int(m[3]), int(m[2]), int(m[1]))
    elif m := _SLASHED_YMD.fullmatch(value):
        day = _valid(int(m[1]), int(m[2]), int(m[3]))
    elif _TIMESTAMP.fullmatch(value):
        day = date_from_timestamp(value)
    return day.isoformat() if day else None


def format_date(day: date, style: DateStyle) -> str:
    name = MONTHS[day.month - 1]
    if style in (DateStyle.DMY_SHORT, DateStyle.MDY_SHORT):
        # Wikipedia's abbreviated style keeps four-letter months whole ("June", "July").
        name = name if len(name) <= 4 else name[:3]
    if style in (DateStyle.DMY, DateStyle.DMY_SHORT):
        return f"{day.day} {name} {day.year}"
    if style in (DateStyle.MDY, DateStyle.MDY_SHORT):
        return f"{name} {day.day}, {day.year}"
    return day.isoformat()


def date_from_timestamp(timestamp: str | None) -> date | None:
    """The day of a Wayback-style ``YYYYMMDDhhmmss`` timestamp (at least 8 digits)."""
    if not timestamp or len(timestamp) < 8 or not timestamp[:8].isdigit():
        return None
    return _valid(int(timestamp[:4]), int(timestamp[4:6]), int(timestamp[6:8]))
