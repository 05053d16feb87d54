"""Read one capture (once per run) and judge it: usable, wrong title, or why not usable."""

from __future__ import annotations

from dataclasses import dataclass, replace

from citecheck.archive import timestamps
from citecheck.archive.interface import (
    ArchiveHttp,
    PageAnalyser,
    PageFacts,
    TextReader,
    TitleComparer,
)
from citecheck.archive.links import ArchiveLink
from citecheck.archive.memo import RequestTally, RunMemo
from citecheck.archive.replay import Replay, ReplayState, read_capture, read_memento
from citecheck.match.quotes import text_key
from citecheck.models import Reference, TitleMatch


@dataclass(frozen=True)
class Judged:
    """A capture that was read and analysed, judged for one reference."""

    replay: Replay  # without the page body (see CaptureJudge.judge)
    facts: PageFacts | None
    match: TitleMatch | None
    problem: str | None  # why it is not usable as an archive copy; None when it is readable
    # False when its title could not be compared with the cited one at all (none cited,
    # none found, another script): then only its date can choose it.
    comparable: bool = True

    @property
    def title(self) -> str | None:
        return self.facts.title if self.facts else None

    @property
    def usable(self) -> bool:
        """Evidence that it is the cited page: a readable capture whose title matches."""
        return self.problem is None and self.match is TitleMatch.MATCH

    @property
    def uncomparable(self) -> bool:
        """Readable, but its title cannot tell (DESIGN.md: usable when nearest the date)."""
        return self.problem is None and self.match is TitleMatch.UNKNOWN and not self.comparable

    @property
    def doubtful(self) -> bool:
        """Readable, same script, titles only partly alike: never suggested nor written."""
        return self.problem is None and self.match is TitleMatch.UNKNOWN and self.comparable


class CaptureJudge:
    def __init__(
        self,
        http: ArchiveHttp,
        *,
        analyser: PageAnalyser,
        comparer: TitleComparer,
        memo: RunMemo,
        wayback_hosts: frozenset[str],
        text_reader: TextReader | None = None,
    ):
        self._http = http
        self._analyse = analyser
        self._read_text = text_reader or _default_text_reader()
        self._compare = comparer
        self._memo = memo
        self._wayback_hosts = wayback_hosts

    def judge(self, link: ArchiveLink, ref: Reference, tally: RequestTally) -> Judged:
        def compute() -> tuple[Replay, PageFacts | None]:
            if link.is_wayback_scheme:
                replay = read_capture(self._http, link, wayback_hosts=self._wayback_hosts)
            else:
                replay = read_memento(self._http, link.url)
            tally.requests += replay.requests
            facts = self._facts(replay)
            # The run's memo keeps what was found, not the page itself (up to 512 KiB).
            return replace(replay, fetch=None), facts

        replay, facts = self._memo.get(("replay", link.raw_url() or link.url), compute)
        if replay.state is not ReplayState.CAPTURE or facts is None:
            return Judged(replay, facts, None, replay.detail or replay.state.value)
        if facts.parked_signal:
            return Judged(replay, facts, None, "the archived copy is of a parked domain page")
        if facts.error_signal:
            return Judged(replay, facts, None, "the archived copy is of an error page")
        comparison = self._compare(ref, facts)
        match = match_of(comparison)
        comparable = bool(getattr(comparison, "comparable", match is not TitleMatch.UNKNOWN))
        if facts.usurped_signal and match is not TitleMatch.MATCH:
            # Gambling promotion on the domain, not the page cited (unless cited as such).
            return Judged(replay, facts, match, "the archived copy is of a usurped domain page",
                          comparable)
        return Judged(replay, facts, match, None, comparable)

    def text_key(self, link: ArchiveLink, tally: RequestTally) -> str | None:
        """The capture's whole text as quotes are looked for in it (one more request, the
        page read to its end; once per run), or None when it cannot be read as text."""

        def compute() -> str | None:
            if link.is_wayback_scheme:
                replay = read_capture(self._http, link, wayback_hosts=self._wayback_hosts,
                                      whole=True)
            else:
                replay = read_memento(self._http, link.url, whole=True)
            tally.requests += replay.requests
            fetched = replay.fetch
            if replay.state is not ReplayState.CAPTURE or fetched is None:
                return None
            text = self._read_text(fetched.body, content_type=fetched.content_type,
                                   declared_charset=fetched.declared_charset)
            return text_key(text) if text else None

        return self._memo.get(("text", link.raw_url() or link.url), compute)

    def _facts(self, replay: Replay) -> PageFacts | None:
        fetched = replay.fetch
        if fetched is None or replay.state not in (
            ReplayState.CAPTURE, ReplayState.ERROR_CAPTURE
        ):
            return None
        return self._analyse(fetched.body, content_type=fetched.content_type,
                             declared_charset=fetched.declared_charset,
                             url=replay.original or replay.url)


def _default_text_reader() -> TextReader:
    from citecheck.page import readable_text

    return readable_text


def match_of(value: object) -> TitleMatch:
    """The TitleMatch of what the comparer returned (a comparison or a bare TitleMatch)."""
    if isinstance(value, TitleMatch):
        return value
    match = getattr(value, "match", None)
    if isinstance(match, TitleMatch):
        return match
    raise TypeError(f"title comparer returned {value!r}, not a TitleMatch or a comparison")


def drift_note(
    live: TitleMatch | None, archived: TitleMatch | None, stamp: str | None
) -> list[str]:
    """The content-drift reason: the live title no longer matches, an archived one does."""
    if live is TitleMatch.MISMATCH and archived is TitleMatch.MATCH and stamp:
        return [f"content drift: the live page no longer has the cited title; "
                f"the capture of {timestamps.iso_day(stamp)} does"]
    return []
