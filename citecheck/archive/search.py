"""Find the usable capture of a URL nearest a date (DESIGN.md, "Choosing a capture").

Nearest before the target date first, else nearest after it. Captures are listed by
the Wayback CDX index (only those archived as HTTP 200) and, when configured, by
Memento TimeMaps of other archives; each candidate is read and judged (error page?
title?) until one is usable, reading at most MAX_READS_PER_SIDE per side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from citecheck.archive.cdx import DEFAULT_LIMIT, CdxClient
from citecheck.archive.interface import ArchiveUnavailable, Capture
from citecheck.archive.judge import CaptureJudge, Judged
from citecheck.archive.links import ArchiveKind, ArchiveLink
from citecheck.archive.memento import TimeMapClient
from citecheck.archive.memo import RequestTally, RunMemo
from citecheck.archive.replay import ReplayState
from citecheck.archive.urlnorm import lookup_variants
from citecheck.models import Reference

# Each read is a request, and a page that mismatched three times will not match the
# fourth time.
MAX_READS_PER_SIDE = 3


@dataclass(frozen=True)
class Found:
    usable: Judged | None  # the capture to suggest
    nearest_mismatch: Judged | None  # else the nearest readable one, whose title differs
    # Else the nearest readable one whose title is only partly like the cited one.
    nearest_doubtful: Judged | None = None


class CaptureSearch:
    def __init__(
        self,
        *,
        judge: CaptureJudge,
        memo: RunMemo,
        replay_prefix: str,
        cdx: Callable[[RequestTally], CdxClient],
        timemaps: Sequence[TimeMapClient] = (),
    ):
        self._judge = judge
        self._memo = memo
        self._prefix = replay_prefix  # ".../web/"
        self._cdx = cdx
        self._timemaps = tuple(timemaps)

    def find(self, ref: Reference, target: str, tally: RequestTally) -> Found:
        url = ref.url or ""
        mismatch: Judged | None = None
        doubtful: Judged | None = None
        seen_digests: set[str] = set()
        # As the archives key the URL, then without tracking parameters, then with the
        # other trailing slash; the first spelling with a usable capture wins.
        for variant in lookup_variants(url):
            captures = self._wayback_captures(variant, target, tally)
            found = self._first_usable(captures, target, ref, tally, seen_digests)
            if found.usable is not None:
                return found
            mismatch = mismatch or found.nearest_mismatch
            doubtful = doubtful or found.nearest_doubtful
        for timemap in self._timemaps:
            captures = self._timemap_captures(timemap, url, tally)
            found = self._first_usable(captures, target, ref, tally, seen_digests)
            if found.usable is not None:
                return found
            mismatch = mismatch or found.nearest_mismatch
            doubtful = doubtful or found.nearest_doubtful
        return Found(None, mismatch, doubtful)

    def _first_usable(
        self,
        captures: list[Capture],
        target: str,
        ref: Reference,
        tally: RequestTally,
        seen_digests: set[str],
    ) -> Found:
        before = sorted((c for c in captures if c.timestamp <= target),
                        key=lambda c: c.timestamp, reverse=True)
        after = sorted((c for c in captures if c.timestamp > target), key=lambda c: c.timestamp)
        mismatch: Judged | None = None
        doubtful: Judged | None = None
        readable_seen = False
        for side in (before, after):
            reads = 0
            for capture in side:
                if reads >= MAX_READS_PER_SIDE:
                    break
                # Same digest = the same bytes as a capture already judged unusable.
                if capture.digest and capture.digest in seen_digests:
                    continue
                reads += 1
                judged = self._judge.judge(self._link(capture), ref, tally)
                if judged.replay.state is ReplayState.UNAVAILABLE:
                    raise ArchiveUnavailable(judged.replay.detail or "archive did not answer")
                if judged.usable:
                    return Found(judged, mismatch, doubtful)
                if judged.uncomparable and not readable_seen:
                    # No title can tell (none cited, another script): the readable capture
                    # nearest the date is the one to cite, as an editor would.
                    return Found(judged, mismatch, doubtful)
                if capture.digest:
                    seen_digests.add(capture.digest)
                if judged.problem is None:
                    readable_seen = True
                    if judged.doubtful:
                        doubtful = doubtful or judged
                    elif mismatch is None:
                        mismatch = judged
        return Found(None, mismatch, doubtful)

    def _link(self, capture: Capture) -> ArchiveLink:
        if capture.replay_url:  # from a TimeMap: that archive's own address for it
            return ArchiveLink(capture.replay_url, ArchiveKind.MEMENTO,
                               timestamp=capture.timestamp, original=capture.original)
        return ArchiveLink(
            url=f"{self._prefix}{capture.timestamp}/{capture.original}",
            kind=ArchiveKind.WAYBACK, timestamp=capture.timestamp,
            original=capture.original, prefix=self._prefix,
        )

    def _wayback_captures(self, url: str, target: str, tally: RequestTally) -> list[Capture]:
        """Captures archived as 200 nearest ``target``: one query, a second only when the
        first was all after the target and may have hidden older ones."""
        client = self._cdx(tally)

        def compute() -> list[Capture]:
            captures = client.around(url, target, before=None, on_request=tally.count)
            if len(captures) >= DEFAULT_LIMIT and all(c.timestamp > target for c in captures):
                captures += client.around(url, target, before=True, on_request=tally.count)
            return captures

        return list(self._memo.get(("cdx", client.endpoint.url, url, target), compute))

    def _timemap_captures(
        self, timemap: TimeMapClient, url: str, tally: RequestTally
    ) -> list[Capture]:
        def compute() -> list[Capture]:
            tally.count()
            return timemap.captures(url)

        return list(self._memo.get(("timemap", timemap.prefix, url), compute))
