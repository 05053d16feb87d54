"""What the moved-page stage needs from the rest of citecheck, typed as protocols.

The stage reads the archive through the archive checker (so its index requests share
the archive's rate limits and outage watch), fetches sites' own lists through the run's
HTTP engine, and leaves the verdict on a candidate to the link check itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from citecheck.archive.cdx import CdxClient
from citecheck.archive.interface import ArchiveHttp
from citecheck.archive.memo import RequestTally
from citecheck.models import LinkResult, TitleMatch
from citecheck.net.types import FetchResult


@runtime_checkable
class ArchiveIndex(Protocol):
    """The part of ``citecheck.archive.ArchiveChecker`` the stage reads."""

    @property
    def http(self) -> ArchiveHttp: ...

    @property
    def base_url(self) -> str: ...

    @property
    def outage(self) -> str | None: ...

    def index(self, tally: RequestTally) -> CdxClient: ...


class SiteFetch(Protocol):
    """``citecheck.net.client.HttpClient.fetch`` as the stage calls it."""

    def __call__(self, url: str, *, max_bytes: int | None = None,
                 retries: int | None = None) -> FetchResult: ...


@dataclass(frozen=True)
class Verification:
    """A candidate URL checked live like a cited link: its link result and how its
    title compares with the cited one."""

    link: LinkResult
    match: TitleMatch
    score: float | None

    @property
    def confirmed(self) -> bool:
        """Live (not an error, soft-404, parked or home page) and titled as cited."""
        return self.link.status.is_live() and self.match is TitleMatch.MATCH


# Checks one candidate URL for the reference being searched for.
Verify = Callable[[str], Verification]
