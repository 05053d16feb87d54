"""The verdict rules as pure functions of the evidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from citecheck.models import (
    ArchiveResult,
    ErrorKind,
    LinkResult,
    LinkStatus,
    Reference,
    TitleMatch,
    TitleResult,
    Verdict,
)
from citecheck.verdict import judge

REF = Reference(id="r", url="https://example.org/a", title="Cited")
NO_ARCHIVE = ArchiveResult()


def verdict_of(link: LinkResult, title: TitleResult | None = None, **kw: object) -> Verdict:
    return judge(REF, link, title or TitleResult(cited="Cited"), NO_ARCHIVE, **kw)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (LinkStatus.NOT_FOUND, Verdict.DEAD),
        (LinkStatus.SOFT_404, Verdict.DEAD),
        (LinkStatus.MOVED_HOME, Verdict.DEAD),
        (LinkStatus.PARKED, Verdict.DEAD),
        (LinkStatus.SERVER_ERROR, Verdict.UNREACHABLE),
        (LinkStatus.TIMEOUT, Verdict.UNREACHABLE),
        (LinkStatus.UNREACHABLE, Verdict.UNREACHABLE),
        (LinkStatus.BLOCKED, Verdict.BLOCKED),
        (LinkStatus.INVALID, Verdict.INVALID),
        (LinkStatus.SKIPPED, Verdict.SKIPPED),
        (LinkStatus.LIVE, Verdict.OK),
        (LinkStatus.REDIRECTED, Verdict.OK),
    ],
)
def test_link_status_to_verdict(status: LinkStatus, expected: Verdict) -> None:
    assert verdict_of(LinkResult(status, http_status=200)) is expected


def test_live_page_with_a_different_title_is_a_mismatch() -> None:
    title = TitleResult(cited="Cited", found="Other", match=TitleMatch.MISMATCH, score=0.1)
    verdict, reasons = judge(REF, LinkResult(LinkStatus.LIVE, 200), title, NO_ARCHIVE)
    assert verdict is Verdict.MISMATCH
    assert "'Other'" in reasons[0]


def test_the_title_comparisons_account_reaches_the_reasons() -> None:
    live = LinkResult(LinkStatus.LIVE, 200)
    sibling = TitleResult(cited="Cited 2018", found="Cited 2014", match=TitleMatch.MISMATCH,
                          score=0.9, reason="the page's text never mentions '2018'")
    verdict, reasons = judge(REF, live, sibling, NO_ARCHIVE)
    assert verdict is Verdict.MISMATCH
    assert reasons[:2] == ("title differs: cited 'Cited 2018', found 'Cited 2014'",
                           "the page's text never mentions '2018'")
    plain = TitleResult(cited="Cited", found="Other", match=TitleMatch.MISMATCH, score=0.1,
                        reason="cited title differs from the page's title")
    assert len(judge(REF, live, plain, NO_ARCHIVE)[1]) == 1  # said once, not twice
    doubt = TitleResult(cited="Cited", found="Cited again", match=TitleMatch.UNKNOWN,
                        score=0.6, comparable=True, reason="the text has some of its words")
    assert judge(REF, live, doubt, NO_ARCHIVE) == (
        Verdict.OK, ("title uncertain: the text has some of its words",))
    other_script = replace(doubt, comparable=False, reason="the page title is in cjk script")
    assert judge(REF, live, other_script, NO_ARCHIVE)[1] == (
        "title not comparable: the page title is in cjk script",)


def test_live_page_without_a_title_is_ok_and_says_so() -> None:
    verdict, reasons = judge(
        REF, LinkResult(LinkStatus.LIVE, 200), TitleResult(cited="Cited"), NO_ARCHIVE
    )
    assert verdict is Verdict.OK
    assert reasons == ("no title found on the page",)


def test_nxdomain_is_dead_online_and_unreachable_offline() -> None:
    link = LinkResult(LinkStatus.UNREACHABLE, error_kind=ErrorKind.DNS_NXDOMAIN, error="x")
    assert verdict_of(link) is Verdict.DEAD
    assert verdict_of(link, offline=True) is Verdict.UNREACHABLE


def test_guard_refusal_first_hop_is_invalid_after_redirect_is_dead() -> None:
    first = LinkResult(LinkStatus.REFUSED, error_kind=ErrorKind.GUARD, error="loopback")
    after = LinkResult(
        LinkStatus.REFUSED, error_kind=ErrorKind.GUARD, error="loopback",
        redirects=("http://127.0.0.1/",),
    )
    assert verdict_of(first) is Verdict.INVALID
    assert verdict_of(after) is Verdict.DEAD


def test_reference_problems_win() -> None:
    broken = Reference(id="b", url="https://example.org", problems=("field 'title': 42",))
    verdict, reasons = judge(broken, LinkResult(LinkStatus.LIVE), TitleResult(), NO_ARCHIVE)
    assert verdict is Verdict.INVALID and reasons == ("field 'title': 42",)


def test_archive_reason_is_kept() -> None:
    archive = ArchiveResult(reason="archived copy from 2018 matches the cited title")
    _, reasons = judge(REF, LinkResult(LinkStatus.NOT_FOUND, 404), TitleResult(), archive)
    assert reasons == ("HTTP 404", "archived copy from 2018 matches the cited title")
