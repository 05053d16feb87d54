"""Time as the history sees it: injected, so tests can simulate a month without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

# Timestamps are stored as fixed-width UTC text so that SQL string order is time order.
_STORED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def to_stored(moment: datetime) -> str:
    """Format an aware datetime the way the store keeps it (UTC, whole seconds)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store only takes timezone-aware times")
    return moment.astimezone(UTC).strftime(_STORED_FORMAT)


def from_stored(text: str) -> datetime:
    return datetime.strptime(text, _STORED_FORMAT).replace(tzinfo=UTC)
