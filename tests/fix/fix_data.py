"""Hand-built results for the planner tests: the planner is a pure function of them."""

from __future__ import annotations

import os
from pathlib import Path

from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    LinkResult,
    LinkStatus,
    Reference,
    Result,
    TitleMatch,
    TitleResult,
    Verdict,
)

DATA = Path(__file__).resolve().parent.parent / "data"
UPDATE = os.environ.get("CITECHECK_UPDATE_GOLDEN") == "1"

_HTTP = {LinkStatus.NOT_FOUND: 404, LinkStatus.LIVE: 200, LinkStatus.BLOCKED: 403}


def read_data(name: str) -> str:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def capture(url: str, timestamp: str = "20180427093000", match: TitleMatch = TitleMatch.MATCH,
            status: ArchiveStatus = ArchiveStatus.SUGGESTED) -> ArchiveResult:  # fmt: skip
    return ArchiveResult(
        status=status,
        url=f"https://web.archive.org/web/{timestamp}/{url}",
        timestamp=timestamp,
        title="Cited title",
        title_match=match,
    )


def broken_capture(url: str, timestamp: str = "20180427093000",
                   match: TitleMatch = TitleMatch.MATCH) -> ArchiveResult:  # fmt: skip
    """A cited copy found broken, and the usable capture of ``url`` found instead (as
    the archive checker reports them)."""
    return ArchiveResult(
        status=ArchiveStatus.BROKEN,
        url="http://web.archive.org/web/1/broken-copy",
        reason="capture of an error page",
        replacement=capture(url, timestamp, match),
    )


def result(
    ref: Reference,
    verdict: Verdict = Verdict.DEAD,
    link: LinkStatus = LinkStatus.NOT_FOUND,
    archive: ArchiveResult | None = None,
) -> Result:
    return Result(
        reference=ref,
        verdict=verdict,
        reasons=(f"link {link.value}",),
        link=LinkResult(status=link, http_status=_HTTP.get(link), attempts=1),
        title=TitleResult(cited=ref.title),
        archive=archive if archive is not None else ArchiveResult(),
    )


def dead_with_capture(ref: Reference, timestamp: str = "20180427093000") -> Result:
    assert ref.url is not None
    return result(ref, archive=capture(ref.url, timestamp))
