"""Wayback timestamps (``YYYYMMDDhhmmss``) and the citation dates they are compared with."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_DIGITS = re.compile(r"^\d{4,14}$")
# Citation dates come from many sources: ISO 8601 (references.json), the CS1 forms
# ("27 April 2018", "April 27, 2018"), and year/month only.
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m",
    "%Y",
    "%d %B %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%B %Y",
    "%b %Y",
    "%Y/%m/%d",
)


def is_timestamp(text: str) -> bool:
    return bool(_DIGITS.match(text))


def pad(timestamp: str) -> str:
    """A 4–14 digit timestamp as 14 digits, at the start of the period it names."""
    if not is_timestamp(timestamp):
        raise ValueError(f"not a Wayback timestamp: {timestamp!r}")
    # Months and days start at 01, hours and below at 00.
    template = "00000101000000"
    return timestamp + template[len(timestamp):]


def to_datetime(timestamp: str) -> datetime:
    return datetime.strptime(pad(timestamp), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def from_datetime(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def parse_citation_date(text: str | None) -> datetime | None:
    """The moment a citation date names (start of day, UTC), or None if it cannot be read."""
    if not text:
        return None
    value = text.strip()
    # Full ISO 8601 with a time, as some tools write access dates.
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is not None:
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return day.replace(tzinfo=UTC)
    return None


def citation_timestamp(text: str | None) -> str | None:
    moment = parse_citation_date(text)
    return None if moment is None else from_datetime(moment)


def from_http_date(value: str | None) -> str | None:
    """A ``Memento-Datetime`` (RFC 1123) header as a 14-digit timestamp."""
    if not value:
        return None
    try:
        return from_datetime(parsedate_to_datetime(value))
    except (TypeError, ValueError):
        return None


def days_between(a: str, b: str) -> float:
    return abs((to_datetime(a) - to_datetime(b)).total_seconds()) / 86400.0


def iso_day(timestamp: str) -> str:
    return to_datetime(timestamp).date().isoformat()
