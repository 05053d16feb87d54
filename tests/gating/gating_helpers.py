"""Tiny reports for gating tests: one result per (id, url, verdict, archive status)."""

from __future__ import annotations

from citecheck.models import (
    ArchiveResult,
    ArchiveStatus,
    LinkResult,
    LinkStatus,
    Location,
    Reference,
    Report,
    Result,
    TitleResult,
    Verdict,
)

_LINK = {
    Verdict.OK: LinkStatus.LIVE,
    Verdict.DEAD: LinkStatus.NOT_FOUND,
    Verdict.MISMATCH: LinkStatus.LIVE,
    Verdict.UNREACHABLE: LinkStatus.TIMEOUT,
    Verdict.BLOCKED: LinkStatus.BLOCKED,
    Verdict.INVALID: LinkStatus.INVALID,
    Verdict.SKIPPED: LinkStatus.SKIPPED,
}


def result(
    ref_id: str,
    verdict: Verdict,
    url: str | None = "auto",
    archive: ArchiveStatus = ArchiveStatus.UNCHECKED,
    http_status: int | None = None,
) -> Result:
    if url == "auto":
        url = f"https://example.com/{ref_id}"
    ref = Reference(id=ref_id, url=url, location=Location(file="refs.json", line=1))
    return Result(
        reference=ref,
        verdict=verdict,
        reasons=(verdict.value,),
        link=LinkResult(_LINK[verdict], http_status=http_status),
        title=TitleResult(),
        archive=ArchiveResult(archive),
    )


def report(*results: Result, offline: bool = False) -> Report:
    return Report(results=tuple(results), inputs=("refs.json",), offline=offline)
