"""Verify a cited archive copy: a real capture, of the cited URL, near its date, titled right."""

from __future__ import annotations

from dataclasses import replace

from citecheck.archive import timestamps
from citecheck.archive.interface import ArchiveUnavailable
from citecheck.archive.judge import CaptureJudge, drift_note
from citecheck.archive.links import ArchiveKind, ArchiveLink, parse_archive_url
from citecheck.archive.memo import RequestTally
from citecheck.archive.replay import Replay, ReplayState
from citecheck.archive.urlnorm import same_page
from citecheck.models import ArchiveResult, ArchiveStatus, Reference, TitleMatch

# A cited copy further than this from its archive_date gets a note (not a failure:
# archives redirect to the closest capture, and citers round dates).
DATE_TOLERANCE_DAYS = 2.0


def verify_cited(
    ref: Reference,
    live: TitleMatch | None,
    *,
    judge: CaptureJudge,
    wayback_hosts: frozenset[str],
    tally: RequestTally,
) -> ArchiveResult:
    cited = ref.archive_url or ""
    parsed = parse_archive_url(cited, wayback_hosts=wayback_hosts)
    link = parsed or ArchiveLink(cited, ArchiveKind.MEMENTO)
    judged = judge.judge(link, ref, tally)
    replay = judged.replay
    if replay.state in (ReplayState.UNAVAILABLE, ReplayState.REFUSED):
        # Not a finding about the copy: the archive would not let us see it.
        raise ArchiveUnavailable(replay.detail or "archive did not answer")
    broken = ArchiveResult(ArchiveStatus.BROKEN, url=cited, timestamp=replay.timestamp)
    if parsed is None and replay.state is ReplayState.CAPTURE and replay.timestamp is None:
        # An address of no known archive form that answers without Memento-Datetime
        # is a page about captures (a calendar, a search), not a capture.
        return replace(broken, reason="not a capture: the archive gave no capture date")
    if judged.problem is not None:
        return replace(broken, reason=judged.problem, title=judged.title)
    original = replay.original or link.original
    if ref.url and original and not same_page(original, ref.url):
        return replace(broken, reason=f"the archived copy is of {original}, not the cited URL")
    notes = _date_notes(link, replay, ref)
    status = ArchiveStatus.MISMATCH if judged.match is TitleMatch.MISMATCH else ArchiveStatus.OK
    if judged.match is TitleMatch.UNKNOWN and ref.title:
        notes.append("no title found in the archived copy")
    if status is ArchiveStatus.MISMATCH:
        notes.insert(0, "the archived copy's title does not match the cited title")
    notes += drift_note(live, judged.match, replay.timestamp)
    return ArchiveResult(status, url=cited, timestamp=replay.timestamp, title=judged.title,
                         title_match=judged.match, reason="; ".join(notes) or None)


def _date_notes(link: ArchiveLink, replay: Replay, ref: Reference) -> list[str]:
    stamp = replay.timestamp
    if not stamp:
        return []
    wanted = timestamps.citation_timestamp(ref.archive_date)
    if wanted is None and link.timestamp and len(link.timestamp) == 14:
        wanted = link.timestamp
    if wanted is None or timestamps.days_between(stamp, wanted) <= DATE_TOLERANCE_DAYS:
        return []
    return [f"the archived copy is from {timestamps.iso_day(stamp)}, "
            f"not {timestamps.iso_day(wanted)} as cited"]
