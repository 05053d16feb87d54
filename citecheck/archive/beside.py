"""The capture an archive result names, set beside the live page: has the text
drifted since the access date, and is the cited quote in the capture?"""

from __future__ import annotations

from dataclasses import replace

from citecheck.archive.judge import CaptureJudge
from citecheck.archive.links import parse_archive_url
from citecheck.archive.memo import RequestTally
from citecheck.models import ArchiveResult, ArchiveStatus, Reference, TextDrift, TitleMatch


def beside_live(
    judge: CaptureJudge,
    wayback_hosts: frozenset[str],
    ref: Reference,
    result: ArchiveResult,
    *,
    live_match: TitleMatch | None,
    live_text: str,
    live_quote_found: bool | None,
    tally: RequestTally,
) -> ArchiveResult:
    """``result`` with its drift and quote findings, when it names a capture of the
    cited page (a cited copy that is ok, or the suggested one)."""
    from citecheck.match.quotes import quote_in
    from citecheck.match.textdrift import drifted

    if (
        result.status not in (ArchiveStatus.OK, ArchiveStatus.SUGGESTED)
        or result.title_match in (None, TitleMatch.MISMATCH)  # unverified, or another page
        or not result.url
    ):
        return result
    link = parse_archive_url(result.url, wayback_hosts=wayback_hosts)
    if link is None:
        return result
    drift = None
    if live_text and live_match is TitleMatch.MATCH and result.title_match is TitleMatch.MATCH:
        then = getattr(judge.judge(link, ref, tally).facts, "main_text", "")
        similarity = drifted(then, live_text) if then else None
        if similarity is not None and result.timestamp:
            drift = TextDrift(similarity, result.timestamp)
    quote_found = None
    if ref.quote and live_quote_found is not True:
        key = judge.text_key(link, tally)
        quote_found = quote_in(ref.quote, key) if key is not None else None
    return replace(result, drift=drift, quote_found=quote_found)
