from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from citecheck.fix.policy import FixOptions, decide
from citecheck.models import ArchiveStatus, LinkStatus, Reference, TitleMatch, Verdict
from tests.fix.fix_data import broken_capture, capture, result

REF = Reference(id="r", url="http://a.example/", title="A")
CAPTURE = capture("http://a.example/", "20190102030405")


def test_dead_link_with_verified_capture_gets_archive_and_dead_status() -> None:
    change = decide(result(REF, archive=CAPTURE))
    assert change is not None
    assert (change.archive_url, change.archive_date, change.url_status) == (
        CAPTURE.url,
        date(2019, 1, 2),
        "dead",
    )


def test_parked_domain_is_marked_usurped() -> None:
    change = decide(result(REF, link=LinkStatus.PARKED, archive=CAPTURE))
    assert change is not None and change.url_status == "usurped"


@pytest.mark.parametrize(
    ("verdict", "link"),
    [
        (Verdict.BLOCKED, LinkStatus.BLOCKED),
        (Verdict.UNREACHABLE, LinkStatus.UNREACHABLE),
        (Verdict.UNREACHABLE, LinkStatus.TIMEOUT),
        (Verdict.UNREACHABLE, LinkStatus.SERVER_ERROR),
        (Verdict.INVALID, LinkStatus.INVALID),
        (Verdict.SKIPPED, LinkStatus.SKIPPED),
    ],
)
def test_no_fix_without_evidence_of_death(verdict: Verdict, link: LinkStatus) -> None:
    assert decide(result(REF, verdict=verdict, link=link, archive=CAPTURE)) is None


def test_capture_whose_title_contradicts_the_citation_is_never_used() -> None:
    bad = capture("http://a.example/", match=TitleMatch.MISMATCH)
    assert decide(result(REF, archive=bad)) is None


def test_capture_without_timestamp_or_url_is_not_used() -> None:
    from dataclasses import replace

    assert decide(result(REF, archive=replace(CAPTURE, timestamp=None))) is None
    assert decide(result(REF, archive=replace(CAPTURE, url=None))) is None


@pytest.mark.parametrize("status", [ArchiveStatus.MISSING, ArchiveStatus.UNCHECKED])
def test_no_capture_no_fix(status: ArchiveStatus) -> None:
    assert decide(result(REF, archive=capture("http://a.example/", status=status))) is None


def test_live_links_only_when_configured() -> None:
    live = result(REF, verdict=Verdict.OK, link=LinkStatus.LIVE, archive=CAPTURE)
    assert decide(live) is None
    change = decide(live, FixOptions(archive_live=True))
    assert change is not None and change.url_status == "live"


def test_dead_link_with_working_cited_archive_gets_dead_status_only() -> None:
    cited = Reference(id="r", url="http://a.example/", archive_url="http://w.example/1",
                      url_status="live")  # fmt: skip
    ok = capture("http://a.example/", status=ArchiveStatus.OK)
    change = decide(result(cited, archive=ok))
    assert change is not None
    assert (change.archive_url, change.url_status) == (None, "dead")
    declared_dead = Reference(id="r", url="http://a.example/", archive_url="x", url_status="dead")
    assert decide(result(declared_dead, archive=ok)) is None


def test_usurped_or_unfit_declarations_are_kept() -> None:
    ref = Reference(id="r", url="http://a.example/", url_status="unfit")
    change = decide(result(ref, archive=CAPTURE))
    assert change is not None and change.url_status is None and change.archive_url


def test_broken_archive_repaired_only_when_asked_and_title_matches() -> None:
    cited = Reference(id="r", url="http://a.example/", archive_url="http://w.example/broken")
    broken = broken_capture("http://a.example/")
    assert broken.replacement is not None
    assert decide(result(cited, archive=broken)) is None
    change = decide(result(cited, archive=broken), FixOptions(repair_broken=True))
    assert change is not None
    assert change.replaces_archive_url == "http://w.example/broken"
    assert change.archive_url == broken.replacement.url
    assert change.archive_date is not None and change.archive_date.isoformat() == "2018-04-27"
    unknown = broken_capture("http://a.example/", match=TitleMatch.UNKNOWN)
    assert decide(result(cited, archive=unknown), FixOptions(repair_broken=True)) is None
    # Broken with nothing found to cite instead: nothing to repair with.
    alone = replace(broken, replacement=None)
    assert decide(result(cited, archive=alone), FixOptions(repair_broken=True)) is None


def test_references_with_problems_or_skipped_are_left_alone() -> None:
    assert decide(result(Reference(id="r", url=None), archive=CAPTURE)) is None
    bad = Reference(id="r", url="http://a.example/", problems=("title: not a string",))
    assert decide(result(bad, archive=CAPTURE)) is None
